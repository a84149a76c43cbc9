/**
 * The exports on the real app: a job's result as the territory workbook (?format=xlsx, or by Accept)
 * and as the CRM plan export (?format=crm-csv, crm-xlsx, with ?columns=), each opened with a
 * spreadsheet library and checked against the job's JSON result; a bad column list is a 400 that
 * names the parameter.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryResult } from '../../solver/index.ts';
import { openApiDocument } from './support/openapi.ts';
import { buildTestApp, readFixture, submitOk, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tiny = readFixture('tiny.json');

describe('result exports', () => {
  let t: TestApp;
  let job: JobView;
  let result: TerritoryResult;

  beforeAll(async () => {
    t = await buildTestApp();
    job = await submitOk(t.app, { problem: tiny });
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
    result = (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return workbook;
  }

  it('?format=xlsx and Accept: xlsx give the territory workbook as an attachment', async () => {
    const byQuery = await t.app.inject({ url: `${job.links.result}?format=xlsx` });
    const byAccept = await t.app.inject({ url: job.links.result, headers: { accept: XLSX } });
    for (const res of [byQuery, byAccept]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe('attachment; filename="territory-plan.xlsx"');
      const workbook = await workbookOf(res.rawPayload);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Moves', 'New accounts', 'Capacity', 'Proof']);
      const summary = workbook.getWorksheet('Summary')!;
      const headers = (summary.getRow(1).values as unknown[]).slice(1);
      const plan = headers.indexOf('Accounts plan') + 1;
      result.territories.forEach((tr, j) => {
        expect(summary.getRow(j + 2).getCell(1).value).toBe(tr.repId);
        expect(summary.getRow(j + 2).getCell(plan).value).toBe(tr.accounts);
      });
      const moves = workbook.getWorksheet('Moves')!;
      expect(moves.rowCount - 1).toBe(result.moves.length);
      expect(workbook.getWorksheet('Proof')!.getRow(2).values).toEqual([undefined, 'Status', result.solver.status]);
    }
  });

  it('?format=crm-csv with ?columns= gives the plan export under the CRM\'s headers', async () => {
    const columns = encodeURIComponent('accountId:Account ID,newOwnerId:OwnerId,moved:Moved?,kmToNewOwner');
    const res = await t.app.inject({ url: `${job.links.result}?format=crm-csv&columns=${columns}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="crm-plan.csv"');
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(['Account ID', 'OwnerId', 'Moved?', 'km_to_owner']);
    const moved = new Set(result.moves.map((m) => m.accountId));
    expect(rows.map((r) => [r['Account ID'], r.OwnerId, r['Moved?']])).toEqual(result.assignments.map((a) => [a.accountId, a.repId, moved.has(a.accountId) ? 'yes' : 'no']));

    const all = await t.app.inject({ url: `${job.links.result}?format=crm-csv` });
    expect(all.body.split('\n')[0]).toBe('account_id,account_name,segment,owner_id,owner_name,previous_owner_id,previous_owner_name,moved,move_reason,km_to_owner,lat,lon,value,move_explanation');
  });

  it('?format=crm-xlsx gives the plan export on one sheet', async () => {
    const res = await t.app.inject({ url: `${job.links.result}?format=crm-xlsx&columns=${encodeURIComponent('newOwnerId:Owner,accountId:Account')}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="crm-plan.xlsx"');
    const sheet = (await workbookOf(res.rawPayload)).getWorksheet('Plan')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Owner', 'Account']);
    const rows: unknown[][] = [];
    for (let r = 2; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows).toEqual(result.assignments.map((a) => [a.repId, a.accountId]));
  });

  it('a bad column list is a 400 naming querystring.columns and what is wrong', async () => {
    for (const [query, message] of [
      ['format=crm-csv&columns=accountId,owner', 'unknown field "owner"'],
      ['format=crm-xlsx&columns=accountId:Id,newOwnerId:ID', 'the same header'],
      ['format=crm-csv&columns=', 'is empty'],
      ['format=csv&columns=accountId', 'applies to format=crm-csv and format=crm-xlsx only'],
      ['columns=accountId', 'applies to format=crm-csv and format=crm-xlsx only'],
    ] as const) {
      const res = await t.app.inject({ url: `${job.links.result}?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json<ProblemBody>();
      expect(body.code).toBe('TD_ERR_VALIDATION');
      expect(body.errors?.[0]?.path).toBe('querystring.columns');
      expect(body.errors?.[0]?.message, query).toContain(message);
    }
  });

  it('an unknown ?format lists the new formats among those it accepts', async () => {
    const res = await t.app.inject({ url: `${job.links.result}?format=xls` });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemBody>().errors?.[0]?.path).toBe('querystring.format');
    expect(res.json<ProblemBody>().errors?.[0]?.message).toContain('crm-xlsx');
  });

  it('the OpenAPI document lists the formats, the columns parameter and the xlsx media type', async () => {
    const doc = await openApiDocument(t.app);
    const op = doc.paths['/v1/jobs/{id}/result']!.get!;
    const params = op.parameters as Array<{ name: string; in: string; description?: string; schema?: { enum?: string[] } }>;
    expect(params.find((p) => p.name === 'format')?.schema?.enum).toEqual(['json', 'geojson', 'csv', 'xlsx', 'crm-csv', 'crm-xlsx']);
    const columns = params.find((p) => p.name === 'columns');
    expect(columns?.in).toBe('query');
    expect(columns?.description).toContain('newOwnerId');
    expect(Object.keys(op.responses!['200']!.content!)).toContain(XLSX);
  });
});
