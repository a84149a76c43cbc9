// The pool's entry point: loads the solve worker as native ES modules, then warms the thread.
//
// Piscina tries require() before import(). Through tsx's require hook that loads the whole solver as
// CommonJS, where every imported binding is read through a getter: the search loops ran two to six
// times slower than on the main thread. tsx's ESM hooks registered by `--import tsx` do not reach
// worker threads on Node 20, so this file registers them itself, and its top-level await makes
// require() fail, so piscina falls back to import().
//
// The warm-up runs here, while piscina loads the module, and not as a task: piscina hands a thread
// tasks only once its module has loaded, so every thread, the first ones and each replacement of a
// crashed or terminated one, has compiled HiGHS before its first real task. Warm-up tasks sent from
// outside could not reach a replacement (piscina picks the thread).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: solveTask, warmUp } = await import('./solve-worker.ts');
const started = performance.now();
await warmUp();
// Piscina passes messages other than its own to the pool's 'message' event (counted in pool.ts).
parentPort?.postMessage({ territoryWarmed: { ms: Math.round(performance.now() - started) } });
export default solveTask;
