#!/usr/bin/env node
// respite-cli: runs the TypeScript entry point directly (Node >= 22.18 strips types natively).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`respite-cli needs Node 24 (found ${process.version}). Run it through npm ` +
    '(npx respite-cli), which uses the Node 24 the project installs.');
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
