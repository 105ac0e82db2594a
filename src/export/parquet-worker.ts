// The thread that encodes Parquet for an export (see worker-sink.ts): takes each table's
// batches as Arrow IPC streams and writes them through parquet-wasm, so that encoding and
// compression run beside the decoding instead of after it.
import { parentPort } from 'node:worker_threads'
import { parquetFile } from './parquet-file.js'
import type { ParquetFile } from './parquet-file.js'
import type { WorkerReply, WorkerRequest } from './worker-sink.js'

const files = new Map<number, Promise<ParquetFile>>()
/** Each file's requests run in order; files run side by side. */
const queues = new Map<number, Promise<unknown>>()
const port = parentPort!

function reply(message: WorkerReply): void {
  port.postMessage(message)
}

port.on('message', (request: WorkerRequest) => {
  const { id } = request
  const previous = queues.get(id) ?? Promise.resolve()
  const next = previous.then(async () => {
    try {
      switch (request.type) {
        case 'open':
          files.set(id, parquetFile(request.path, request.options))
          await files.get(id)
          return
        case 'batch':
          await (await files.get(id)!).write(request.ipc)
          reply({ type: 'done', id, request: request.seq })
          return
        case 'close':
          await (await files.get(id)!).close()
          files.delete(id)
          reply({ type: 'done', id, request: request.seq })
          return
        case 'abort':
          await (await files.get(id))?.abort()
          files.delete(id)
          reply({ type: 'done', id, request: request.seq })
          return
      }
    } catch (error) {
      reply({ type: 'error', id, request: 'seq' in request ? request.seq : -1, message: (error as Error).message })
    }
  })
  queues.set(id, next)
})
