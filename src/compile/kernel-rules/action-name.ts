import type { SynthDefinition } from '../../definition/synth-definition.js'
import type { CompileOptions } from '../options.js'
import type { Problem } from './problem.js'

// action-name: names the action syntax cannot carry: one character in `.trace(name,...)`; in the older
// `.name(...)` form, a name starting with save, snapshot or trace.

/** A synthetic event name the chosen action syntax cannot carry. */
export function actionNameProblem(def: SynthDefinition, options: CompileOptions): Problem | undefined {
  if ((options.actionSyntax ?? 'trace') === 'trace' && def.name.length < 2) {
    return {
      rule: 'action-name',
      code: 'EINVAL',
      kernel: 'Invalid action param',
      advice: `the kernel reads a one-character name in .trace(${def.name},...) as a bad parameter: use a name of two characters or more`,
    }
  }
  if (options.actionSyntax === 'legacy') {
    const word = ['save', 'snapshot', 'trace'].find((w) => def.name.startsWith(w))
    if (word) {
      return {
        rule: 'action-name',
        code: 'EINVAL',
        kernel: word === 'trace' ? "Couldn't find synthetic event" : "Handler doesn't support action",
        advice: `in the older action form .${def.name}(...) the kernel takes a name starting with '${word}' for its ${word}() action: rename the synthetic event`,
      }
    }
  }
  return undefined
}
