/**
 * The mutable state of a local search over an assignment: agent and pair of each item, the items of
 * each agent, loads per agent and family, band group totals, side-constraint activities, and the
 * exact cost (pair costs + soft-band penalties) and normalised hard violation, kept up to date
 * move by move.
 *
 * `screen` estimates a shift or swap in O(families) by holding the band group means of the other
 * agents fixed; `apply` makes a move and recomputes the touched band groups exactly, so a caller
 * screens many moves cheaply and confirms the few it tries with `apply` (undoing if they disappoint).
 */
import { excess, outside, buildLayout, pairOf, type SearchLayout } from './search-layout.ts';
import { SideActivity } from './side-activity.ts';
import { NS_PER_MOVE, NS_PER_SCAN } from './work-cost.ts';

export class SearchState {
  readonly layout: SearchLayout;
  readonly agentOf: Int32Array;
  readonly pairOfItem: Int32Array;
  /** Items held by each agent, and the position of each item in its agent's list. */
  readonly members: number[][];
  private readonly position: Int32Array;
  private readonly capLoad: Float64Array[];
  private readonly bandLoad: Float64Array[];
  private readonly groupLoad: Float64Array[];
  /** Amount outside its band of each agent, per band family. */
  private readonly bandTerm: Float64Array[];
  private readonly side: SideActivity;
  /** Pair costs plus soft-band penalties. */
  cost = 0;
  /** Sum of normalised hard violations (capacity excess, hard bands, side constraints). */
  violation = 0;
  /** Number of violated hard terms: the state is feasible exactly when it is 0. */
  violated = 0;
  /**
   * Optional weight per agent on its capacity and hard-band violations in `screen` (the tabu search's
   * adaptive penalties); null weighs every agent 1. `apply` and the totals ignore it.
   */
  agentWeight: Float64Array | null = null;
  /** Results of the last `screen`. */
  dCost = 0;
  dViolation = 0;
  /** Moves screened and applied since the last `takeWorkNs` (the searches' counted work) ... */
  private moves = 0;
  /** ... and pairs scanned without screening. */
  private visits = 0;
  /** What one move costs: more with more capacity and band families, whose loads it updates. */
  private readonly moveNs: number;

  constructor(layout: SearchLayout | SearchLayout['model'], assignment: Int32Array) {
    this.layout = 'pairItem' in layout ? layout : buildLayout(layout);
    const m = this.layout.model;
    this.agentOf = new Int32Array(m.items);
    this.pairOfItem = new Int32Array(m.items);
    this.members = Array.from({ length: m.agents }, () => []);
    this.position = new Int32Array(m.items);
    this.capLoad = m.capacities.map(() => new Float64Array(m.agents));
    this.bandLoad = m.bands.map(() => new Float64Array(m.agents));
    this.groupLoad = this.layout.bands.map((band) => new Float64Array(band.groupWeight.length));
    this.bandTerm = m.bands.map(() => new Float64Array(m.agents));
    this.side = new SideActivity(this.layout);
    this.moveNs = NS_PER_MOVE * (1 + 0.5 * (m.capacities.length + m.bands.length));
    this.load(assignment);
  }

  /**
   * The work done since the last call, in reference nanoseconds (moves screened or applied, each
   * costing more with more capacity and band families), for the searches' budget polls.
   */
  takeWorkNs(): number {
    const ns = this.moves * this.moveNs + this.visits * NS_PER_SCAN;
    this.moves = 0;
    this.visits = 0;
    return ns;
  }

  /** Counts `n` pairs a search scanned without screening them (see `takeWorkNs`). */
  scanned(n: number): void {
    this.visits += n;
  }

  /** Resets the state to an assignment (every item on an eligible agent), recomputing everything. */
  load(assignment: Int32Array): void {
    const { model: m } = this.layout;
    for (const list of this.members) list.length = 0;
    for (let i = 0; i < m.items; i++) {
      const p = pairOf(this.layout, i, assignment[i]!);
      if (p < 0) throw new Error(`item ${i} is not eligible for agent ${assignment[i]}`);
      const a = m.pairAgent[p]!;
      this.agentOf[i] = a;
      this.pairOfItem[i] = p;
      this.position[i] = this.members[a]!.push(i) - 1;
    }
    this.resync();
  }

  /** Recomputes loads, cost and violation from the assignment (clears floating-point drift). */
  resync(): void {
    const { model: m, bands } = this.layout;
    for (const loads of [...this.capLoad, ...this.bandLoad, ...this.groupLoad]) loads.fill(0);
    let cost = 0;
    for (let i = 0; i < m.items; i++) {
      const p = this.pairOfItem[i]!;
      const a = this.agentOf[i]!;
      cost += m.pairCost[p]!;
      m.capacities.forEach((family, f) => (this.capLoad[f]![a]! += family.load[p]!));
      m.bands.forEach((band, b) => (this.bandLoad[b]![a]! += band.load[p]!));
    }
    let violation = 0;
    let violated = 0;
    m.capacities.forEach((family, f) => {
      for (let a = 0; a < m.agents; a++) {
        const over = excess(this.capLoad[f]![a]!, family.limit[a]!);
        violation += over * this.layout.capacityScale[f]!;
        if (over > 0) violated++;
      }
    });
    bands.forEach((band, b) => {
      for (let a = 0; a < m.agents; a++) {
        const g = band.group[a]!;
        if (g >= 0) this.groupLoad[b]![g]! += this.bandLoad[b]![a]!;
      }
      for (let a = 0; a < m.agents; a++) {
        const g = band.group[a]!;
        const term = g < 0 ? 0 : this.bandOutside(b, a, this.bandLoad[b]![a]!, this.groupLoad[b]![g]!);
        this.bandTerm[b]![a] = term;
        if (band.hard) {
          violation += term * band.scale;
          if (term > 0) violated++;
        } else cost += band.penalty * term;
      }
    });
    this.side.reset(this.pairOfItem);
    violation += this.side.violation;
    violated += this.side.violated;
    this.cost = cost;
    this.violation = violation;
    this.violated = violated;
  }

  /** Copy of the current agent per item. */
  snapshot(): Int32Array {
    return Int32Array.from(this.agentOf);
  }

  /** Load of agent a on capacity family f (for constructions and diagnostics). */
  capacityLoad(f: number, a: number): number {
    return this.capLoad[f]![a]!;
  }

  /** Number of side constraints outside their bounds. */
  sideViolated(): number {
    return this.side.violated;
  }

  /** Normalised violation of the side constraints. */
  sideViolationTotal(): number {
    return this.side.violated === 0 ? 0 : this.side.violation;
  }

  /** Agent a's capacity and hard-band violation, normalised and weighted as `screen` weighs it. */
  agentPenalty(a: number): number {
    const { model: m, capacityScale, bands } = this.layout;
    let total = 0;
    for (let f = 0; f < m.capacities.length; f++) total += excess(this.capLoad[f]![a]!, m.capacities[f]!.limit[a]!) * capacityScale[f]!;
    for (let b = 0; b < bands.length; b++) if (bands[b]!.hard) total += this.bandTerm[b]![a]! * bands[b]!.scale;
    return this.agentWeight ? total * this.agentWeight[a]! : total;
  }

  /** Whether agent a breaks some capacity limit or hard band. */
  agentViolated(a: number): boolean {
    const m = this.layout.model;
    for (let f = 0; f < m.capacities.length; f++) if (excess(this.capLoad[f]![a]!, m.capacities[f]!.limit[a]!) > 0) return true;
    for (let b = 0; b < m.bands.length; b++) if (this.layout.bands[b]!.hard && this.bandTerm[b]![a]! > 0) return true;
    return false;
  }

  /**
   * Estimates moving item i to pair q and, when k >= 0, item k (now on q's agent) to pair s, the
   * agent of i: sets dCost and dViolation. Other agents' band limits are held at the current means.
   */
  screen(i: number, q: number, k: number, s: number): void {
    const { model: m, bands } = this.layout;
    this.moves++;
    const p = this.pairOfItem[i]!;
    const a = this.agentOf[i]!;
    const b = m.pairAgent[q]!;
    const r = k >= 0 ? this.pairOfItem[k]! : -1;
    let dC = m.pairCost[q]! - m.pairCost[p]! + (k >= 0 ? m.pairCost[s]! - m.pairCost[r]! : 0);
    let dV = 0;
    const wa = this.agentWeight ? this.agentWeight[a]! : 1;
    const wb = this.agentWeight ? this.agentWeight[b]! : 1;
    for (let f = 0; f < m.capacities.length; f++) {
      const family = m.capacities[f]!;
      const L = family.load;
      const la = this.capLoad[f]![a]!;
      const lb = this.capLoad[f]![b]!;
      const na = la - L[p]! + (k >= 0 ? L[s]! : 0);
      const nb = lb + L[q]! - (k >= 0 ? L[r]! : 0);
      const limA = family.limit[a]!;
      const limB = family.limit[b]!;
      dV += ((excess(na, limA) - excess(la, limA)) * wa + (excess(nb, limB) - excess(lb, limB)) * wb) * this.layout.capacityScale[f]!;
    }
    for (let bi = 0; bi < bands.length; bi++) {
      const band = bands[bi]!;
      const ga = band.group[a]!;
      const gb = band.group[b]!;
      if (ga < 0 && gb < 0) continue;
      const L = band.load;
      const da = (k >= 0 ? L[s]! : 0) - L[p]!;
      const db = L[q]! - (k >= 0 ? L[r]! : 0);
      const loads = this.bandLoad[bi]!;
      const totals = this.groupLoad[bi]!;
      const terms = this.bandTerm[bi]!;
      let outA = 0;
      let outB = 0;
      if (ga >= 0) {
        const ta = totals[ga]! + da + (gb === ga ? db : 0);
        outA = this.bandOutside(bi, a, loads[a]! + da, ta) - terms[a]!;
      }
      if (gb >= 0) {
        const tb = totals[gb]! + db + (gb === ga ? da : 0);
        outB = this.bandOutside(bi, b, loads[b]! + db, tb) - terms[b]!;
      }
      if (band.hard) dV += (outA * wa + outB * wb) * band.scale;
      else dC += band.penalty * (outA + outB);
    }
    if (this.side.active) dV += this.side.screen(p, q, r, s);
    this.dCost = dC;
    this.dViolation = dV;
  }

  /** Moves item i to pair q, updating every total exactly. */
  apply(i: number, q: number): void {
    const { model: m, bands } = this.layout;
    this.moves++;
    const p = this.pairOfItem[i]!;
    if (p === q) return;
    const a = this.agentOf[i]!;
    const b = m.pairAgent[q]!;
    this.cost += m.pairCost[q]! - m.pairCost[p]!;
    // Swap-remove i from a's list, append it to b's.
    const listA = this.members[a]!;
    const last = listA.pop()!;
    if (last !== i) {
      listA[this.position[i]!] = last;
      this.position[last] = this.position[i]!;
    }
    this.position[i] = this.members[b]!.push(i) - 1;
    this.agentOf[i] = b;
    this.pairOfItem[i] = q;
    for (let f = 0; f < m.capacities.length; f++) {
      const family = m.capacities[f]!;
      const loads = this.capLoad[f]!;
      const scale = this.layout.capacityScale[f]!;
      this.shiftCapacity(loads, a, -family.load[p]!, family.limit[a]!, scale);
      this.shiftCapacity(loads, b, family.load[q]!, family.limit[b]!, scale);
    }
    for (let bi = 0; bi < bands.length; bi++) this.shiftBand(bi, a, b, bands[bi]!.load[p]!, bands[bi]!.load[q]!);
    if (this.side.active) {
      const violatedBefore = this.side.violated;
      this.violation += this.side.shift(p, -1) + this.side.shift(q, 1);
      this.violated += this.side.violated - violatedBefore;
    }
  }

  private shiftCapacity(loads: Float64Array, a: number, delta: number, limit: number, scale: number): void {
    const before = excess(loads[a]!, limit);
    loads[a]! += delta;
    const after = excess(loads[a]!, limit);
    this.violation += (after - before) * scale;
    this.violated += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
  }

  /** Moves load between agents a and b of one band and re-evaluates the touched groups exactly. */
  private shiftBand(bi: number, a: number, b: number, out: number, into: number): void {
    const band = this.layout.bands[bi]!;
    const loads = this.bandLoad[bi]!;
    const totals = this.groupLoad[bi]!;
    loads[a]! -= out;
    loads[b]! += into;
    const ga = band.group[a]!;
    const gb = band.group[b]!;
    if (ga >= 0) totals[ga]! -= out;
    if (gb >= 0) totals[gb]! += into;
    if (ga >= 0 && ga === gb && out === into) {
      // The group's mean is unchanged: only a and b can have moved relative to their bands.
      this.refreshBandAgent(bi, a, totals[ga]!);
      this.refreshBandAgent(bi, b, totals[gb]!);
      return;
    }
    if (ga >= 0) this.refreshBandGroup(bi, ga);
    if (gb >= 0 && gb !== ga) this.refreshBandGroup(bi, gb);
  }

  private refreshBandGroup(bi: number, g: number): void {
    const band = this.layout.bands[bi]!;
    const total = this.groupLoad[bi]![g]!;
    for (let k = band.groupStart[g]!; k < band.groupStart[g + 1]!; k++) this.refreshBandAgent(bi, band.groupAgents[k]!, total);
  }

  private refreshBandAgent(bi: number, a: number, groupTotal: number): void {
    const band = this.layout.bands[bi]!;
    const terms = this.bandTerm[bi]!;
    const before = terms[a]!;
    const after = this.bandOutside(bi, a, this.bandLoad[bi]![a]!, groupTotal);
    terms[a] = after;
    if (band.hard) {
      this.violation += (after - before) * band.scale;
      this.violated += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    } else this.cost += band.penalty * (after - before);
  }

  /** Amount by which agent a with load w lies outside its band when its group totals groupTotal. */
  private bandOutside(bi: number, a: number, w: number, groupTotal: number): number {
    const band = this.layout.bands[bi]!;
    const g = band.group[a]!;
    const gw = band.groupWeight[g]!;
    const share = gw > 0 ? (band.weight[a]! * groupTotal) / gw : 0;
    return outside(w, (1 - band.tolerance) * share, (1 + band.tolerance) * share);
  }
}
