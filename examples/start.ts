/**
 * What `npm start` runs: each example on the embedded defaults (the shipped
 * kernel typings and committed fixtures), one after the other.
 */
import { kernelSummary } from './kernel-summary.js'

const sections: [string, () => unknown][] = [
  ['Kernel schema (shipped Linux 6.1 typings)', () => console.log(kernelSummary())],
  ['The wakeup-latency synthetic event and its echo script', () => import('./readme-wakeup.js')],
]

for (const [title, run] of sections) {
  console.log(`== ${title}`)
  await run()
  console.log()
}
