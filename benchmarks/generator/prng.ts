/**
 * Seeded randomness for the problem generator. Never Math.random: the same spec must give
 * byte-identical problems on every machine, so every draw comes from mulberry32.
 */

import { mulberry32, type Rng } from '../../solver/heuristics/prng.ts';

export { mulberry32, type Rng };

/**
 * An independent stream per generation stage (geography, values, reps, ...). Separate streams keep
 * stages from shifting each other: switching an option on in one stage does not reshuffle the map.
 */
export function stream(seed: number, label: string): Rng {
  // xmur3 string hash of "seed:label", then two warm-up draws to spread nearby seeds apart.
  const text = `${seed}:${label}`;
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  const rng = mulberry32((h ^ (h >>> 16)) >>> 0);
  rng();
  rng();
  return rng;
}

/** A standard normal draw (Box-Muller; the second value is dropped to keep the stream simple). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) is impossible
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Cumulative sums of weights, for weighted picks by binary search. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** Index drawn with probability proportional to its weight (`cum` from `cumulative`). */
export function pickWeighted(rng: Rng, cum: Float64Array): number {
  const target = rng() * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A shuffled copy (Fisher-Yates). */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
