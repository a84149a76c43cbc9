/**
 * With API keys on, the page asks for a key before it calls the API, keeps it for the tab
 * (sessionStorage) and sends it as Bearer: the sample loads and is scored as without keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/browser.ts';

const KEY = 'td_web_key_0123456789abcdefghijklmn';

describe('the planner\'s page with API keys on', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ API_KEYS: `acme:${KEY}`, HOST: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('asks for the key, keeps it in sessionStorage, and loads and scores the sample with it', async () => {
    const { page, finish } = await h.open('/?sample=tiny', { wait: false });
    await page.waitForSelector('#key-dialog[open]', { timeout: 30_000 });
    await page.fill('#key-input', KEY);
    await page.click('#key-form button');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // Today's alignment was scored by POST /v1/evaluate, which needs the key.
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    expect(await page.locator('[data-testid="territory-table"] tbody tr').count()).toBe(3);
    expect(await page.evaluate('sessionStorage.getItem("territory.apiKey")')).toBe(KEY);
    await finish('api-key');
  });
});
