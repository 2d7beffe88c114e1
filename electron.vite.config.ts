import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

// Three main-process entries share one build: the Electron host (the product), the Chromium host
// (machines without the Electron binary, and E2E tests) and the command-line host.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          chromium: resolve('src/main/chromium/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          center: resolve('src/main/center/index.ts'),
          receiver: resolve('src/main/receiver/index.ts'),
          simulate: resolve('src/main/simulator/index.ts'),
          'crash-test': resolve('src/main/crash/index.ts'),
          'close-crash-test': resolve('src/main/crash/close.ts'),
          bench: resolve('test/bench/index.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload cannot require npm packages: bundle everything into one file.
    // Two preloads (the main window's, the PIN window's): each a standalone file, no shared chunk to require.
    build: { externalizeDeps: false, isolatedEntries: true, rollupOptions: { input: { index: resolve('src/preload/index.ts'), pin: resolve('src/preload/pin.ts') } } }
  },
  renderer: {
    resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@core': resolve('src/core') } },
    // The app's page and the PIN dialog's page (a window of its own).
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html'), pin: resolve('src/renderer/pin.html') } } },
    plugins: [
      vue(),
      // Messages are compiled at build time so the renderer needs no 'unsafe-eval' under the CSP.
      VueI18nPlugin({ include: [resolve('src/renderer/src/locales/**')], runtimeOnly: true, compositionOnly: true, fullInstall: false })
    ]
  }
})
