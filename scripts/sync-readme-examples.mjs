// Rewrites every ```ts block of the README that follows an `<!-- example: FILE -->` marker
// with that file's current text, so the README shows the examples exactly as they run.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const readmePath = join(root, 'README.md')
const readme = readFileSync(readmePath, 'utf8')
const synced = readme.replace(
  /(<!-- example: (\S+)(?: \(runs in the kernel lane\))? -->\n```ts\n)[\s\S]*?```/g,
  (_, head, file) => `${head}${readFileSync(join(root, file), 'utf8')}\`\`\``,
)
if (synced !== readme) writeFileSync(readmePath, synced)
console.log(synced === readme ? 'README examples already in sync' : 'README examples synced')
