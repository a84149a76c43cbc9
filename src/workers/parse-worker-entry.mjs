// The parse pool's entry point: loads parse-worker.ts as native ES modules (see
// solve-worker-entry.mjs for why tsx's hooks are registered here and why this file awaits). The
// default export reads a large body; `render` (pool.run(task, { name: 'render' })) builds a result
// file, loading the exporters (exceljs, turf) on a thread's first rendering only; `import` reads CRM
// files into a problem (import-worker.ts, loaded on a thread's first import); `compliance` computes a
// compliance report (compliance-worker.ts, likewise); `evaluate` scores an alignment, POST /v1/evaluate
// (evaluate-worker.ts, likewise).
import { register } from 'tsx/esm/api';

register();
const { default: parseTask } = await import('./parse-worker.ts');
export default parseTask;

export async function render(task) {
  const { default: renderTask } = await import('./render-worker.ts');
  return renderTask(task);
}

export async function compliance(task) {
  const { default: run } = await import('./compliance-worker.ts');
  return run(task);
}

export async function evaluate(task) {
  const { default: run } = await import('./evaluate-worker.ts');
  return run(task);
}

async function importTask(task) {
  const { default: run } = await import('./import-worker.ts');
  return run(task);
}
// `import` is a reserved word: exported under that name from a function of another.
export { importTask as import };
