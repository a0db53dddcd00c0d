#!/usr/bin/env node
// Bundles the web UI's page (ui-app/) into dist/ui-app/ with the same esbuild options the
// server uses when it runs from source, so the published package serves what was tested.
// Runs after `tsc -b`, which compiled the bundler's options to dist/ui/ui-bundle.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { bundleUiApp, UI_ASSETS_DIR } = require('../dist/ui/ui-bundle.js');
const assets = await bundleUiApp(UI_ASSETS_DIR);
process.stdout.write(`ui: ${[...assets.keys()].join(', ')} in ${UI_ASSETS_DIR}\n`);
