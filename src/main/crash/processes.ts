import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

/** A child process that announced where it listens with a JSON line {"port": N} on stdout. */
export interface Listening {
  child: ChildProcess
  port: number
  url: string
}

/** Starts a built entry under this Node and waits for its port line (or its death, or the time limit). */
export function startListening(script: string, args: string[], o: { env?: NodeJS.ProcessEnv; timeoutMs?: number; name: string }): Promise<Listening> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${o.name} did not start within ${o.timeoutMs ?? 30_000} ms`))
    }, o.timeoutMs ?? 30_000)
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => {
      clearTimeout(timer)
      try {
        const port = (JSON.parse(line) as { port: number }).port
        resolve({ child, port, url: `http://127.0.0.1:${port}` })
      } catch {
        reject(new Error(`${o.name} printed ${line} instead of its port`))
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${o.name} ended (${signal ?? `exit code ${code}`}) before listening: ${stderr.trim()}`))
    })
  })
}

/** Sends the signal and waits until the process is gone. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}
