#!/usr/bin/env node
// Bundles each stage's Lambda handler the way CDK's NodejsFunction does (esbuild, minified,
// CommonJS, Node 22, AWS SDK included) and prints the size of each bundle.
//
//   pnpm --filter @ceap/stages bundle-size [--json]
//
// A second figure bundles the same handler with `@aws-sdk/*` left external, as CDK's
// NodejsFunction does by default on Node 18+ runtimes (the Lambda runtime provides SDK v3).
// Exits 0 always: the 250 KB target is reported, not enforced.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const TARGET_BYTES = 250 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const handlers = {
  ETLStage: 'etl',
  FilterStage: 'filter',
  ScoreStage: 'score',
  StoreStage: 'store',
  ReactiveStage: 'reactive',
};

const out = mkdtempSync(join(tmpdir(), 'ceap-bundle-'));
const rows = [];
try {
  for (const [stage, file] of Object.entries(handlers)) {
    const bundled = await bundle(file, []);
    const sdkExternal = await bundle(file, ['@aws-sdk/*']);
    rows.push({
      stage,
      bytes: bundled.bytes,
      gzip: bundled.gzip,
      withinTarget: bundled.bytes <= TARGET_BYTES,
      bytesWithoutSdk: sdkExternal.bytes,
      biggest: bundled.biggest,
    });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `| stage | bundle, SDK included | gzip | <= ${kb(TARGET_BYTES)} | @aws-sdk/* external | largest inputs |`,
  );
  console.log('|---|---:|---:|:-:|---:|---|');
  for (const row of rows) {
    const inputs = row.biggest.map(([name, n]) => `${name} ${kb(n)}`).join(', ');
    console.log(
      `| ${row.stage} | ${row.bytes} B (${kb(row.bytes)}) | ${kb(row.gzip)} | ${row.withinTarget ? 'yes' : 'no'} | ${kb(row.bytesWithoutSdk)} | ${inputs} |`,
    );
  }
}

/** Bundles one handler with esbuild's JS API; `external` packages are left to the runtime. */
async function bundle(file, external) {
  const outfile = join(out, `${file}-${external.length}.js`);
  const result = await build({
    entryPoints: [join(root, 'src', 'handlers', `${file}-handler.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    conditions: ['@ceap/source'],
    external,
    metafile: true,
    logLevel: 'error',
  });
  return {
    bytes: statSync(outfile).size,
    gzip: gzipSync(readFileSync(outfile)).length,
    biggest: largestPackages(Object.values(result.metafile.outputs)[0]?.inputs ?? {}),
  };
}

/** Bytes each package contributes to a bundle, largest first (top 6). */
function largestPackages(inputs) {
  const byPackage = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
      path.replace(/\\/g, '/'),
    );
    const name = match ? match[1] : path.includes('packages/core/') ? '@ceap/core' : '@ceap/stages';
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
}
