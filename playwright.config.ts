import { defineConfig } from '@playwright/test'

// E2E tests drive the built app (out/) in Debian's Chromium through the Chromium host; the Electron suite
// runs where an Electron binary exists. One worker: the machines have two cores and each test owns a browser.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/artifacts',
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' }
})
