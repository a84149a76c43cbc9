/**
 * Result files are rendered in the parse pool (workers/render-worker.ts), never on the event loop:
 * one pool task per non-JSON result and none for JSON; the same bytes as rendering on the main
 * thread; problems kept as text, as a file (OFFTHREAD_BODY_BYTES lowered so the tiny sample takes the
 * large-body path) and as a scenario's base plus variant; a failure in the thread is TD_ERR_INTERNAL;
 * and /health answers while a large workbook is being built.
 */
import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import type { ProblemInput, Variant } from '../../solver/index.ts';
import { jobProblem } from '../../src/jobs/job-problem.ts';
import { renderResult, type ResultFormat } from '../../src/results/render.ts';
import { buildTestApp, getJob, pollUntil, readFixture, submitOk, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tiny = readFixture('tiny.json');
/** Every account renamed: the CRM export's account_name shows whether the variant was applied. */
const renamed: Variant = { name: 'renamed', patch: { accounts: tiny.accounts.map((a) => ({ ...a, name: `V ${a.name ?? a.id}` })) } };

interface ScenarioView {
  status: 'running' | 'done';
  variants: Array<JobView & { name: string }>;
}

async function rowsOf(bytes: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0]!.rowCount;
}

/** The job's result as the main thread would render it (the text formats: the same bytes). */
async function mainThread(t: TestApp, id: string, format: ResultFormat): Promise<string> {
  const problem = await jobProblem(t.app.store, id);
  const rendered = await renderResult(format, (await t.app.store.resultText(id))!, () => problem);
  return rendered.body.toString();
}

async function finishedScenario(t: TestApp, base: ProblemInput): Promise<ScenarioView> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base, variants: [renamed], options: { timeLimitSeconds: 10 } } });
  expect(res.statusCode).toBe(202);
  return pollUntil(async () => (await t.app.inject({ url: res.headers.location as string })).json<ScenarioView>(), (s) => s.status === 'done', { timeoutMs: 60_000, intervalMs: 100, what: 'the scenario to be done' });
}

async function expectVariantRendered(t: TestApp, base: ProblemInput) {
  const scenario = await finishedScenario(t, base);
  const variant = scenario.variants.find((v) => v.name === 'renamed')!;
  expect(variant.status).toBe('succeeded');
  const res = await t.app.inject({ url: `/v1/jobs/${variant.id}/result?format=crm-csv&columns=accountName` });
  expect(res.statusCode).toBe(200);
  expect(res.body.trim().split(/\r?\n/).slice(1).sort()).toEqual(tiny.accounts.map((a) => `V ${a.name ?? a.id}`).sort());
  const xlsx = await t.app.inject({ url: `/v1/jobs/${variant.id}/result?format=xlsx` });
  expect(xlsx.statusCode).toBe(200);
  expect(xlsx.headers['content-type']).toBe(XLSX);
}

describe('result files rendered in the parse pool', () => {
  let t: TestApp;
  let job: JobView;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
    job = await submitOk(t.app, { problem: tiny });
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs one pool task per non-JSON result and none for JSON; the text formats are the main thread\'s bytes', async () => {
    for (const url of [job.links.result, `${job.links.result}?format=json`]) {
      const before = t.app.parsePool.completed;
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe((await t.app.store.resultText(job.id)));
      expect(t.app.parsePool.completed).toBe(before);
    }
    for (const format of ['csv', 'geojson', 'crm-csv'] as const) {
      const before = t.app.parsePool.completed;
      const res = await t.app.inject({ url: `${job.links.result}?format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(t.app.parsePool.completed).toBe(before + 1);
      expect(res.body).toBe(await mainThread(t, job.id, format));
    }
    for (const format of ['xlsx', 'crm-xlsx'] as const) {
      const before = t.app.parsePool.completed;
      const res = await t.app.inject({ url: `${job.links.result}?format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(t.app.parsePool.completed).toBe(before + 1);
      expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
      expect(await rowsOf(res.rawPayload)).toBeGreaterThan(1);
    }
  });

  it('renders a scenario variant\'s result from the base with the variant applied', async () => {
    await expectVariantRendered(t, tiny);
  });

  it('answers /health while a large workbook is being built', async () => {
    // A plan of 3,000 accounts, however long the machine takes to find one: the job is cancelled once
    // it has a plan (a cancelled job keeps its best plan), not cut by a time limit that might come first.
    const big = await submitOk(t.app, { problem: generateProblem({ accounts: 3000, reps: 20, seed: 5 }), options: { timeLimitSeconds: 600 } });
    await pollUntil(() => getJob(t.app, big.id), (j) => j.progress.incumbent !== null, { timeoutMs: 300_000, what: 'a first plan' });
    await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${big.id}` });
    expect((await waitForEnd(t.app, big.id, 120_000)).status).toBe('cancelled');
    const order: string[] = [];
    // Four renderings queue behind each other on the pool's threads: /health must not wait for them.
    // (Several, so that the check does not hang on one rendering outlasting one inject on a busy machine.)
    const exports = Array.from({ length: 4 }, () => t.app.inject({ url: `${big.links.result}?format=crm-xlsx` }).then((res) => {
      order.push('export');
      return res;
    }));
    // Until a parse thread has taken one (or, were they rendered here, until one is done).
    const pool = t.app.parsePool;
    const inPool = () => pool.queueSize > 0 || pool.idleThreads < pool.threads.length;
    await pollUntil(async () => inPool() || order.length > 0, Boolean, { intervalMs: 1, what: 'the rendering to reach the parse pool' });
    const health = await t.app.inject({ url: '/health' });
    order.push('health');
    expect(health.statusCode).toBe(200);
    for (const res of await Promise.all(exports)) {
      expect(res.statusCode).toBe(200);
      expect(await rowsOf(res.rawPayload)).toBe(3000 + 1);
    }
    // Rendered on the event loop, all four would be done before /health could answer.
    expect(order.indexOf('health')).toBeLessThan(4);
  });
});

describe('result files of problems kept as files', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ OFFTHREAD_BODY_BYTES: '200' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renders CSV and xlsx from the problem\'s file', async () => {
    const job = await submitOk(t.app, { problem: tiny, options: { timeLimitSeconds: 5 } });
    expect((await t.app.store.problemSource(job.id))).toHaveProperty('problemFile');
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
    const csv = await t.app.inject({ url: `${job.links.result}?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="assignments.csv"');
    expect(csv.body).toBe(await mainThread(t, job.id, 'csv'));
    const xlsx = await t.app.inject({ url: `${job.links.result}?format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="territory-plan.xlsx"');
    expect(await rowsOf(xlsx.rawPayload)).toBeGreaterThan(1);
  });

  it('renders a scenario variant\'s result from the base\'s file with the variant applied', async () => {
    await expectVariantRendered(t, tiny);
  });

  it('answers TD_ERR_INTERNAL when the thread fails (the problem\'s file is gone)', async () => {
    const job = await submitOk(t.app, { problem: tiny, options: { timeLimitSeconds: 5 } });
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
    const source = (await t.app.store.problemSource(job.id))!;
    rmSync((source as { problemFile: string }).problemFile);
    const res = await t.app.inject({ url: `${job.links.result}?format=csv` });
    expect(res.statusCode).toBe(500);
    expect(res.json<ProblemBody>().code).toBe('TD_ERR_INTERNAL');
    // JSON never reads the problem.
    expect((await t.app.inject({ url: job.links.result })).statusCode).toBe(200);
  });
});
