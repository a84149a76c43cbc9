/**
 * The parse pool: a few piscina threads (PARSE_POOL_SIZE) that read large request bodies
 * (parse-worker.ts), so that JSON.parse and zod on 50 MB never run on the event loop. Its queue is
 * unbounded: TENANT_INFLIGHT_BODY_BYTES bounds what each tenant can put in it.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Errors } from '../errors.ts';
import type { ParseTask, ParseTaskResult } from './parse-messages.ts';

export type ParsePool = Piscina<ParseTask, ParseTaskResult>;

export function createParsePool(threads: number): ParsePool {
  return new Piscina<ParseTask, ParseTaskResult>({
    filename: fileURLToPath(new URL('./parse-worker-entry.mjs', import.meta.url)),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // A 64 MiB document is several hundred MB of objects, and zod's output as much again.
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
}

/**
 * Reads a body in the pool. Its memory moves to the thread when the Buffer owns all of it (large
 * bodies are concatenated into a fresh one); otherwise it is copied. A thread that fails (out of
 * memory) is TD_ERR_INTERNAL, with the error as its cause (logged, never sent).
 */
export async function parseInPool(pool: ParsePool, kind: ParseTask['kind'], body: Buffer, stageDir?: string): Promise<ParseTaskResult> {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  const bytes = whole ? body : new Uint8Array(body);
  try {
    return await pool.run({ kind, bytes, ...(stageDir !== undefined ? { stageDir } : {}) }, whole ? { transferList: [body.buffer as ArrayBuffer] } : {});
  } catch (err) {
    throw new Errors.Internal({ cause: err });
  }
}
