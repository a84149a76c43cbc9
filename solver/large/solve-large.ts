/**
 * The engine for large assignment models (thousands of items, hundreds of agents), where HiGHS cannot
 * load or search the full MIP in time:
 *
 * 0. Independent parts (components.ts) get an LP each once the candidate model is very large.
 * 1. Candidates: each item's k cheapest pairs, each agent's cheapest items and every pair a side
 *    constraint names (`candidates.ts`). k is widened while the candidate LP is infeasible.
 * 2. Bound: the LP relaxation over the candidates (HiGHS, typed arrays); its duals price every pair
 *    of the full model, which gives a lower bound valid for the full model, and the pairs with
 *    negative reduced cost enter the candidates for another LP (column generation) while time allows.
 * 3. Primal: the LP rounded (whole items kept, a small MIP for the split ones), then local search
 *    (shift, swap, tabu with ejection-like oscillation) on the candidate model in slices until the gap
 *    target or the time limit, the best plan checked against the full model.
 *
 * Anytime: progress carries incumbent, bound and gap after every phase; a stop request or the time
 * limit returns the best plan so far. If the LP gives no duals in time, the plan comes from the
 * construction heuristics and the bound is the weak one of every item at its cheapest pair, and the
 * result says so.
 */
import { relativeGap, type AssignmentModel } from '../assignment.ts';
import { BestAssignment, bestBound, finish, roundUp, type EngineSolution } from '../engine-outcome.ts';
import { constructDetailed } from '../heuristics/construct.ts';
import { improve } from '../heuristics/local-search.ts';
import { buildLayout } from '../heuristics/search-layout.ts';
import type { RunContext } from '../run-context.ts';
import type { EngineSettings } from '../solve-assignment.ts';
import type { BoundSource } from '../types.ts';
import { CandidateCollector, candidateModel, type CandidateSet } from './candidate-set.ts';
import { selectCandidates, type CandidateOptions } from './candidates.ts';
import { pricedRelaxation, type PricedRelaxation } from './lp-bound.ts';
import { streamPairs, type PairStream } from './pair-stream.ts';
import { resolveSplitItems, roundLargest } from './split-mip.ts';
import { surveyStream } from './survey.ts';

/** Starting candidate set: 10 pairs per item, twice each agent's fair share of items. */
const INITIAL_CANDIDATES: CandidateOptions = { perItem: 10, perAgentFactor: 2 };
/** Share of the remaining time the first LP may take (later LPs: of what is left). */
const LP_SHARE = 0.5;
/** Column generation stops after this many LPs, or when the next would eat into the search. */
const MAX_LPS = 4;
/** Share of the time limit that column generation may use in total. */
const PRICING_SHARE = 0.4;
/** Share of the remaining time for the split-item MIP (when it fails, local search repairs the rounding). */
const SPLIT_SHARE = 0.05;
/** Local search runs in slices of at least this many ms, checking the gap between them. */
const SLICE_MS = 2_000;
/**
 * Candidate models above this many pairs get one LP per independent part. Below, one LP over the
 * whole is faster (50,000 x 500, 497,102 candidate pairs: 86 s whole, 184 s as field and inside
 * parts); above, parts keep each HiGHS instance well inside its 2 GiB heap.
 */
const DECOMPOSE_ABOVE_PAIRS = 1_000_000;

export interface LargeOptions extends EngineSettings {
  /** The starting candidate set (default: 10 per item, twice each agent's fair share). */
  readonly candidates?: CandidateOptions;
  /** Candidate models above this many pairs get one LP per independent part (default 1,000,000). */
  readonly decomposeAbovePairs?: number;
  /**
   * The most pairs the candidate model may hold (its memory): widening stops there. Default: no
   * limit (an in-memory full model is held anyway).
   */
  readonly maxCandidatePairs?: number;
}

/**
 * Solves a large model, read as a stream of rows (an in-memory model: `modelStream`), within `run`
 * (its budget is the engine's time limit). Only the candidate model is held in memory.
 */
export async function solveLarge(full: PairStream, run: RunContext, options: LargeOptions): Promise<EngineSolution> {
  const clock = run.budget;
  const limitMs = clock.limitMs;
  // Decisions read the run's clock (counted work, or the wall); reports say what a person waited.
  const elapsedMs = () => clock.elapsedMs();
  const wallSeconds = () => clock.wallElapsedMs() / 1000;
  const remainingMs = () => clock.remainingMs();
  const stopRequested = () => clock.stopRequested();
  const deadline = () => clock.over();
  // The pass that learns what the strategy needs of every pair (survey.ts).
  const survey = surveyStream(full);
  const integral = survey.integralCosts && full.bands.every((band) => band.penalty === null);
  const steps: string[] = [];
  let bound: number | null = null;
  let boundSource: BoundSource = 'lagrangian';
  const raise = (b: number | null, source: BoundSource) => {
    const next = bestBound(bound, integral ? roundUp(b) : b);
    if (next !== bound) boundSource = source;
    bound = next;
  };
  // Until an LP finishes: every item at its cheapest pair (the Lagrangian dual at zero prices; soft
  // penalties are >= 0). Weak, but a run whose LP cannot finish in time still has a proven bound.
  raise(survey.cheapest, 'lagrangian');

  // 1-2. Candidates, LP bound, column generation; widen while the candidate LP is infeasible.
  // Independent parts (roles no account spans, separate regions) get an LP each when the candidate
  // model is large enough for that to matter.
  const allParts = survey.parts;
  const decomposeAbove = options.decomposeAbovePairs ?? DECOMPOSE_ABOVE_PAIRS;
  const maxPairs = options.maxCandidatePairs ?? Infinity;
  const totalPairs = streamPairs(full);
  let decomposed = false;
  let candidates = options.candidates ?? INITIAL_CANDIDATES;
  // The starting plan's pairs are candidates: the search starts from it.
  let set = withPlan(full.items, selectCandidates(full, survey.share, candidates), options.initial ?? null);
  let restricted: AssignmentModel = candidateModel(full, set);
  // Plans are checked against the newest candidate model: it holds every earlier one's pairs.
  let best = new BestAssignment(restricted);
  if (options.initial) best.offer(options.initial);
  const gap = () => relativeGap(best.objective, bound === null || best.objective === null ? bound : Math.min(bound, best.objective));
  const report = (phase: string) => {
    const incumbent = best.objective;
    const b = bound !== null && incumbent !== null ? Math.min(bound, incumbent) : bound;
    run.progress({ phase, seconds: wallSeconds(), incumbent, bound: b, gap: relativeGap(incumbent, b) });
  };
  // The work budget (or, on the wall clock, the time limit) is spent, or the safety net ended it.
  const budgetEnded = () => elapsedMs() >= limitMs || clock.clock.wallStopped;
  const reached = () => {
    const g = gap();
    return g !== null && g <= options.mipGap;
  };
  const outcome = (message: string | undefined) =>
    finish({ best: best.current, bound, highs: null, steps, seconds: wallSeconds(), stopped: stopRequested(), stopReason: clock.stopReason(), timeUp: !reached() && budgetEnded(), wallStopped: clock.clock.wallStopped, counted: clock.clock.counted, ...(message ? { skipped: message } : {}), boundSource });
  let priced: PricedRelaxation | null = null;
  // The candidate model of the last LP that gave duals: the search works in it.
  let solved: AssignmentModel = restricted;
  steps.push(`candidates(k=${candidates.perItem})`);
  for (let lps = 0; lps < MAX_LPS && !deadline(); ) {
    // The first LP may take a large share (no bound without it); re-solves only the pricing share.
    const lpMs = lps === 0 ? remainingMs() * LP_SHARE : Math.min(remainingMs() * LP_SHARE, limitMs * PRICING_SHARE - elapsedMs());
    if (lpMs <= 0) break;
    const parts = allParts.count > 1 && restricted.pairAgent.length > decomposeAbove ? allParts : null;
    if (parts && !decomposed) {
      decomposed = true;
      steps.push(`components(${parts.count})`);
    }
    const attempt = await pricedRelaxation(full, restricted, survey.reach, run.child(lpMs), parts);
    if (attempt.status === 'infeasible') {
      if (restricted.pairAgent.length === totalPairs) {
        // The LP of the full model is infeasible: so is every plan.
        steps.push('lp');
        return { status: 'infeasible', assignment: null, objective: null, bound: null, seconds: wallSeconds(), gap: null, strategy: steps.join('+'), boundSource: null, endedBy: 'proof', message: 'the LP relaxation of the full model is infeasible' };
      }
      candidates = { perItem: candidates.perItem * 2, perAgentFactor: candidates.perAgentFactor * 2 };
      const wider = withPlan(full.items, selectCandidates(full, survey.share, candidates), best.assignment);
      if (wider.agent.length > maxPairs) {
        // Proving the full model infeasible would mean holding more pairs than memory allows.
        steps.push('lp');
        const message = `the LP over the ${restricted.pairAgent.length} cheapest candidate pairs is infeasible, and widening it to ${wider.agent.length} of the ${totalPairs} pairs would pass the memory budget of ${maxPairs} pairs: no plan was found, and the problem may be infeasible (the capacity report shows demand against capacity)`;
        return { status: 'error', assignment: null, objective: null, bound, seconds: wallSeconds(), gap: null, strategy: steps.join('+'), boundSource, endedBy: 'error', message };
      }
      set = wider;
      restricted = candidateModel(full, set);
      best = best.within(restricted);
      steps.push(`widen(k=${candidates.perItem})`);
      continue;
    }
    lps++;
    if (attempt.bound === null) break;
    priced = attempt;
    solved = restricted;
    raise(attempt.bound, 'lp');
    steps.push(lps === 1 ? 'lp-bound' : 'price');
    report('lp');
    // Another LP can raise the bound by at most the distance between this LP and its priced bound:
    // not worth it when that is a small part of the gap target.
    const lpObjective = attempt.objective ?? Infinity;
    const closed = (relativeGap(lpObjective, attempt.bound) ?? 1) <= Math.max(1e-6, 0.1 * options.mipGap);
    const entering = attempt.entering.item.length;
    if (closed || entering === 0 || elapsedMs() >= limitMs * PRICING_SHARE || set.agent.length + entering > maxPairs) break;
    const grown = new CandidateCollector(full.items);
    grown.addSet(set);
    for (let k = 0; k < entering; k++) grown.add(attempt.entering.item[k]!, attempt.entering.agent[k]!);
    set = grown.finish();
    restricted = candidateModel(full, set);
    best = best.within(restricted);
  }
  const search = priced ? solved : restricted;
  const layout = buildLayout(search);

  // 3. Primal: LP rounding with the split items decided by a small MIP, else construction.
  const x = priced?.x && priced.x.length === search.pairAgent.length ? priced.x : null;
  let start: Int32Array | null = null;
  if (x && !deadline()) {
    const resolved = await resolveSplitItems(search, x, run.share(SPLIT_SHARE));
    if (resolved && best.offer(resolved)) steps.push('split-mip');
    start = best.assignment ?? roundLargest(search, x);
    report('round');
  }
  if (start === null && !deadline()) {
    const built = constructDetailed(search, run, { timeLimitMs: remainingMs() * 0.2, repairLimitMs: remainingMs() * 0.5, layout });
    if (built.assignment && best.offer(built.assignment)) steps.push('greedy');
    start = built.assignment;
    report('heuristic');
  }

  // Local search in slices, from the best plan so far, until the gap target or the time limit.
  let seed = run.seed;
  let searched = false;
  while (start && !deadline() && !reached()) {
    const slice = Math.max(SLICE_MS, remainingMs() * 0.25);
    // Stop at the gap target: a run that ends there is reproducible for its seed.
    const target = bound !== null && bound > 0 ? bound / (1 - options.mipGap) : undefined;
    const improved = improve(search, start, run.reseeded(seed++), {
      timeLimitMs: Math.min(slice, remainingMs()),
      layout,
      ...(target !== undefined ? { target } : {}),
    });
    searched = true;
    best.offer(improved.assignment);
    report('search');
    start = best.assignment ?? improved.assignment;
    if (improved.exhausted && best.assignment) break;
  }
  if (searched) steps.push('ls');

  if (!priced) return outcome(`the LP relaxation did not finish${stopRequested() ? '' : ' in time'}: the bound is every account at its cheapest rep`);
  if (reached()) return outcome('within the requested gap of the LP bound');
  // Ended by its budget (work or time), the outcome says which; else the search had nothing left.
  return outcome(stopRequested() || budgetEnded() ? undefined : 'local search found nothing better within the candidates');
}

/** `set` with each item's pair of `plan` (a plan given to start from, or the best so far). */
function withPlan(items: number, set: CandidateSet, plan: Int32Array | null): CandidateSet {
  if (!plan) return set;
  const out = new CandidateCollector(items);
  out.addSet(set);
  for (let i = 0; i < items; i++) out.add(i, plan[i]!);
  return out.finish();
}
