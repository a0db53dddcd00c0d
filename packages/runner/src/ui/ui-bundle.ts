import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The page's sources, in the repository (the published package holds only the built assets). */
export const UI_APP_ENTRY = join(__dirname, '..', '..', 'ui-app', 'src', 'main.tsx');

/** The built page (`app.js`, `app.css`), beside the compiled server in dist/. */
export const UI_ASSETS_DIR = join(__dirname, '..', '..', 'dist', 'ui-app');

/** The page's assets by file name. */
export type UiAssets = ReadonlyMap<string, Uint8Array>;

/**
 * Bundles the page with esbuild: one `app.js` (preact and dagre included, minified) and one
 * `app.css`. `pnpm build` writes them to dist/ui-app (scripts/build-ui.mjs calls this with
 * `outdir`); running from source (`pnpm runner ui`, the tests) bundles in memory, so the page
 * always matches its sources. esbuild is a development dependency: the published package
 * serves the built assets and never loads it.
 */
export async function bundleUiApp(outdir?: string): Promise<UiAssets> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: { app: UI_APP_ENTRY },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: outdir ?? UI_ASSETS_DIR,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const assets = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) {
    assets.set(file.path.slice(file.path.lastIndexOf('/') + 1), file.contents);
  }
  if (outdir !== undefined) {
    await mkdir(outdir, { recursive: true });
    for (const [name, contents] of assets) await writeFile(join(outdir, name), contents);
  }
  return assets;
}
