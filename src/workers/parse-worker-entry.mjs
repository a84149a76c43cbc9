// The parse pool's entry point: loads parse-worker.ts as native ES modules (see
// solve-worker-entry.mjs for why tsx's hooks are registered here and why this file awaits).
import { register } from 'tsx/esm/api';

register();
const { default: parseTask } = await import('./parse-worker.ts');
export default parseTask;
