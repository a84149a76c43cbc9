/**
 * The two public capacitated p-median formats (benchmarks/instances/cpmp/SOURCE.txt), read into a
 * CpmpInstance with each set's own distance:
 * - Osman & Christofides (`pmedcap1(K).txt`): "problem best", "n p Q", then n lines "id x y demand";
 *   Euclidean distance truncated to an integer (the only convention that gives the header optima);
 * - Lorena & Senne (`SJC*.dat`, `p3038_*.dat`): "n p", then n lines "x y capacity demand"; unrounded
 *   Euclidean distance.
 */
import type { CpmpInstance } from '../solver/location/cpmp.ts';

export interface CpmpFile {
  readonly instance: CpmpInstance;
  readonly format: 'osman-christofides' | 'lorena-senne';
  /** The optimum in the file's header (Osman & Christofides only). */
  readonly headerOptimum: number | null;
  /** Distances are integers. */
  readonly integral: boolean;
}

export function parseCpmpFile(text: string): CpmpFile {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0).map((l) => l.split(/\s+/).map(Number));
  if (lines.length < 2 || lines.some((l) => l.some((v) => !Number.isFinite(v)))) throw new Error('not a CPMP file: expected lines of numbers');
  const oc = lines[0]!.length === 2 && lines[1]!.length === 3;
  const head = oc ? lines[1]! : lines[0]!;
  const n = head[0]!;
  const p = head[1]!;
  const rows = lines.slice(oc ? 2 : 1, (oc ? 2 : 1) + n);
  if (!Number.isInteger(n) || n < 1 || rows.length !== n || rows.some((r) => r.length < 4)) throw new Error(`not a CPMP file: expected ${n} point lines of 4 numbers`);
  const x = Float64Array.from(rows, (r) => (oc ? r[1]! : r[0]!));
  const y = Float64Array.from(rows, (r) => (oc ? r[2]! : r[1]!));
  const demand = Float64Array.from(rows, (r) => r[3]!);
  const capacity = Float64Array.from(rows, (r) => (oc ? head[2]! : r[2]!));
  const euclid = (i: number, j: number) => Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
  // Truncation as the header optima need (SOURCE.txt); the tiny epsilon keeps 5.0000000001-style noise exact.
  const distance = oc ? (i: number, j: number) => Math.floor(euclid(i, j) + 1e-9) : euclid;
  return { instance: { points: n, medians: p, demand, capacity, distance }, format: oc ? 'osman-christofides' : 'lorena-senne', headerOptimum: oc ? lines[0]![1]! : null, integral: oc };
}

/** Best known values of the Lorena & Senne sets (issue 14), by file name without extension. */
export const LORENA_SENNE_BEST: Readonly<Record<string, number>> = {
  SJC1: 17288.99,
  SJC2: 33270.94,
  SJC3a: 45335.16,
  SJC3b: 40635.9,
  SJC4a: 61925.51,
  SJC4b: 52458.02,
  p3038_600: 122711.17,
  p3038_700: 109677.3,
  p3038_800: 100064.94,
  p3038_900: 92310.09,
  p3038_1000: 85854.05,
};
