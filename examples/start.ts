/**
 * What `npm start` runs: each example on the embedded defaults (the shipped
 * kernel typings and committed fixtures), one after the other.
 */
import { kernelSummary } from './kernel-summary.js'

const sections: [string, () => string | Promise<string>][] = [['Kernel schema', kernelSummary]]

for (const [title, run] of sections) {
  console.log(`== ${title}\n${await run()}\n`)
}
