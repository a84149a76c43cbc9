/**
 * Checks an assignment against every hard constraint of a generic assignment model. Independent of
 * how the assignment was found: it reads only the model and the assignment.
 */
import { agentTotals, bandViolations, evaluateObjective, findPair, type AssignmentModel } from './assignment.ts';

/** Loads are compared with this relative slack, to forgive floating-point noise only. */
const TOLERANCE = 1e-6;

export interface AssignmentCheck {
  readonly feasible: boolean;
  /** One plain sentence per violated constraint. */
  readonly violations: readonly string[];
  /** Objective recomputed from the pair costs (and soft-band penalties). */
  readonly objective: number;
}

export function checkAssignment(model: AssignmentModel, assignment: Int32Array): AssignmentCheck {
  const violations: string[] = [];
  if (assignment.length !== model.items) {
    return { feasible: false, violations: [`assignment has ${assignment.length} entries for ${model.items} items`], objective: NaN };
  }
  const chosen = new Int32Array(model.items);
  for (let i = 0; i < model.items; i++) {
    chosen[i] = findPair(model, i, assignment[i]!);
    if (chosen[i]! < 0) violations.push(`item ${i} is given to agent ${assignment[i]}, which is not eligible for it`);
  }
  for (const family of model.capacities) {
    const totals = agentTotals(model, chosen, family.load);
    for (let a = 0; a < model.agents; a++) {
      const limit = family.limit[a]!;
      if (totals[a]! > limit + TOLERANCE * Math.max(1, Math.abs(limit))) {
        violations.push(`${family.name}: agent ${a} carries ${totals[a]} above its limit ${limit}`);
      }
    }
  }
  for (const band of model.bands) {
    if (band.penalty !== null) continue;
    const totals = agentTotals(model, chosen, band.load);
    const outside = bandViolations(model, band, totals);
    for (let a = 0; a < model.agents; a++) {
      if (outside[a]! > TOLERANCE * Math.max(1, totals[a]!)) {
        violations.push(`${band.name}: agent ${a} is ${outside[a]} outside its ±${band.tolerance} band`);
      }
    }
  }
  for (const side of model.sideConstraints) {
    let activity = 0;
    for (let k = 0; k < side.pairs.length; k++) {
      const p = side.pairs[k]!;
      const item = itemOfPair(model, p);
      if (chosen[item] === p) activity += side.coefs[k]!;
    }
    const slack = TOLERANCE * Math.max(1, Math.abs(activity));
    if (activity < side.lower - slack || activity > side.upper + slack) {
      violations.push(`${side.name}: activity ${activity} outside [${side.lower}, ${side.upper}]`);
    }
  }
  const objective = violations.length === 0 || chosen.every((p) => p >= 0) ? evaluateObjective(model, assignment) : NaN;
  return { feasible: violations.length === 0, violations, objective };
}

/** Item owning pair p (binary search over pairStart). */
export function itemOfPair(model: AssignmentModel, p: number): number {
  let lo = 0;
  let hi = model.items - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (model.pairStart[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
