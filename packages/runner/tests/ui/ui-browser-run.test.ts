import type { Browser, Page } from 'playwright-core';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { launchBrowser, openPage } from './browser.js';
import { startUiHarness, type UiHarness } from './ui-harness.js';

/*
 * The shipped realtime workflow on its shipped sample, driven from the page in headless
 * Chromium: trigger it, read its Gantt timeline and a step's rejects, and check the counts
 * against the real CLI's `status --json` on the same home.
 */
describe('ceap ui in a browser: a realtime run', () => {
  let ui: UiHarness;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let executionId: string;

  beforeAll(async () => {
    ui = await startUiHarness();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, ui.url('/#/workflows/realtime')));
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
  });

  it('starts a run from the page, after confirmation, and shows it in the grid', async () => {
    // Arrange
    await page.click('button[data-action="Trigger"]');
    const dialog = page.locator('[data-testid="dialog-Trigger"]');
    await dialog.locator('input[name="logicalDate"]').fill('2026-03-02');

    // Act
    await dialog.locator('[data-testid="confirm"]').click();
    const result = dialog.locator('[data-testid="action-result"]');
    await result.waitFor();
    executionId = (await result.locator('a').textContent()) ?? '';
    await dialog.locator('[data-testid="close"]').click();

    // Assert
    expect(executionId).toMatch(/^realtime-\d{8}T\d{6}Z-[a-z0-9]{6}$/);
    const last = page.locator(
      `[data-testid="grid-cell"][data-run="${executionId}"][data-step="ReactiveStage"]`,
    );
    await last.and(page.locator('[data-status="SUCCEEDED"]')).waitFor({ timeout: 30_000 });
    const run = page.locator(`[data-testid="grid-run"][data-run="${executionId}"]`);
    expect(await run.textContent()).toBe('2026-03-02');
    expect(errors).toEqual([]);
  });

  it('draws the Gantt timeline with one bar per step, widths proportional to durations', async () => {
    // Arrange
    await page.goto(ui.url(`/#/runs/${executionId}`));
    await page.locator('[data-testid="run-status"]', { hasText: 'SUCCEEDED' }).waitFor();

    // Act
    const bars = await page.$$eval('[data-testid="gantt-bar"][data-kind="step"]', (found) =>
      found.map((bar) => ({
        step: bar.getAttribute('data-step'),
        durationMs: Number(bar.getAttribute('data-duration-ms')),
        width: bar.getBoundingClientRect().width,
        track: bar.parentElement?.getBoundingClientRect().width ?? 0,
      })),
    );
    const span = Number(await page.getAttribute('[data-testid="gantt"]', 'data-span-ms'));

    // Assert
    const described = await ui.client.describe(executionId);
    expect(bars.map((bar) => bar.step)).toEqual(described.stages.map((stage) => stage.name));
    expect(bars.map((bar) => bar.durationMs)).toEqual(described.stages.map((s) => s.durationMs));
    for (const bar of bars) {
      // A bar is at least 1 px wide (CSS min-width), so a step of 0 ms is still seen.
      expect(bar.width).toBeCloseTo(Math.max(1, (bar.durationMs / span) * bar.track), 0);
    }
    const widest = bars.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    expect(Math.max(...bars.map((bar) => bar.width))).toBe(widest.width);
    expect(
      await page.locator('svg[data-testid="dag"] .dag-node[data-status="SUCCEEDED"]').count(),
    ).toBe(5);
  });

  it("opens a step's rejects with the same counts as ceap status --json", async () => {
    // Arrange
    const status = await runCli(['status', executionId, '--json'], { home: ui.home });
    const cli = onlyJson(status) as unknown as ExecutionDescription;
    const etl = cli.stages.find((stage) => stage.name === 'ETLStage');

    // Act
    await page.goto(ui.url(`/#/runs/${executionId}/steps/ETLStage`));
    await page.locator('[data-testid="rejects"]').waitFor();
    const shown = async (id: string) =>
      Number((await page.textContent(`[data-testid="${id}"]`))?.replace(/,/g, ''));
    const byReason = await page.$$eval('[data-testid="rejected-by"] [data-count]', (cells) =>
      cells.map((cell) => Number(cell.getAttribute('data-count'))),
    );
    const rejectRows = await page.locator('[data-testid="rejects"] tbody tr').count();

    // Assert
    expect(status.code).toBe(0);
    expect(etl?.rejected).toBeGreaterThan(0);
    expect(await shown('count-received')).toBe(etl?.received);
    expect(await shown('count-records')).toBe(etl?.records);
    expect(await shown('count-rejected')).toBe(etl?.rejected);
    expect(await shown('count-filtered')).toBe(etl?.filtered);
    expect(byReason.reduce((a, b) => a + b, 0)).toBe(etl?.rejected);
    expect(rejectRows).toBe(Math.min(100, etl?.rejected ?? 0));
    expect(await page.textContent('[data-testid="output-uri"]')).toBe(etl?.output);
  });

  it('refuses a state-changing request from the page without the token', async () => {
    // Act
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/runs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ workflow: 'realtime', executionId: 'no-token-run' }),
      });
      return { status: response.status, body: (await response.json()) as { message: string } };
    });

    // Assert
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/needs this server's token/);
    await expect(ui.client.describe('no-token-run')).rejects.toThrow(/was not found/);
    expect(errors).toEqual([]);
  });
});
