// Flips Electron's fuses in the packaged binary (STYLE.md §7.3 item 7). A test build keeps the inspector
// fuse on so Playwright's _electron.launch can drive it (WORKSTATION_TEST_BUILD=1).
const { join } = require('node:path')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

exports.default = async function afterPack(context) {
  const name = context.packager.executableName
  const binary = context.electronPlatformName === 'win32' ? `${name}.exe` : name
  await flipFuses(join(context.appOutDir, binary), {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: Boolean(process.env.WORKSTATION_TEST_BUILD),
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The renderer is served from app://, never file://, so file:// needs no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
  })
}
