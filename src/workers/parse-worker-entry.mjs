// The parse pool's entry point: loads parse-worker.ts as native ES modules (see
// solve-worker-entry.mjs for why tsx's hooks are registered here and why this file awaits). The
// default export reads a large body; `render` (pool.run(task, { name: 'render' })) builds a result
// file, loading the exporters (exceljs, turf) on a thread's first rendering only.
import { register } from 'tsx/esm/api';

register();
const { default: parseTask } = await import('./parse-worker.ts');
export default parseTask;

export async function render(task) {
  const { default: renderTask } = await import('./render-worker.ts');
  return renderTask(task);
}
