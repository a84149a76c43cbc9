/**
 * What the page holds: the problem, the solver's plan for it, the alignment shown (the plan, edited
 * by hand), its rescored result, and today's for the before-and-after. One store, with listeners,
 * so the map, the panel and the scenario view redraw from the same facts.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import type { Result } from './api.ts';

export interface Snapshot {
  /** Account id -> rep id of the alignment shown. */
  readonly alignment: ReadonlyMap<string, string>;
  /** Account id -> rep id it is locked to (the problem's locks, plus the hand-made ones). */
  readonly locks: ReadonlyMap<string, string>;
}

export interface PageState {
  problem: ProblemInput | null;
  /** Where the problem came from, in words (the status line). */
  source: string;
  /**
   * Where the solver's plan came from: its name in the status line and its result document's path
   * (a job's /result, or a frontier point's), whose ?format= files are the plan's exports.
   */
  origin: { name: string; path: string } | null;
  /** The plan as the solver returned it. */
  solved: Result | null;
  /** The result of the alignment shown: the solver's, or POST /v1/evaluate's after an edit. */
  shown: Result | null;
  /** Today's alignment, scored: the "before" of every figure. */
  today: Result | null;
  snapshot: Snapshot;
  undo: Snapshot[];
  redo: Snapshot[];
  selected: string | null;
  /** Set while a scenario variant's plan is on the map instead of the edited plan. */
  viewing: { name: string; problem: ProblemInput; result: Result } | null;
  /** The plan was approved for export. */
  approved: boolean;
}

export const state: PageState = {
  problem: null, source: '', origin: null, solved: null, shown: null, today: null,
  snapshot: { alignment: new Map(), locks: new Map() }, undo: [], redo: [], selected: null, viewing: null, approved: false,
};

type Listener = (what: Change) => void;
export type Change = 'problem' | 'plan' | 'selection' | 'view';
const listeners: Listener[] = [];

export function subscribe(listener: Listener): void {
  listeners.push(listener);
}

export function changed(what: Change): void {
  for (const l of listeners) l(what);
}

/** The problem as the shown alignment leaves it: the hand-made locks written in. */
export function problemWithLocks(): ProblemInput {
  const p = state.problem!;
  const locks = state.snapshot.locks;
  return { ...p, accounts: p.accounts.map((a) => (locks.has(a.id) ? { ...a, lockedRepId: locks.get(a.id)! } : a)) };
}

/** The problem and plan on the map: a variant's when one is being viewed, else the edited plan. */
export function onMap(): { problem: ProblemInput; result: Result | null } | null {
  if (state.viewing) return { problem: state.viewing.problem, result: state.viewing.result };
  return state.problem ? { problem: state.problem, result: state.shown } : null;
}
