/**
 * Edit by hand: the selected account's details, the reps it may go to (eligible by role, skills and
 * exclusions, as the engine judges them), and a lock. Each change is a new snapshot of alignment
 * and locks; undo and redo walk the snapshots. Rescoring is the caller's (POST /v1/evaluate).
 */
import type { ProblemInput } from '../../solver/problem.ts';
import { el, money } from './format.ts';
import { state, type Snapshot } from './state.ts';

/** Reps that may own the account: a call pattern for its segment and their role, its skills, not excluded. */
export function eligibleReps(problem: ProblemInput, accountId: string, segment: string): string[] {
  const a = problem.accounts.find((x) => x.id === accountId);
  if (!a) return [];
  const roles = new Set((problem.callPatterns ?? []).filter((p) => p.segment === segment).map((p) => p.role));
  return problem.reps.filter((r) => (a.workload !== undefined || roles.has(r.role))
    && (a.skills ?? []).every((s) => (r.skills ?? []).includes(s))
    && !(a.excludedRepIds ?? []).includes(r.id)).map((r) => r.id);
}

/** Applies a change as a new snapshot (undoable). */
export function apply(change: (s: { alignment: Map<string, string>; locks: Map<string, string> }) => void): void {
  const next = { alignment: new Map(state.snapshot.alignment), locks: new Map(state.snapshot.locks) };
  change(next);
  state.undo.push(state.snapshot);
  state.redo = [];
  state.snapshot = next;
}

export function undo(): boolean {
  const prev = state.undo.pop();
  if (!prev) return false;
  state.redo.push(state.snapshot);
  state.snapshot = prev;
  return true;
}

export function redo(): boolean {
  const next = state.redo.pop();
  if (!next) return false;
  state.undo.push(state.snapshot);
  state.snapshot = next;
  return true;
}

/** A snapshot of a plan's alignment and the problem's own locks. */
export function snapshotOf(problem: ProblemInput, assignments: ReadonlyArray<{ accountId: string; repId: string }>): Snapshot {
  return {
    alignment: new Map(assignments.map((a) => [a.accountId, a.repId] as const)),
    locks: new Map(problem.accounts.flatMap((a) => (a.lockedRepId !== undefined ? [[a.id, a.lockedRepId] as const] : []))),
  };
}

/** The selected account's card: who owns it, where it may go, its lock. */
export function renderSelected(root: HTMLElement, problem: ProblemInput, segmentOf: (id: string) => string, onChange: () => void): void {
  root.replaceChildren();
  const id = state.selected;
  const a = id ? problem.accounts.find((x) => x.id === id) : undefined;
  if (!a) {
    root.append('Click an account on the map to give it to another rep or lock it.');
    return;
  }
  const segment = segmentOf(a.id);
  const owner = state.snapshot.alignment.get(a.id);
  const select = el('select', { id: 'reassign-rep', 'aria-label': 'give the account to' });
  for (const repId of eligibleReps(problem, a.id, segment)) {
    const rep = problem.reps.find((r) => r.id === repId)!;
    const option = el('option', { value: repId }, `${rep.name ?? rep.id} (${rep.role})`);
    if (repId === owner) option.selected = true;
    select.append(option);
  }
  const give = el('button', { id: 'reassign' }, 'Give to this rep');
  give.addEventListener('click', () => {
    if (select.value === owner) return;
    apply((s) => {
      s.alignment.set(a.id, select.value);
      // A lock to the old owner would make the move a violation the planner did not ask for.
      if (s.locks.has(a.id)) s.locks.set(a.id, select.value);
    });
    onChange();
  });
  const locked = state.snapshot.locks.get(a.id);
  const lock = el('input', { type: 'checkbox', id: 'lock-account' });
  lock.checked = locked !== undefined;
  lock.addEventListener('change', () => {
    apply((s) => {
      if (lock.checked && owner) s.locks.set(a.id, owner);
      else s.locks.delete(a.id);
    });
    onChange();
  });
  root.append(
    el('p', { 'data-testid': 'selected-account' }, el('strong', {}, a.name ?? a.id), ` (${a.id}) · segment ${segment} · value ${money(a.value)} · owner ${owner ?? 'none'}${a.currentRepId ? ` · today ${a.currentRepId}` : ''}`),
    el('div', { class: 'row' }, select, give),
    el('label', {}, lock, ` locked${locked ? ` to ${locked}` : ''}`),
  );
}
