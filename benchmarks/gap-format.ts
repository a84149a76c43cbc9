/**
 * OR-Library generalised assignment (GAP) files and their best known values.
 *
 * A GAP file is a stream of whitespace-separated integers (line breaks carry no meaning):
 *   P, then P times: m n, c (m rows of n), a (m rows of n), b (m values)
 * with m agents, n jobs, cost c[i][j] and load a[i][j] of job j on agent i, capacity b[i].
 * See benchmarks/instances/gap/SOURCE.txt.
 */
import { readFile } from 'node:fs/promises';
import type { AssignmentModel } from '../solver/index.ts';

/** One GAP problem, indexed [agent][job]. */
export interface GapProblem {
  readonly agents: number;
  readonly jobs: number;
  readonly cost: readonly (readonly number[])[];
  readonly load: readonly (readonly number[])[];
  readonly capacity: readonly number[];
}

/** Parses every problem of an OR-Library GAP file. Throws on malformed input (it is a programmer's fixture). */
export function parseGapFile(text: string): GapProblem[] {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let at = 0;
  const next = (what: string): number => {
    const token = tokens[at];
    if (token === undefined) throw new Error(`GAP file ends early: expected ${what} at token ${at}`);
    const value = Number(token);
    if (!Number.isFinite(value)) throw new Error(`GAP file: token ${at} (${token}) is not a number (${what})`);
    at++;
    return value;
  };
  const count = (what: string): number => {
    const value = next(what);
    if (!Number.isInteger(value) || value < 1) throw new Error(`GAP file: ${what} must be a positive integer, got ${value}`);
    return value;
  };
  const matrix = (rows: number, cols: number, what: string): number[][] =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => next(`${what}[${i}][${j}]`)));

  const problems: GapProblem[] = [];
  const total = count('number of problems');
  for (let k = 0; k < total; k++) {
    const agents = count(`agents of problem ${k + 1}`);
    const jobs = count(`jobs of problem ${k + 1}`);
    const cost = matrix(agents, jobs, 'cost');
    const load = matrix(agents, jobs, 'load');
    const capacity = Array.from({ length: agents }, (_, i) => next(`capacity[${i}]`));
    problems.push({ agents, jobs, cost, load, capacity });
  }
  if (at !== tokens.length) throw new Error(`GAP file has ${tokens.length - at} tokens after its ${total} problems`);
  return problems;
}

/**
 * The GAP problem as a generic assignment model: jobs are items, every (job, agent) pair is
 * eligible, one capacity family holds the loads and capacities, no bands, no side constraints.
 */
export function gapToModel(problem: GapProblem): AssignmentModel {
  const { agents, jobs } = problem;
  const pairs = agents * jobs;
  const pairStart = new Int32Array(jobs + 1);
  const pairAgent = new Int32Array(pairs);
  const pairCost = new Float64Array(pairs);
  const load = new Float64Array(pairs);
  for (let j = 0; j < jobs; j++) {
    pairStart[j] = j * agents;
    for (let i = 0; i < agents; i++) {
      const p = j * agents + i;
      pairAgent[p] = i;
      pairCost[p] = problem.cost[i]![j]!;
      load[p] = problem.load[i]![j]!;
    }
  }
  pairStart[jobs] = pairs;
  return {
    items: jobs,
    agents,
    pairStart,
    pairAgent,
    pairCost,
    capacities: [{ name: 'capacity', load, limit: Float64Array.from(problem.capacity) }],
    bands: [],
    sideConstraints: [],
  };
}

/** A row of best-known.csv, for minimisation. */
export interface BestKnown {
  /** Best known solution value (equal to the optimum when one is proven). */
  readonly value: number;
  /** Proven optimum, or null when none is known. */
  readonly optimum: number | null;
  /** Best known lower bound. */
  readonly bound: number;
  readonly agents: number;
  readonly jobs: number;
}

/**
 * Order of the problems inside gapa.txt .. gapd.txt, as (agents, jobs) (README and SOURCE.txt).
 * best-known.csv lists chu1997 rows in another order, so we map by name, never by row position.
 */
const CHU_ORDER: readonly (readonly [number, number])[] = [
  [5, 100], [5, 200], [10, 100], [10, 200], [20, 100], [20, 200],
];

/** Key of a problem: the file's base name and its 1-based index in the file. */
export function problemKey(file: string, problem: number): string {
  return `${file}#${problem}`;
}

/**
 * Parses best-known.csv into problemKey(file basename, 1-based problem) -> best known.
 * `cattrysse1994/gapK-i` is problem i+1 of gapK.txt; `chu1997/<t><mm><nnn>` is the problem of
 * gap<t>.txt with (m, n) at its place in CHU_ORDER. Rows of other datasets (not in the OR-Library
 * files) are skipped.
 */
export function parseBestKnown(csv: string): Map<string, BestKnown> {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const header = (lines[0] ?? '').split(',');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`best-known.csv has no column "${name}"`);
    return index;
  };
  const cols = {
    path: column('Path'),
    jobs: column('Item number'),
    agents: column('Agent number'),
    bound: column('Best known bound'),
    optimum: column('Optimum'),
    value: column('Best known solution value'),
  };
  const out = new Map<string, BestKnown>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const cell = (index: number): string => (cells[index] ?? '').trim();
    const key = keyOfPath(cell(cols.path));
    if (key === null) continue;
    const optimum = cell(cols.optimum);
    out.set(key, {
      value: Number(cell(cols.value)),
      optimum: optimum === '' ? null : Number(optimum),
      bound: Number(cell(cols.bound)),
      agents: Number(cell(cols.agents)),
      jobs: Number(cell(cols.jobs)),
    });
  }
  return out;
}

function keyOfPath(path: string): string | null {
  const cattrysse = /^cattrysse1994\/gap(\d+)-(\d+)$/.exec(path);
  if (cattrysse) return problemKey(`gap${cattrysse[1]}.txt`, Number(cattrysse[2]) + 1);
  const chu = /^chu1997\/([a-d])(\d{2})(\d{3})$/.exec(path);
  if (chu) {
    const agents = Number(chu[2]);
    const jobs = Number(chu[3]);
    const index = CHU_ORDER.findIndex(([m, n]) => m === agents && n === jobs);
    if (index < 0) throw new Error(`best-known.csv: ${path} has a size not in the OR-Library files`);
    return problemKey(`gap${chu[1]}.txt`, index + 1);
  }
  return null;
}

/** Reads and parses best-known.csv. */
export async function loadBestKnown(path: string): Promise<Map<string, BestKnown>> {
  return parseBestKnown(await readFile(path, 'utf8'));
}
