import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Real event formats of the two reference kernels. */
export const KERNEL_6_1 = join(ROOT, 'test/fixtures/kernels/linux-6.1')
export const KERNEL_6_12 = join(ROOT, 'test/fixtures/kernels/linux-6.12')
export const KERNEL_6_18 = join(ROOT, 'test/fixtures/kernels/linux-6.18')
/** Build outputs and downloads that tests make; never committed. */
export const CACHE = join(ROOT, '.cache')
