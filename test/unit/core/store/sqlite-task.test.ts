// A one-off job on a worker thread (runSqliteTask), as the ledger check runs: its answer, its error, or its silence.
import { describe, expect, it } from 'vitest'
import { runSqliteTask } from '../../../../src/core/store/sqlite-worker'

const job = (body: string) => `const { parentPort, workerData } = require('node:worker_threads')\n${body}`

describe('a job on a worker thread', () => {
  it('resolves with the result it posts, computed from what it was given and with better-sqlite3 at hand', async () => {
    const source = job(`const Database = require(workerData.sqlite)
      const db = new Database(':memory:')
      parentPort.postMessage({ result: { sum: db.prepare('SELECT ? + ? AS s').pluck().get(workerData.a, workerData.b) } })`)
    await expect(runSqliteTask(source, { a: 2, b: 40 })).resolves.toEqual({ sum: 42 })
  })

  it('rejects with the error it posts, with what it throws, and when it ends without an answer', async () => {
    await expect(runSqliteTask(job(`parentPort.postMessage({ error: 'no such table: postings' })`), {})).rejects.toThrow('no such table: postings')
    await expect(runSqliteTask(job(`throw new Error('the file is not a database')`), {})).rejects.toThrow('the file is not a database')
    await expect(runSqliteTask(job(`process.exit(3)`), {})).rejects.toThrow('the worker ended (code 3) without an answer')
  })
})
