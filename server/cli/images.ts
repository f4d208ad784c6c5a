/**
 * `npm run images [-- IMAGE...]`: pulls every image the demos reference (found in the step lists,
 * Dockerfiles and compose files; images the demos build are skipped), or only the ones named. Then,
 * while the machine is online, it readies the demos' own builds for a venue without internet
 * (server/docker/offline-builds.ts): the build cache gets their install layers, a build made fresh on
 * stage gets its wheels/. `--save FILE` writes the images to a tar; `--load FILE` reads it back.
 * Exit 1 if any image could not be pulled or saved or any build readied, 2 for a usage error.
 */
import { parseArgs } from 'node:util'
import { scanDemos } from '../docker/demo-scan.ts'
import { loadImages, pullImages, saveImages } from '../docker/images.ts'
import { findNetworkBuilds, prepareBuild } from '../docker/offline-builds.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: {
  save: { type: 'string' }, load: { type: 'string' }, demos: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
if (values.help || (values.save && values.load)) {
  console.log('usage: npm run images -- [IMAGE...] [--save FILE | --load FILE] [--demos DIR]')
  process.exit(values.help ? 0 : 2)
}

if (values.load) {
  const loaded = await loadImages(values.load).catch((error: Error) => {
    console.error(`images: ${error.message}`)
    process.exit(1)
  })
  loaded.forEach(image => console.log(`loaded ${image}`))
  process.exit(0)
}

const scan = await scanDemos(values.demos)
const images = positionals.length > 0 ? positionals : [...scan.images.keys()]
if (values.save) {
  const { saved, missing } = await saveImages(images, values.save).catch((error: Error) => {
    console.error(`images: ${error.message}`)
    process.exit(1)
  })
  console.log(`saved ${saved.length} image(s) to ${values.save}: ${saved.join(', ') || '(none)'}`)
  if (missing.length > 0)
    console.error(`not present, so not saved (pull them first): ${missing.join(', ')}`)
  process.exit(missing.length > 0 ? 1 : 0)
}

console.log(`pulling ${images.length} image(s)${positionals.length ? '' : ` the demos use (${scan.built.size} they build are skipped)`}`)
const outcomes = await pullImages(images, ({ index, total, image, outcome }) => {
  if (!outcome)
    process.stdout.write(`[${index + 1}/${total}] ${image} ... `)
  else
    console.log(`${outcome.ok ? 'ok' : 'FAILED'}: ${outcome.detail} (${(outcome.durationMs / 1000).toFixed(1)} s)`)
})
const failed = outcomes.filter(outcome => !outcome.ok)
if (failed.length > 0)
  console.error(`\n${failed.length} of ${outcomes.length} failed:\n${failed.map(f => `  ${f.image}: ${f.detail}`).join('\n')}`)

const builds = positionals.length > 0 ? [] : await findNetworkBuilds(values.demos)
if (builds.length > 0)
  console.log(`\nreadying ${builds.length} demo build(s) that install packages, so they need no network on stage`)
let unready = 0
for (const [index, build] of builds.entries()) {
  process.stdout.write(`[${index + 1}/${builds.length}] ${build.label} ... `)
  const outcome = await prepareBuild(build)
  unready += outcome.ok ? 0 : 1
  console.log(`${outcome.ok ? 'ok' : 'FAILED'}: ${outcome.detail} (${(outcome.durationMs / 1000).toFixed(1)} s)`)
}
if (builds.length > 0)
  console.log('the build cache stays on this machine: present from it, or run this again on the one you present from')
process.exitCode = failed.length > 0 || unready > 0 ? 1 : 0
