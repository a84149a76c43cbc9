/**
 * Bytes per eligible pair of compileProblem(), the figure MAX_MODEL_PAIRS's default rests on
 * (src/config.ts): a generated problem read from a file (so generating it does not set the process's
 * peak), parsed, then compiled once, in a process of its own:
 *
 *   npm run bench:generate -- --accounts 20000 --reps 400 --seed 1 --out var/p.json
 *   node --expose-gc --import tsx benchmarks/compile-memory.ts var/p.json
 *
 * Peak is the process's high-water RSS (getrusage maxrss) minus the RSS just before compiling;
 * retained is what the compiled model still holds afterwards (ArrayBuffers plus JS heap, after a GC).
 * It also counts the pairs estimateModelPairs() (the admission check) gives for the same problem.
 */
import { readFileSync } from 'node:fs';
import { compileProblem, estimateModelPairs, parseProblem } from '../solver/index.ts';
import { runIfMain } from './run-if-main.ts';

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
}

function main(argv: string[]): void {
  const file = argv[0];
  if (!file) throw new Error('usage: node --expose-gc --import tsx benchmarks/compile-memory.ts <problem.json>');
  const parsed = parseProblem(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(`the problem does not parse: ${parsed.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const estimate = estimateModelPairs(parsed.problem);
  gc();
  const before = process.memoryUsage();
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  const compiled = compileProblem(parsed.problem);
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  gc();
  const after = process.memoryUsage();
  const pairs = compiled.model.pairAgent.length;
  const retained = after.arrayBuffers - before.arrayBuffers + (after.heapUsed - before.heapUsed);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(JSON.stringify({
    accounts: parsed.problem.accounts.length,
    reps: parsed.problem.reps.length,
    pairs,
    estimate,
    seconds: Number(seconds.toFixed(2)),
    rssBefore: mb(before.rss),
    peakAboveStart: mb(peak - before.rss),
    peakBytesPerPair: Number(((peak - before.rss) / pairs).toFixed(1)),
    // The process's high-water mark before compiling, to show it did not hide the compile's peak.
    peakBeforeCompile: mb(peakBefore),
    retained: mb(retained),
    retainedBytesPerPair: Number((retained / pairs).toFixed(1)),
  }));
}

runIfMain(import.meta.url, main);
