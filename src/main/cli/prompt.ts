import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

/** Asks on the terminal; with `secret`, typed characters are not echoed. */
export function ask(question: string, secret = false): Promise<string> {
  let muted = false
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk)
      done()
    }
  })
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true })
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close()
      if (secret) process.stderr.write('\n')
      resolve(answer)
    })
    muted = secret
  })
}
