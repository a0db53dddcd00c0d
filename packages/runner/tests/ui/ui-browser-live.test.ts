import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.js';
import {
  flowInput,
  slowControl,
  startUiHarness,
  UI_WORKFLOWS,
  type UiHarness,
  uiBindings,
} from './ui-harness.js';

/*
 * Live updates and run control, in headless Chromium, on a workflow whose middle step takes as
 * long as the test says (SlowStage): the grid follows a run without a reload, and a running run
 * is stopped and then redriven from the page.
 */
describe('ceap ui in a browser: live runs', () => {
  let ui: UiHarness;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ui = await startUiHarness({ workflows: UI_WORKFLOWS, bindings: uiBindings });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, ui.url('/#/workflows/ui-flow')));
  });

  afterAll(async () => {
    slowControl.delayMs = 0;
    await browser?.close();
    await ui?.stop();
  });

  const cell = (run: string, step: string) =>
    page.locator(`[data-testid="grid-cell"][data-run="${run}"][data-step="${step}"]`);

  /** Marks the document, so a reload (a new document) would be seen. */
  const markDocument = () => page.evaluate(() => Object.assign(globalThis, { ceapMark: 'kept' }));
  const documentMark = () => page.evaluate(() => (globalThis as { ceapMark?: string }).ceapMark);

  it('turns a grid cell from running to success as the run goes, without a reload', async () => {
    // Arrange
    slowControl.delayMs = 4000;
    await page.locator('button[data-action="Trigger"]').waitFor();
    await markDocument();
    const dialog = page.locator('[data-testid="dialog-Trigger"]');
    await page.click('button[data-action="Trigger"]');
    await dialog.locator('textarea[name="input"]').fill(JSON.stringify(flowInput()));
    await dialog.locator('input[name="logicalDate"]').fill('2026-04-01');

    // Act
    await dialog.locator('[data-testid="confirm"]').click();
    const id = (await dialog.locator('[data-testid="action-result"] a').textContent()) ?? '';
    await dialog.locator('[data-testid="close"]').click();
    const slow = cell(id, 'SlowStage');
    await slow.and(page.locator('[data-status="RUNNING"]')).waitFor({ timeout: 20_000 });
    const whileRunning = await cell(id, 'FinishStage').getAttribute('data-status');
    await slow.and(page.locator('[data-status="SUCCEEDED"]')).waitFor({ timeout: 20_000 });

    // Assert
    expect(whileRunning).toBe('PENDING');
    await cell(id, 'FinishStage').and(page.locator('[data-status="SUCCEEDED"]')).waitFor();
    expect(await documentMark()).toBe('kept');
    expect(errors).toEqual([]);
  });

  it('stops a running run, then redrives it to success, each after confirmation', async () => {
    // Arrange
    slowControl.delayMs = 120_000;
    const handle = await ui.client.start({
      workflow: 'ui-flow',
      input: flowInput(),
      logicalDate: '2026-04-02',
    });
    handle.result().catch(() => undefined);
    await page.goto(ui.url(`/#/runs/${handle.executionId}`));
    await page
      .locator('.dag-node[data-step="SlowStage"][data-status="RUNNING"]')
      .waitFor({ timeout: 20_000 });

    // Act: stop
    await page.click('button[data-action="Stop"]');
    const stop = page.locator('[data-testid="dialog-Stop"]');
    await stop.locator('[data-testid="confirm"]').click();
    const stopped = await stop.locator('[data-testid="action-result"]').textContent();
    await stop.locator('[data-testid="close"]').click();
    await page.locator('[data-testid="run-status"]', { hasText: 'ABORTED' }).waitFor();

    // Act: redrive, with SlowStage quick again
    slowControl.delayMs = 0;
    await page.click('button[data-action="Redrive"]');
    const redrive = page.locator('[data-testid="dialog-Redrive"]');
    await redrive.locator('[data-testid="confirm"]').click();
    const redriven = await redrive.locator('[data-testid="action-result"]').textContent();
    await redrive.locator('[data-testid="close"]').click();
    await page
      .locator('[data-testid="run-status"]', { hasText: 'SUCCEEDED' })
      .waitFor({ timeout: 30_000 });

    // Assert
    expect(stopped).toContain(`Stopped ${handle.executionId}: ABORTED`);
    expect(redriven).toContain(`Redriven ${handle.executionId}`);
    const after = await ui.client.describe(handle.executionId);
    expect(after).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(after.attempts?.map((attempt) => attempt.status)).toEqual(['ABORTED', 'SUCCEEDED']);
    expect(await page.locator('.dag-node[data-status="SUCCEEDED"]').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
