import type { Command } from '../command.js'
import { exportCommand } from './export.js'
import { histCommand } from './hist.js'
import { peersCommand } from './peers.js'
import { recordCommand } from './record.js'
import { reportCommand } from './report.js'
import { sqlCommand } from './sql.js'
import { synthCommand } from './synth.js'
import { typegenCommand } from './typegen.js'

/** Every sub-command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  typegenCommand,
  recordCommand,
  reportCommand,
  peersCommand,
  synthCommand,
  sqlCommand,
  histCommand,
  exportCommand,
]
