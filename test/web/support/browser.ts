/**
 * The browser tests' harness: one real server on loopback (the built page, the real pool) and one
 * headless Chromium per test file, the system's (/usr/bin/chromium, or CHROMIUM_PATH), driven by
 * playwright-core. Each page fails its test on a console error, and leaves a screenshot in
 * var/screenshots (gitignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startServer, tempDataDir, type ServerProcess } from '../../service/support/server-process.ts';

export const SCREENSHOTS = join(ROOT, 'var', 'screenshots');

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return path;
}

export interface Harness {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** A new page (its own context, so its own sessionStorage) that records console errors. */
  /** `wait: false` returns before the page is ready (a page that first asks for a key). */
  open(path: string, options?: { allowErrors?: RegExp; wait?: boolean }): Promise<PlannerPage>;
  close(): Promise<void>;
}

export interface PlannerPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions so far. */
  readonly errors: string[];
  /** Saves var/screenshots/<name>.png and fails on any console error. */
  finish(name: string): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('the page is not built: npm run build:web (npm test runs it first)');
  // Chromium is looked for before the server starts: a missing browser must not leave a server behind.
  const executablePath = chromiumPath();
  const data = tempDataDir('territory-web-');
  const server = await startServer({ dataDir: data.dir, env: { POOL_SIZE: '2', RATE_LIMIT_PER_MINUTE: '1000000', ...env } });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  } catch (err) {
    await server.stop();
    data.remove();
    throw err;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    async open(path, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        const text = `${m.text()} (${m.location().url})`;
        if (m.type() === 'error' && !(options.allowErrors?.test(text))) errors.push(text);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      await page.goto(`${server.url}${path}`);
      if (options.wait !== false) await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      return {
        page,
        errors,
        async finish(name) {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
          await context.close();
          if (errors.length > 0) throw new Error(`console errors on the page:\n${errors.join('\n')}`);
        },
      };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
      data.remove();
    },
  };
}

/** The territory shapes drawn, once the areas are computed. */
/** Waits for the loaded problem's territory table, solves it (at most 5 s) and waits for the job to succeed. */
export async function solveLoaded(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="territory-table"] tbody tr');
  await page.fill('#time-limit', '5');
  await page.click('#solve');
  await page.waitForSelector('#phase[data-status="succeeded"]', { timeout: 60_000 });
}

export async function territoryShapes(page: Page): Promise<number> {
  // The areas are computed after the accounts paint; 'pending' until then.
  await page.waitForSelector('#map[data-territory-shapes]:not([data-territory-shapes="pending"])', { timeout: 30_000 });
  return Number(await page.locator('#map').getAttribute('data-territory-shapes'));
}

/** Clicks where the account is drawn on the map, as a person would. */
export async function clickAccount(page: Page, lat: number, lon: number): Promise<void> {
  // The function runs in the page, where the page's main.ts put the Leaflet map on window.
  const point = await page.evaluate(`window.plannerMap.latLngToContainerPoint([${lat}, ${lon}])`) as { x: number; y: number };
  const box = (await page.locator('#map').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}
