// Types of container.mjs for the TypeScript tests.
export interface Option {
  id: number
  data: Buffer
  sizeOverride?: number
  keepOffsets?: boolean
}
export interface Section {
  id: number
  flags: number
  description: number
  at: number
  raw: Buffer
  payload: Buffer
  options: Option[] | undefined
}
export interface V6 {
  version: 6
  le: boolean
  longSize: number
  pageSize: number
  headerPage: Buffer
  headerEvent: Buffer
  ftrace: Buffer[]
  systems: { name: string; formats: Buffer[] }[]
  kallsyms: Buffer
  printk: Buffer
  cmdlines: Buffer
  cpuCount: number
  options: Option[] | undefined
  tag: string
  cpus: Buffer[]
}
export interface V7 {
  version: 7
  le: boolean
  longSize: number
  pageSize: number
  compression: string
  compressionVersion: string
  sections: Section[]
  firstOptions: Section | undefined
}
export type Container = V6 | V7
export function parseContainer(bytes: Uint8Array): Container
export function writeContainer(m: Container): Buffer
export function compressBlock(algorithm: string, data: Buffer): Buffer
export function ints(le: boolean): { u16(v: number): Buffer; u32(v: number): Buffer; u64(v: number | bigint): Buffer }
export function formatSlots(m: Container): { get(): Buffer; set(text: Buffer): void }[]
export function bufferCpus(m: Container): { section: Section; rel: number; size: number }[]
