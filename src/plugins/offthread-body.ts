/**
 * Large bodies off the event loop: plugins/json-body.ts hands a body above OFFTHREAD_BODY_BYTES on a
 * route that takes problems on as a RawBody; here, before validation, the parse pool reads it and
 * the route gets the facts it acts on as `request.offthread`. Refusals are the registry errors the
 * small-body path throws, with the same texts and paths. Owns the parse pool.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RawBody } from '../http/raw-body.ts';
import { BodyValidationError } from '../http/validation-errors.ts';
import type { OffthreadSubmission } from '../workers/parse-messages.ts';
import { createParsePool, parseInPool, type ParsePool } from '../workers/parse-pool.ts';
import { jsonBodyError } from './json-body.ts';
import { removeStagedBodies } from '../jobs/staged-bodies.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Threads that read large request bodies. */
    parsePool: ParsePool;
    /**
     * Has the parse pool read the request's body, a RawBody, as the route's (config.offthreadBody)
     * and puts the facts on `request.offthread`; refusals throw the small-body path's errors. The
     * preValidation hook below calls it; so does a route hook that puts a large body in place of a
     * reference (routes/imports.ts: a stored import's problem).
     */
    readOffthreadBody(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    /** What the parse thread made of a large body (null for a body read on the main thread). */
    offthread: OffthreadSubmission | null;
    /**
     * The file the parse thread wrote this request's problem to (jobs/staged-bodies.ts), until a
     * row names it: the route sets it to null once stored; otherwise it is removed when the answer
     * has gone (a refused or replayed submission keeps nothing).
     */
    stagedBody: string | null;
  }
}

export default fp(async function offthreadBody(app: FastifyInstance) {
  const pool = createParsePool(app.config.parsePoolSize);
  app.decorate('parsePool', pool);
  app.decorateRequest('offthread', null);
  app.decorateRequest('stagedBody', null);
  app.addHook('onClose', async () => {
    await pool.destroy();
  });
  app.decorate('readOffthreadBody', async (request: FastifyRequest) => {
    if (!(request.body instanceof RawBody)) return;
    const kind = request.routeOptions.config.offthreadBody!;
    // Their routes hand the bytes to the pool's task of that name themselves (routes/compliance.ts, routes/evaluate.ts).
    if (kind === 'compliance' || kind === 'evaluate') return;
    // What the store keeps is written to a file by the parse thread, not as a 50 MB row from here.
    const stageDir = kind === 'solve' ? undefined : app.store.bodiesDir;
    const out = await parseInPool(pool, kind, request.body, stageDir);
    if (!out.ok) throw out.body ? jsonBodyError(out.body) : new BodyValidationError(out.validation);
    request.offthread = out.parsed;
    request.stagedBody = stagedFileOf(out.parsed);
  });
  // preValidation: after the body has arrived and before the schema would look at it.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    await app.readOffthreadBody(request);
  });
  const release = async (request: FastifyRequest) => {
    if (request.stagedBody === null) return;
    removeStagedBodies(app.store.bodiesDir, [request.stagedBody]);
    request.stagedBody = null;
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}, { name: 'offthread-body', dependencies: ['config'] });

function stagedFileOf(parsed: OffthreadSubmission): string | null {
  const document = parsed.kind === 'scenarios' ? parsed.plan.baseDocument : parsed.submission.document;
  return document.problemFile ?? null;
}
