// @vitest-environment happy-dom
import assert from 'node:assert/strict'
import { mount } from '@vue/test-utils'
import { describe, test } from 'vitest'
import { demoPicture } from '../../tests/support/engine-pictures.ts'
import PictureSummary from './PictureSummary.vue'

describe('PictureSummary', () => {
  test('lists the demo\'s images, every container with its state, ports and mounts, its volumes and networks', () => {
    const wrapper = mount(PictureSummary, { props: { picture: demoPicture(), images: ['debian:bookworm-slim'] } })
    const lines = wrapper.findAll('li').map(item => item.text())
    assert.ok(lines.includes('image debian:bookworm-slim · 75 MB'), lines.join('\n'))
    const web = lines.find(line => line.startsWith('container demo-web'))
    assert.ok(web, lines.join('\n'))
    assert.match(web, /running · debian:bookworm-slim · 8081 → 80 · demo-data/, 'a port published on IPv4 and IPv6 is listed once')
    assert.match(web, /demo-data → \/data · \/home\/me\/talk\/demos\/volumes\/site → \/site \(ro\)/)
    assert.ok(lines.includes('volume demo-data'))
    assert.ok(lines.includes('network demo-shop_default'))
    assert.ok(!lines.some(line => line === 'network bridge'), 'the engine\'s own networks are left out')
    wrapper.unmount()
  })

  test('leaves out another image no container runs', () => {
    const picture = demoPicture({ containers: [] })
    const wrapper = mount(PictureSummary, { props: { picture, images: ['redis:7'] } })
    const lines = wrapper.findAll('li').map(item => item.text())
    assert.deepEqual(lines.filter(line => line.startsWith('image')), ['image redis:7 · 88 MB'])
    wrapper.unmount()
  })
})
