/**
 * Bad input is a value: parseProblem returns issues, each naming its field by JSON path; warnings
 * do not stop a solve.
 */
import { describe, expect, it } from 'vitest';
import { formatPath, parseProblem, type InputIssue } from '../../solver/parse.ts';

type Doc = Record<string, unknown> & { accounts: Array<Record<string, unknown>>; reps: Array<Record<string, unknown>> };

/** A valid document: n accounts and two reps with coordinates, one call pattern. */
function valid(n = 3): Doc {
  return {
    accounts: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, value: 10 + i, lat: 48 + i / 100, lon: 11, segment: 'A' })),
    reps: [
      { id: 'r1', role: 'field', capacity: 100, lat: 48, lon: 11 },
      { id: 'r2', role: 'field', capacity: 100, lat: 49, lon: 11 },
    ],
    callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' }],
  };
}

function issuesOf(input: unknown): readonly InputIssue[] {
  const result = parseProblem(input);
  if (result.ok) throw new Error('expected the input to be rejected');
  return result.issues;
}

describe('parseProblem: shape', () => {
  it('accepts a valid document and fills the defaults', () => {
    const result = parseProblem(valid());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.problem.travel).toEqual({ circuityFactor: 1.3, speedKmh: 60, routeSharing: 0.5 });
    expect(result.problem.balance).toEqual({ workloadTolerance: 0.1, valueTolerance: 0.2, mode: 'hard', softPenalty: 1000 });
    expect(result.problem.objective).toMatchObject({ travelWeight: 1, travel: 'visits', disruptionWeight: 0, disruptionMeasure: 'workload', frozenSegments: [] });
    expect(result.problem.segmentation).toEqual({ aValueShare: 0.8, bValueShare: 0.15 });
    expect(result.problem.capacityReport).toEqual({ targetUtilization: 0.85, weeksPerYear: 46 });
  });

  it('names accounts[17].lat when it has the wrong type', () => {
    const doc = valid(20);
    doc.accounts[17] = { ...doc.accounts[17], lat: '48.1' };
    expect(issuesOf(doc)).toEqual([{ path: 'accounts[17].lat', message: 'expected number, received string' }]);
  });

  it('names missing required fields', () => {
    const doc = valid();
    delete doc.accounts[1]!.value;
    delete doc.reps[0]!.role;
    delete doc.reps[1]!.capacity;
    const issues = issuesOf(doc);
    expect(issues).toContainEqual({ path: 'accounts[1].value', message: 'required (number)' });
    expect(issues).toContainEqual({ path: 'reps[0].role', message: 'required (string)' });
    expect(issues).toContainEqual({ path: 'reps[1].capacity', message: 'required (number)' });
    expect(issues).toHaveLength(3);
    expect(issuesOf({ reps: valid().reps })).toEqual([{ path: 'accounts', message: 'required (array)' }]);
  });

  it('rejects unknown fields at the top and in strict sections, naming each', () => {
    const doc = { ...valid(), colour: 'red', balance: { workloadTolerence: 0.1 } };
    const issues = issuesOf(doc);
    expect(issues).toContainEqual({ path: 'colour', message: 'unknown field' });
    expect(issues).toContainEqual({ path: 'balance.workloadTolerence', message: 'unknown field' });
    const pattern = valid();
    pattern.callPatterns = [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person', colour: 'red' }];
    expect(issuesOf(pattern)).toEqual([{ path: 'callPatterns[0].colour', message: 'unknown field' }]);
  });

  it('keeps extra CRM columns on accounts and reps', () => {
    const doc = valid();
    doc.accounts[0] = { ...doc.accounts[0], crmOwner: 'x' };
    doc.reps[0] = { ...doc.reps[0], employeeNo: 7 };
    const result = parseProblem(doc);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.problem.accounts[0]).toMatchObject({ crmOwner: 'x' });
  });

  it('names out-of-range numbers and bad enum values', () => {
    const doc = valid();
    doc.accounts[0] = { ...doc.accounts[0], value: -5, lat: 95 };
    doc.reps[0] = { ...doc.reps[0], capacity: 0 };
    doc.callPatterns = [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'fax' }];
    doc.balance = { workloadTolerance: 1.5 };
    const paths = issuesOf(doc).map((i) => i.path).sort();
    expect(paths).toEqual(['accounts[0].lat', 'accounts[0].value', 'balance.workloadTolerance', 'callPatterns[0].channel', 'reps[0].capacity']);
  });

  it('rejects empty accounts or reps', () => {
    expect(issuesOf({ ...valid(), accounts: [] })).toEqual([{ path: 'accounts', message: 'needs at least one account' }]);
    expect(issuesOf({ ...valid(), reps: [] })).toEqual([{ path: 'reps', message: 'needs at least one rep' }]);
  });

  it('rejects a document that is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '(root)', message: 'expected object, received array' }]);
    expect(issuesOf(null)).toEqual([{ path: '(root)', message: 'expected object, received null' }]);
  });
});

describe('parseProblem: cross-references (validate)', () => {
  it('names duplicate account and rep ids', () => {
    const doc = valid();
    doc.accounts[2] = { ...doc.accounts[2], id: 'a0' };
    doc.reps[1] = { ...doc.reps[1], id: 'r1' };
    const issues = issuesOf(doc);
    expect(issues).toContainEqual({ path: 'accounts[2].id', message: 'duplicate id "a0" (also accounts[0])' });
    expect(issues).toContainEqual({ path: 'reps[1].id', message: 'duplicate id "r1" (also reps[0])' });
  });

  it('names an unknown lockedRepId', () => {
    const doc = valid();
    doc.accounts[1] = { ...doc.accounts[1], lockedRepId: 'r9' };
    expect(issuesOf(doc)).toEqual([{ path: 'accounts[1].lockedRepId', message: 'unknown rep "r9"' }]);
  });

  it('names a distance matrix of the wrong size (rows and row lengths)', () => {
    const doc = valid(3);
    doc.travel = { distanceKm: [[1, 2, 3], [1, 2]] };
    expect(issuesOf(doc)).toEqual([
      { path: 'travel.distanceKm[1]', message: 'expected 3 values (one per account, in the order of accounts), got 2' },
    ]);
    doc.travel = { distanceKm: [[1, 2, 3]] };
    expect(issuesOf(doc)).toEqual([
      { path: 'travel.distanceKm', message: 'expected 2 rows (one per rep, in the order of reps), got 1' },
    ]);
  });

  it('names missing coordinates when there is no distance matrix', () => {
    const doc = valid();
    delete doc.accounts[2]!.lon;
    delete doc.reps[1]!.lat;
    const where = 'required unless travel.distanceKm is given';
    expect(issuesOf(doc)).toEqual([
      { path: 'accounts[2].lon', message: where },
      { path: 'reps[1].lat', message: where },
    ]);
  });

  it('a distance matrix of the right size makes coordinates optional', () => {
    const doc = valid(2);
    doc.accounts = doc.accounts.map(({ lat: _lat, lon: _lon, ...rest }) => rest);
    doc.reps = doc.reps.map(({ lat: _lat, lon: _lon, ...rest }) => rest);
    doc.travel = { distanceKm: [[1, 2], [3, 4]] };
    expect(parseProblem(doc).ok).toBe(true);
  });

  it('names duplicate call patterns', () => {
    const doc = valid();
    doc.callPatterns = [
      { segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 2, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'A', role: 'field', callsPerYear: 6, minutesPerCall: 30, channel: 'phone' },
    ];
    expect(issuesOf(doc)).toEqual([{ path: 'callPatterns[2]', message: 'duplicate pattern for segment A and role field (also callPatterns[0])' }]);
  });

  it('requires callPatterns unless every account has a fixed workload', () => {
    const doc = valid();
    delete doc.callPatterns;
    doc.accounts = doc.accounts.map((a, i) => (i === 1 ? a : { ...a, workload: 5 }));
    expect(issuesOf(doc)).toEqual([{ path: 'callPatterns', message: 'required unless every account has a fixed workload (accounts[1] has none)' }]);
    doc.accounts[1] = { ...doc.accounts[1], workload: 5 };
    expect(parseProblem(doc).ok).toBe(true);
  });

  it('rejects segment shares adding up to more than 1', () => {
    expect(issuesOf({ ...valid(), segmentation: { aValueShare: 0.9, bValueShare: 0.2 } }).map((i) => i.path)).toEqual(['segmentation.bValueShare']);
  });
});

describe('parseProblem: warnings', () => {
  it('warns about an unknown currentRepId and an unknown excluded rep, and still parses', () => {
    const doc = valid();
    doc.accounts[0] = { ...doc.accounts[0], currentRepId: 'gone' };
    doc.accounts[1] = { ...doc.accounts[1], currentRepId: 'r1' };
    doc.accounts[2] = { ...doc.accounts[2], excludedRepIds: ['r2', 'nobody'] };
    const result = parseProblem(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      { path: 'accounts[0].currentRepId', message: '1 account names an owner that is not a rep id or name (e.g. "gone"): counted as unassigned today; reps have ids like "r1", "r2"' },
      { path: 'accounts[2].excludedRepIds[1]', message: '1 excluded rep is not a rep id or name (e.g. "nobody"): ignored' },
    ]);
  });

  it('warns about distance limits for a role no rep has', () => {
    const doc = { ...valid(), limits: { byRole: { feld: { maxDistanceKm: 80 } } } };
    const result = parseProblem(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const roles = [...new Set(result.problem.reps.map((r) => r.role))].join(', ');
    expect(result.warnings).toEqual([{ path: 'limits.byRole.feld', message: `no rep has role feld (roles: ${roles}): this limit applies to no one` }]);
  });

  it('gives one warning per cause, however many accounts share it', () => {
    const doc = valid(300);
    doc.accounts = doc.accounts.map((a, i) => ({ ...a, currentRepId: i % 2 === 0 ? 'Anna Weber' : 'Ben Kraus' }));
    const result = parseProblem(doc);
    expect(result.ok && result.warnings).toEqual([{
      path: 'accounts[0].currentRepId',
      message: '300 accounts name an owner that is not a rep id or name (e.g. "Anna Weber", "Ben Kraus"): counted as unassigned today; is this the right owner column? reps have ids like "r1", "r2"',
    }]);
  });

  it('matches owners, locks and exclusions given by rep name (case and spacing aside), and says it did', () => {
    const doc = valid(4);
    doc.reps = doc.reps.map((r, j) => ({ ...r, name: j === 0 ? 'Anna Weber' : 'Ben Kraus' }));
    doc.accounts = doc.accounts.map((a, i) => ({ ...a, currentRepId: i < 3 ? ' anna  WEBER' : 'r2' }));
    doc.accounts[3] = { ...doc.accounts[3], lockedRepId: 'Ben Kraus', excludedRepIds: ['Anna Weber'] };
    const result = parseProblem(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.problem.accounts.map((a) => a.currentRepId)).toEqual(['r1', 'r1', 'r1', 'r2']);
    expect(result.problem.accounts[3]!.lockedRepId).toBe('r2');
    expect(result.problem.accounts[3]!.excludedRepIds).toEqual(['r1']);
    expect(result.warnings).toEqual([
      { path: 'accounts[0].currentRepId', message: '3 accounts name their owner by rep name, not id (e.g. " anna  WEBER" is rep "r1"); matched by name' },
      { path: 'accounts[3].lockedRepId', message: '1 account names its locked rep by rep name, not id (e.g. "Ben Kraus" is rep "r2"); matched by name' },
      { path: 'accounts[3].excludedRepIds', message: '1 account names its excluded rep by rep name, not id (e.g. "Anna Weber" is rep "r1"); matched by name' },
    ]);
  });

  it('never matches a name two reps share', () => {
    const doc = valid();
    doc.reps = doc.reps.map((r) => ({ ...r, name: 'Sam' }));
    doc.accounts[0] = { ...doc.accounts[0], currentRepId: 'Sam' };
    const result = parseProblem(doc);
    expect(result.ok && result.problem.accounts[0]!.currentRepId).toBe('Sam');
    expect(result.ok && result.warnings.map((w) => w.path)).toEqual(['accounts[0].currentRepId']);
  });

  it('warns that maxMoves means nothing without any currentRepId', () => {
    const result = parseProblem({ ...valid(), objective: { maxMoves: 2 } });
    expect(result.ok && result.warnings).toEqual([{ path: 'objective.maxMoves', message: 'no account has a currentRepId, so nothing can move' }]);
  });
});

describe('formatPath', () => {
  it('writes JSON paths the way a reader types them', () => {
    expect(formatPath(['accounts', 17, 'lat'])).toBe('accounts[17].lat');
    expect(formatPath(['travel', 'distanceKm', 2, 5])).toBe('travel.distanceKm[2][5]');
    expect(formatPath([])).toBe('(root)');
  });
});
