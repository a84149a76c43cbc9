/**
 * A small seeded pseudo-random generator for the heuristics. solver/ never calls Math.random: the
 * same model and seed must give the same answer, run after run.
 */

/** Uniform numbers in [0, 1), a deterministic function of the seed. */
export type Rng = () => number;

/**
 * mulberry32: 32-bit state, fast, good enough statistics to order moves and to make synthetic data.
 * The project's one PRNG (the generator, the sample data and the tests use it too).
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The heuristics' generator: mulberry32 on a mixed seed, so seeds 0, 1, 2 start far apart. */
export function createRng(seed: number): Rng {
  return mulberry32(Math.floor(seed) ^ 0x9e3779b9);
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Shuffles in place (Fisher-Yates). */
export function shuffle(rng: Rng, values: Int32Array): void {
  for (let k = values.length - 1; k > 0; k--) {
    const j = randomInt(rng, k + 1);
    const tmp = values[k]!;
    values[k] = values[j]!;
    values[j] = tmp;
  }
}

/** 0, 1, ..., n-1 in a seeded random order. */
export function randomOrder(rng: Rng, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  shuffle(rng, order);
  return order;
}
