/**
 * Plan versus actual (solver/compliance.ts) on a solved problem (data/tiny.json) and a seeded
 * generated call log. Every expected figure is computed here from the generated records and the
 * problem's own numbers (segments, call patterns, coordinates), by the rules of docs/compliance.md,
 * without calling the solver's segmentation, workload or compliance code.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeCompliance, type Activity, type ComplianceReport, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { mulberry32, randomInt } from '../../solver/heuristics/prng.ts';
import { greatCircleKm, makeProblem, solveChecked } from './support/fixtures.ts';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;
/** Clara gets an e-mail (an extra CRM field) so that the log can name her by it. */
const input: ProblemInput = { ...tiny, reps: tiny.reps.map((r) => (r.id === 'clara' ? { ...r, email: 'clara@example.com' } : r)) };

/** tiny.json's 80/20 segments, worked out by hand in its description: 4 A, 3 B, 5 C. */
const SEGMENT: Record<string, string> = {
  stuttgart: 'A', karlsruhe: 'A', pforzheim: 'A', heilbronn: 'A', ludwigsburg: 'B', esslingen: 'B', 'baden-baden': 'B',
  boeblingen: 'C', rastatt: 'C', leonberg: 'C', calw: 'C', ettlingen: 'C',
};
const ROLE: Record<string, string> = { anna: 'field', ben: 'field', clara: 'inside' };
/** tiny.json's call patterns by segment and role. */
const PATTERN: Record<string, { calls: number; minutes: number; channel: 'in_person' | 'phone' }> = {
  'A/field': { calls: 24, minutes: 60, channel: 'in_person' },
  'B/field': { calls: 12, minutes: 45, channel: 'in_person' },
  'C/inside': { calls: 12, minutes: 20, channel: 'phone' },
};

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
const FROM = '2026-01-01';
const TO = '2026-06-30';
const DAYS = 181;
const F = DAYS / 365;

const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 6);

describe('plan versus actual on tiny.json with a seeded log', () => {
  const problem = makeProblem(input);
  let result: TerritoryResult;
  let owner: Record<string, string>;
  let log: Activity[];
  let report: ComplianceReport;

  /** The call log: reps mostly keep the plan, Ben falls short on his accounts and drives to C accounts. */
  function generateLog(seed: number): Activity[] {
    const rng = mulberry32(seed);
    const out: Activity[] = [];
    const inPeriod = () => iso(day(FROM) + randomInt(rng, DAYS));
    for (const a of problem.accounts) {
      const rep = owner[a.id]!;
      const pattern = PATTERN[`${SEGMENT[a.id]}/${ROLE[rep]}`]!;
      const rate = rep === 'ben' ? 0.3 : 0.6 + 0.8 * rng();
      const calls = Math.round(pattern.calls * F * rate);
      for (let k = 0; k < calls; k++) {
        const km = pattern.channel === 'in_person' ? Math.round(rng() * 800) / 10 : undefined;
        out.push({ accountId: a.id, repId: rep, date: inPeriod(), channel: pattern.channel, minutes: pattern.minutes - 10 + randomInt(rng, 21), ...(km !== undefined ? { km } : {}) });
      }
      // Phone calls on visit accounts (no visits), a call by someone else, a call before the period.
      if (pattern.channel === 'in_person') for (let k = randomInt(rng, 3); k > 0; k--) out.push({ accountId: a.id, repId: rep, date: inPeriod(), channel: 'phone', minutes: 15 });
      if (rng() < 0.4) {
        const others = ['anna', 'ben', 'clara'].filter((r) => r !== rep);
        out.push({ accountId: a.id, repId: others[randomInt(rng, 2)]!, date: inPeriod(), channel: pattern.channel, minutes: 30 });
      }
      if (rng() < 0.3) out.push({ accountId: a.id, repId: rep, date: iso(day('2025-12-01') + randomInt(rng, 31)), channel: pattern.channel, minutes: 30 });
    }
    // Ben drives to C accounts: an hour a visit, three each.
    for (const a of problem.accounts.filter((x) => SEGMENT[x.id] === 'C')) {
      for (let k = 0; k < 3; k++) out.push({ accountId: a.id, repId: 'ben', date: inPeriod(), channel: 'in_person', minutes: 60, km: 30 });
    }
    // Names and e-mails instead of ids, and references that match nothing.
    for (let k = 0; k < out.length; k += 7) {
      if (out[k]!.repId === 'anna') out[k] = { ...out[k]!, repId: '  ANNA (field,  Stuttgart) ' };
      else if (out[k]!.repId === 'clara') out[k] = { ...out[k]!, repId: 'Clara@Example.COM' };
    }
    out.push({ accountId: 'nowhere', repId: 'anna', date: inPeriod(), channel: 'in_person', minutes: 30 });
    out.push({ accountId: 'nowhere', repId: 'ben', date: inPeriod(), channel: 'in_person', minutes: 30 });
    out.push({ accountId: 'calw', repId: 'zoe', date: inPeriod(), channel: 'phone', minutes: 5 });
    // Shuffled, so nothing depends on the order of the log.
    for (let k = out.length - 1; k > 0; k--) {
      const j = randomInt(rng, k + 1);
      [out[k], out[j]] = [out[j]!, out[k]!];
    }
    return out;
  }

  /** The rep id a log reference means, by the matching rules (or undefined). */
  const repOf = (ref: string) => (ref in ROLE ? ref : ref.trim().replace(/\s+/g, ' ').toLowerCase() === 'anna (field, stuttgart)' ? 'anna' : ref.toLowerCase() === 'clara@example.com' ? 'clara' : undefined);

  /** The log records the report counts: known account and rep, inside the period, with the rep id resolved. */
  const counted = () => log.flatMap((r) => {
    const rep = repOf(r.repId);
    if (!(r.accountId in SEGMENT) || rep === undefined || r.date < FROM || r.date > TO) return [];
    return [{ ...r, repId: rep }];
  });
  const patternOf = (accountId: string) => PATTERN[`${SEGMENT[accountId]}/${ROLE[owner[accountId]!]}`];
  /** The rule: a phone or video call is no visit; any call counts for a phone pattern. */
  const counts = (r: Activity) => patternOf(r.accountId)?.channel !== 'in_person' || r.channel === 'in_person';
  const plannedCalls = (accountId: string) => (owner[accountId] ? patternOf(accountId)!.calls * F : 0);
  const due = (accountId: string) => Math.round(plannedCalls(accountId));
  const plannedHours = (accountId: string) => (owner[accountId] ? (patternOf(accountId)!.calls * patternOf(accountId)!.minutes) / 60 * F : 0);
  const idealKm = (accountId: string) => {
    const rep = owner[accountId];
    if (!rep) return 0;
    const a = problem.accounts.find((x) => x.id === accountId)!;
    const r = problem.reps.find((x) => x.id === rep)!;
    const pattern = patternOf(accountId)!;
    // travelKm per visit: 2 x km x circuity 1.3 x route sharing 0.5 (tiny.json keeps the defaults).
    return pattern.channel === 'in_person' ? pattern.calls * 2 * greatCircleKm(r.lat!, r.lon!, a.lat!, a.lon!) * 1.3 * 0.5 * F : 0;
  };

  beforeAll(async () => {
    result = await solveChecked(problem);
    expect(result.assignments).toHaveLength(12);
    owner = Object.fromEntries(result.assignments.map((a) => [a.accountId, a.repId]));
    log = generateLog(9);
    const outcome = computeCompliance({ problem, plan: result.assignments, activities: log, from: FROM, to: TO });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    report = outcome.report;
  });

  it('counts the period inclusively and says where it came from', () => {
    expect(report.period).toEqual({ from: FROM, to: TO, days: DAYS, fromSource: 'given', toSource: 'given' });
    expect(report.plan).toEqual({ source: 'assignments', accounts: 12, unplanned: 0 });
  });

  it('reports the log: records, counted, outside the period, unknown ids, reps matched by name and e-mail', () => {
    const known = log.filter((r) => r.accountId in SEGMENT && repOf(r.repId) !== undefined);
    expect(report.log.records).toBe(log.length);
    expect(report.log.counted).toBe(counted().length);
    expect(report.log.outsidePeriod).toBe(known.length - counted().length);
    expect(report.log.outsidePeriod).toBeGreaterThan(0);
    expect(report.log.unknownAccounts.map((u) => [u.reference, u.records])).toEqual([['nowhere', 2]]);
    expect(report.log.unknownReps.map((u) => [u.reference, u.records])).toEqual([['zoe', 1]]);
    expect(report.log.unknownAccounts[0]!.examples).toHaveLength(2);
    const byName = log.filter((r) => r.repId === '  ANNA (field,  Stuttgart) ' && r.accountId in SEGMENT).length;
    const byEmail = log.filter((r) => r.repId === 'Clara@Example.COM' && r.accountId in SEGMENT).length;
    expect(byName).toBeGreaterThan(0);
    expect(byEmail).toBeGreaterThan(0);
    expect(report.log.repsMatchedByName).toEqual([{ reference: '  ANNA (field,  Stuttgart) ', id: 'anna', records: byName }]);
    expect(report.log.repsMatchedByEmail).toEqual([{ reference: 'Clara@Example.COM', id: 'clara', records: byEmail }]);
    expect(report.log.withKm).toBe(counted().filter((r) => r.km !== undefined).length);
  });

  it('per account: planned vs actual calls by the channel rule, owner calls, off-plan calls, hours and km', () => {
    for (const a of report.accounts) {
      const mine = counted().filter((r) => r.accountId === a.accountId);
      expect(a.segment, a.accountId).toBe(SEGMENT[a.accountId]);
      expect(a.ownerId).toBe(owner[a.accountId]);
      close(a.plannedCalls, plannedCalls(a.accountId));
      expect(a.dueCalls).toBe(due(a.accountId));
      expect(a.actualCalls, a.accountId).toBe(mine.filter(counts).length);
      expect(a.ownerCalls).toBe(mine.filter((r) => counts(r) && r.repId === owner[a.accountId]).length);
      expect(a.otherChannelCalls).toBe(mine.filter((r) => !counts(r)).length);
      expect(a.offPlanCalls).toBe(mine.filter((r) => r.repId !== owner[a.accountId]).length);
      expect(a.flagged).toBe(a.offPlanCalls > 0);
      close(a.plannedHours, plannedHours(a.accountId));
      close(a.actualHours, mine.reduce((s, r) => s + r.minutes, 0) / 60);
      close(a.idealKm, idealKm(a.accountId));
      close(a.attainment, mine.filter(counts).length / plannedCalls(a.accountId));
    }
    // Phone calls on visit accounts were logged and do not count.
    expect(report.accounts.some((a) => a.channel === 'in_person' && a.otherChannelCalls > 0)).toBe(true);
  });

  it('per rep: planned vs actual calls and hours, hours by segment, A coverage, ideal vs actual km', () => {
    for (const r of report.reps) {
      const own = Object.keys(owner).filter((id) => owner[id] === r.repId);
      const mine = counted().filter((x) => x.repId === r.repId);
      expect(r.accounts).toBe(own.length);
      close(r.plannedCalls, own.reduce((s, id) => s + plannedCalls(id), 0));
      expect(r.actualCalls).toBe(mine.length);
      expect(r.ownCalls).toBe(mine.filter((x) => owner[x.accountId] === r.repId && counts(x)).length);
      expect(r.otherAccountCalls).toBe(mine.filter((x) => owner[x.accountId] !== r.repId).length);
      close(r.plannedHours, own.reduce((s, id) => s + plannedHours(id), 0));
      close(r.actualHours, mine.reduce((s, x) => s + x.minutes, 0) / 60);
      close(r.idealKm, own.reduce((s, id) => s + idealKm(id), 0));
      close(r.actualKm, mine.reduce((s, x) => s + (x.km ?? 0), 0));
      for (const seg of ['A', 'B', 'C']) {
        const planned = own.filter((id) => SEGMENT[id] === seg).reduce((s, id) => s + plannedHours(id), 0);
        const actual = mine.filter((x) => SEGMENT[x.accountId] === seg).reduce((s, x) => s + x.minutes, 0) / 60;
        close(r.hoursBySegment[seg]?.planned ?? 0, planned);
        close(r.hoursBySegment[seg]?.actual ?? 0, actual);
      }
      const aDue = own.filter((id) => SEGMENT[id] === 'A' && due(id) >= 1);
      const got = (id: string) => counted().filter((x) => x.accountId === id && counts(x)).length;
      expect(r.coverageA.accounts).toBe(aDue.length);
      expect(r.coverageA.full).toBe(aDue.filter((id) => got(id) >= due(id)).length);
      expect(r.coverageA.half).toBe(aDue.filter((id) => 2 * got(id) >= due(id)).length);
    }
  });

  it('per segment, totals and coverage of the A accounts', () => {
    const all = counted();
    const totalPlannedHours = Object.keys(SEGMENT).reduce((s, id) => s + plannedHours(id), 0);
    const totalActualHours = all.reduce((s, r) => s + r.minutes, 0) / 60;
    expect(report.segments.map((s) => s.segment)).toEqual(['A', 'B', 'C']);
    for (const s of report.segments) {
      const ids = Object.keys(SEGMENT).filter((id) => SEGMENT[id] === s.segment);
      const on = all.filter((r) => SEGMENT[r.accountId] === s.segment);
      expect(s.accounts).toBe(ids.length);
      close(s.plannedCalls, ids.reduce((x, id) => x + plannedCalls(id), 0));
      expect(s.actualCalls).toBe(on.filter(counts).length);
      expect(s.allCalls).toBe(on.length);
      close(s.plannedHours, ids.reduce((x, id) => x + plannedHours(id), 0));
      close(s.actualHours, on.reduce((x, r) => x + r.minutes, 0) / 60);
      close(s.plannedShare, s.plannedHours / totalPlannedHours);
      close(s.actualShare, s.actualHours / totalActualHours);
    }
    close(report.totals.plannedCalls, Object.keys(SEGMENT).reduce((s, id) => s + plannedCalls(id), 0));
    expect(report.totals.actualCalls).toBe(all.filter(counts).length);
    expect(report.totals.allCalls).toBe(all.length);
    close(report.totals.actualHours, totalActualHours);
    close(report.totals.actualKm, all.reduce((s, r) => s + (r.km ?? 0), 0));
    expect(report.totals.offPlanCalls).toBe(all.filter((r) => r.repId !== owner[r.accountId]).length);
    const aIds = Object.keys(SEGMENT).filter((id) => SEGMENT[id] === 'A');
    const got = (id: string) => all.filter((r) => r.accountId === id && counts(r)).length;
    // 24 visits a year over 181 days: 12 due at every A account.
    expect(aIds.map(due)).toEqual([12, 12, 12, 12]);
    expect(report.coverage.accounts).toBe(4);
    expect(report.coverage.full).toBe(aIds.filter((id) => got(id) >= 12).length);
    expect(report.coverage.half).toBe(aIds.filter((id) => got(id) >= 6).length);
  });

  it('finds the lemonade stand: Ben on C accounts while his A accounts go short', () => {
    const expected = ['anna', 'ben', 'clara'].filter((rep) => {
      const plannedC = Object.keys(owner).filter((id) => owner[id] === rep && SEGMENT[id] === 'C').reduce((s, id) => s + plannedHours(id), 0);
      const actualC = counted().filter((r) => r.repId === rep && SEGMENT[r.accountId] === 'C').reduce((s, r) => s + r.minutes, 0) / 60;
      const short = Object.keys(owner).filter((id) => owner[id] === rep && SEGMENT[id] === 'A' && counted().filter((r) => r.accountId === id && counts(r)).length < due(id));
      return actualC > plannedC && short.length > 0;
    });
    expect(expected).toContain('ben');
    expect(report.lemonadeStands.map((l) => l.repId).sort()).toEqual(expected.sort());
    const ben = report.lemonadeStands.find((l) => l.repId === 'ben')!;
    expect(ben.message).toMatch(/^Ben \(field, Karlsruhe\) spent [\d.,]+ h on C accounts \([\d.,]+ h planned\) while \d+ of \d+ A accounts got fewer visits than due/);
    close(ben.extraCHours, ben.actualCHours - ben.plannedCHours);
  });

  it('names the accounts and reps furthest off plan, in sentences', () => {
    const deviation = (id: string) => counted().filter((r) => r.accountId === id && counts(r)).length - due(id);
    const off = report.furthestOffPlan.accounts;
    expect(report.furthestOffPlan.top).toBe(10);
    expect(off.length).toBe(Math.min(10, Object.keys(SEGMENT).filter((id) => Math.abs(deviation(id)) >= 1).length));
    for (let k = 1; k < off.length; k++) expect(Math.abs(off[k - 1]!.deviation)).toBeGreaterThanOrEqual(Math.abs(off[k]!.deviation));
    for (const o of off) expect(o.deviation).toBe(deviation(o.id));
    const first = off[0]!;
    const account = problem.accounts.find((a) => a.id === first.id)!;
    const rep = problem.reps.find((r) => r.id === owner[first.id])!;
    const ownerCalls = counted().filter((r) => r.accountId === first.id && counts(r) && r.repId === rep.id).length;
    const noun = patternOf(first.id)!.channel === 'in_person' ? 'visits' : 'calls';
    expect(first.message.startsWith(`${rep.name} made ${ownerCalls} of ${due(first.id)} planned ${noun} to ${account.name} (${SEGMENT[first.id]})`)).toBe(true);
    expect(report.furthestOffPlan.reps.some((r) => r.id === 'ben' && /^Ben \(field, Karlsruhe\) made \d+ of \d+ planned calls in the territory/.test(r.message))).toBe(true);
    const topTwo = computeCompliance({ problem, plan: result.assignments, activities: log, from: FROM, to: TO, top: 2 });
    expect(topTwo.ok && topTwo.report.furthestOffPlan.accounts.map((a) => a.id)).toEqual(off.slice(0, 2).map((a) => a.id));
  });

  it('is the same report for the same log, whatever its order (sums up to rounding)', () => {
    const again = computeCompliance({ problem, plan: result.assignments, activities: [...log].reverse(), from: FROM, to: TO });
    const rounded = (x: unknown) => JSON.parse(JSON.stringify(x, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))) as unknown;
    if (!again.ok) throw new Error('the reversed log must give a report');
    const { log: _log, ...rest } = again.report;
    const { log: _log2, ...before } = report;
    expect(rounded(rest)).toEqual(rounded(before));
  });
});

describe('plan versus actual: the rules on small cases', () => {
  const problem = makeProblem({
    accounts: [
      { id: 'a1', name: 'Klinikum Augsburg', lat: 48.37, lon: 10.9, value: 900, segment: 'A', currentRepId: 'r1' },
      { id: 'c1', name: 'Kiosk', lat: 48.14, lon: 11.58, value: 10, segment: 'C', currentRepId: 'r1' },
    ],
    reps: [{ id: 'r1', name: 'Anna Huber', lat: 48.14, lon: 11.58, role: 'field', capacity: 500, email: 'anna@example.com' }],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 365, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'C', role: 'field', callsPerYear: 365, minutesPerCall: 30, channel: 'phone' },
    ],
    balance: { workloadTolerance: 1, valueTolerance: null },
  });
  const call = (accountId: string, date: string, channel: Activity['channel'], minutes = 30): Activity => ({ accountId, repId: 'r1', date, channel, minutes });

  it('a phone call is no visit for an in-person pattern; a visit counts for a phone pattern', () => {
    const outcome = computeCompliance({
      problem, plan: null,
      activities: [call('a1', '2026-03-01', 'phone'), call('a1', '2026-03-02', 'in_person'), call('c1', '2026-03-01', 'in_person'), call('c1', '2026-03-03', 'video')],
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    const [a1, c1] = outcome.report.accounts;
    expect([a1!.actualCalls, a1!.otherChannelCalls]).toEqual([1, 1]);
    expect([c1!.actualCalls, c1!.otherChannelCalls]).toEqual([2, 0]);
    // The period is the log's span, both ends counted: 3 days, 3 planned calls at 365 a year.
    expect(outcome.report.period).toEqual({ from: '2026-03-01', to: '2026-03-03', days: 3, fromSource: 'log', toSource: 'log' });
    expect(outcome.report.plan.source).toBe('current');
    close(a1!.plannedCalls, 3);
    expect(outcome.report.furthestOffPlan.accounts[0]!.message).toBe('Anna Huber made 1 of 3 planned visits to Klinikum Augsburg (A); 1 phone or video call does not count as a visit');
  });

  it('a lemonade stand: more hours on C than planned while A goes short', () => {
    const activities = [call('a1', '2026-01-01', 'in_person', 60), ...Array.from({ length: 10 }, (_, k) => call('c1', `2026-01-${String(k + 1).padStart(2, '0')}`, 'phone', 60))];
    const outcome = computeCompliance({ problem, plan: null, activities });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    expect(outcome.report.lemonadeStands).toEqual([{
      repId: 'r1', repName: 'Anna Huber', plannedCHours: 5, actualCHours: 10, extraCHours: 5, aAccounts: 1, underServedA: 1, aCallsShort: 9, aHoursShort: 9,
      message: 'Anna Huber spent 10 h on C accounts (5 h planned) while 1 of 1 A accounts got fewer visits than due (9 visits short, 9 h)',
    }]);
  });

  it('matches reps by e-mail and accounts by name, and counts them', () => {
    const outcome = computeCompliance({ problem, plan: null, from: '2026-01-01', to: '2026-01-31', activities: [{ accountId: 'klinikum augsburg', repId: 'ANNA@example.com', date: '2026-01-05', channel: 'in_person', minutes: 60 }] });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    expect(outcome.report.log.repsMatchedByEmail).toEqual([{ reference: 'ANNA@example.com', id: 'r1', records: 1 }]);
    expect(outcome.report.log.accountsMatchedByName).toEqual([{ reference: 'klinikum augsburg', id: 'a1', records: 1 }]);
    expect(outcome.report.accounts[0]!.actualCalls).toBe(1);
  });

  it('refuses a plan of another problem, a period that ends before it starts, and an empty log without a period', () => {
    const bad = computeCompliance({ problem, plan: [{ accountId: 'zz', repId: 'r1' }, { accountId: 'a1', repId: 'r9' }], activities: [], from: '2026-02-01', to: '2026-01-01' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues).toEqual([
      { path: 'assignments[0].accountId', message: 'unknown account "zz" (the plan must be of this problem)' },
      { path: 'assignments[1].repId', message: 'unknown rep "r9" (the plan must be of this problem)' },
      { path: 'to', message: '2026-01-01 is before the first day 2026-02-01' },
    ]);
    const empty = computeCompliance({ problem, plan: null, activities: [] });
    expect(!empty.ok && empty.issues.map((i) => i.path)).toEqual(['activities']);
  });
});
