/**
 * The HTTP boundary's schemas: request bodies, query strings and responses. The same zod schemas
 * validate requests and generate the OpenAPI document at /docs.
 */
import { z } from 'zod';
import { problemSchema } from '../../solver/index.ts';
import { JOB_STATUSES } from '../jobs/store.ts';

export const jobOptionsSchema = z.strictObject({
  /** Overrides the problem's `options.timeLimitSeconds` (capped by the server's maximum). */
  timeLimitSeconds: z.number().positive().optional(),
}).describe('Job options');

export const submitJobSchema = z.strictObject({
  problem: problemSchema,
  options: jobOptionsSchema.optional(),
  webhookUrl: z.url({ protocol: /^https?$/ }).optional().describe('POSTed {id, status} when the job ends'),
});

export const progressSchema = z.object({
  phase: z.string(),
  percent: z.number(),
  incumbent: z.number().nullable(),
  bound: z.number().nullable(),
  gap: z.number().nullable(),
});

export const jobSchema = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: progressSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  timeLimitSeconds: z.number(),
  attempts: z.number(),
  scenarioId: z.string().nullable(),
  variant: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  links: z.object({ self: z.string(), result: z.string(), events: z.string() }),
});

export const listJobsQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string()
    .refine((c) => /^[A-Za-z0-9_-]+$/.test(c) && /^[1-9]\d{0,15}$/.test(Buffer.from(c, 'base64url').toString()), 'must be a nextCursor returned by this endpoint')
    .optional(),
});

export const jobListSchema = z.object({
  jobs: z.array(jobSchema),
  nextCursor: z.string().nullable(),
});

export const jobIdParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const deleteJobQuerySchema = z.object({
  /** Delete an ended job with its problem and result now, instead of cancelling. */
  purge: z.enum(['true', 'false']).optional(),
});

export const resultQuerySchema = z.object({
  format: z.enum(['json', 'geojson', 'csv']).optional(),
});

export const solveBodySchema = z.strictObject({
  problem: problemSchema,
  options: jobOptionsSchema.optional(),
});

export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const balanceRowSchema = z.object({ role: z.string(), maxMinRatio: z.number().nullable(), cv: z.number() });

export const comparisonRowSchema = z.object({
  variant: z.string(),
  status: z.string(),
  plan: z.boolean(),
  objective: z.number().nullable(),
  gap: z.number().nullable(),
  workloadBalance: z.array(balanceRowSchema),
  valueBalance: z.array(balanceRowSchema),
  travelKm: z.number().nullable(),
  accountsMoved: z.number().nullable(),
  valueMoved: z.number().nullable(),
  capacity: z.array(z.object({ role: z.string(), reps: z.number(), coverage: z.number(), utilization: z.number(), headcountNeeded: z.number(), surplusFte: z.number() })),
  note: z.string().nullable(),
});

export const scenarioSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  status: z.enum(['running', 'done']),
  variants: z.array(jobSchema.extend({ name: z.string() })),
  comparison: z.array(comparisonRowSchema).nullable(),
});
