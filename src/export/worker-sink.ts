import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { Table, tableToIPC } from 'apache-arrow'
import type { ParquetOptions } from './parquet-file.js'
import type { TableSink } from './sinks.js'

/** What the export sends its Parquet thread. */
export type WorkerRequest =
  | { readonly type: 'open'; readonly id: number; readonly path: string; readonly options: ParquetOptions }
  | { readonly type: 'batch'; readonly id: number; readonly seq: number; readonly ipc: Uint8Array }
  | { readonly type: 'close' | 'abort'; readonly id: number; readonly seq: number }

/** What the thread answers: a request done, or failed. */
export type WorkerReply =
  | { readonly type: 'done'; readonly id: number; readonly request: number }
  | { readonly type: 'error'; readonly id: number; readonly request: number; readonly message: string }

/** Batches a table may have on their way to the thread before its writer waits. */
const IN_FLIGHT = 2

const WORKER = new URL('./parquet-worker.js', import.meta.url)

/**
 * A thread that writes the Parquet tables of one export: the decoding thread
 * builds each batch and hands it over (as an Arrow IPC stream, its buffer
 * moved, not copied); the thread encodes, compresses and writes it. At most
 * {@link IN_FLIGHT} batches per table are on their way, which bounds memory.
 * `undefined` when the thread's module is not there (running from the
 * TypeScript sources): tables are then written in this thread.
 */
export class ParquetThread {
  readonly #worker: Worker
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>()
  #ids = 0
  #seq = 0
  #failure: Error | undefined

  static start(): ParquetThread | undefined {
    return existsSync(fileURLToPath(WORKER)) ? new ParquetThread() : undefined
  }

  private constructor() {
    this.#worker = new Worker(WORKER)
    this.#worker.on('message', (reply: WorkerReply) => {
      const key = `${reply.id}:${reply.request}`
      const waiting = this.#pending.get(key)
      if (reply.type === 'error') {
        const error = new Error(reply.message)
        this.#failure ??= error
        if (waiting) waiting.reject(error)
      } else waiting?.resolve()
      this.#pending.delete(key)
    })
    this.#worker.on('error', (error) => {
      this.#failure ??= error
      for (const p of this.#pending.values()) p.reject(error)
      this.#pending.clear()
    })
  }

  #request(id: number, build: (seq: number) => WorkerRequest, transfer: ArrayBuffer[] = []): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure)
    const seq = this.#seq++
    const done = new Promise<void>((resolve, reject) => this.#pending.set(`${id}:${seq}`, { resolve, reject }))
    this.#worker.postMessage(build(seq), transfer)
    return done
  }

  /** A Parquet table written by the thread. */
  sink(path: string, options: ParquetOptions): TableSink {
    const id = this.#ids++
    this.#worker.postMessage({ type: 'open', id, path, options } satisfies WorkerRequest)
    const inFlight: Promise<void>[] = []
    const settle = async () => {
      const results = await Promise.allSettled(inFlight.splice(0))
      const failed = results.find((r) => r.status === 'rejected')
      if (failed) throw (failed as PromiseRejectedResult).reason
    }
    return {
      write: async (batch) => {
        const ipc = tableToIPC(new Table(batch), 'stream')
        const sent = this.#request(id, (seq) => ({ type: 'batch', id, seq, ipc }), [ipc.buffer as ArrayBuffer])
        sent.catch(() => undefined)
        inFlight.push(sent)
        if (inFlight.length >= IN_FLIGHT) await inFlight.shift()
      },
      close: async () => {
        await settle()
        await this.#request(id, (seq) => ({ type: 'close', id, seq }))
      },
      abort: async () => {
        await settle().catch(() => undefined)
        await this.#request(id, (seq) => ({ type: 'abort', id, seq })).catch(() => undefined)
      },
    }
  }

  /** Ends the thread. */
  async stop(): Promise<void> {
    await this.#worker.terminate()
  }
}
