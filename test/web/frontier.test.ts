/**
 * The disruption frontier and hiring on the planner's page, in a real headless Chromium against the
 * real server: a frontier of 3 points of the tiny sample plotted and tabled as GET /v1/frontier/:id
 * gives it, a point opened as the plan on the map and in the panel; a problem with candidateSites
 * and hire solved on the page shows the chosen site. Each fails on a console error and leaves a
 * screenshot in var/screenshots.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/index.ts';
import { solveLoaded, startHarness, type Harness } from './support/browser.ts';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;

/**
 * The tiny sample with room for any alignment (soft bands, ample capacity) and four accounts with
 * the far rep today: every budget has a plan and each move saves travel, so the frontier has
 * several points to plot (the tiny sample's budget 0 has none, the large sample's take long).
 */
const crossed: ProblemInput = {
  ...tiny,
  name: 'tiny, crossed',
  balance: { mode: 'soft', workloadTolerance: 0.1, valueTolerance: 0.2 },
  reps: tiny.reps.map((r) => ({ ...r, capacity: r.capacity * 3 })),
  accounts: tiny.accounts.map((a) => ({ ...a, currentRepId: ({ karlsruhe: 'anna', 'baden-baden': 'anna', ludwigsburg: 'ben', esslingen: 'ben' } as Record<string, string>)[a.id] ?? a.currentRepId })),
};
const asFile = (name: string, problem: ProblemInput) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(problem)) });

interface Row { index: number; plan: boolean; moves: number | null; travel: number | null; dominated: boolean }

describe('the frontier and hiring on the planner\'s page', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('runs a frontier of 3 points, plots and tables what GET /v1/frontier/:id gives, and opens a point as the plan', async () => {
    const { page, finish } = await h.open('/');
    await page.setInputFiles('#problem-file', asFile('crossed.json', crossed));
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await page.fill('#frontier-points', '3');
    await page.fill('#frontier-seconds', '2');
    await page.click('#run-frontier');
    await page.waitForSelector('#frontier-status[data-status="succeeded"]', { timeout: 90_000 });
    const id = await page.locator('#frontier-status').getAttribute('data-job');
    const view = await (await fetch(`${h.server.url}/v1/frontier/${id}`)).json() as { frontier: { points: Row[] } };
    const rows = view.frontier.points;
    expect(rows.filter((r) => r.plan).length).toBeGreaterThan(1);
    // One dot per point with a plan, one table row per point (those without a plan listed, not plotted).
    expect(await page.locator('#frontier-chart circle.point').count()).toBe(rows.filter((r) => r.plan).length);
    expect(await page.locator('#frontier-chart circle.point.dominated').count()).toBe(rows.filter((r) => r.plan && r.dominated).length);
    expect(await page.locator('[data-testid="frontier-table"] tbody tr').count()).toBe(rows.length);
    for (const r of rows) {
      expect(await page.locator(`[data-testid="frontier-table"] tr[data-index="${r.index}"] td.moves`).textContent()).toBe(r.moves === null ? '—' : String(r.moves));
    }

    // A point whose dot no other dot covers (same moves and travel), clicked as a person would.
    const withPlan = rows.filter((r) => r.plan);
    const pick = [...withPlan].reverse().find((r) => withPlan.filter((o) => o.moves === r.moves && o.travel === r.travel).length === 1) ?? withPlan.at(-1)!;
    await page.locator(`#frontier-chart circle[data-index="${pick.index}"]`).click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`frontier ${id} point ${pick.index} .*: ${pick.moves} moves? `));
    const point = await (await fetch(`${h.server.url}/v1/frontier/${id}/points/${pick.index}`)).json() as { moves: unknown[]; territories: Array<{ repId: string }> };
    expect(point.moves).toHaveLength(pick.moves!);
    // On the map, one dashed line per move (every rep of the tiny sample has a home); in the panel, its territories.
    expect(Number(await page.locator('#map').getAttribute('data-moves'))).toBe(pick.moves);
    expect(await page.locator('[data-testid="territory-table"] tbody tr').count()).toBe(point.territories.length);
    expect(await page.locator(`[data-testid="frontier-table"] tr[data-index="${pick.index}"]`).getAttribute('class')).toMatch(/chosen/);
    expect(await page.locator(`#frontier-chart circle[data-index="${pick.index}"]`).getAttribute('class')).toMatch(/chosen/);
    await finish('frontier');
  });

  it('cancels a frontier: the job ends cancelled and the page says so', async () => {
    // The sample, not the tiny one: its points take their time, so the cancel comes while one runs.
    const { page, finish } = await h.open('/?sample=1');
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await page.fill('#frontier-points', '6');
    await page.fill('#frontier-seconds', '30');
    await page.click('#run-frontier');
    await page.waitForSelector('#frontier-status[data-job]');
    await page.click('#cancel-frontier');
    await page.waitForSelector('#frontier-status[data-status="cancelled"]', { timeout: 60_000 });
    expect(await page.locator('#run-frontier').isEnabled()).toBe(true);
    expect(await page.locator('#frontier-status').textContent()).toMatch(/^cancelled: \d+ points/);
    await finish('frontier-cancel');
  });

  it('shows the chosen site of a problem with candidateSites and hire, and marks its rep home on the map', async () => {
    const problem: ProblemInput = {
      ...tiny,
      name: 'tiny with a hire',
      balance: { mode: 'soft', workloadTolerance: 0.1, valueTolerance: 0.2 },
      candidateSites: [{ id: 'heilbronn', name: 'Heilbronn', lat: 49.13995, lon: 9.22054 }, { id: 'pforzheim', name: 'Pforzheim', lat: 48.88436, lon: 8.69892 }],
      hire: { role: 'field', count: 1, capacity: 60 },
    };
    const { page, finish } = await h.open('/');
    await page.setInputFiles('#problem-file', asFile('hire.json', problem));
    await solveLoaded(page);
    await page.waitForSelector('[data-testid="hired-sites"] tbody tr', { timeout: 15_000 });
    const site = await page.locator('[data-testid="hired-sites"] tbody tr').first();
    const siteName = await site.locator('td').first().textContent();
    expect(['Heilbronn', 'Pforzheim']).toContain(siteName);
    const repId = await site.locator('td').nth(1).textContent();
    expect(repId).toMatch(/^hire-(heilbronn|pforzheim)$/);
    // The new rep is in the territory panel and its home on the map.
    expect(await page.locator(`[data-testid="territory-table"] tr[data-rep="${repId}"]`).count()).toBe(1);
    expect(await page.locator('#map').getAttribute('data-hired-homes')).toBe('1');
    expect(await page.locator('.rep-home.hired').count()).toBe(1);
    await finish('hiring');
  });
});
