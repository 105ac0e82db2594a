import { isTracefsName, nameProblem } from '../schema/name-rule.js'
import { SynthError } from './synth-error.js'

/** Whether `name` follows the one name rule ({@link NAME_RULE}). */
export function isIdentifier(name: unknown): name is string {
  return isTracefsName(name)
}

/**
 * Throws EINVAL unless `name` follows the one rule for names that reach
 * tracefs ({@link NAME_RULE}), whatever its position: synthetic event,
 * synthetic field, system, event, event field, instance. `what` says which.
 */
export function checkIdentifier(name: unknown, what: string): asserts name is string {
  const problem = nameProblem(name, what)
  if (problem !== undefined) throw new SynthError('EINVAL', problem)
}

/** {@link checkIdentifier} for systems and events (the same rule). */
export function checkEventName(name: string, what: string): void {
  checkIdentifier(name, what)
}
