import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HANDLER_ENTRIES } from '@ceap/stages';
import { build } from 'esbuild';
import { type BenchEntry, type Benchmark, entry, interleavedRounds, stats } from '../harness.js';

const GOAL_RATIO = 1.5;
/**
 * The floor: a handler that imports only the S3 client and builds it once, as every stage
 * handler does at cold start.
 */
const FLOOR_HANDLER = `import { S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async () => ({ region: typeof s3 });
`;
/** Where `@aws-sdk/*` is found when a bundle leaves it external, as the Lambda runtime ships it. */
const SDK_PATHS = ['core', 'stages'].map((name) =>
  join(dirname(require.resolve(`@ceap/${name}`)), '..', 'node_modules'),
);

interface Bundle {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Each shipped stage's Lambda handler bundled as infra's StageFunction bundles it (esbuild,
 * CommonJS, node22, minified, source maps, every dependency included), and its cold init: a
 * fresh `node --enable-source-maps` that requires the bundle and calls nothing, timed whole,
 * against the same for a floor handler that imports only `@aws-sdk/client-s3`. The same again
 * with `@aws-sdk/*` left external (the Lambda runtime's own SDK).
 */
export const bundles: Benchmark = {
  name: 'bundles',
  run: async ({ quick, rounds }) => {
    const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-bundles-'));
    try {
      const floorEntry = join(directory, 'floor-handler.mjs');
      writeFileSync(floorEntry, FLOOR_HANDLER);
      const floor = {
        bundled: await bundle(floorEntry, join(directory, 'floor'), false),
        external: await bundle(floorEntry, join(directory, 'floor'), true),
      };
      const entries: BenchEntry[] = [];
      for (const [stage, handlerEntry] of Object.entries(HANDLER_ENTRIES)) {
        const out = join(directory, stage);
        const bundled = await bundle(handlerEntry, out, false);
        const external = await bundle(handlerEntry, out, true);
        const times = (await interleavedRounds(quick ? 1 : rounds, [
          () => coldInit(bundled),
          () => coldInit(floor.bundled),
          () => coldInit(external),
          () => coldInit(floor.external),
        ])) as [number[], number[], number[], number[]];
        entries.push(bundleEntry(stage, { bundled, external, floor }, times));
      }
      return entries;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

function bundleEntry(
  stage: string,
  sizes: { bundled: Bundle; external: Bundle; floor: { bundled: Bundle; external: Bundle } },
  [bundledTimes, floorTimes, externalTimes, floorExternalTimes]: number[][],
): BenchEntry {
  const result = entry(
    {
      name: `bundles.${stage}`,
      description: `${stage}'s Lambda bundle: size and cold init`,
      goal: `cold init at most ${GOAL_RATIO}x the floor`,
      detail: '',
    },
    { label: `${stage} handler, SDK bundled, ${kb(sizes.bundled)}`, times: bundledTimes ?? [] },
    {
      label: `floor (only @aws-sdk/client-s3), ${kb(sizes.floor.bundled)}`,
      times: floorTimes ?? [],
    },
  );
  const external = stats(externalTimes ?? []);
  const externalRatio = stats(
    (externalTimes ?? []).map((time, i) => time / ((floorExternalTimes ?? [])[i] as number)),
  );
  const floorExternal = stats(floorExternalTimes ?? []);
  return {
    ...result,
    met: result.ratio.median <= GOAL_RATIO,
    detail: `SDK external: ${kb(sizes.external)}, cold init ${ms(external.median)} (floor ${ms(floorExternal.median)}, ${externalRatio.median.toFixed(2)}x); SDK bundled: ${ms(result.ceap.median)}`,
  };
}

/** Bundles one handler the way infra does; `sdkExternal` leaves `@aws-sdk/*` to the runtime. */
async function bundle(entryPoint: string, out: string, sdkExternal: boolean): Promise<Bundle> {
  const file = `${out}-${sdkExternal ? 'external' : 'bundled'}.js`;
  await build({
    entryPoints: [entryPoint],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    conditions: ['@ceap/source'],
    nodePaths: SDK_PATHS,
    external: sdkExternal ? ['@aws-sdk/*'] : [],
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
}

/** A fresh node that requires the bundle, with source maps on as infra's functions run. */
function coldInit(bundle: Bundle): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '-e', `require(${JSON.stringify(bundle.file)})`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NODE_PATH: SDK_PATHS.join(':'), AWS_REGION: 'us-east-1' },
      },
    );
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`requiring ${bundle.file} exited ${code}: ${Buffer.concat(err)}`)),
    );
  });
}

function kb(bundle: Bundle): string {
  return `${(bundle.bytes / 1024).toFixed(1)} KB`;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}
