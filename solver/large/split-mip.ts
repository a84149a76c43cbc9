/**
 * Rounding of an LP relaxation: items the LP assigns whole keep that agent, and a small MIP (HiGHS)
 * decides the split ones among their candidate agents. When fixing the whole items leaves the MIP
 * infeasible (the split ones cannot rebalance the bands on their own), the items of the agents the
 * split ones touch are freed too, once.
 */
import type { AssignmentModel } from '../assignment.ts';
import { solveWithHighs } from '../backends/highs.ts';
import type { RunContext } from '../run-context.ts';
import { restrictPairs } from './restrict.ts';

/** LP values at or above this count as whole. */
const WHOLE = 1 - 1e-6;

/** Agent per item by the largest LP value (every item gets one). */
export function roundLargest(model: AssignmentModel, x: Float64Array): Int32Array {
  const assignment = new Int32Array(model.items);
  for (let i = 0; i < model.items; i++) {
    let best = model.pairStart[i]!;
    for (let p = best + 1; p < model.pairStart[i + 1]!; p++) if (x[p]! > x[best]!) best = p;
    assignment[i] = model.pairAgent[best]!;
  }
  return assignment;
}

/** The split MIP's assignment within `run.budget` (started for it), or null when it found none in time. */
export async function resolveSplitItems(model: AssignmentModel, x: Float64Array, run: RunContext): Promise<Int32Array | null> {
  const split = new Uint8Array(model.items);
  const touched = new Uint8Array(model.agents);
  let anySplit = false;
  for (let i = 0; i < model.items; i++) {
    let largest = 0;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) largest = Math.max(largest, x[p]!);
    if (largest >= WHOLE) continue;
    split[i] = 1;
    anySplit = true;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (x[p]! > 1e-9) touched[model.pairAgent[p]!] = 1;
  }
  if (!anySplit) return roundLargest(model, x);
  const rounded = roundLargest(model, x);
  for (const widen of [false, true]) {
    const free = Uint8Array.from(split, (s, i) => (s === 1 || (widen && touched[rounded[i]!] === 1) ? 1 : 0));
    const keep = new Uint8Array(model.pairAgent.length);
    for (let i = 0; i < model.items; i++) {
      for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
        if (free[i] === 1 || model.pairAgent[p] === rounded[i]) keep[p] = 1;
      }
    }
    const remaining = run.budget.remainingMs();
    if (remaining <= 50) return null;
    const out = await solveWithHighs(restrictPairs(model, keep).model, run.child(widen ? remaining : remaining / 2), { mipGap: 1e-3 });
    if (out.assignment) return out.assignment;
    if (out.status !== 'infeasible') return null;
  }
  return null;
}
