/*
 * Regenerates the UI screenshots in docs/screenshots/ from real runs: a fresh home, the shipped
 * workflows on the embedded engine (guarded-batch on two dates, batch on one), `ceap ui`'s
 * server, and headless Chromium (Debian's, as the tests use). Run it with
 * `pnpm --filter @ceap/runner ui:screenshots`; it takes about a minute. The Backfill dialog is
 * photographed filled in, before Confirm.
 */
import { join } from 'node:path';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import type { Page } from 'playwright-core';
import { createRunnerClient } from '../src/client/runner-client.js';
import { LocalScheduleStore } from '../src/schedule/local-schedule-store.js';
import { startUiServer } from '../src/ui/ui-server.js';
import { tempDir } from '../tests/helpers/temp-dir.js';
import { launchBrowser } from '../tests/ui/browser.js';

const OUT = join(__dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  const home = tempDir('ceap-screenshots-');
  const client = createRunnerClient({ local: { home: home.path, logLevel: 'info' } });
  const server = await startUiServer({
    client,
    workflows: SHIPPED_WORKFLOWS,
    port: 0,
    detach: false,
    scheduleStore: new LocalScheduleStore(home.path),
  });
  const browser = await launchBrowser();
  try {
    const guarded = [];
    for (const logicalDate of ['2026-03-01', '2026-03-02']) {
      guarded.push(await client.execute({ workflow: 'guarded-batch', logicalDate }));
    }
    const batch = await client.execute({ workflow: 'batch', logicalDate: '2026-03-02' });
    const run = guarded[1]?.executionId ?? '';
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const shoot = async (hash: string, ready: string, file: string, element?: string) => {
      await page.goto(new URL(hash, server.url).toString());
      await page.locator(ready).first().waitFor();
      await settle(page);
      const target = element ? page.locator(element).first() : page;
      await target.screenshot({ path: join(OUT, file) });
      process.stderr.write(`wrote ${join(OUT, file)}\n`);
    };
    await shoot('/#/', '.last-runs .dot', 'workflows.png');
    await shoot('/#/workflows/guarded-batch', '[data-testid="grid-cell"]', 'grid.png', 'main');
    await shoot(`/#/runs/${run}`, '.dag-node', 'graph.png', 'svg[data-testid="dag"]');
    await shoot(
      `/#/runs/${batch.executionId}`,
      '[data-testid="gantt-bar"]',
      'gantt.png',
      '[data-testid="gantt"]',
    );
    await shoot(`/#/runs/${run}/steps/ETLStage`, '[data-testid="rejects"]', 'step.png');
    // The Backfill dialog filled in, before Confirm (nothing is started).
    await page.goto(new URL('/#/workflows/guarded-batch', server.url).toString());
    await page.locator('[data-testid="grid-cell"]').first().waitFor();
    await page.click('button[data-action="Backfill"]');
    const dialog = page.locator('[data-testid="dialog-Backfill"]');
    await dialog.locator('input[name="from"]').fill('2026-03-01');
    await dialog.locator('input[name="to"]').fill('2026-03-07');
    await dialog.locator('input[name="maxActive"]').fill('2');
    await settle(page);
    await dialog.screenshot({ path: join(OUT, 'backfill.png') });
    process.stderr.write(`wrote ${join(OUT, 'backfill.png')}\n`);
  } finally {
    await browser.close();
    await server.close();
    await client.close();
    home.remove();
  }
}

/** Lets the page's fonts and layout settle, so a screenshot is not taken mid-paint. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(300);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
