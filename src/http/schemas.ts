/**
 * The HTTP boundary's schemas: request bodies, query strings and responses. The same zod schemas
 * validate requests and generate the OpenAPI document at /docs. The request bodies carry a complete,
 * valid example (data/tiny.json, the problem `territory example` prints), so "Try it out" works as
 * shown.
 */
import { z } from 'zod';
import tinyProblem from '../../data/tiny.json' with { type: 'json' };
import { documented } from '../../solver/documented.ts';
import { problemSchema, variantSchema, type ProblemInput } from '../../solver/index.ts';
import { JOB_KINDS, JOB_STATUSES } from '../jobs/store.ts';
import { frontierProgressSchema } from './frontier-progress-schema.ts';
import { CRM_FIELDS, crmColumnsSchema } from '../results/crm-columns.ts';
import { RESULT_FORMATS } from '../results/render.ts';
import { decodeCursor } from './cursor.ts';

export const CURSOR_MESSAGE = 'must be a nextCursor returned by this endpoint';

/** data/tiny.json: 12 accounts, 3 reps, solved to optimality in well under a second. */
const exampleProblem = tinyProblem as ProblemInput;

export const problemField = (description: string) => documented(problemSchema, description, exampleProblem);

export const jobOptionsSchema = z.strictObject({
  timeLimitSeconds: documented(z.number().positive(), 'Seconds the solver may search, overriding the problem\'s options.timeLimitSeconds; capped by the server (MAX_TIME_LIMIT_SECONDS for jobs, SYNC_TIME_LIMIT_SECONDS for /v1/solve).', 10).optional(),
});

export { exampleProblem };

const jobOptionsField = documented(jobOptionsSchema, 'Options of this request. Default: the problem\'s own options.', { timeLimitSeconds: 10 });

export const webhookUrlField = documented(z.url({ protocol: /^https?$/ }), 'An http(s) URL that is POSTed the job outcome (id, status, plan, solver facts) when the job ends, retried with backoff and signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Its host must be public: literal loopback, private, link-local and similar addresses and localhost are refused, and a name resolving to one is refused at delivery, unless WEBHOOK_ALLOW_HOSTS names the host. Redirects are not followed.', 'https://crm.example.com/hooks/territory');

export const submitJobSchema = z.strictObject({
  problem: problemField('The territory design problem to solve (see docs/problem-format.md).'),
  options: jobOptionsField.optional(),
  webhookUrl: webhookUrlField.optional(),
}).meta({ description: 'A problem to solve as a job.', example: { problem: exampleProblem, options: { timeLimitSeconds: 10 } } });

export const solveBodySchema = z.strictObject({
  problem: problemField('The territory design problem to solve, at most SYNC_MAX_ACCOUNTS accounts (default 500).'),
  options: jobOptionsField.optional(),
}).meta({ description: 'A small problem to solve while the client waits.', example: { problem: exampleProblem, options: { timeLimitSeconds: 10 } } });

export const scenarioBodySchema = z.strictObject({
  base: problemField('The base problem every variant starts from.'),
  variants: documented(z.array(variantSchema).min(1).max(50), 'The what-if variants (1 to 50), each run as a job of its own.', [
    { name: 'extra-field-rep', addReps: [{ id: 'dora', name: 'Dora (field, Pforzheim)', lat: 48.88436, lon: 8.69892, role: 'field', capacity: 100 }] },
  ]),
  includeBase: documented(z.boolean(), 'Also solve the base problem, as a variant named "base". Default true.', true).default(true),
  options: jobOptionsField.optional(),
}).meta({
  description: 'A base problem and named what-if variants, solved in parallel.',
  example: {
    base: exampleProblem,
    variants: [
      { name: 'extra-field-rep', addReps: [{ id: 'dora', name: 'Dora (field, Pforzheim)', lat: 48.88436, lon: 8.69892, role: 'field', capacity: 100 }] },
      { name: 'b-quarterly', callPatterns: [{ segment: 'B', role: 'field', callsPerYear: 4, minutesPerCall: 45, channel: 'in_person' }] },
    ],
    options: { timeLimitSeconds: 10 },
  },
});

export const progressSchema = z.object({
  phase: documented(z.string(), 'What the solver is doing: queued, starting, hire (choosing where to hire and whom to let go), compile, heuristic, diagnose, the large-model phases, done or cancelled.', 'heuristic'),
  percent: documented(z.number(), 'Share of the time limit used, in percent (100 once the job has ended).', 42.5),
  incumbent: documented(z.number().nullable(), 'Objective of the best plan found so far; null before the first plan.', 2878.16),
  bound: documented(z.number().nullable(), 'Proven lower bound so far; null while none is known.', 2850.2),
  gap: documented(z.number().nullable(), '(incumbent - bound) / |incumbent| so far, a fraction; null without both.', 0.0097),
  frontier: documented(frontierProgressSchema, 'Frontier jobs only (POST /v1/frontier): the points solved so far; percent counts the solves planned, and phase, incumbent, bound and gap are those of the point under way.', { planned: 4, points: [] }).optional(),
});

const jobErrorSchema = z.object({
  code: documented(z.string(), 'Why the job failed: TD_ERR_WORKER_FAILED (its thread crashed or ran out of memory) or TD_ERR_DEADLINE_EXCEEDED (the solver overran its time limit and grace).', 'TD_ERR_WORKER_FAILED'),
  message: documented(z.string(), 'The failure in words.', 'The worker thread failed: out of memory'),
});

const exampleId = '3f2c8a4e-6b1d-4f5a-9c7e-2d8b1a0e5f6c';
const exampleLinks = { self: `/v1/jobs/${exampleId}`, result: `/v1/jobs/${exampleId}/result`, events: `/v1/jobs/${exampleId}/events` };

export const jobSchema = z.object({
  id: documented(z.string(), 'The job id.', exampleId),
  kind: documented(z.enum(JOB_KINDS), 'What the job computes: solve (POST /v1/jobs, a scenario\'s variants) or frontier (POST /v1/frontier: its result is the frontier\'s table).', 'solve'),
  status: documented(z.enum(JOB_STATUSES), 'queued, running, succeeded (the solver ran to its end: read solver.status in the result), failed (see error) or cancelled.', 'running'),
  progress: documented(progressSchema, 'The latest progress the solver reported.', { phase: 'heuristic', percent: 42.5, incumbent: 2878.16, bound: 2850.2, gap: 0.0097 }),
  createdAt: documented(z.string(), 'When the job was submitted (ISO 8601, UTC).', '2025-01-15T09:30:00.000Z'),
  startedAt: documented(z.string().nullable(), 'When a thread started solving it; null while queued.', '2025-01-15T09:30:00.120Z'),
  finishedAt: documented(z.string().nullable(), 'When it ended; null until then.', null),
  timeLimitSeconds: documented(z.number(), 'The time limit the job runs under, in seconds (after the server\'s cap).', 30),
  attempts: documented(z.number(), 'How many times a thread started it (a restart reruns jobs that were running).', 1),
  scenarioId: documented(z.string().nullable(), 'The scenario the job belongs to; null for a plain job.', null),
  variant: documented(z.string().nullable(), 'The scenario variant the job solves; null for a plain job.', null),
  error: documented(jobErrorSchema, 'Only on failed jobs: what went wrong.', { code: 'TD_ERR_WORKER_FAILED', message: 'The worker thread failed: out of memory' }).optional(),
  links: documented(z.object({
    self: documented(z.string(), 'This job.', exampleLinks.self),
    result: documented(z.string(), 'Its result, once it has ended (JSON; ?format= geojson, csv, xlsx, crm-csv or crm-xlsx).', exampleLinks.result),
    events: documented(z.string(), 'Its progress as server-sent events.', exampleLinks.events),
    frontier: documented(z.string(), 'Frontier jobs only: the frontier, with its table once the job has ended.', `/v1/frontier/${exampleId}`).optional(),
  }), 'Where to read more about the job.', exampleLinks),
}).describe('A solve job and its progress.');

export const listJobsQuerySchema = z.object({
  status: documented(z.enum(JOB_STATUSES), 'Only jobs in this status.', 'succeeded').optional(),
  limit: documented(z.coerce.number().int().min(1).max(500), 'Jobs per page (1 to 500). Default 50.', 50).default(50),
  cursor: documented(
    z.string().refine((c) => decodeCursor(c) !== null, CURSOR_MESSAGE),
    'The nextCursor of the previous page.',
    'eyJjcmVhdGVkQXQiOiIyMDI2LTEyLTAxVDEwOjAwOjAwLjAwMFoiLCJpZCI6IjEyMyJ9',
  ).optional(),
});

export const jobListSchema = z.object({
  jobs: documented(z.array(jobSchema), 'Jobs, newest first.', []),
  nextCursor: documented(z.string().nullable(), 'Pass as cursor to get the next page; null on the last page.', 'eyJjcmVhdGVkQXQiOiIyMDI2LTEyLTAxVDEwOjAwOjAwLjAwMFoiLCJpZCI6IjEyMyJ9'),
});

/** Longest job or scenario id accepted (ours are UUIDs); the router refuses longer path parameters with 414. */
export const MAX_ID_LENGTH = 100;

export { exampleId as exampleJobId };

export const jobIdParamsSchema = z.object({ id: documented(z.string().min(1).max(MAX_ID_LENGTH), 'The job id (from the submission\'s Location header or body).', exampleId) });

export const scenarioIdParamsSchema = z.object({ id: documented(z.string().min(1).max(MAX_ID_LENGTH), 'The scenario id (from the submission\'s Location header or body).', exampleId) });

export const deleteJobQuerySchema = z.object({
  /** Delete an ended job with its problem and result now, instead of cancelling. */
  purge: z.enum(['true', 'false']).optional(),
});

export const resultQuerySchema = z.object({
  format: documented(z.enum(RESULT_FORMATS), 'json (default), geojson, csv (the assignments), xlsx (the territory workbook: Summary today and plan, Moves, New accounts, Capacity, Proof), crm-csv or crm-xlsx (the plan export a CRM imports); wins over the Accept header.', 'json').optional(),
  columns: documented(crmColumnsSchema, `crm-csv and crm-xlsx only: the columns to write, in order, each as field or field:Header (the header the CRM's import wizard expects), separated by commas. Fields: ${Object.keys(CRM_FIELDS).join(', ')}. Default: every field under its default header (${Object.values(CRM_FIELDS).join(', ')}).`, 'accountId:Account ID,newOwnerId:OwnerId,moved:Moved').optional(),
});

export const idempotencyHeadersSchema = z.object({
  'idempotency-key': documented(z.string().min(1).max(200), 'Makes the submission safe to retry: the same key and body return the job created the first time (header idempotent-replayed: true); the same key with another body is 422.', 'crm-run-2025-01-15').optional(),
}).loose();

export const problemDetailsSchema = z.object({
  type: documented(z.string(), 'A URI naming the error: urn:territory:error:<code>.', 'urn:territory:error:TD_ERR_VALIDATION'),
  title: documented(z.string(), 'The HTTP status in words.', 'Bad Request'),
  status: documented(z.number(), 'The HTTP status code.', 400),
  detail: documented(z.string(), 'What went wrong, for a person (the first field errors and how many there are).', 'problem.accounts[17].lat: expected number, received string'),
  code: documented(z.string(), 'Stable error code to switch on (TD_ERR_*, registry: src/errors.ts).', 'TD_ERR_VALIDATION'),
  instance: documented(z.string(), 'The request path that failed.', '/v1/jobs').optional(),
  errors: documented(z.array(z.object({
    path: documented(z.string(), 'JSON path of the bad field from the root of the body (querystring., params. or headers. for the other parts).', 'problem.accounts[17].lat'),
    message: documented(z.string(), 'What is wrong with it.', 'expected number, received string'),
  })), 'Validation errors only: each bad field (the first 100).', [{ path: 'problem.accounts[17].lat', message: 'expected number, received string' }]).optional(),
}).describe('An error, as application/problem+json (RFC 9457).');

const balanceRowSchema = z.object({
  role: documented(z.string(), 'The role.', 'field'),
  maxMinRatio: documented(z.number().nullable(), 'Largest over smallest among the role\'s reps; null when the smallest is 0.', 1.19),
  cv: documented(z.number(), 'Coefficient of variation among the role\'s reps (0 is perfectly even).', 0.09),
});

export const comparisonRowSchema = z.object({
  variant: documented(z.string(), 'The variant.', 'extra-field-rep'),
  status: documented(z.string(), 'The solver status of its result (optimal, feasible, timedout, infeasible, error), or the job\'s (failed, cancelled) when no solve returned.', 'optimal'),
  plan: documented(z.boolean(), 'Whether the variant has a plan; without one every plan metric is null or empty and note says why.', true),
  objective: documented(z.number().nullable(), 'Objective of its plan; null without one.', 2650.4),
  gap: documented(z.number().nullable(), 'Proven gap of its plan (fraction); null without one.', 0),
  workloadBalance: documented(z.array(balanceRowSchema), 'Workload spread per role (empty without a plan).', [{ role: 'field', maxMinRatio: 1.19, cv: 0.09 }]),
  valueBalance: documented(z.array(balanceRowSchema), 'Value spread per role (empty without a plan).', [{ role: 'field', maxMinRatio: 1.21, cv: 0.09 }]),
  travelKm: documented(z.number().nullable(), 'Road km driven per year for in-person calls, over all territories; null without a plan.', 2650.4),
  accountsMoved: documented(z.number().nullable(), 'Accounts that leave their current rep; null without a plan.', 2),
  valueMoved: documented(z.number().nullable(), 'Value of those accounts, in the currency of value; null without a plan.', 2300000),
  capacity: documented(z.array(z.object({
    role: documented(z.string(), 'The role.', 'field'),
    reps: documented(z.number(), 'Reps in the role.', 3),
    coverage: documented(z.number(), 'min(1, capacity / demand).', 1),
    utilization: documented(z.number(), 'Demand / capacity (fraction).', 0.55),
    headcountNeeded: documented(z.number(), 'Reps needed at the target utilisation (FTE).', 1.92),
    surplusFte: documented(z.number(), 'reps - headcountNeeded (FTE; negative is a deficit).', 1.08),
  })), 'Capacity per role (estimated from the cheapest eligible reps without a plan; empty when the variant has no result at all).', [{ role: 'field', reps: 3, coverage: 1, utilization: 0.55, headcountNeeded: 1.92, surplusFte: 1.08 }]),
  headcount: documented(z.array(z.object({
    role: documented(z.string(), 'The role.', 'field'),
    reps: documented(z.number(), 'Reps of the role in the variant\'s team: hires in, reps let go out.', 6),
  })), 'Reps per role of the team the variant was solved with (empty when the variant has no result at all).', [{ role: 'field', reps: 6 }]),
  hiredSites: documented(z.array(z.string()), 'Variants with hire: the candidate sites chosen (each rep is hire-<site id>).', ['ulm']),
  retiredReps: documented(z.array(z.string()), 'Variants with retire: the reps let go.', []),
  note: documented(z.string().nullable(), 'Why there is no plan: the diagnosis, or what ended the solve (e.g. no plan within the time limit: give it more time); null with a plan.', null),
});

export const scenarioSchema = z.object({
  id: documented(z.string(), 'The scenario id.', exampleId),
  createdAt: documented(z.string(), 'When it was submitted (ISO 8601, UTC).', '2025-01-15T09:30:00.000Z'),
  status: documented(z.enum(['running', 'done']), 'done once every variant\'s job has ended.', 'running'),
  variants: documented(z.array(jobSchema.extend({ name: documented(z.string(), 'The variant\'s name.', 'base') })), 'Each variant\'s job.', []),
  comparison: documented(z.array(comparisonRowSchema).nullable(), 'One row per variant with a result, side by side; null until every variant is done.', null),
}).describe('A what-if scenario: the job of each variant and, when all are done, the comparison.');

export const healthSchema = z.object({
  status: documented(z.literal('ok'), 'Always ok: the process answers.', 'ok'),
}).describe('The service is alive.');

export const readySchema = z.object({
  status: documented(z.literal('ready'), 'The store is open, the pool has threads and the service accepts work.', 'ready'),
  threads: documented(z.number(), 'Solver threads in the job pool.', 2),
  queued: documented(z.number(), 'Jobs waiting for a thread.', 0),
  running: documented(z.number(), 'Jobs on a thread now.', 1),
}).describe('The service is ready for work.');

/** What src/results/geojson.ts builds, for the documentation of the result route. */
export const resultGeoJsonSchema = z.object({
  type: documented(z.literal('FeatureCollection'), 'GeoJSON FeatureCollection.', 'FeatureCollection'),
  features: documented(z.array(z.object({
    type: documented(z.literal('Feature'), 'GeoJSON Feature.', 'Feature'),
    geometry: documented(z.object({
      type: documented(z.string(), 'Point for accounts and reps, Polygon for territories.', 'Point'),
      coordinates: documented(z.unknown(), '[lon, lat] for points; rings of [lon, lat] for polygons.', [9.17702, 48.78232]),
    }), 'Where it is.', { type: 'Point', coordinates: [9.17702, 48.78232] }),
    properties: documented(z.record(z.string(), z.unknown()), 'kind (account, rep or territory) and its facts: for accounts accountId, name, repId, segment, value, moved, fromRepId; for reps repId, name, role; for territories repId, role, accounts, workload, utilization, value, travelKm.', { kind: 'account', accountId: 'stuttgart', name: 'Stuttgart', repId: 'anna', segment: 'A', value: 2600000, moved: false, fromRepId: null }),
  })), 'Account points, rep homes and territory polygons (convex hulls).', []),
}).describe('The plan on a map (accounts without coordinates are left out).');

export const resultCsvSchema = documented(z.string(), 'One row per account. format=csv: the assignments (moved_from and move_reason are empty when the account stays). format=crm-csv: the plan export (account, segment, new and previous owner, moved yes/no, reason, km to the new owner, lat, lon, value), columns chosen and named by ?columns=.', 'account_id,account_name,rep_id,segment,moved_from,move_reason\nstuttgart,Stuttgart,anna,A,,\npforzheim,Pforzheim,ben,A,anna,capacity\n');

export const resultXlsxSchema = documented(z.string(), 'An Excel workbook (.xlsx, binary): format=xlsx the territory workbook, format=crm-xlsx the plan export on one sheet "Plan".', '(binary .xlsx)');

export const jobEventsSchema = documented(z.string(), 'Server-sent events: status (the job now), progress (as the solver reports, a frontier\'s with its points so far, one more as each is solved; and a final done snapshot when the job has a result), end (the final job), shutdown (the service is stopping; reconnect), then the stream closes. A comment line every 15 s keeps proxies from closing it.', 'id: 1\nevent: status\ndata: {"id":"…","status":"running",…}\n\nid: 2\nevent: progress\ndata: {"phase":"heuristic","percent":12.5,"incumbent":2878.16,"bound":2850.2,"gap":0.0097}\n\n');

export const metricsSchema = documented(z.string(), 'Prometheus text exposition: territory_jobs{status}, territory_queue_depth, territory_jobs_running, territory_solve_seconds (histogram), territory_pool_utilization, territory_pool_threads and process metrics.', '# HELP territory_queue_depth Jobs waiting for a thread\n# TYPE territory_queue_depth gauge\nterritory_queue_depth 0\n');

export const landingSchema = documented(z.string(), 'A short HTML page: what the service is, and links to the API docs, the OpenAPI document and /health.', '<!doctype html><html lang="en"><head><title>Territory design service</title></head>…</html>');
