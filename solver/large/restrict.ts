/**
 * A model over a subset of another model's pairs: same items, agents and families, fewer pairs. The
 * large-model strategy solves such candidate models and maps their answers (agent per item, which
 * both models share) and their duals back to the full model.
 */
import type { AssignmentModel } from '../assignment.ts';

export interface RestrictedModel {
  readonly model: AssignmentModel;
  /** Full-model index of each restricted pair. */
  readonly fullPair: Int32Array;
}

/** The model over the pairs with keep[p] = 1. Side constraints keep only their kept pairs. */
export function restrictPairs(full: AssignmentModel, keep: Uint8Array): RestrictedModel {
  let count = 0;
  for (let p = 0; p < keep.length; p++) count += keep[p]!;
  const fullPair = new Int32Array(count);
  const restrictedOf = new Int32Array(full.pairAgent.length).fill(-1);
  const pairStart = new Int32Array(full.items + 1);
  let q = 0;
  for (let i = 0; i < full.items; i++) {
    pairStart[i] = q;
    for (let p = full.pairStart[i]!; p < full.pairStart[i + 1]!; p++) {
      if (keep[p] !== 1) continue;
      restrictedOf[p] = q;
      fullPair[q++] = p;
    }
  }
  pairStart[full.items] = q;
  const pick = (values: Float64Array) => Float64Array.from(fullPair, (p) => values[p]!);
  const model: AssignmentModel = {
    items: full.items,
    agents: full.agents,
    pairStart,
    pairAgent: Int32Array.from(fullPair, (p) => full.pairAgent[p]!),
    pairCost: pick(full.pairCost),
    capacities: full.capacities.map((family) => ({ ...family, load: pick(family.load) })),
    bands: full.bands.map((band) => ({ ...band, load: pick(band.load) })),
    sideConstraints: full.sideConstraints.map((side) => {
      const pairs: number[] = [];
      const coefs: number[] = [];
      side.pairs.forEach((p, k) => {
        if (restrictedOf[p]! < 0) return;
        pairs.push(restrictedOf[p]!);
        coefs.push(side.coefs[k]!);
      });
      return { ...side, pairs: Int32Array.from(pairs), coefs: Float64Array.from(coefs) };
    }),
  };
  return { model, fullPair };
}
