// A minimal test harness for programs run inside the kernel lane: `test()`
// registers, `run()` executes them in order and prints one JSON line per
// test, which the host turns into its own test results. Importing a test
// file only registers its tests, so the host can list them without a kernel.
const registered = []

/** Registers a test; `fn` may be async and throws to fail. */
export function test(name, fn) {
  registered.push({ name, fn })
}

/** The names registered so far (the host reads them to define its tests). */
export function testNames() {
  return registered.map((t) => t.name)
}

export function assert(condition, message) {
  if (!condition) throw new Error(message)
}

export function assertEqual(actual, expected, message = '') {
  const a = JSON.stringify(actual, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))
  const e = JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))
  if (a !== e) throw new Error(`${message}${message ? ': ' : ''}expected ${e}, got ${a}`)
}

/** Runs every registered test and prints `LANE-RESULT {json}` lines. */
export async function run() {
  let failed = 0
  for (const { name, fn } of registered) {
    const t0 = performance.now()
    const log = []
    try {
      await fn({ log: (...a) => log.push(a.map(String).join(' ')) })
      console.log(`LANE-RESULT ${JSON.stringify({ name, ok: true, ms: Math.round(performance.now() - t0), log })}`)
    } catch (error) {
      failed++
      console.log(
        `LANE-RESULT ${JSON.stringify({ name, ok: false, ms: Math.round(performance.now() - t0), error: String(error?.stack ?? error), log })}`,
      )
    }
  }
  return failed
}
