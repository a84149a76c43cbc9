/**
 * The CRM round trip: solve the Bavaria / Baden-Württemberg sample with the real solver, export the
 * plan as CSV and as .xlsx (default and CRM-named columns), read the files back with the importer's
 * table reader (src/imports/table.ts), and find each account with the plan's owner. Then import the
 * export as an accounts file (its owner column as today's owner): today's territories of that
 * problem are the plan's.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentAlignment, evaluateAlignment, solve, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { readTable, type Table } from '../../src/imports/table.ts';
import { crmColumnsSchema } from '../../src/results/crm-columns.ts';
import { toCrmCsv, toCrmXlsx } from '../../src/results/crm-export.ts';
import { makeProblem } from '../solver/support/fixtures.ts';

const sampleInput = JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput;

/** A CRM's names for the columns its import wizard maps. */
const CRM_NAMES = 'accountId:Account ID,accountName:Account Name,newOwnerId:Owner ID,previousOwnerId:Previous Owner ID,moved:Moved,segment:Tier,lat:Latitude,lon:Longitude,value:Annual Revenue';

function column(table: Table, header: string): Array<string | number | boolean | Date | null> {
  const c = table.headers.indexOf(header);
  expect(c, `${table.source} has a column "${header}"`).toBeGreaterThanOrEqual(0);
  return table.rows.map((r) => r.cells[c]!);
}

/** An accounts file read back: account id -> owner id, as text. */
function owners(table: Table, idHeader: string, ownerHeader: string): Map<string, string> {
  const ids = column(table, idHeader);
  const reps = column(table, ownerHeader);
  return new Map(ids.map((id, k) => [String(id), String(reps[k])]));
}

describe('the CRM round trip on the sample', () => {
  let problem: Problem;
  let result: TerritoryResult;
  let plan: Map<string, string>;
  const encoder = new TextEncoder();

  beforeAll(async () => {
    problem = makeProblem(sampleInput);
    // Whatever plan the time allows: the test compares the files with it, not with an optimum.
    result = await solve(problem, { highs: highsFactory, timeLimitSeconds: 5 });
    // A longer limit only when the short one found no plan (a busy machine).
    for (const seconds of [30, 120]) if (result.assignments.length === 0) result = await solve(problem, { highs: highsFactory, timeLimitSeconds: seconds });
    expect(result.assignments).toHaveLength(problem.accounts.length);
    plan = new Map(result.assignments.map((a) => [a.accountId, a.repId]));
  }, 200_000);

  it('CSV and .xlsx with default columns read back with the plan\'s owner for every account', async () => {
    const csv = await readTable('plan.csv', encoder.encode(toCrmCsv(problem, result)));
    const xlsx = await readTable('plan.xlsx', await toCrmXlsx(problem, result));
    for (const table of [csv, xlsx]) {
      expect(table.rows).toHaveLength(problem.accounts.length);
      expect(owners(table, 'account_id', 'owner_id')).toEqual(plan);
      const moved = column(table, 'moved');
      const movedIds = new Set(result.moves.map((m) => m.accountId));
      expect(column(table, 'account_id').filter((_, k) => moved[k] === 'yes').map(String).sort()).toEqual([...movedIds].sort());
    }
  });

  it('with a CRM\'s column names, both files read back with the plan\'s owners', async () => {
    const columns = crmColumnsSchema.parse(CRM_NAMES);
    const csv = await readTable('plan.csv', encoder.encode(toCrmCsv(problem, result, columns)));
    const xlsx = await readTable('plan.xlsx', await toCrmXlsx(problem, result, columns));
    for (const table of [csv, xlsx]) {
      expect(table.headers).toEqual(columns.map((c) => c.header));
      expect(owners(table, 'Account ID', 'Owner ID')).toEqual(plan);
    }
  });

  it('imported again as the accounts of the problem, today\'s alignment is the plan: same territories, no new accounts', async () => {
    for (const table of [
      await readTable('plan.csv', encoder.encode(toCrmCsv(problem, result, crmColumnsSchema.parse(CRM_NAMES)))),
      await readTable('plan.xlsx', await toCrmXlsx(problem, result, crmColumnsSchema.parse(CRM_NAMES))),
    ]) {
      const [ids, names, reps, tiers, lats, lons, values] = ['Account ID', 'Account Name', 'Owner ID', 'Tier', 'Latitude', 'Longitude', 'Annual Revenue'].map((h) => column(table, h));
      const accounts = ids!.map((id, k) => {
        const original = problem.accounts.find((a) => a.id === String(id))!;
        return {
          ...original,
          id: String(id), name: String(names![k]), currentRepId: String(reps![k]), segment: String(tiers![k]),
          lat: Number(lats![k]), lon: Number(lons![k]), value: Number(values![k]),
        };
      });
      const imported = makeProblem({ ...sampleInput, accounts });
      const today = evaluateAlignment(imported, currentAlignment(imported));
      expect(today.unassigned, table.format).toEqual([]);
      today.territories.forEach((t, j) => {
        const r = result.territories[j]!;
        expect(t.repId).toBe(r.repId);
        expect(t.accounts).toBe(r.accounts);
        expect(t.accountsBySegment).toEqual(r.accountsBySegment);
        expect(t.value).toBe(r.value);
        expect(t.workload.total).toBeCloseTo(r.workload.total, 6);
        expect(t.travelKm).toBeCloseTo(r.travelKm, 6);
      });
    }
  });
});
