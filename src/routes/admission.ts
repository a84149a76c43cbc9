/**
 * What every route that takes a problem checks before accepting it: the service is accepting work,
 * and the problem passes the domain checks (references, matrix sizes) with paths under `prefix`;
 * and, for routes that take one, that a webhook URL does not point inside the network.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { validateProblem, type Problem } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';
import { refusedAtSubmission } from '../jobs/webhook-target.ts';

/** A 400 carrying field errors (rendered by the error handler as problem+json with `errors`). */
export class FieldValidationError extends Errors.ValidationFailed {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more` : ''));
  }
}

export function admitProblem(app: FastifyInstance, problem: Problem, prefix: string): void {
  if (!app.accepting) throw new Errors.ShuttingDown();
  const { errors } = validateProblem(problem);
  if (errors.length > 0) throw new FieldValidationError(errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message })));
}

/**
 * A webhook URL whose host is a literal internal address or `localhost` is a 400 on `path`, unless
 * WEBHOOK_ALLOW_HOSTS names it (names are checked again, resolved, at delivery).
 */
export function admitWebhookUrl(app: FastifyInstance, url: string | undefined, path: string, log: FastifyBaseLogger): void {
  if (url === undefined) return;
  const reason = refusedAtSubmission(url, app.config.webhookAllowHosts);
  if (reason) throw new FieldValidationError([{ path, message: reason }]);
  // Signed, but readable and alterable on the way: worth a word in the log, not a refusal.
  if (new URL(url).protocol === 'http:') log.warn({ path }, 'webhook over plain http: its body can be read on the way; https is recommended');
}
