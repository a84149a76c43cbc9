/**
 * The one error registry: every error the API answers with, its stable code and HTTP status.
 * Codes are a public contract (clients switch on them); test/service/errors.test.ts pins them.
 */
import createError from '@fastify/error';

export const Errors = {
  ValidationFailed: createError('TD_ERR_VALIDATION', 'The request is not valid: %s', 400),
  /** Any other client error Fastify raises (the message says what). */
  BadRequest: createError('TD_ERR_BAD_REQUEST', '%s', 400),
  InvalidJson: createError('TD_ERR_INVALID_JSON', 'The body is not valid JSON: %s', 400),
  /** Lists the too-deep value's path in `errors`. */
  BodyTooDeep: createError('TD_ERR_BODY_TOO_DEEP', 'The body nests deeper than %s levels (at %s)', 400),
  UnsupportedMediaType: createError('TD_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json (got %s)', 415),
  BodyTooLarge: createError('TD_ERR_BODY_TOO_LARGE', 'The body is larger than the limit of %s bytes', 413),
  /** A path that is not valid percent-encoded UTF-8 (`/v1/jobs/%E0%A4%A`). */
  BadUrl: createError('TD_ERR_BAD_URL', 'The URL path is not valid percent-encoded UTF-8', 400),
  PathParamTooLong: createError('TD_ERR_PATH_PARAM_TOO_LONG', 'A path parameter is longer than %s characters', 414),
  /** Refused by Node's HTTP parser before any route ran. */
  HeadersTooLarge: createError('TD_ERR_HEADERS_TOO_LARGE', 'The request headers are larger than %s bytes', 431),
  /** The headers or the whole request did not arrive within HEADERS_TIMEOUT_SECONDS or REQUEST_TIMEOUT_SECONDS. */
  RequestTimeout: createError('TD_ERR_REQUEST_TIMEOUT', 'The request did not arrive in time', 408),
  /** The model has more eligible pairs than the service takes on (MAX_MODEL_PAIRS); the fields are listed in `errors`. */
  ModelTooLarge: createError('TD_ERR_MODEL_TOO_LARGE', 'The model would have %s eligible account-rep pairs (from %s); this service takes at most %s (MAX_MODEL_PAIRS). Split the problem (by region or by role) or narrow which reps may serve each account (call patterns, skills, locks)', 413),
  ProblemTooLargeForSync: createError('TD_ERR_PROBLEM_TOO_LARGE_FOR_SYNC', 'The problem has %s accounts; POST /v1/solve takes at most %s. Submit it as a job: POST /v1/jobs', 413),
  ProblemTooLargeForEvaluate: createError('TD_ERR_PROBLEM_TOO_LARGE_FOR_EVALUATE', 'The problem has %s accounts; POST /v1/evaluate takes at most %s (EVALUATE_MAX_ACCOUNTS)', 413),
  Unauthorized: createError('TD_ERR_UNAUTHORIZED', 'Authentication failed: %s', 401),
  /** The tenant's request bodies in flight would pass TENANT_INFLIGHT_BODY_BYTES (Retry-After: 5). */
  TooManyBytesInFlight: createError('TD_ERR_TOO_MANY_BYTES_IN_FLIGHT', 'This tenant already has %s bytes of request bodies in flight; this one would pass the limit of %s (TENANT_INFLIGHT_BODY_BYTES). Retry once they have arrived', 429),
  /** More than MAX_CONNECTIONS connections are open; this one is closed after the answer (Retry-After: 5). */
  TooManyConnections: createError('TD_ERR_TOO_MANY_CONNECTIONS', 'The service has more than %s connections open (MAX_CONNECTIONS); this one is closed. Retry shortly, or reuse fewer connections', 503),
  RateLimited: createError('TD_ERR_RATE_LIMITED', 'Too many requests: this tenant may send %s a minute; retry in %s', 429),
  TenantQueueFull: createError('TD_ERR_TENANT_QUEUE_FULL', 'This tenant has %s jobs waiting; %s more would pass its limit of %s queued jobs. Retry when some have started', 429),
  JobNotFound: createError('TD_ERR_JOB_NOT_FOUND', 'No job with id %s', 404),
  ScenarioNotFound: createError('TD_ERR_SCENARIO_NOT_FOUND', 'No scenario with id %s', 404),
  /** GET /v1/frontier/:id (and its points) with an id that names no frontier job of the tenant's (a solve job's id included). */
  FrontierNotFound: createError('TD_ERR_FRONTIER_NOT_FOUND', 'No frontier with id %s (a frontier is made by POST /v1/frontier)', 404),
  /** GET /v1/frontier/:id/points/:index past the end of the frontier's table. */
  FrontierPointNotFound: createError('TD_ERR_FRONTIER_POINT_NOT_FOUND', 'Frontier %s has no point %s: its table has %s rows, indexed from 0', 404),
  /** An importId (POST /v1/jobs, /v1/scenarios) or GET /v1/imports/:id that names no import of the tenant's. */
  ImportNotFound: createError('TD_ERR_IMPORT_NOT_FOUND', 'No import with id %s (imports expire after RETENTION_DAYS; import the files again with POST /v1/imports)', 404),
  /** POST /v1/imports: rows or files to fix, each in `errors` with file, row, column and reason. */
  ImportRejected: createError('TD_ERR_IMPORT_REJECTED', 'The import was rejected: %s to fix; errors lists each with its file, row and column', 422),
  /** POST /v1/imports takes files as multipart/form-data. */
  MultipartRequired: createError('TD_ERR_MULTIPART_REQUIRED', 'Send the files as multipart/form-data (parts accounts, reps, patterns, distances, options); got %s', 415),
  RouteNotFound: createError('TD_ERR_ROUTE_NOT_FOUND', 'No route %s %s', 404),
  JobNotFinished: createError('TD_ERR_JOB_NOT_FINISHED', 'Job %s is %s; its result is available once it has succeeded', 409),
  JobFailed: createError('TD_ERR_JOB_FAILED', 'Job %s ended as %s and has no result', 409),
  JobAlreadyFinished: createError('TD_ERR_JOB_ALREADY_FINISHED', 'Job %s has already ended as %s', 409),
  /** DELETE ?purge=true on a job that has not ended: cancel it first, purge it once it has ended. */
  JobNotEnded: createError('TD_ERR_JOB_NOT_ENDED', 'Job %s is %s; only an ended job can be purged: cancel it (DELETE without purge), then purge it once it has ended', 409),
  /** DELETE ?purge=true on a scenario's variant: the comparison needs every variant's job. */
  JobInScenario: createError('TD_ERR_JOB_IN_SCENARIO', 'Job %s is a variant of scenario %s; it is kept as long as the scenario and expires with it', 409),
  /** POST /v1/compliance: rows of activitiesCsv that cannot be read; each is listed in `errors` (row, column, reason). */
  ActivityLogInvalid: createError('TD_ERR_ACTIVITY_LOG_INVALID', 'The activity log has %s to fix, and no report is made until they are fixed: %s', 400),
  IdempotencyConflict: createError('TD_ERR_IDEMPOTENCY_CONFLICT', 'Idempotency-Key %s was used for a different request body', 422),
  NotAcceptable: createError('TD_ERR_NOT_ACCEPTABLE', 'Cannot produce %s; use JSON, GeoJSON, CSV or xlsx', 406),
  QueueFull: createError('TD_ERR_QUEUE_FULL', 'The solve queue is full (%s jobs waiting); retry later', 503),
  ShuttingDown: createError('TD_ERR_SHUTTING_DOWN', 'The service is shutting down; retry on another instance or later', 503),
  NotReady: createError('TD_ERR_NOT_READY', 'The service is not ready: %s', 503),
  /** The store of record (PostgreSQL with DATABASE_URL) did not answer; nothing was acknowledged (Retry-After: 5). */
  StoreUnavailable: createError('TD_ERR_STORE_UNAVAILABLE', 'The job store cannot be reached, so the request was not completed; retry shortly (a submission with an Idempotency-Key is safe to retry)', 503),
  /** What went wrong is logged with the request id (as the error's `cause`), never sent. */
  SolveFailed: createError('TD_ERR_SOLVE_FAILED', 'The solve failed; the error has been logged', 500),
  /** Set as a failed job's `error.code`: its worker thread crashed or ran out of memory. */
  WorkerFailed: createError('TD_ERR_WORKER_FAILED', 'The worker thread failed: %s', 500),
  /** Set as a failed job's `error.code`: the solver overran its time limit and grace; the thread was terminated. */
  DeadlineExceeded: createError('TD_ERR_DEADLINE_EXCEEDED', 'The solver did not return within %s s after its %s s time limit; its thread was terminated', 500),
  /** Set as a failed job's `error.code`: the process's memory passed MAX_JOB_RSS_BYTES while the job ran; its thread was terminated. */
  JobMemory: createError('TD_ERR_JOB_MEMORY', 'The service\'s memory reached %s MiB while this job ran, above the limit of %s MiB (MAX_JOB_RSS_BYTES); the job had the largest model running (%s pairs), so its thread was terminated', 500),
  Internal: createError('TD_ERR_INTERNAL', 'An internal error occurred; it has been logged', 500),
} as const;

/** One invalid field: its JSON path (`accounts[17].lat`) and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}
