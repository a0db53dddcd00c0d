import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UiBootstrap } from './ui-api-types.js';
import { bundleUiApp, UI_ASSETS_DIR, type UiAssets } from './ui-bundle.js';

/** The files the page is made of. */
export const ASSET_FILES = ['app.js', 'app.css'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The content type of an asset. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[file] ?? 'application/octet-stream';
}

/**
 * The page's assets: from source (this module is TypeScript run by tsx or jest), bundled on the
 * fly; from the built package, the files `pnpm build` wrote to dist/ui-app.
 */
export async function loadUiAssets(): Promise<UiAssets> {
  if (__filename.endsWith('.ts')) return bundleUiApp();
  const assets = new Map<string, Uint8Array>();
  for (const file of ASSET_FILES) {
    try {
      assets.set(file, await readFile(join(UI_ASSETS_DIR, file)));
    } catch (error) {
      throw new Error(
        `the UI's ${file} is missing from ${UI_ASSETS_DIR}; build the runner (pnpm build) first`,
        { cause: error },
      );
    }
  }
  return assets;
}

/** The one HTML page, with what the page needs to know (its token, the target) embedded. */
export function indexHtml(bootstrap: UiBootstrap): string {
  // JSON in a <script type="application/json"> is data, never run; `<` is escaped so that no
  // value can close the element.
  const data = JSON.stringify(bootstrap).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ceap</title>
<link rel="stylesheet" href="/assets/app.css">
<script id="ceap-bootstrap" type="application/json">${data}</script>
</head>
<body>
<div id="app"></div>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}
