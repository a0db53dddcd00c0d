import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * The Chromium the browser tests drive: `CEAP_CHROMIUM`, else Debian's `chromium` on PATH
 * (`.ci/run` installs it). No browser is downloaded: playwright-core only drives one.
 */
export function chromiumPath(): string {
  const given = process.env.CEAP_CHROMIUM;
  if (given) return given;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found && existsSync(found)) return found;
    } catch {
      // not this name
    }
  }
  throw new Error(
    'no Chromium found: apt-get install -y chromium, or set CEAP_CHROMIUM to its path',
  );
}

/** One headless browser for a test file; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // As root in a container, Chromium's sandbox cannot start; these tests load only the
    // server they started on 127.0.0.1.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A fresh page whose errors (uncaught exceptions) fail the test that reads them. */
export async function openPage(
  browser: Browser,
  url: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}
