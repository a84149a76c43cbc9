/**
 * What a unit of counted work costs in reference nanoseconds: the time the benchmark machine takes
 * for it (BENCHMARKS.md, "Reproducible plans", has the calibration). Steps count what they do in
 * these units and spend it on their budget, so a run on counted work stops at the same point of the
 * search wherever it runs; the figures only decide how close counted time is to wall time.
 */

/** One move screened or applied by the local searches (a few loads per capacity and band family). */
export const NS_PER_MOVE = 30;
/** One pair a local search scans without screening it (bounds and eligibility tests). */
export const NS_PER_SCAN = 7;
/** One pair read by a pass over the model (greedy construction, Lagrangian prices, pricing). */
export const NS_PER_PAIR_VISIT = 12;
/**
 * One LP iteration inside HiGHS's branch-and-cut, per square root of the matrix's nonzeros. HiGHS
 * reports no other work (presolve, cuts, its heuristics): charged to the iterations, which they
 * accompany, the cost fits three calibration models of 17,000-300,000 nonzeros within a factor 2.5.
 */
export const NS_PER_MIP_ITERATION_ROOT_NONZERO = 5000;
/** One simplex iteration of an LP (no cuts, no heuristics), per square root of the nonzeros. */
export const NS_PER_LP_ITERATION_ROOT_NONZERO = 600;
/** Loading a model into HiGHS, per nonzero. */
export const NS_PER_NONZERO_LOADED = 100;
/**
 * One distance computed through a CPMP instance's distance function and screened against a sorted
 * list (the neighbour lists, the spread seeding of the large CPMP path).
 */
export const NS_PER_DISTANCE = 36;
/** One neighbour-list entry read or distance looked up by the large CPMP search (cpmp-large.ts). */
export const NS_PER_NEIGHBOUR_STEP = 5;
/** One knapsack cell or priced pair of the sparse Lagrangian bound (cpmp-lagrangian-sparse.ts). */
export const NS_PER_KNAPSACK_CELL = 3.5;
