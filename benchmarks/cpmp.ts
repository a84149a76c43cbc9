/**
 * Capacitated p-median benchmark: solves each file with our engine (solveCpmp: heuristic start, then
 * HiGHS on the strong formulation) and prints one JSON line per problem on stdout:
 *   {"file","objective","bound","status","seconds","medians":[0-based point],"assignment":[0-based median point per point]}
 * Every plan is re-checked (checkCpmp) before it is printed; an invalid one is printed with status "error".
 *
 *   npm run --silent bench:cpmp -- <file>... [--time-limit S] [--peer] [--report] [--nearest K]
 *
 * --peer    also runs plain HiGHS on the same model (no heuristic start) and adds "peer".
 * --report  prints a markdown table against the best known values to stderr at the end.
 * --nearest each point may go to its K nearest points only (no proof for the whole problem).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { runContext } from '../solver/run-context.ts';
import { checkCpmp } from '../solver/location/cpmp.ts';
import { solveCpmp, type CpmpSolution } from '../solver/location/solve-cpmp.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import { LORENA_SENNE_BEST, parseCpmpFile, type CpmpFile } from './cpmp-format.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'time-limit': { type: 'string', default: '60' },
    peer: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    nearest: { type: 'string' },
  },
});
const timeLimitSeconds = Number(values['time-limit']);
const nearest = values.nearest === undefined ? undefined : Number(values.nearest);

interface Row {
  readonly file: string;
  readonly best: number | null;
  readonly ours: CpmpSolution;
  readonly peer: CpmpSolution | null;
}

async function run(file: CpmpFile, plain: boolean): Promise<CpmpSolution> {
  const out = await solveCpmp(file.instance, runContext({ timeLimitSeconds, seed: 1, highs: highsFactory }), {
    mipGap: 0,
    integral: file.integral,
    ...(plain ? { plain: true } : {}),
    ...(nearest !== undefined ? { nearest } : {}),
  });
  if (out.plan && checkCpmp(file.instance, out.plan).length > 0) {
    process.stderr.write(`INVALID plan: ${checkCpmp(file.instance, out.plan).slice(0, 3).join('; ')}\n`);
    return { ...out, status: 'error' };
  }
  return out;
}

const summary = (s: CpmpSolution) => ({ objective: s.objective, bound: s.bound, status: s.status, seconds: s.seconds });
const rows: Row[] = [];
for (const path of positionals) {
  const file = parseCpmpFile(await readFile(path, 'utf8'));
  const name = basename(path);
  const ours = await run(file, false);
  const peer = values.peer ? await run(file, true) : null;
  const best = file.headerOptimum ?? LORENA_SENNE_BEST[name.replace(/\.[^.]+$/, '')] ?? null;
  rows.push({ file: name, best, ours, peer });
  process.stdout.write(`${JSON.stringify({
    file: name,
    ...summary(ours),
    medians: ours.plan ? Array.from(ours.plan.medians) : [],
    assignment: ours.plan ? Array.from(ours.plan.assignment) : [],
    ...(peer ? { peer: summary(peer) } : {}),
  })}\n`);
  process.stderr.write(`${name}: ours ${ours.status} ${ours.objective?.toFixed(2)} (bound ${ours.bound?.toFixed(2)}, ${ours.seconds.toFixed(1)} s, ${ours.strategy})${peer ? `; peer ${peer.status} ${peer.objective?.toFixed(2)} (bound ${peer.bound?.toFixed(2)}, ${peer.seconds.toFixed(1)} s)` : ''}; best known ${best}\n`);
}

if (values.report) {
  const pct = (v: number | null, best: number | null) => (v === null || best === null ? '-' : `${(((v - best) / best) * 100).toFixed(2)}%`);
  const lines = ['| file | best known | ours | gap to best | proven gap | status | s | peer | peer gap to best | peer status | peer s |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const proven = r.ours.gap === null ? '-' : `${(r.ours.gap * 100).toFixed(2)}%`;
    lines.push(`| ${r.file} | ${r.best ?? '-'} | ${r.ours.objective?.toFixed(2) ?? '-'} | ${pct(r.ours.objective, r.best)} | ${proven} | ${r.ours.status} | ${r.ours.seconds.toFixed(1)} | ${r.peer?.objective?.toFixed(2) ?? '-'} | ${r.peer ? pct(r.peer.objective, r.best) : '-'} | ${r.peer?.status ?? '-'} | ${r.peer?.seconds.toFixed(1) ?? '-'} |`);
  }
  const total = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  lines.push(`\nours: ${rows.filter((r) => r.ours.status === 'optimal').length}/${rows.length} optimal, ${total((r) => r.ours.seconds).toFixed(1)} s in all${values.peer ? `; peer: ${rows.filter((r) => r.peer?.status === 'optimal').length}/${rows.length} optimal, ${total((r) => r.peer?.seconds ?? 0).toFixed(1)} s` : ''}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
