/**
 * The render task of the parse pool: a finished job's result as a file (CSV, GeoJSON, the workbook,
 * the CRM export), built here rather than on the event loop, where a 50,000-account .xlsx held every
 * other request for seconds. The thread reads the problem itself from its source (text, file, or a
 * scenario's base and variant), and only for the formats that need it; a binary file goes back as a
 * transferred ArrayBuffer, not a copy.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { ProblemSource } from '../jobs/store.ts';
import type { CrmColumn } from '../results/crm-columns.ts';
import { renderResult, type Rendered, type ResultFormat } from '../results/render.ts';
import { problemFromSource } from './problem-source.ts';

export interface RenderTask {
  readonly format: Exclude<ResultFormat, 'json'>;
  readonly resultJson: string;
  /** As `store.problemSource(id)` gives it; read here only when the format needs the problem. */
  readonly problem: ProblemSource;
  readonly columns?: readonly CrmColumn[];
}

export interface RenderTaskResult {
  readonly contentType: string;
  readonly body: string | ArrayBuffer;
  readonly filename?: string;
}

export default async function renderTask(task: RenderTask): Promise<RenderTaskResult> {
  const rendered = await renderResult(task.format, task.resultJson, () => problemFromSource(task.problem), task.columns ? { columns: task.columns } : {});
  return movedFile(rendered, (out) => out);
}

/**
 * A rendered file as a task's answer (`wrap` puts it in the task's result): text as it is, a binary
 * file as an ArrayBuffer moved to the main thread, not copied (workers/evaluate-worker.ts too).
 */
export function movedFile<T extends object>(rendered: Rendered, wrap: (out: RenderTaskResult) => T): T {
  const { body: bytes } = rendered;
  if (typeof bytes === 'string') return wrap({ ...rendered, body: bytes });
  // A Buffer may be a view on Node's shared pool: moving that would take the pool from this thread.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buffer = whole ? (bytes.buffer as ArrayBuffer) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const out = wrap({ ...rendered, body: buffer });
  // Piscina sends the value and transfers what the transferable symbol names.
  return move({ [transferableSymbol]: buffer, [valueSymbol]: out }) as unknown as T;
}
