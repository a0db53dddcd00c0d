import type { Browser, Page } from 'playwright-core';
import { type CliProcess, spawnCli, waitFor } from '../helpers/cli-process.js';
import { datedProject } from '../helpers/dated-project.js';
import { launchBrowser, openPage } from './browser.js';

/** The CLI's and the page's now: two days before London's clocks go forward. */
const CEAP_NOW = '2026-03-27T12:00:00Z';
const DATES = ['2026-03-01', '2026-03-02', '2026-03-03'];

/*
 * The real `ceap ui` over the dated project (its `daily` workflow: one stage that waits
 * CEAP_TEST_DAY_MS and names its date), in headless Chromium: the schedule as `ceap schedule
 * show` reports it, paused from the page; three dates backfilled from the page, followed in
 * the grid to SUCCEEDED without a reload.
 */
describe('ceap ui in a browser: backfill and schedules', () => {
  const dated = datedProject();
  const env = {
    INIT_CWD: dated.project.path,
    CEAP_EXAMPLES: `${dated.project.path}/examples`,
    CEAP_TEST_DAY_MS: '2500',
    CEAP_NOW,
  };
  let ui: CliProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ui = spawnCli(['ui', '--port', '0', '--json'], { home: dated.home.path, env });
    let stdout = '';
    ui.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    url = await waitFor(
      'the URL on stdout',
      () => (JSON.parse(stdout.split('\n')[0] || 'null') as { url?: string } | null)?.url,
      30_000,
    );
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, url));
  });

  afterAll(async () => {
    await browser?.close();
    ui?.child.kill('SIGTERM');
    await ui?.result;
    dated.remove();
  });

  const cliJson = async (args: readonly string[]) => (await dated.json(args, { CEAP_NOW })).body;

  it('shows the schedule as `ceap schedule show` does, and pauses it after confirmation', async () => {
    // Arrange
    const schedule = page.locator('tr[data-workflow="daily"] [data-testid="schedule"]');
    await schedule.waitFor();
    const shown = (await cliJson(['schedule', 'show', '--workflow', 'daily'])) as {
      schedules: { state: string; nextRuns: { scheduledTime: string; localTime: string }[] }[];
    };
    const nextText = await schedule.locator('[data-testid="next-run"]').textContent();

    // Act
    await schedule.locator('button[data-action="Pause"]').click();
    const dialog = page.locator('[data-testid="dialog-Pause"]');
    await dialog.locator('[data-testid="confirm"]').click();
    const result = await dialog.locator('[data-testid="action-result"]').textContent();
    await dialog.locator('[data-testid="close"]').click();
    const after = (await cliJson(['schedule', 'show', '--workflow', 'daily'])) as {
      schedules: { state: string }[];
    };

    // Assert
    const [next] = shown.schedules[0]?.nextRuns ?? [];
    expect(shown.schedules[0]?.state).toBe('ACTIVE');
    expect(nextText).toContain(`${next?.localTime} (${next?.scheduledTime})`);
    expect(nextText).toContain('2026-03-28T02:00+00:00');
    expect(result).toContain('The schedule of daily is PAUSED');
    expect(after.schedules[0]?.state).toBe('PAUSED');
    await page.locator('tr[data-workflow="daily"] [data-state="PAUSED"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('backfills three dates from the page and follows their runs to SUCCEEDED without a reload', async () => {
    // Arrange
    await page.goto(`${url}#/workflows/daily`);
    await page.evaluate(() => Object.assign(globalThis, { ceapMark: 'kept' }));
    await page.click('button[data-action="Backfill"]');
    const dialog = page.locator('[data-testid="dialog-Backfill"]');
    await dialog.locator('input[name="from"]').fill(DATES[0] as string);
    await dialog.locator('input[name="to"]').fill(DATES[2] as string);
    await dialog.locator('input[name="maxActive"]').fill('3');

    // Act
    await dialog.locator('[data-testid="confirm"]').click();
    await dialog.locator('[data-testid="action-result"]').waitFor();
    const planned = await dialog
      .locator('[data-testid="action-result"] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    await dialog.locator('[data-testid="close"]').click();
    const run = (date: string) =>
      page.locator(`[data-testid="grid-run"][data-run="daily-${date}"]`);
    await run(DATES[0] as string)
      .and(page.locator('[data-status="RUNNING"]'))
      .waitFor({ timeout: 20_000 });
    for (const date of DATES) {
      await run(date).and(page.locator('[data-status="SUCCEEDED"]')).waitFor({ timeout: 30_000 });
    }

    // Assert
    expect(planned).toEqual(['start', 'start', 'start']);
    expect(await page.evaluate(() => (globalThis as { ceapMark?: string }).ceapMark)).toBe('kept');
    const listed = (await cliJson(['list', '--workflow', 'daily'])) as {
      executions: { executionId: string; status: string; logicalDate: string }[];
    };
    expect(listed.executions.map((e) => [e.executionId, e.status, e.logicalDate]).sort()).toEqual(
      DATES.map((date) => [`daily-${date}`, 'SUCCEEDED', date]),
    );
    expect(errors).toEqual([]);
  });
});
