import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { tempDir } from '../helpers/temp-dir.js';
import { launchBrowser } from './browser.js';
import { startUiHarness, type UiHarness } from './ui-harness.js';

/*
 * The README's screenshots, taken from real runs: the shipped workflows on the embedded engine
 * and S3 (guarded-batch on two logical dates, batch on one), `ceap ui`'s server and headless
 * Chromium. With CEAP_UPDATE_SCREENSHOTS=1 they are written to docs/screenshots/ (commit them);
 * otherwise to a temporary directory, so a test run leaves the tree as it was:
 *
 *   CEAP_UPDATE_SCREENSHOTS=1 pnpm --filter @ceap/runner exec jest tests/ui/ui-browser-screenshots
 */
const UPDATE = process.env.CEAP_UPDATE_SCREENSHOTS === '1';
const DOCS = join(__dirname, '..', '..', 'docs', 'screenshots');
const VIEWPORT = { width: 1280, height: 860 } as const;

/** The width and height a PNG's header (its IHDR chunk) gives. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Lets the page's fonts and layout settle, so a screenshot is not taken mid-paint. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(300);
}

describe('ceap ui in a browser: the README screenshots', () => {
  let ui: UiHarness;
  let browser: Browser;
  let page: Page;
  let out: { path: string; remove: () => void };
  let guarded: ExecutionDescription;
  let batch: ExecutionDescription;
  const errors: string[] = [];

  beforeAll(async () => {
    out = UPDATE ? { path: DOCS, remove: () => undefined } : tempDir('ceap-screenshots-');
    mkdirSync(out.path, { recursive: true });
    ui = await startUiHarness();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => errors.push(error.message));
    await ui.client.execute({ workflow: 'guarded-batch', logicalDate: '2026-03-01' });
    guarded = await ui.client.execute({ workflow: 'guarded-batch', logicalDate: '2026-03-02' });
    batch = await ui.client.execute({ workflow: 'batch', logicalDate: '2026-03-02' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    out?.remove();
  });

  /**
   * Opens `hash`, waits for `ready`, photographs `element` (or the viewport) into `file`, and
   * returns the PNG's size with the size the browser gave the element.
   */
  const shoot = async (hash: string, ready: string, file: string, element?: string) => {
    await page.goto(ui.url(hash));
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    await settle(page);
    const target = element ? page.locator(element).first() : page;
    const path = join(out.path, file);
    await target.screenshot({ path });
    const box = element ? await page.locator(element).first().boundingBox() : VIEWPORT;
    return { png: pngSize(path), expected: box };
  };

  it.each([
    ['workflows.png', '/#/', '.last-runs .dot', undefined],
    ['grid.png', '/#/workflows/guarded-batch', '[data-testid="grid-cell"]', 'main'],
    ['graph.png', '/#/runs/GUARDED', '.dag-node', 'svg[data-testid="dag"]'],
    ['gantt.png', '/#/runs/BATCH', '[data-testid="gantt-bar"]', '[data-testid="gantt"]'],
    ['step.png', '/#/runs/GUARDED/steps/ETLStage', '[data-testid="rejects"]', undefined],
  ])('takes %s from %s', async (file, hash, ready, element) => {
    // Arrange
    const route = hash.replace('GUARDED', guarded.executionId).replace('BATCH', batch.executionId);

    // Act
    const { png, expected } = await shoot(route, ready, file, element);

    // Assert
    expect(guarded.status).toBe('SUCCEEDED');
    expect(batch.status).toBe('SUCCEEDED');
    expect(expected).not.toBeNull();
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(100);
    // The element's box, as the PNG's whole pixels.
    expect(Math.abs(png.width - (expected?.width ?? 0))).toBeLessThanOrEqual(1);
    expect(Math.abs(png.height - (expected?.height ?? 0))).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  it('takes backfill.png: the Backfill dialog filled in, before Confirm (nothing starts)', async () => {
    // Arrange
    await page.goto(ui.url('/#/workflows/guarded-batch'));
    await page.locator('[data-testid="grid-cell"]').first().waitFor({ timeout: 30_000 });
    await page.click('button[data-action="Backfill"]');
    const dialog = page.locator('[data-testid="dialog-Backfill"]');
    await dialog.locator('input[name="from"]').fill('2026-03-01');
    await dialog.locator('input[name="to"]').fill('2026-03-07');
    await dialog.locator('input[name="maxActive"]').fill('2');
    await settle(page);
    const path = join(out.path, 'backfill.png');

    // Act
    await dialog.screenshot({ path });

    // Assert
    const box = await dialog.boundingBox();
    const png = pngSize(path);
    // A centred dialog sits on half pixels: its PNG rounds each edge.
    expect(Math.abs(png.width - (box?.width ?? 0))).toBeLessThanOrEqual(2);
    expect(Math.abs(png.height - (box?.height ?? 0))).toBeLessThanOrEqual(2);
    expect((await ui.client.list({ workflow: 'guarded-batch' })).length).toBe(2);
  });
});
