/**
 * Side-constraint bookkeeping for the local search: the activity of each constraint under the
 * current assignment, how many are violated and by how much (normalised), updated pair by pair, and
 * the violation change of a move screened without touching the state.
 */
import { outside, type SearchLayout } from './search-layout.ts';

export class SideActivity {
  private readonly activity: Float64Array;
  private readonly delta: Float64Array;
  private readonly touched: Int32Array;
  /** Number of constraints outside their bounds. */
  violated = 0;
  /** Their normalised violation. */
  violation = 0;

  constructor(private readonly layout: SearchLayout) {
    const count = layout.model.sideConstraints.length;
    this.activity = new Float64Array(count);
    this.delta = new Float64Array(count);
    let most = 0;
    for (let p = 0; p + 1 < layout.sideStart.length; p++) most = Math.max(most, layout.sideStart[p + 1]! - layout.sideStart[p]!);
    this.touched = new Int32Array(4 * Math.max(1, most));
  }

  /** Whether the model has any side constraint (else every method is a no-op). */
  get active(): boolean {
    return this.activity.length > 0;
  }

  /** Recomputes activities and violations for the chosen pair of every item. */
  reset(pairOfItem: Int32Array): void {
    const { sideStart, sideRow, sideCoef, sideScale, model } = this.layout;
    this.activity.fill(0);
    for (const p of pairOfItem) {
      for (let e = sideStart[p]!; e < sideStart[p + 1]!; e++) this.activity[sideRow[e]!]! += sideCoef[e]!;
    }
    this.violated = 0;
    this.violation = 0;
    model.sideConstraints.forEach((side, s) => {
      const out = outside(this.activity[s]!, side.lower, side.upper) * sideScale[s]!;
      this.violation += out;
      if (out > 0) this.violated++;
    });
  }

  /** Adds (sign 1) or removes (sign -1) pair p; returns the change of the normalised violation. */
  shift(p: number, sign: number): number {
    const { sideStart, sideRow, sideCoef, sideScale, model } = this.layout;
    let change = 0;
    for (let e = sideStart[p]!; e < sideStart[p + 1]!; e++) {
      const s = sideRow[e]!;
      const side = model.sideConstraints[s]!;
      const before = outside(this.activity[s]!, side.lower, side.upper);
      this.activity[s]! += sign * sideCoef[e]!;
      const after = outside(this.activity[s]!, side.lower, side.upper);
      change += (after - before) * sideScale[s]!;
      this.violated += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    }
    this.violation += change;
    return change;
  }

  /** Violation change when pairs p, r leave and q, s enter (r, s may be -1), without applying it. */
  screen(p: number, q: number, r: number, s: number): number {
    const { sideScale, model } = this.layout;
    let count = this.gather(p, -1, 0);
    count = this.gather(q, 1, count);
    if (r >= 0) count = this.gather(r, -1, count);
    if (s >= 0) count = this.gather(s, 1, count);
    let dV = 0;
    for (let t = 0; t < count; t++) {
      const row = this.touched[t]!;
      const side = model.sideConstraints[row]!;
      const act = this.activity[row]!;
      dV += (outside(act + this.delta[row]!, side.lower, side.upper) - outside(act, side.lower, side.upper)) * sideScale[row]!;
      this.delta[row] = 0;
    }
    return dV;
  }

  /** Adds pair's coefficients (times sign) to the scratch deltas; returns the touched count. */
  private gather(pair: number, sign: number, count: number): number {
    const { sideStart, sideRow, sideCoef } = this.layout;
    for (let e = sideStart[pair]!; e < sideStart[pair + 1]!; e++) {
      const row = sideRow[e]!;
      // A row met twice is listed twice; the second visit finds its delta already spent (0).
      if (this.delta[row] === 0) this.touched[count++] = row;
      this.delta[row]! += sign * sideCoef[e]!;
    }
    return count;
  }
}
