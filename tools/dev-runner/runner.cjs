#!/usr/bin/env node
// `pnpm runner …` resolves to this bin rather than to a package script, so pnpm prints no
// banner on stdout and `--json` output stays exactly one JSON object. It runs the CLI from
// source: node must be started with the "@ceap/source" condition, so this starts it.
const { spawn } = require('node:child_process');
const path = require('node:path');

const cli = path.join(__dirname, '..', '..', 'packages', 'runner', 'src', 'cli', 'main.ts');
const tsx = require.resolve('tsx/cli');
const child = spawn(
  process.execPath,
  [tsx, '--conditions=@ceap/source', cli, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);

// The terminal sends Ctrl-C to the whole process group; the CLI handles it, this waits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
