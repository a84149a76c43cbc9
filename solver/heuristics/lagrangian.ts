/**
 * Lagrangian prices of the capacity limits and hard bands: relax those rows with a price per unit of
 * violation, so that each item simply takes its cheapest pair at its Lagrangian cost, and raise the
 * prices by subgradient steps where the rows are broken. The best prices approach the LP duals: they
 * tell the heuristics which agents are scarce (or must be filled), and the Lagrangian cost ranks
 * pairs far better than the cost alone on tight problems. Any prices give a valid lower bound on the
 * optimum (side constraints and soft bands, whose penalties are >= 0, are simply left out).
 *
 * Band rows, for agent a of group g (W_a its load, T_g the group's, w weights, t the tolerance):
 *   W_a - (1+t) w_a/W_g T_g <= 0   (price alpha_a)     (1-t) w_a/W_g T_g - W_a <= 0   (price beta_a)
 * so a pair p of agent a with band load L_p costs L_p (alpha_a - beta_a - S_g) more, where
 * S_g = sum over the group of w_a' ((1+t) alpha_a' - (1-t) beta_a') / W_g: O(1) per pair.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { Budget } from './budget.ts';
import type { SearchLayout } from './search-layout.ts';
import { NS_PER_PAIR_VISIT } from './work-cost.ts';

export interface LagrangianPrices {
  /** Best Lagrangian dual value met: a proven lower bound (soft-band penalties must be >= 0). */
  readonly dual: number;
  /** Lagrangian cost of each pair at the best prices. */
  readonly pairCost: Float64Array;
}

export interface PriceOptions {
  /** Cost of a known assignment, or an estimate above the optimum: sets the step size. */
  readonly upper: number;
  readonly iterations?: number;
  readonly budget?: Budget;
}

/** Per agent: price per unit of each capacity family's load and of each band's load. */
interface AgentPrices {
  readonly capacity: Float64Array[];
  readonly band: Float64Array[];
}

/** Subgradient optimisation of the prices (Held, Wolfe and Crowder's step rule). */
export function lagrangianPrices(layout: SearchLayout, options: PriceOptions): LagrangianPrices {
  const model = layout.model;
  const A = model.agents;
  const bands = layout.bands.filter((band) => band.hard);
  // Multipliers of the rows scaled to typical loads of ~1, so one step size suits every family.
  const cap = model.capacities.map(() => new Float64Array(A));
  const up = bands.map(() => new Float64Array(A));
  const lo = bands.map(() => new Float64Array(A));
  const capScale = layout.capacityScale;
  const bounded = model.capacities.map((family) => Uint8Array.from(family.limit, (l) => (Number.isFinite(l) ? 1 : 0)));
  const prices: AgentPrices = { capacity: cap.map(() => new Float64Array(A)), band: bands.map(() => new Float64Array(A)) };
  const capUsed = cap.map(() => new Float64Array(A));
  const bandUsed = bands.map(() => new Float64Array(A));
  let best = snapshot(prices);
  let bestDual = -Infinity;
  let theta = 2;
  let stall = 0;
  const iterations = cap.length + bands.length === 0 ? 1 : (options.iterations ?? 300);
  for (let it = 0; it < iterations; it++) {
    // An iteration prices every pair (a few passes over them).
    if (it > 0 && options.budget?.expired(3 * model.pairAgent.length * NS_PER_PAIR_VISIT)) break;
    // Effective prices on unscaled loads.
    model.capacities.forEach((_, f) => {
      for (let a = 0; a < A; a++) prices.capacity[f]![a] = cap[f]![a]! * capScale[f]!;
    });
    bands.forEach((band, b) => {
      const shift = new Float64Array(band.groupWeight.length);
      for (let a = 0; a < A; a++) {
        const g = band.group[a]!;
        if (g >= 0) shift[g]! += (band.weight[a]! * band.scale * ((1 + band.tolerance) * up[b]![a]! - (1 - band.tolerance) * lo[b]![a]!)) / band.groupWeight[g]!;
      }
      for (let a = 0; a < A; a++) {
        const g = band.group[a]!;
        prices.band[b]![a] = g < 0 ? 0 : band.scale * (up[b]![a]! - lo[b]![a]!) - shift[g]!;
      }
    });
    // Each item at its cheapest pair; the dual value and the loads this gives.
    for (const u of [...capUsed, ...bandUsed]) u.fill(0);
    let dual = 0;
    for (let i = 0; i < model.items; i++) {
      let chosen = -1;
      let chosenCost = Infinity;
      for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
        const c = pairPrice(model, bands, prices, p);
        if (c < chosenCost) {
          chosenCost = c;
          chosen = p;
        }
      }
      if (chosen < 0) continue;
      dual += chosenCost;
      const a = model.pairAgent[chosen]!;
      model.capacities.forEach((family, f) => (capUsed[f]![a]! += family.load[chosen]!));
      bands.forEach((band, b) => (bandUsed[b]![a]! += band.load[chosen]!));
    }
    model.capacities.forEach((family, f) => {
      for (let a = 0; a < A; a++) if (bounded[f]![a] === 1) dual -= prices.capacity[f]![a]! * family.limit[a]!;
    });
    if (bestDual === -Infinity || dual > bestDual + 1e-9 * Math.max(1, Math.abs(bestDual))) {
      bestDual = dual;
      best = snapshot(prices);
      stall = 0;
    } else if (++stall >= 20) {
      theta /= 2;
      stall = 0;
    }
    if (theta < 1e-4) break;
    // Scaled subgradients; a zero price on a slack row cannot fall further, so it does not count.
    const steps: Array<[Float64Array, number, number]> = [];
    let norm = 0;
    const push = (mult: Float64Array, a: number, g: number) => {
      if (g > 0 || mult[a]! > 0) {
        norm += g * g;
        steps.push([mult, a, g]);
      }
    };
    model.capacities.forEach((family, f) => {
      for (let a = 0; a < A; a++) if (bounded[f]![a] === 1) push(cap[f]!, a, (capUsed[f]![a]! - family.limit[a]!) * capScale[f]!);
    });
    bands.forEach((band, b) => {
      const total = new Float64Array(band.groupWeight.length);
      for (let a = 0; a < A; a++) if (band.group[a]! >= 0) total[band.group[a]!]! += bandUsed[b]![a]!;
      for (let a = 0; a < A; a++) {
        const g = band.group[a]!;
        if (g < 0) continue;
        const share = (band.weight[a]! * total[g]!) / band.groupWeight[g]!;
        push(up[b]!, a, (bandUsed[b]![a]! - (1 + band.tolerance) * share) * band.scale);
        push(lo[b]!, a, ((1 - band.tolerance) * share - bandUsed[b]![a]!) * band.scale);
      }
    });
    if (norm === 0) break;
    const step = (theta * Math.max(options.upper - dual, 1e-3 * Math.max(1, Math.abs(dual)))) / norm;
    for (const [mult, a, g] of steps) mult[a] = Math.max(0, mult[a]! + step * g);
  }
  const pairCost = new Float64Array(model.pairAgent.length);
  for (let p = 0; p < pairCost.length; p++) pairCost[p] = pairPrice(model, bands, best, p);
  return { dual: bestDual, pairCost };
}

/** Lagrangian cost of pair p: its cost plus the prices of the loads it puts on its agent. */
function pairPrice(model: AssignmentModel, bands: SearchLayout['bands'], prices: AgentPrices, p: number): number {
  const a = model.pairAgent[p]!;
  let c = model.pairCost[p]!;
  for (let f = 0; f < model.capacities.length; f++) c += prices.capacity[f]![a]! * model.capacities[f]!.load[p]!;
  for (let b = 0; b < bands.length; b++) c += prices.band[b]![a]! * bands[b]!.load[p]!;
  return c;
}

function snapshot(prices: AgentPrices): AgentPrices {
  return { capacity: prices.capacity.map((x) => Float64Array.from(x)), band: prices.band.map((x) => Float64Array.from(x)) };
}
