/**
 * A large request body on a route that takes problems, as the chunks that arrived: plugins/json-body.ts
 * hands it on unparsed and plugins/offthread-body.ts reads it in the parse thread. The route's schema
 * validator lets it through (http/validator.ts), because the parse thread validates it with the same
 * schema.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';

/**
 * Which route's body it is, so the parse thread knows the schema and the facts to compute. The
 * problem routes' bodies are read before validation (plugins/offthread-body.ts); `compliance`'s
 * and `evaluate`'s are handed by their routes to the parse pool's task of that name, which reads it
 * and computes the answer.
 */
export type OffthreadKind = 'jobs' | 'solve' | 'scenarios' | 'frontier' | 'compliance' | 'evaluate';

/** The kinds the preValidation hook reads (parse-worker.ts). */
export type ProblemBodyKind = Exclude<OffthreadKind, 'compliance' | 'evaluate'>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Bodies above OFFTHREAD_BODY_BYTES on this route are read in the parse thread. */
    offthreadBody?: OffthreadKind;
  }
}

/** The body as the chunks that arrived (never joined on the event loop), or as one buffer. */
export class RawBody {
  readonly chunks: readonly Buffer[];
  readonly length: number;
  constructor(body: Buffer | readonly Buffer[]) {
    this.chunks = Buffer.isBuffer(body) ? [body] : body;
    this.length = this.chunks.reduce((n, c) => n + c.length, 0);
  }
}

/** The zod type provider's validator, letting a RawBody through: the parse thread validates it. */
export const validatorCompiler: FastifySchemaCompiler<Parameters<typeof zodValidatorCompiler>[0]['schema']> = (route) => {
  const validate = zodValidatorCompiler(route);
  if (route.httpPart !== 'body') return validate;
  return (data) => (data instanceof RawBody ? { value: data } : validate(data));
};
