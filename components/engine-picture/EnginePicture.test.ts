// @vitest-environment happy-dom
import assert from 'node:assert/strict'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, test } from 'vitest'
import type { EnginePicture as Picture } from '../../server/protocol.ts'
import { demoPicture, webContainer } from '../../tests/support/engine-pictures.ts'
import EnginePicture from './EnginePicture.vue'

const mounted: VueWrapper[] = []

/** Waits until the layout for the newest picture is drawn (elkjs answers asynchronously). */
async function drawn(wrapper: VueWrapper, test: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    await flushPromises()
    const text = wrapper.text()
    if (test(text))
      return text
    if (Date.now() > deadline)
      assert.fail(`the picture never showed what was expected; it shows: ${text}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

function show(picture: Picture): VueWrapper {
  const wrapper = mount(EnginePicture, { props: { picture } })
  mounted.push(wrapper)
  return wrapper
}

const boxText = (wrapper: VueWrapper, id: string) => wrapper.find(`[data-box="${id}"]`).text()

describe('EnginePicture', () => {
  afterEach(() => {
    mounted.splice(0).forEach(wrapper => wrapper.unmount())
  })

  test('shows the image, the container made from it, its host port, volume, host folder and network', async () => {
    const wrapper = show(demoPicture())
    await drawn(wrapper, text => text.includes('demo-web'))
    assert.match(boxText(wrapper, 'image:sha256:debian'), /IMAGE\s*debian:bookworm-slim\s*74\.8 MB/)
    assert.match(boxText(wrapper, 'container:c-web'), /CONTAINER\s*--rm\s*demo-web\s*running/)
    assert.match(boxText(wrapper, 'port:8081/tcp'), /HOST PORT\s*:8081\s*→ container :80/)
    assert.match(boxText(wrapper, 'volume:demo-data'), /VOLUME\s*demo-data/)
    assert.match(boxText(wrapper, 'bind:/home/me/talk/demos/volumes/site'), /HOST FOLDER\s*…\/volumes\/site\s*bind mount · read-only/)
    assert.match(boxText(wrapper, 'network:n-bridge'), /NETWORK\s*bridge/)
    assert.ok(wrapper.find('[data-tie="runs:c-web"]').exists(), 'a tie from the image to the container')
    assert.match(wrapper.find('[data-tie="mount:c-web:/data"]').text(), /\/data/)
  })

  test('frames compose containers by project', async () => {
    const wrapper = show(demoPicture())
    const text = await drawn(wrapper, text => text.includes('compose project demo-shop'))
    assert.match(text, /demo-shop-web-1/)
    assert.match(text, /demo-shop_default/)
  })

  test('a container that stops turns exited with its code, and one that is removed goes', async () => {
    const wrapper = show(demoPicture())
    await drawn(wrapper, text => text.includes('demo-web'))
    await wrapper.setProps({ picture: demoPicture({ revision: 2, containers: [{ ...webContainer, status: 'exited', exitCode: 0, ports: [] }] }) })
    await drawn(wrapper, () => boxText(wrapper, 'container:c-web').includes('exited (0)'))
    assert.ok(wrapper.find('[data-box="container:c-web"]').classes().includes('is-exited'))
    await wrapper.setProps({ picture: demoPicture({ revision: 3, containers: [] }) })
    await drawn(wrapper, () => !wrapper.find('[data-box="container:c-web"]').exists())
    assert.ok(wrapper.find('[data-box="image:sha256:debian"]').exists(), 'the image stays')
    assert.ok(wrapper.find('[data-box="volume:demo-data"]').exists(), 'the volume outlives the container')
  })

  test('when Docker is unreachable it says so, and keeps the objects as last seen', async () => {
    const wrapper = show(demoPicture({ engine: { status: 'unreachable', endpoint: 'unix:///var/run/docker.sock', code: 'ENGINE_ERR_UNREACHABLE', reason: 'connect ENOENT /var/run/docker.sock' } }))
    const text = await drawn(wrapper, text => text.includes('demo-web'))
    assert.match(text, /Docker unreachable at unix:\/\/\/var\/run\/docker\.sock: connect ENOENT/)
    assert.ok(wrapper.classes().includes('is-unreachable'))
  })

  test('before the first snapshot it says it is connecting', async () => {
    const wrapper = show(demoPicture({ engine: { status: 'connecting', endpoint: '' }, images: [], containers: [], volumes: [], networks: [] }))
    assert.match(await drawn(wrapper, text => text.includes('Connecting')), /Connecting to Docker…/)
  })

  test('an engine with nothing of the demos says so', async () => {
    const wrapper = show(demoPicture({ images: [], containers: [], volumes: [], networks: [] }))
    assert.match(await drawn(wrapper, text => text.includes('Nothing here yet')), /no image, container, volume or network/)
  })
})
