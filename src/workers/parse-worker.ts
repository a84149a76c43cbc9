/**
 * The parse thread: reads a large request body exactly as the main thread reads a small one (the
 * same JSON parser and checks, the same zod schema through the same validator, the same facts), so
 * that a 50 MB document never blocks the event loop. Problems to be stored are written to a file here
 * (jobs/staged-bodies.ts) and go back as its name; others go back as JSON text.
 */
import Fastify from 'fastify';
import type { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { readJsonBody, type JsonParser } from '../http/json-text.ts';
import { frontierBodySchema } from '../http/frontier-schema.ts';
import { scenarioBodySchema, solveBodySchema, submitJobSchema } from '../http/schemas.ts';
import { validationAnswer } from '../http/validation-errors.ts';
import { frontierHash, frontierSubmission, jobSubmission, requestHash, scenarioPlan, solveSubmission, type FrontierBody, type ProblemDocument, type ScenarioBody, type SolveBody, type SubmitJobBody } from '../routes/submissions.ts';
import { writeStagedBody } from '../jobs/staged-bodies.ts';
import type { OffthreadSubmission, ParseTask, ParseTaskResult } from './parse-messages.ts';

// Fastify's own JSON parser, as plugins/json-body.ts gets it; this instance never listens.
const parseJson = Fastify().getDefaultJsonParser('error', 'error') as unknown as JsonParser;

const ROUTES = {
  jobs: { url: '/v1/jobs', schema: submitJobSchema },
  solve: { url: '/v1/solve', schema: solveBodySchema },
  scenarios: { url: '/v1/scenarios', schema: scenarioBodySchema },
  frontier: { url: '/v1/frontier', schema: frontierBodySchema },
} as const;

export default function parseTask(task: ParseTask): ParseTaskResult {
  const route = ROUTES[task.kind];
  const read = readValidBody(joinParts(task.parts), route.schema, route.url);
  if (!read.ok) return read;
  return { ok: true, parsed: factsOf(task, read.value) };
}

/** A large body's chunks as one buffer, joined here in the thread (never on the event loop). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** What reading a large body gives: the validated value, or the main thread's refusal as data. */
export type BodyRead = { readonly ok: true; readonly value: unknown } | Extract<ParseTaskResult, { ok: false }>;

/**
 * A body's bytes read as the main thread reads a small one: the JSON checks and parser of
 * plugins/json-body.ts, then the route's schema through the route's validator (workers/compliance-worker.ts too).
 */
export function readValidBody(bytes: Uint8Array, schema: z.ZodType, url: string): BodyRead {
  const body = readJsonBody(bytes, parseJson);
  if (!body.ok) return { ok: false, body };
  const validate = validatorCompiler({ schema, method: 'POST', url, httpPart: 'body' });
  const result = validate(body.value) as { value?: unknown; error?: Parameters<typeof validationAnswer>[0] };
  if (result.error) return { ok: false, validation: validationAnswer(result.error, 'body', body.value) };
  return { ok: true, value: result.value };
}

function factsOf(task: ParseTask, value: unknown): OffthreadSubmission {
  // A body refused on its facts is never stored: no file for it.
  const keep = (document: ProblemDocument, errors: readonly unknown[]) => (task.stageDir !== undefined && errors.length === 0 ? asFile(task.stageDir, document) : asText(document));
  switch (task.kind) {
    case 'jobs': {
      const body = value as SubmitJobBody;
      const submission = jobSubmission(body);
      return { kind: task.kind, submission: { ...submission, hash: requestHash(body), document: keep(submission.document, submission.facts.errors) } };
    }
    case 'solve': {
      const submission = solveSubmission(value as SolveBody);
      return { kind: task.kind, submission: { ...submission, document: asText(submission.document) } };
    }
    case 'frontier': {
      const body = value as FrontierBody;
      const submission = frontierSubmission(body);
      return { kind: task.kind, submission: { ...submission, hash: frontierHash(body), document: keep(submission.document, submission.facts.errors) } };
    }
    case 'scenarios': {
      const plan = scenarioPlan(value as ScenarioBody);
      return { kind: task.kind, plan: { ...plan, baseDocument: keep(plan.baseDocument, [...plan.base.errors, ...plan.errors]) } };
    }
  }
}

/** As the store would write it (JSON.stringify of the same object). */
function asText(document: ProblemDocument): ProblemDocument {
  return { problemJson: document.problemJson ?? JSON.stringify(document.problem) };
}

/** The same text, written durably to a file of its own; the main thread gets its name. */
function asFile(dir: string, document: ProblemDocument): ProblemDocument {
  return { problemFile: writeStagedBody(dir, document.problemJson ?? JSON.stringify(document.problem)) };
}
