#!/usr/bin/env node
// `pnpm runner …` resolves to this bin rather than to a package script, so pnpm prints no
// banner on stdout and `--json` output stays exactly one JSON object. It runs the CLI from
// source: node must be started with the "@ceap/source" condition, so this starts it.
const { spawn } = require('node:child_process');
const path = require('node:path');

const { pathToFileURL } = require('node:url');

const cli = path.join(__dirname, '..', '..', 'packages', 'runner', 'src', 'cli', 'main.ts');
// tsx's loader inside one node process, not the tsx command: that command runs the script in a
// second process and relays signals to it, killing it when it is too busy to answer in time.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsxLoader, '--conditions=@ceap/source', cli, ...process.argv.slice(2)],
  // The hints the CLI prints name the command typed here, not the installed `ceap`.
  { stdio: 'inherit', env: { ...process.env, CEAP_CLI_NAME: 'pnpm runner' } },
);

// A terminal sends Ctrl-C (and a hang-up) to the whole process group, so the CLI already has
// it: forwarding it too would deliver it twice. This waits for the CLI to finish. SIGTERM is
// sent to one process (by `kill`), so it is passed on.
for (const signal of ['SIGINT', 'SIGHUP']) process.on(signal, () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
