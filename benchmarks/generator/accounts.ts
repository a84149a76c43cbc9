/**
 * Where accounts are and what they are worth.
 */
import { round5, offsetKm } from './geo.ts';
import { cumulative, normal, pickWeighted, type Rng } from './prng.ts';
import type { Region } from './cities.ts';

/** Accounts away from any city core (farms, small-town businesses). */
const RURAL_SHARE = 0.12;
/** Urban accounts in the wider suburbs: scattered 2.5 times wider than the core. */
const SUBURB_SHARE = 0.3;

export interface Locations {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly city: string[];
}

/**
 * Urban accounts cluster around cities in proportion to population, with a Gaussian spread that
 * grows with the city (3 km + 6 km per sqrt(million): ~5 km for a town of 100k, ~15 km for Berlin,
 * ~30 km for metro New York). Rural accounts spread widely around a centre picked by
 * sqrt(population), so the countryside between small cities is not empty.
 */
export function drawLocations(count: number, region: Region, rng: Rng): Locations {
  const { cities, bounds } = region;
  const urban = cumulative(cities.map((c) => c.population));
  const rural = cumulative(cities.map((c) => Math.sqrt(c.population)));
  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  const city: string[] = [];
  for (let i = 0; i < count; i++) {
    const isRural = rng() < RURAL_SHARE;
    const centre = cities[pickWeighted(rng, isRural ? rural : urban)] ?? cities[0];
    if (!centre) throw new Error('a region needs cities');
    const core = 3 + 6 * Math.sqrt(centre.population / 1000);
    const sigma = isRural ? region.ruralSigmaKm : rng() < SUBURB_SHARE ? 2.5 * core : core;
    let point = { lat: centre.lat, lon: centre.lon };
    // Draw again when the scatter leaves the country's box (a few tries, then stay at the centre).
    for (let tries = 0; tries < 8; tries++) {
      const p = offsetKm(centre.lat, centre.lon, sigma * normal(rng), sigma * normal(rng));
      if (p.lat >= bounds.minLat && p.lat <= bounds.maxLat && p.lon >= bounds.minLon && p.lon <= bounds.maxLon) {
        point = p;
        break;
      }
    }
    lat[i] = round5(point.lat);
    lon[i] = round5(point.lon);
    city.push(centre.name);
  }
  return { lat, lon, city };
}

/** Median annual potential of an account (currency units). */
const VALUE_MEDIAN = 20_000;
/**
 * Lognormal spread. sigma = 1.68 gives exactly 80% of value in the top 20% of accounts; slightly
 * more makes up for the cap below, which trims the top.
 */
const VALUE_SIGMA = 1.75;
/**
 * No account may be worth more than this share of the average value of one field territory.
 * A raw lognormal tail grows with the sample: at 50,000 accounts the largest would exceed a whole
 * territory's value band by itself and the value balance (±20%) could not hold.
 */
const VALUE_CAP_SHARE = 0.3;

/**
 * Lognormal values with the top capped relative to the value of a field territory (`territories`
 * = field reps), in currency units with cents, all distinct. Distinct values make the 80/20 segments a
 * function of the set of values alone (no ties broken by position), so values can be dealt to
 * accounts afterwards without changing which values are A, B or C.
 */
export function drawValues(count: number, territories: number, rng: Rng): { values: number[]; capped: number } {
  const raw = Array.from({ length: count }, () => VALUE_MEDIAN * Math.exp(VALUE_SIGMA * normal(rng)));
  const jitter = raw.map(() => rng());
  // The cap depends on the total, which the cap lowers: a few rounds converge.
  let values = raw;
  let cap = Infinity;
  for (let round = 0; round < 4; round++) {
    const total = values.reduce((s, v) => s + v, 0);
    cap = (VALUE_CAP_SHARE * total) / Math.max(1, territories);
    // Capped accounts get a jittered value just below the cap, so they do not pile up on it.
    values = raw.map((v, i) => (v > cap ? cap * (0.85 + 0.15 * (jitter[i] ?? 0)) : v));
  }
  // In whole cents, so that forcing distinct values moves them by a cent or two at most.
  const cents = values.map((v) => Math.max(100, Math.round(v * 100))).sort((p, q) => q - p);
  for (let k = 1; k < cents.length; k++) cents[k] = Math.min(cents[k] ?? 0, (cents[k - 1] ?? 0) - 1);
  // Distinctness may push the smallest few below one unit: lift the tail back, keeping it decreasing.
  const lift = Math.max(0, 100 - (cents[cents.length - 1] ?? 100));
  return { values: cents.map((c) => (c + lift) / 100), capped: raw.filter((v) => v > cap).length };
}
