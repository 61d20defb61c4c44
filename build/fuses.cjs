// electron-builder afterPack hook (npm run dist only): flips Electron's fuses in the packaged
// binary, before signing, so the signature covers them. electron-builder 25 has no built-in
// `electronFuses` option (26 has, but needs Node 22.12+), hence this hook with @electron/fuses.
const { join } = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** What the shipped binary may do; every `false` closes a way to run code the app did not ship. */
const fuses = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node for any script.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash in the signed binary (macOS; Windows since Electron 30)...
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // ...and only app.asar is loaded, so a loose app/ folder beside it cannot bypass that check.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The window loads the control listener over http, never file://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

function executable({ electronPlatformName, appOutDir, packager }) {
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  // Apple Silicon refuses a binary whose ad-hoc signature no longer matches after the flip.
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(executable(context), { ...fuses, resetAdHocDarwinSignature: arm64Mac });
}

module.exports = { default: afterPack, fuses };
