/**
 * The mutable plan the large CPMP search works on: which points are medians, each point's median,
 * each median's load and members, and the total distance, all kept up to date move by move. Every
 * change is written to a journal, so a move is tried by doing it and undone back to a mark when it
 * does not pay: on a big instance that is far cheaper than copying the plan, and a tried location
 * move touches only the few dozen points around it.
 */
import type { CpmpInstance, CpmpPlan } from './cpmp.ts';

/** Journal entry kinds (three numbers each: kind, point, previous value). */
const ASSIGN = 0;
const OPEN = 1;
const CLOSE = 2;

export class CpmpState {
  readonly n: number;
  /** The median of each point, -1 while it has none. */
  readonly assign: Int32Array;
  /** The distance of each point to its median (0 while it has none). */
  readonly dist: Float64Array;
  /** The demand each median serves. */
  readonly load: Float64Array;
  readonly isMedian: Uint8Array;
  /** The open medians, in no order (`medianAt` of each its place). */
  readonly medianList: Int32Array;
  private readonly medianAt: Int32Array;
  medianCount = 0;
  /** Each median's points, in no order (`memberAt` of each its place). */
  readonly members: number[][];
  private readonly memberAt: Int32Array;
  /** Sum of the distances of the assigned points. */
  cost = 0;
  /** Units of work done (near-list entries read, distances computed), for the budget. */
  work = 0;
  private readonly journal: number[] = [];
  /** While undoing: changes are not journalled. */
  private replaying = false;

  constructor(readonly instance: CpmpInstance) {
    const n = instance.points;
    this.n = n;
    this.assign = new Int32Array(n).fill(-1);
    this.dist = new Float64Array(n);
    this.load = new Float64Array(n);
    this.isMedian = new Uint8Array(n);
    this.medianList = new Int32Array(n);
    this.medianAt = new Int32Array(n).fill(-1);
    this.members = Array.from({ length: n }, () => []);
    this.memberAt = new Int32Array(n).fill(-1);
  }

  /** Room left at median j. */
  room(j: number): number {
    return this.instance.capacity[j]! - this.load[j]!;
  }

  /** Whether median j can take `more` demand (a relative tolerance, as checkCpmp allows). */
  fits(j: number, more: number): boolean {
    return this.load[j]! + more <= this.instance.capacity[j]! * (1 + 1e-9);
  }

  /** Gives point i to median j (-1: to none), keeping loads, members, the cost and the journal. */
  setAssign(i: number, j: number): void {
    const old = this.assign[i]!;
    if (old === j) return;
    const q = this.instance.demand[i]!;
    if (old >= 0) {
      const list = this.members[old]!;
      const at = this.memberAt[i]!;
      const last = list.pop()!;
      if (last !== i) {
        list[at] = last;
        this.memberAt[last] = at;
      }
      this.load[old]! -= q;
      this.cost -= this.dist[i]!;
    }
    this.assign[i] = j;
    if (j >= 0) {
      this.memberAt[i] = this.members[j]!.length;
      this.members[j]!.push(i);
      this.load[j]! += q;
      const d = this.instance.distance(i, j);
      this.dist[i] = d;
      this.cost += d;
      this.work++;
    } else {
      this.dist[i] = 0;
      this.memberAt[i] = -1;
    }
    if (!this.replaying) this.journal.push(ASSIGN, i, old);
  }

  /** Opens point c as a median (it serves nobody yet, itself included). */
  open(c: number): void {
    this.isMedian[c] = 1;
    this.medianAt[c] = this.medianCount;
    this.medianList[this.medianCount++] = c;
    if (!this.replaying) this.journal.push(OPEN, c, 0);
  }

  /** Closes median j, which must serve nobody. */
  close(j: number): void {
    const at = this.medianAt[j]!;
    const last = this.medianList[--this.medianCount]!;
    this.medianList[at] = last;
    this.medianAt[last] = at;
    this.medianAt[j] = -1;
    this.isMedian[j] = 0;
    if (!this.replaying) this.journal.push(CLOSE, j, 0);
  }

  /** A point to undo back to. */
  mark(): number {
    return this.journal.length;
  }

  /** Undoes every change since `mark`, latest first. */
  undo(mark: number): void {
    const journal = this.journal;
    this.replaying = true;
    while (journal.length > mark) {
      const old = journal.pop()!;
      const i = journal.pop()!;
      const kind = journal.pop()!;
      if (kind === ASSIGN) this.setAssign(i, old);
      else if (kind === OPEN) this.close(i);
      else this.open(i);
    }
    this.replaying = false;
  }

  /** Forgets the journal (the changes so far are kept for good). */
  commit(): void {
    this.journal.length = 0;
  }

  /** The plan, when every point has a median. */
  plan(): CpmpPlan | null {
    if (this.assign.some((j) => j < 0)) return null;
    return { medians: this.medianList.slice(0, this.medianCount).sort(), assignment: this.assign.slice() };
  }

  /** Replaces the whole state by `plan` (journal cleared). */
  replace(plan: CpmpPlan): void {
    for (let i = 0; i < this.n; i++) this.setAssign(i, -1);
    while (this.medianCount > 0) this.close(this.medianList[0]!);
    for (const j of plan.medians) this.open(j);
    for (let i = 0; i < this.n; i++) this.setAssign(i, plan.assignment[i]!);
    this.commit();
    // A fresh sum: the running one drifts by rounding over many moves.
    this.cost = 0;
    for (let i = 0; i < this.n; i++) this.cost += this.dist[i]!;
  }
}
