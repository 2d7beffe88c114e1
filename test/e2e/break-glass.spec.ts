// Break-glass (R12.4): an administrator's password reset at the command line, checked by no second administrator, is
// shown to every other administrator at sign-in until they acknowledge it.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, signIn, startHost, type RunningHost } from './support/host'

const cli = resolve(__dirname, '..', '..', 'out/main/cli.js')
const runCli = (dbPath: string, args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WORKSTATION_DB: dbPath, WORKSTATION_USER: 'auditor', WORKSTATION_PASSWORD: DEMO_PASSWORD }
  })
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

let host: RunningHost
test.afterEach(async () => {
  await host.close()
})

test('the other administrator sees the break-glass reset at sign-in, with who, when and the OS user, until acknowledged', async () => {
  host = await startHost({
    before: (dbPath) => {
      runCli(dbPath, ['participants.list'])
      runCli(dbPath, ['--break-glass-reset', 'admin2'])
    }
  })
  const { page } = host
  await signIn(page, 'admin')
  const notice = page.locator('[data-test=break-glass-notice]')
  await expect(notice).toHaveCount(1)
  await expect(notice).toContainText('Экстренный сброс пароля администратора admin2')
  await expect(notice).toContainText(/пользователем операционной системы os:\S+/)
  await expect(notice).toContainText('Daniyar Serikuly (administrator)')
  await page.screenshot({ path: 'test-results/break-glass-notice.png' })
  await page.locator('[data-test=break-glass-acknowledge]').click()
  await expect(notice).toHaveCount(0)
  await page.locator('[data-test=signout]').click()
  await signIn(page, 'admin')
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()
  await expect(notice).toHaveCount(0)
})
