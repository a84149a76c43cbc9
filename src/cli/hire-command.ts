/**
 * `territory hire <problem.json> --sites <sites.json> --role <role> --count <n> --capacity <hours>`:
 * where to hire (solver/hiring.ts): the sites chosen together with the territories, then the
 * problem solved with the hires, as a summary or as JSON ({ sites, location, result }).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { candidateSitesSchema, chooseSites, hiresNeeded, parseProblem, runContext, solve } from '../../solver/index.ts';
import { highsFactory } from '../highs-runtime.ts';
import { readProblemFile } from './read-problem.ts';
import { formatSummary } from './summary.ts';
import { UsageError } from './usage-error.ts';

export const HIRE_USAGE = '  territory hire <problem.json> --sites <sites.json> --role <role> --count <n|auto> --capacity <hours> [--skills a,b] [--time-limit <seconds>] [--json] [--out <file>]';

export const HIRE_HELP = `hire chooses where to hire --count reps of --role with --capacity hours a year among the candidate
sites (a JSON array of { "id", "name"?, "lat", "lon", "cost"? }), together with the territories they
would own, and solves the problem with them (docs/location.md; the same as candidateSites and hire in
the problem file, which territory solve takes too). --count auto hires the deficit the
capacity report gives for the role (0: nothing to hire). The choice weighs the territory model's
travel, disruption and capacity; balance bands apply to the solve that follows. Exit code 0: a plan
with the hires; 1: no choice of sites lets the role's accounts fit; 2: bad input.`;

export async function hireCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { sites: { type: 'string' }, role: { type: 'string' }, count: { type: 'string' }, capacity: { type: 'string' }, skills: { type: 'string' }, 'time-limit': { type: 'string' }, json: { type: 'boolean', default: false }, out: { type: 'string' } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HIRE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`hire takes exactly one problem file\n\n${HIRE_USAGE}`);
  for (const flag of ['sites', 'role', 'count', 'capacity'] as const) if (values[flag] === undefined) throw new UsageError(`hire needs --${flag}\n\n${HIRE_USAGE}`);
  const auto = values.count === 'auto';
  const asked = Number(values.count);
  if (!auto && (!Number.isInteger(asked) || asked < 1)) throw new UsageError(`--count: expected a whole number >= 1 or "auto", got "${values.count}"`);
  const capacity = Number(values.capacity);
  if (!(capacity > 0) || !Number.isFinite(capacity)) throw new UsageError(`--capacity: expected hours a year > 0, got "${values.capacity}"`);
  const timeLimit = values['time-limit'] === undefined ? 60 : Number(values['time-limit']);
  if (!(timeLimit > 0)) throw new UsageError(`--time-limit: expected a positive number of seconds, got "${values['time-limit']}"`);

  const file = positionals[0]!;
  const problem = parseProblem(await readProblemFile(file));
  if (!problem.ok) throw new UsageError(`${file} is not a valid problem:\n${problem.issues.slice(0, 50).map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  const sites = candidateSitesSchema.safeParse(await readJson(values.sites!));
  if (!sites.success) throw new UsageError(`${values.sites} is not a list of sites:\n${sites.error.issues.slice(0, 20).map((i) => `[${i.path.join('.')}]: ${i.message}`).join('\n')}`);
  if (!problem.problem.reps.some((r) => r.role === values.role)) process.stderr.write(`note: no rep of role ${values.role} today; every account of the role goes to the hires\n`);
  // "auto": the deficit the capacity report gives for the role, in whole reps.
  const count = auto ? hiresNeeded(problem.problem, values.role!) : asked;
  if (auto) process.stderr.write(`--count auto: the capacity report says ${count} more ${values.role} rep${count === 1 ? '' : 's'}\n`);
  if (count === 0) {
    process.stdout.write(values.json ? `${JSON.stringify({ sites: [], count: 0, message: `no more ${values.role} reps needed` }, null, 2)}\n` : `No hire needed: the ${values.role} reps carry the demand at the target utilisation.\n`);
    return 0;
  }
  if (count > sites.data.length) throw new UsageError(`--count ${count}: only ${sites.data.length} sites to choose from`);

  const question = { role: values.role!, count, capacity, ...(values.skills ? { skills: values.skills.split(',').map((s) => s.trim()).filter(Boolean) } : {}) };
  const choice = await chooseSites(problem.problem, sites.data, question, runContext({ timeLimitSeconds: timeLimit / 2, seed: problem.problem.options.seed, highs: highsFactory }));
  if (!choice) {
    process.stderr.write(`no choice of ${count} of the ${sites.data.length} sites lets the ${values.role} accounts fit within the reps' capacities\n`);
    return 1;
  }
  const names = choice.sites.map((s) => s.name ?? s.id).join(', ');
  const { location } = choice;
  process.stderr.write(`hire at ${names} (location choice ${location.status}${location.gap !== null ? `, gap ${(location.gap * 100).toFixed(2)}%` : ''}); solving the problem with the hires\n`);
  const result = await solve(choice.problem, { highs: highsFactory, timeLimitSeconds: timeLimit / 2 });
  const json = `${JSON.stringify({ sites: choice.sites, location, result }, null, 2)}\n`;
  if (values.out !== undefined) await writeFile(values.out, json);
  process.stdout.write(values.json ? json : `Hire at: ${names}\n\n${formatSummary(result)}\n`);
  return result.assignments.length > 0 ? 0 : 1;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not JSON: ${(err as Error).message}`);
  }
}
