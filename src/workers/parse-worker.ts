/**
 * The parse thread: reads a large request body exactly as the main thread reads a small one (the
 * same JSON parser and checks, the same zod schema through the same validator, the same facts), so
 * that a 50 MB document never blocks the event loop. Problems go back as JSON text.
 */
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { readJsonBody, type JsonParser } from '../http/json-text.ts';
import { scenarioBodySchema, solveBodySchema, submitJobSchema } from '../http/schemas.ts';
import { validationAnswer } from '../http/validation-errors.ts';
import { jobSubmission, requestHash, scenarioPlan, solveSubmission, type ProblemDocument, type ScenarioBody, type SolveBody, type SubmitJobBody } from '../routes/submissions.ts';
import type { OffthreadSubmission, ParseTask, ParseTaskResult } from './parse-messages.ts';

// Fastify's own JSON parser, as plugins/json-body.ts gets it; this instance never listens.
const parseJson = Fastify().getDefaultJsonParser('error', 'error') as unknown as JsonParser;

const ROUTES = {
  jobs: { url: '/v1/jobs', schema: submitJobSchema },
  solve: { url: '/v1/solve', schema: solveBodySchema },
  scenarios: { url: '/v1/scenarios', schema: scenarioBodySchema },
} as const;

export default function parseTask(task: ParseTask): ParseTaskResult {
  const body = readJsonBody(task.bytes, parseJson);
  if (!body.ok) return { ok: false, body };
  const route = ROUTES[task.kind];
  const validate = validatorCompiler({ schema: route.schema, method: 'POST', url: route.url, httpPart: 'body' });
  const result = validate(body.value) as { value?: unknown; error?: Parameters<typeof validationAnswer>[0] };
  if (result.error) return { ok: false, validation: validationAnswer(result.error, 'body', body.value) };
  return { ok: true, parsed: factsOf(task.kind, result.value) };
}

function factsOf(kind: ParseTask['kind'], value: unknown): OffthreadSubmission {
  switch (kind) {
    case 'jobs': {
      const body = value as SubmitJobBody;
      const submission = jobSubmission(body);
      return { kind, submission: { ...submission, hash: requestHash(body), document: asText(submission.document) } };
    }
    case 'solve': {
      const submission = solveSubmission(value as SolveBody);
      return { kind, submission: { ...submission, document: asText(submission.document) } };
    }
    case 'scenarios': {
      const plan = scenarioPlan(value as ScenarioBody);
      return { kind, plan: { ...plan, baseDocument: asText(plan.baseDocument) } };
    }
  }
}

/** As the store would write it (JSON.stringify of the same object). */
function asText(document: ProblemDocument): ProblemDocument {
  return { problemJson: document.problemJson ?? JSON.stringify(document.problem) };
}
