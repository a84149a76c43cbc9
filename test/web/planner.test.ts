/**
 * The planner's journeys in a real headless Chromium against the real server: load the sample,
 * solve and watch the progress end, reassign an account and read the rescored violation, create two
 * variants and read the comparison, export. Each asserts what a person sees, fails on a console
 * error and leaves a screenshot in var/screenshots.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/index.ts';
import { clickAccount, startHarness, territoryShapes, type Harness } from './support/browser.ts';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;
const sample = JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput;

describe('the planner\'s page', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('opens with /?sample=1: the offline base layer, every account, one territory shape per rep with accounts, and the territory panel', async () => {
    const { page, finish } = await h.open('/?sample=1');
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/357 accounts, 10 reps/);
    expect(await page.locator('#map').getAttribute('data-base-layer')).toBe('world-atlas');
    expect(Number(await page.locator('#map').getAttribute('data-accounts'))).toBe(sample.accounts.length);
    const rows = page.locator('[data-testid="territory-table"] tbody tr');
    expect(await rows.count()).toBe(sample.reps.length);
    const withAccounts = new Set(sample.accounts.flatMap((a) => (a.currentRepId !== undefined && sample.reps.some((r) => r.id === a.currentRepId) ? [a.currentRepId] : []))).size;
    expect(await territoryShapes(page)).toBe(withAccounts);
    // What a person reads: a rep's name with its workload and utilisation, the capacity report in words.
    const firstRep = sample.reps[0]!;
    await expect.poll(() => rows.first().textContent()).toContain(firstRep.name ?? firstRep.id);
    expect(await rows.first().textContent()).toMatch(/\d+ h · \d+\.\d% of capacity/);
    expect(await page.locator('#capacity').textContent()).toMatch(/demand [\d,]+ h a year against capacity [\d,]+ h .* needs \d+\.\d reps/);
    await finish('load-sample');
  });

  it('solves with live progress to the end, and shows the plan with its proof', async () => {
    const { page, finish } = await h.open('/?sample=tiny');
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await page.fill('#time-limit', '5');
    await page.click('#solve');
    await page.waitForSelector('#phase[data-status="succeeded"]', { timeout: 60_000 });
    expect(await page.locator('#phase').textContent()).toBe('done');
    expect(Number(await page.locator('#progress-chart').getAttribute('data-samples'))).toBeGreaterThan(0);
    expect(await page.locator('#elapsed').textContent()).toMatch(/^\d+\.\d s$/);
    await expect.poll(() => page.locator('[data-testid="proof-text"]').textContent()).toMatch(/Objective [\d,]+ .*(proven the best possible|better than this one)/);
    expect(await page.locator('#status').textContent()).toMatch(/Solved \((optimal|feasible|timedout)\)/);
    expect(await territoryShapes(page)).toBe(tiny.reps.length);
    await finish('solve');
  });

  it('reassigns an account by clicking it on the map, shows the rescored violation, and undoes and redoes it', async () => {
    const { page, finish } = await h.open('/?sample=tiny');
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await page.fill('#time-limit', '5');
    await page.click('#solve');
    await page.waitForSelector('#phase[data-status="succeeded"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Solved/);
    const pforzheim = tiny.accounts.find((a) => a.id === 'pforzheim')!;
    await clickAccount(page, pforzheim.lat!, pforzheim.lon!);
    await expect.poll(() => page.locator('[data-testid="selected-account"]').textContent()).toContain('Pforzheim');
    const owner = /owner (\w+)/.exec((await page.locator('[data-testid="selected-account"]').textContent())!)![1]!;
    const other = owner === 'anna' ? 'ben' : 'anna';
    await page.selectOption('#reassign-rep', other);
    await page.click('#reassign');
    // Rescored through POST /v1/evaluate: the broken rule is named, with the rep and the numbers.
    await expect.poll(() => page.locator('[data-testid="verdict"]').textContent(), { timeout: 15_000 }).toMatch(/breaks \d+ rules? .* above the proven bound|breaks \d+ rules?/);
    const violation = page.locator('#violations li').first();
    expect(await violation.getAttribute('data-family')).toMatch(/workload-band|value-band|capacity/);
    expect(await violation.textContent()).toMatch(/rep (anna|ben) .*\d/);
    expect(await page.locator('[data-testid="proof-text"]').textContent()).toMatch(/breaks/);
    await expect.poll(() => page.locator('[data-testid="selected-account"]').textContent()).toContain(`owner ${other}`);
    await page.screenshot({ path: 'var/screenshots/edit-violation.png' });

    await page.click('#undo');
    await expect.poll(() => page.locator('[data-testid="verdict"]').textContent(), { timeout: 15_000 }).toMatch(/keeps every rule and is (as good as the proven bound|\d+\.\d% above the proven bound)/);
    expect(await page.locator('#violations li').count()).toBe(0);
    await page.click('#redo');
    await expect.poll(() => page.locator('#violations li').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // A lock is an edit too: lock the account where it now is, and it stays locked after undo of nothing else.
    await page.check('#lock-account');
    await expect.poll(() => page.locator('#selected label').textContent()).toMatch(new RegExp(`locked to ${other}`));
    await finish('edit');
  });
});
