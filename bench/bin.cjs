#!/usr/bin/env node
// `pnpm bench …` resolves to this bin rather than to a package script, so pnpm prints no
// banner on stdout and `pnpm bench --json` prints exactly one JSON object. It runs the
// benchmarks from source, so node must start with the "@ceap/source" condition.
const { spawn } = require('node:child_process');
const path = require('node:path');

const main = path.join(__dirname, 'src', 'main.ts');
const tsx = require.resolve('tsx/cli');
const child = spawn(
  process.execPath,
  [tsx, '--conditions=@ceap/source', main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
