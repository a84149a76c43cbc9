/**
 * The 400 of a schema validation failure: each bad field by its JSON path from the body's root and a
 * detail naming the first ones. One function for both places a body is validated: Fastify's
 * validation (rendered by the error handler) and the parse thread for large bodies, whose answer
 * crosses back as a BodyValidationError.
 */
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { fromZodIssue, type ZodIssueLike } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';

/** A body with thousands of bad fields gets the first ones listed and a count of the rest. */
export const MAX_FIELD_ERRORS = 100;

export interface ValidationAnswer {
  readonly detail: string;
  readonly errors: readonly FieldError[];
}

export type ValidationPart = 'body' | 'querystring' | 'params' | 'headers';

/** `root` is the validated part as received (messages may quote its values). */
export function validationAnswer(validation: readonly FastifySchemaValidationError[], part: ValidationPart, root: unknown): ValidationAnswer {
  const total = validation.length;
  const errors = fieldErrors(validation, part, root).slice(0, MAX_FIELD_ERRORS);
  const listed = total > errors.length ? ` (errors lists the first ${errors.length})` : '';
  const detail = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ') + (total > 3 ? `; and ${total - 3} more${listed}` : '');
  return { detail, errors };
}

function fieldErrors(validation: readonly FastifySchemaValidationError[], part: ValidationPart, root: unknown): FieldError[] {
  return validation.slice(0, MAX_FIELD_ERRORS).flatMap((v) => {
    const params = (v.params ?? {}) as Partial<ZodIssueLike>;
    const path = v.instancePath.split('/').slice(1).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const issues = fromZodIssue({ code: v.keyword, path, message: v.message ?? 'invalid', ...(params.expected !== undefined ? { expected: params.expected } : {}), ...(params.keys ? { keys: params.keys } : {}) }, root);
    return part === 'body' ? issues : issues.map((i) => ({ ...i, path: `${part}.${i.path === '(root)' ? '' : i.path}`.replace(/\.$/, '') }));
  });
}

/** A body the parse thread found invalid: answered exactly as Fastify's validation failure would be. */
export class BodyValidationError extends Errors.ValidationFailed {
  constructor(readonly answer: ValidationAnswer) {
    super(answer.detail);
  }
}
