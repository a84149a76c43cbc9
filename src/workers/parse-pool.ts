/**
 * The parse pool: a few piscina threads (PARSE_POOL_SIZE) for CPU work on big documents, so that it
 * never runs on the event loop: they read large request bodies (parse-worker.ts: JSON.parse and zod
 * on 50 MB), render result files (render-worker.ts: CSV, GeoJSON, .xlsx), import CRM files
 * (import-worker.ts: CSV and .xlsx to a problem) and compute compliance reports
 * (compliance-worker.ts) and score alignments, POST /v1/evaluate (evaluate-worker.ts). Its queue is unbounded: TENANT_INFLIGHT_BODY_BYTES bounds the bodies each
 * tenant can put in it.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Errors } from '../errors.ts';
import type { RawBody } from '../http/raw-body.ts';
import type { Rendered } from '../results/render.ts';
import type { ComplianceTask, ComplianceTaskResult } from './compliance-worker.ts';
import type { EvaluateTask, EvaluateTaskResult } from './evaluate-worker.ts';
import type { ImportTask, ImportTaskResult } from './import-worker.ts';
import type { ParseTask, ParseTaskResult } from './parse-messages.ts';
import type { RenderTask, RenderTaskResult } from './render-worker.ts';

type PoolTask = ParseTask | RenderTask | ImportTask | ComplianceTask | EvaluateTask;
type PoolTaskResult = ParseTaskResult | RenderTaskResult | ImportTaskResult | ComplianceTaskResult | EvaluateTaskResult;

export type ParsePool = Piscina<PoolTask, PoolTaskResult>;

export function createParsePool(threads: number): ParsePool {
  return new Piscina<PoolTask, PoolTaskResult>({
    filename: fileURLToPath(new URL('./parse-worker-entry.mjs', import.meta.url)),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // A 64 MiB document is several hundred MB of objects, and zod's output as much again.
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
}

/**
 * Reads a body in the pool. The memory of each chunk that owns all of its ArrayBuffer (socket reads
 * do) moves to the thread; any other is copied (small). A thread that fails (out of memory) is
 * TD_ERR_INTERNAL, with the error as its cause (logged, never sent).
 */
export async function parseInPool(pool: ParsePool, kind: ParseTask['kind'], body: RawBody, stageDir?: string): Promise<ParseTaskResult> {
  const { parts, transferList } = movableParts(body.chunks);
  try {
    return await pool.run({ kind, parts, ...(stageDir !== undefined ? { stageDir } : {}) }, { transferList }) as ParseTaskResult;
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
}

/**
 * Renders a result file in the pool (render-worker.ts). A binary file comes back as the thread's
 * memory, moved, and is sent from a Buffer over it. A thread that fails is TD_ERR_INTERNAL, as above.
 */
export async function renderInPool(pool: ParsePool, task: RenderTask): Promise<Rendered> {
  let out: RenderTaskResult;
  try {
    out = await pool.run(task, { name: 'render' }) as RenderTaskResult;
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
  return { ...out, body: typeof out.body === 'string' ? out.body : Buffer.from(out.body) };
}

/**
 * Imports CRM files in the pool (import-worker.ts). Each file's memory moves to the thread when the
 * bytes own all of it (the route reads each part into a fresh array); otherwise it is copied. A
 * thread that fails is TD_ERR_INTERNAL, as above.
 */
export async function importInPool(pool: ParsePool, task: ImportTask): Promise<ImportTaskResult> {
  const files = Object.values(task.files) as Array<{ readonly bytes: Uint8Array }>;
  const transferList = files.filter((f) => ownsBuffer(f.bytes)).map((f) => f.bytes.buffer as ArrayBuffer);
  try {
    return await pool.run(task, { name: 'import', transferList }) as ImportTaskResult;
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
}

/**
 * Computes a compliance report in the pool (compliance-worker.ts); a large body's memory moves to
 * the thread as in parseInPool. A thread that fails is TD_ERR_INTERNAL, as above.
 */
export async function complianceInPool(pool: ParsePool, task: ComplianceTask): Promise<ComplianceTaskResult> {
  const { parts, transferList } = movableParts(task.parts ?? []);
  const sent = task.parts === undefined ? task : { ...task, parts };
  try {
    return await pool.run(sent, { name: 'compliance', transferList }) as ComplianceTaskResult;
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
}

/**
 * Scores an alignment in the pool (evaluate-worker.ts), a large body's memory moved to the thread as
 * in parseInPool; a file comes back as in renderInPool. A thread that fails is TD_ERR_INTERNAL, as above.
 */
export async function evaluateInPool(pool: ParsePool, task: EvaluateTask): Promise<{ readonly ok: true; readonly rendered: Rendered } | Exclude<EvaluateTaskResult, { ok: true }>> {
  const { parts, transferList } = movableParts(task.parts ?? []);
  const sent = task.parts === undefined ? task : { ...task, parts };
  let out: EvaluateTaskResult;
  try {
    out = await pool.run(sent, { name: 'evaluate', transferList }) as EvaluateTaskResult;
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
  if (!out.ok) return out;
  const { ok: _ok, ...file } = out;
  return { ok: true, rendered: { ...file, body: typeof file.body === 'string' ? file.body : Buffer.from(file.body) } };
}

/**
 * A body's chunks as a thread takes them: each chunk that is the whole of its ArrayBuffer (socket
 * reads are) is moved, any other copied (small); the thread joins them.
 */
function movableParts(chunks: readonly Uint8Array[]): { parts: Uint8Array[]; transferList: ArrayBuffer[] } {
  const transferList: ArrayBuffer[] = [];
  const parts = chunks.map((chunk) => {
    if (!ownsBuffer(chunk)) return new Uint8Array(chunk);
    transferList.push(chunk.buffer as ArrayBuffer);
    return chunk;
  });
  return { parts, transferList };
}

/** Whether the view is the whole of an ArrayBuffer (then that buffer can be moved to a thread). */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}
