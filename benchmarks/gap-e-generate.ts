/**
 * Seeded generator of generalised assignment (GAP) instances of type E, written as OR-Library GAP
 * files that gap-format.ts reads (and so bench:gap solves, as minimisation):
 *
 *   npx tsx benchmarks/gap-e-generate.ts --out <dir> [--sizes 5x100,5x200,...] [--seed 1] [--count 1]
 *
 * writes <dir>/gape.txt: for every size (agents x jobs) in the given order, `count` problems with
 * seeds seed, seed+1, ... Default sizes: the six of the OR-Library types A-D (gapa..gapd).
 *
 * Type E, as published by Laguna et al. (1995) and used for the e-instances of Chu & Beasley (1997)
 * (M. Laguna, J.P. Kelly, J.L. González-Velarde & F. Glover, "Tabu search for the multilevel
 * generalized assignment problem", EJOR 82 (1995) 176-189; P.C. Chu & J.E. Beasley, "A genetic
 * algorithm for the generalised assignment problem", Computers & OR 24 (1997) 17-23; the instances
 * themselves are distributed by Yagiura, http://www.al.cm.is.nagoya-u.ac.jp/~yagiura/gap/):
 * for every agent i and job j, with x uniform in (0, 1] and y uniform in [0, 1), all data integer,
 *
 *   a_ij = floor(1 - 10 ln x)                  load: 1 + a discretised exponential of mean 10
 *   c_ij = floor(1000 / a_ij - 10 y)           cost: inversely related to the load
 *   b_i  = max(floor(0.8 * sum_j a_ij / m), max_j a_ij)
 *
 * Type E should be solved as minimisation (Yagiura: "otherwise they are trivial"). b_i >= max_j a_ij
 * lets every agent take any single job. The cost formula can give zero or a negative cost when
 * a_ij >= 91 (x <= e^-9, about one pair in 8 000, and then only for some y); we keep it as
 * published rather than clamp.
 *
 * Checking the reference: no code generator for type E was found (the generator of
 * fontanf/generalizedassignmentsolver, lib/generator.cpp, draws truncated normals, not type E).
 * The formula was instead checked against the published instance e20100 as stored in that
 * repository (data/yagiura2004/e20100, commit 7557c709709fb108584851f12f42d602f919d5c2): its
 * costs lie in [floor(1000/a) - 10, floor(1000/a)] (e.g. a = 1 gives 990..1000), and its capacities
 * match b_i exactly where we checked (agent 1: b = 50 = max_j a_1j; agent 4: sum_j a_4j = 1058,
 * b = floor(0.8 * 1058 / 20) = 42 > max_j a_4j = 37). Nothing in that data contradicts the formula.
 *
 * Randomness: createRng(seed) (mulberry32, solver/heuristics/prng.ts), drawn agent by agent, job by
 * job, x then y. Same (agents, jobs, seed), same instance; never Math.random. Our instances have the
 * published distribution, not the published numbers (which came from another generator).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runIfMain } from './run-if-main.ts';
import { parseArgs } from 'node:util';
import { createRng } from '../solver/heuristics/prng.ts';
import type { GapProblem } from './gap-format.ts';

/** The six sizes of the OR-Library types A-D, as (agents, jobs), in their file order. */
export const DEFAULT_SIZES: readonly (readonly [number, number])[] = [
  [5, 100], [5, 200], [10, 100], [10, 200], [20, 100], [20, 200],
];

/** A type E GAP problem with `agents` agents and `jobs` jobs; pure and deterministic in the seed. */
export function generateGapE(agents: number, jobs: number, seed: number): GapProblem {
  for (const [name, value] of [['agents', agents], ['jobs', jobs]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const rng = createRng(seed);
  const cost: number[][] = [];
  const load: number[][] = [];
  for (let i = 0; i < agents; i++) {
    const costRow: number[] = [];
    const loadRow: number[] = [];
    for (let j = 0; j < jobs; j++) {
      const x = 1 - rng(); // (0, 1]: ln 0 is impossible
      const y = rng(); // [0, 1)
      const a = Math.floor(1 - 10 * Math.log(x));
      loadRow.push(a);
      costRow.push(Math.floor(1000 / a - 10 * y));
    }
    cost.push(costRow);
    load.push(loadRow);
  }
  const capacity = load.map((row) => {
    const sum = row.reduce((s, a) => s + a, 0);
    return Math.max(Math.floor((0.8 * sum) / agents), Math.max(...row));
  });
  return { agents, jobs, cost, load, capacity };
}

/** OR-Library GAP text: P, then per problem m n, c (m rows), a (m rows), b; parseGapFile reads it back. */
export function formatGapFile(problems: readonly GapProblem[]): string {
  const lines: string[] = [`${problems.length}`];
  for (const problem of problems) {
    lines.push(`${problem.agents} ${problem.jobs}`);
    for (const row of problem.cost) lines.push(row.join(' '));
    for (const row of problem.load) lines.push(row.join(' '));
    lines.push(problem.capacity.join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/** Parses "10x100,20x200" into (agents, jobs) pairs. */
export function parseSizes(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*x\s*(\d+)\s*$/i.exec(part);
    const agents = Number(match?.[1]);
    const jobs = Number(match?.[2]);
    if (!match || agents < 1 || jobs < 1) throw new Error(`--sizes: "${part}" is not <agents>x<jobs> with positive integers`);
    return [agents, jobs];
  });
}

function nonNegativeInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${text}`);
  return value;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      sizes: { type: 'string' },
      seed: { type: 'string' },
      count: { type: 'string' },
    },
  });
  if (values.out === undefined) {
    throw new Error('usage: tsx benchmarks/gap-e-generate.ts --out <dir> [--sizes 5x100,5x200,...] [--seed 1] [--count 1]');
  }
  const sizes = values.sizes === undefined ? DEFAULT_SIZES : parseSizes(values.sizes);
  const seed = nonNegativeInteger(values.seed, 1, 'seed');
  const count = nonNegativeInteger(values.count, 1, 'count');
  if (count < 1) throw new Error('--count must be at least 1');
  const problems: GapProblem[] = [];
  for (const [agents, jobs] of sizes) {
    for (let k = 0; k < count; k++) problems.push(generateGapE(agents, jobs, seed + k));
  }
  const dir = resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'gape.txt');
  writeFileSync(path, formatGapFile(problems));
  process.stdout.write(`${path}\n`);
}

runIfMain(import.meta.url, main);
