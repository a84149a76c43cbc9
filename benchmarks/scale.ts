/**
 * Scale benchmark: generated realistic problems (benchmarks/generate-problem.ts) solved by our engine
 * and by plain HiGHS on the same model with the same time limit, each run in its own process.
 *   npm run bench:scale -- [--sizes 2000x40,10000x100] [--seeds 1,2] [--time-limit 30] [--engines ours,highs] [--json]
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000x40' },
    seeds: { type: 'string', default: '1' },
    'time-limit': { type: 'string', default: '30' },
    engines: { type: 'string', default: 'ours,highs' },
    json: { type: 'boolean', default: false },
  },
});
const runner = fileURLToPath(new URL('./scale-run.ts', import.meta.url));

function run(engine: string, accounts: number, reps: number, seed: number): Promise<Record<string, unknown>> {
  const args = ['--import', 'tsx', runner, '--engine', engine, '--accounts', String(accounts), '--reps', String(reps), '--seed', String(seed), '--time-limit', values['time-limit']];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24, timeout: (Number(values['time-limit']) * 3 + 120) * 1000 }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').pop();
      if (err || !last) resolve({ engine, accounts, reps, seed, status: 'error', error: (stderr || String(err)).slice(-500) });
      else resolve(JSON.parse(last) as Record<string, unknown>);
    });
  });
}

const fmt = (x: unknown, d = 2) => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : '-');
const rows: Array<Record<string, unknown>> = [];
for (const size of values.sizes.split(',')) {
  const [accounts, reps] = size.split('x').map(Number) as [number, number];
  for (const seed of values.seeds.split(',').map(Number)) {
    for (const engine of values.engines.split(',')) {
      process.stderr.write(`running ${engine} on ${accounts} x ${reps}, seed ${seed}...\n`);
      const row = await run(engine, accounts, reps, seed);
      rows.push(row);
      if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  }
}
if (!values.json) {
  console.log(`| size | seed | engine | status | objective | bound | gap | seconds | peak RSS MB | verified |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    console.log(`| ${r.accounts} x ${r.reps} | ${r.seed} | ${r.engine === 'ours' ? `ours (${r.strategy ?? '?'})` : 'HiGHS alone'} | ${r.status} | ${fmt(r.objective)} | ${fmt(r.bound)} | ${pct(r.gap)} | ${fmt(r.seconds, 1)} | ${r.peakRssMb ?? '-'} | ${r.verified === true ? 'yes' : 'no'} |`);
  }
}
