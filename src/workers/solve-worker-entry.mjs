// The pool's entry point: loads the solve worker as native ES modules.
//
// Piscina tries require() before import(). Through tsx's require hook that loads the whole solver as
// CommonJS, where every imported binding is read through a getter: the search loops ran two to six
// times slower than on the main thread. tsx's ESM hooks registered by `--import tsx` do not reach
// worker threads on Node 20, so this file registers them itself, and its top-level await makes
// require() fail, so piscina falls back to import().
import { register } from 'tsx/esm/api';

register();
const { default: solveTask } = await import('./solve-worker.ts');
export default solveTask;
