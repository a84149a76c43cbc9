/**
 * POST /v1/evaluate: scores any alignment (a hand edit on the planner's page, a plan from elsewhere)
 * and returns the result document a solve would, with the hard constraints it breaks and its
 * distance to a proven bound; or, with ?format, that document as a file (the CRM export, the
 * workbook, ...), rendered as a job's result is. The scoring runs in the parse pool for every body
 * (workers/evaluate-worker.ts, routes/evaluate-report.ts), never on the event loop: a body above
 * OFFTHREAD_BODY_BYTES arrives as bytes and is read there too. EVALUATE_MAX_ACCOUNTS bounds the
 * memory one evaluation takes.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { evaluatedResultSchema } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { evaluateBodySchema, evaluateQuerySchema } from '../http/evaluate-schema.ts';
import { RawBody } from '../http/raw-body.ts';
import { internalError, media, problemDetails, unreadableBody } from '../http/responses.ts';
import { resultCsvSchema, resultGeoJsonSchema, resultXlsxSchema } from '../http/schemas.ts';
import { BodyValidationError } from '../http/validation-errors.ts';
import { jsonBodyError } from '../plugins/json-body.ts';
import { CRM_FORMATS } from '../results/render.ts';
import { XLSX_TYPE } from '../results/xlsx-style.ts';
import { evaluateInPool } from '../workers/parse-pool.ts';
import { FieldValidationError, ModelTooLargeError } from './admission.ts';
import { importReference } from './imports.ts';
import { sendRendered } from './jobs.ts';

export default async function evaluateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/evaluate', {
    // Bodies above OFFTHREAD_BODY_BYTES arrive as bytes (a RawBody), for the pool's evaluate task to read.
    config: { offthreadBody: 'evaluate' },
    preValidation: importReference(app, 'problem'),
    schema: {
      summary: 'Score an alignment, or export it',
      description: 'Takes { problem (or importId), assignments: [{ accountId, repId }], bound? } and returns the result document for exactly that alignment (solver.strategy "evaluate"): territories, balance, capacity report, moves, objective, and evaluation: each hard constraint it breaks by family (with the rep or account and the numbers) and, with bound, how far it is above the proven bound. With ?format=crm-csv, crm-xlsx, xlsx, csv or geojson, the same document as the file GET /v1/jobs/{id}/result gives for a job (Content-Disposition: attachment with its file name; ?columns as there): the export of a plan edited by hand. Scored in the parse pool, off the event loop. Problems above EVALUATE_MAX_ACCOUNTS accounts (default 100000) get 413.',
      tags: ['solve'],
      body: evaluateBodySchema,
      querystring: evaluateQuerySchema,
      response: {
        200: media('The result document of the alignment, with evaluation (ok, violations, aboveBound, summary); or, with ?format, that document as a file.', {
          'application/json': { schema: evaluatedResultSchema },
          'application/geo+json': { schema: resultGeoJsonSchema },
          'text/csv': { schema: resultCsvSchema },
          [XLSX_TYPE]: { schema: resultXlsxSchema },
        }),
        400: problemDetails('TD_ERR_VALIDATION: the body is not valid (shape, problem references, or an assignment naming an unknown account or rep, or an account twice: errors names it by index, e.g. assignments[3].repId), or a bad ?format or ?columns (errors names it, querystring.columns). TD_ERR_INVALID_JSON: the body is not JSON.'),
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: importId names no import of this tenant (unknown or expired).'),
        ...unreadableBody,
        413: problemDetails('TD_ERR_PROBLEM_TOO_LARGE_FOR_EVALUATE: more than EVALUATE_MAX_ACCOUNTS accounts. TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES. TD_ERR_MODEL_TOO_LARGE: more eligible account-rep pairs than MAX_MODEL_PAIRS.'),
        500: internalError,
        503: problemDetails('TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request, reply) => {
    if (!app.accepting) throw new Errors.ShuttingDown();
    const { format = 'json', columns } = request.query;
    if (columns !== undefined && !CRM_FORMATS.has(format)) {
      throw new FieldValidationError([{ path: 'querystring.columns', message: 'applies to format=crm-csv and format=crm-xlsx only' }]);
    }
    const raw: unknown = request.body;
    const limits = { maxAccounts: app.config.evaluateMaxAccounts, maxModelPairs: app.config.maxModelPairs };
    const out = await evaluateInPool(app.parsePool, {
      ...(raw instanceof RawBody ? { parts: raw.chunks } : { body: request.body }),
      limits, format, ...(columns ? { columns } : {}),
    });
    if (out.ok) return sendRendered(reply, out.rendered);
    switch (out.kind) {
      case 'body': throw out.read.body ? jsonBodyError(out.read.body) : new BodyValidationError(out.read.validation);
      case 'too-large': throw new Errors.ProblemTooLargeForEvaluate(out.accounts, out.limit);
      case 'model': throw new ModelTooLargeError(out.size, out.limit, 'problem');
      case 'fields': throw new FieldValidationError(out.fields);
    }
  });
}
