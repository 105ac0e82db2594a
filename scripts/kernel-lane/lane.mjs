// The kernel lanes: boot one of Debian's kernels with hist triggers and
// synthetic events (6.1, or 6.12) under QEMU with a small initramfs holding
// busybox, this machine's node and the built project, run one Node program
// inside it, and hand its output and exit code back to the host.
//
//   import { runInGuest } from './scripts/kernel-lane/lane.mjs'
//   const r = await runInGuest('test/guest/smoke.mjs', ['arg'], { lane: '6.12' })
//   r.exitCode, r.output, r.console, r.bootMs, r.totalMs, r.lane
//
//   node scripts/kernel-lane/lane.mjs [--lane 6.12] test/guest/smoke.mjs [args...]
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CACHE = join(ROOT, '.cache/kernel-lane')
const OUT_MARK = 'LANE-EXIT '

/** The lanes: one per kernel whose typings ship. */
export const LANES = ['6.1', '6.12']

/** Installs what a lane needs and returns its kernel image; throws with the reason when it cannot. */
export function setupLane(lane = '6.1') {
  if (!LANES.includes(lane)) throw new Error(`unknown kernel lane '${lane}' (${LANES.join(', ')})`)
  const out = execFileSync(join(ROOT, 'scripts/kernel-lane/setup.sh'), [lane], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const kernel = out.trim().split('\n').at(-1)
  if (!kernel || !existsSync(kernel)) throw new Error(`kernel lane setup printed no kernel image: ${out}`)
  return kernel
}

/** Files of the project the guest gets: the build, production dependencies, package.json and the guest tests. */
function projectFiles(extra) {
  const files = [join(ROOT, 'package.json')]
  const walk = (dir) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && !/\.(map|d\.ts)$/.test(entry.name)) files.push(path)
    }
  }
  walk(join(ROOT, 'dist'))
  walk(join(ROOT, 'test/guest'))
  for (const dir of productionDependencies()) walk(dir)
  for (const e of extra) statSync(e).isDirectory() ? walk(e) : files.push(e)
  return files
}

function productionDependencies() {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n')
  return out.filter((p) => p !== ROOT && p.includes('node_modules'))
}

/** The shared libraries a binary needs, with the dynamic loader. */
function sharedLibraries(binary) {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' })
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1])
}

/** Stages a directory tree and packs it as an uncompressed newc cpio (the kernel unpacks it fastest). */
function packCpio(stage, output) {
  execFileSync('sh', ['-c', `cd "${stage}" && find . | LC_ALL=C sort | cpio -o -H newc --quiet > "${output}"`])
}

function fingerprint(paths) {
  const hash = createHash('sha256')
  for (const p of paths) {
    const s = statSync(p)
    hash.update(`${p}\0${s.size}\0${s.mtimeMs}\n`)
  }
  return hash.digest('hex').slice(0, 16)
}

/** The base image: busybox, node and its libraries, and the init script. Cached by their fingerprint. */
function baseImage() {
  const busybox = '/bin/busybox'
  const node = realpathSync(process.execPath)
  const libs = sharedLibraries(node)
  const init = initScript()
  const id = fingerprint([busybox, node, ...libs]) + createHash('sha256').update(init).digest('hex').slice(0, 8)
  const output = join(CACHE, `base-${id}.cpio`)
  if (existsSync(output)) return output
  const stage = join(CACHE, 'stage-base')
  rmSync(stage, { recursive: true, force: true })
  for (const d of ['bin', 'sbin', 'usr/bin', 'proc', 'sys', 'dev', 'tmp', 'etc', 'project', 'lane'])
    mkdirSync(join(stage, d), { recursive: true })
  copyFileSync(busybox, join(stage, 'bin/busybox'))
  chmodSync(join(stage, 'bin/busybox'), 0o755)
  symlinkSync('busybox', join(stage, 'bin/sh'))
  copyFileSync(node, join(stage, 'usr/bin/node'))
  chmodSync(join(stage, 'usr/bin/node'), 0o755)
  for (const lib of libs) {
    const target = join(stage, lib)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(realpathSync(lib), target)
  }
  writeFileSync(join(stage, 'init'), init)
  chmodSync(join(stage, 'init'), 0o755)
  writeFileSync(join(stage, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  packCpio(stage, output)
  rmSync(stage, { recursive: true, force: true })
  return output
}

function initScript() {
  return `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tracefs nodev /sys/kernel/tracing
mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
ip link set lo up 2>/dev/null
echo "LANE-BOOTED $(cut -d' ' -f1 /proc/uptime)" > /dev/ttyS1
cd /project
sh /lane/run.sh > /dev/ttyS1 2>&1
echo "${OUT_MARK}$?" > /dev/ttyS1
poweroff -f
`
}

/** The project image: the build and what it needs at run time. Cached by the files' fingerprint. */
function projectImage(extra) {
  const files = projectFiles(extra)
  const id = fingerprint(files)
  const output = join(CACHE, `project-${id}.cpio`)
  if (existsSync(output)) return output
  const stage = join(CACHE, 'stage-project')
  rmSync(stage, { recursive: true, force: true })
  for (const file of files) {
    const target = join(stage, 'project', relative(ROOT, file))
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(file, target)
  }
  packCpio(stage, output)
  rmSync(stage, { recursive: true, force: true })
  return output
}

function runImage(entry, args, env) {
  const stage = join(CACHE, `stage-run-${process.pid}-${Date.now()}`)
  mkdirSync(join(stage, 'lane'), { recursive: true })
  const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join('')
  writeFileSync(join(stage, 'lane/run.sh'), `${exports}exec /usr/bin/node ${[entry, ...args].map(quote).join(' ')}\n`)
  const output = `${stage}.cpio`
  packCpio(stage, output)
  rmSync(stage, { recursive: true, force: true })
  return output
}

/** With TYPED_FTRACE_LANE_CONSOLE=<file>, the guest's whole kernel console is kept there (an oops starts long before its last lines). */
function keepConsole(text) {
  if (process.env.TYPED_FTRACE_LANE_CONSOLE) writeFileSync(process.env.TYPED_FTRACE_LANE_CONSOLE, text)
}

/**
 * Boots the kernel and runs `node <entry> <args>` in /project inside it.
 * Resolves with the program's output (stdout and stderr), its exit code, the
 * kernel console, and timings; rejects only when the lane itself fails (no
 * qemu, a boot that never reaches the program, a timeout).
 */
export async function runInGuest(entry, args = [], options = {}) {
  const t0 = performance.now()
  const lane = options.lane ?? '6.1'
  const kernel = options.kernel ?? setupLane(lane)
  mkdirSync(CACHE, { recursive: true })
  const parts = [baseImage(), projectImage(options.files ?? []), runImage(entry, args, options.env ?? {})]
  const initrd = join(CACHE, `initrd-${process.pid}-${Date.now()}.cpio`)
  execFileSync('sh', ['-c', `cat ${parts.map((p) => `"${p}"`).join(' ')} > "${initrd}"`])
  rmSync(parts[2])
  const outFile = `${initrd}.out`
  const consoleFile = `${initrd}.console`
  writeFileSync(outFile, '')
  const accel = process.env.TYPED_FTRACE_LANE_ACCEL ?? 'tcg'
  const qemuArgs = [
    '-accel',
    accel,
    '-m',
    String(options.memoryMiB ?? 2048),
    '-smp',
    String(options.cpus ?? 2),
    '-kernel',
    kernel,
    '-initrd',
    initrd,
    '-append',
    `console=ttyS0 quiet loglevel=3 panic=-1 rdinit=/init tsc=reliable ${options.cmdline ?? ''}`.trim(),
    '-display',
    'none',
    '-monitor',
    'none',
    '-no-reboot',
    '-serial',
    `file:${consoleFile}`,
    '-serial',
    `file:${outFile}`,
  ]
  const timeoutMs = options.timeoutMs ?? 300_000
  const started = performance.now()
  const exit = await new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', qemuArgs, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      // What the guest wrote so far (results of the tests that finished) and the kernel's last words.
      const partial = existsSync(outFile) ? readFileSync(outFile, 'utf8').replace(/\r\n/g, '\n') : ''
      const consoleText = existsSync(consoleFile) ? readFileSync(consoleFile, 'utf8') : ''
      keepConsole(consoleText)
      for (const f of [initrd, outFile, consoleFile]) rmSync(f, { force: true })
      const error = new Error(
        `kernel lane: the guest did not finish within ${timeoutMs} ms (entry ${entry}).\nGuest console (last 3000 characters):\n${consoleText.slice(-3000)}`,
      )
      error.partialOutput = partial
      reject(error)
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`kernel lane: cannot start qemu-system-x86_64: ${error.message}`))
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) reject(new Error(`kernel lane: qemu exited with ${code}: ${stderr.trim()}`))
      else resolve(code)
    })
  })
  void exit
  const raw = readFileSync(outFile, 'utf8').replace(/\r\n/g, '\n')
  const consoleText = existsSync(consoleFile) ? readFileSync(consoleFile, 'utf8') : ''
  keepConsole(consoleText)
  for (const f of [initrd, outFile, consoleFile]) rmSync(f, { force: true })
  const booted = /LANE-BOOTED ([\d.]+)/.exec(raw)
  const exitLine = new RegExp(`${OUT_MARK}(\\d+)`).exec(raw)
  if (!booted || !exitLine) {
    // A guest that died (a kernel panic powers it off): what it reported so far is kept, as for a timeout.
    const panic = consoleText.search(/Oops|BUG:|Kernel panic/)
    const error = new Error(
      `kernel lane: the program did not run to its end (entry ${entry}).\nGuest output (last 3000 characters):\n${raw.slice(-3000)}\nConsole${panic >= 0 ? ' from the first Oops or panic' : ''}:\n${(panic >= 0 ? consoleText.slice(panic) : consoleText).slice(0, 3000)}`,
    )
    error.partialOutput = raw
    throw error
  }
  const output = raw.slice(raw.indexOf('\n', booted.index) + 1, exitLine.index)
  return {
    exitCode: Number(exitLine[1]),
    output,
    console: consoleText,
    guestUptimeAtStart: Number(booted[1]),
    bootMs: Math.round(Number(booted[1]) * 1000),
    qemuMs: Math.round(performance.now() - started),
    totalMs: Math.round(performance.now() - t0),
    accel,
    lane,
    kernel,
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let argv = process.argv.slice(2)
  let lane = process.env.TYPED_FTRACE_LANE ?? '6.1'
  if (argv[0] === '--lane') {
    lane = argv[1]
    argv = argv.slice(2)
  }
  const [entry, ...args] = argv
  if (!entry) {
    console.error('usage: node scripts/kernel-lane/lane.mjs [--lane 6.1|6.12] <entry.mjs> [args...]')
    process.exit(2)
  }
  const r = await runInGuest(entry, args, { lane })
  process.stdout.write(r.output)
  console.error(
    `kernel lane ${r.lane}: exit ${r.exitCode}, guest booted to the program in ${r.bootMs} ms, qemu ran ${r.qemuMs} ms, ${r.totalMs} ms in all (${r.accel})`,
  )
  process.exit(r.exitCode)
}
