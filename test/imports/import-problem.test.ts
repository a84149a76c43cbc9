/**
 * A CRM export -> problem + report, or the list of what to fix. One test per bad-input case: unknown
 * and ambiguous headers, a non-number, a missing required column, a duplicate id, an unmatched
 * owner, an ungeocodable row, a bad xlsx; each names the file, row and column, and none gives a problem.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../solver/index.ts';
import { importFiles, parseImportOptions, type ImportFiles } from '../../src/imports/import-problem.ts';
import { formatImportError } from '../../src/imports/report.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

const USERS = [
  'User ID,Full Name,Email,Title,Home Latitude,Home Longitude',
  '005A,Lena Huber,lena.huber@example.com,Field Sales Representative,48.137,11.575',
  '005B,Jonas Schmid,jonas.schmid@example.com,Senior Field Sales Rep,48.782,9.177',
  '005C,Laura Fischer,laura.fischer@example.com,Inside Sales Representative,48.137,11.575',
].join('\n');

const ACCOUNTS = [
  'Account ID,Account Name,Billing Latitude,Billing Longitude,Annual Revenue,Account Owner',
  'A1,Munich Tools,48.14,11.58,"1,200,000",Lena Huber',
  'A2,Augsburg Parts,48.37,10.90,"$850,000.00",lena.huber@example.com',
  'A3,Stuttgart Motors,48.78,9.18,"2,000,000",005B',
  'A4,Esslingen Mill,48.74,9.31,"90,000",Jonas Schmid',
  'A5,Freising Bakery,48.40,11.74,"12,500",Laura Fischer',
  'A6,Dachau Print,48.26,11.43,"8,000",',
].join('\n');

async function run(files: Partial<Record<keyof ImportFiles, string | Uint8Array>>, options: unknown = {}) {
  const parsed = parseImportOptions(options);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const file = (name: string, body: string | Uint8Array) => ({ name, bytes: typeof body === 'string' ? utf8(body) : body });
  return importFiles({
    accounts: file(typeof files.accounts === 'string' || !files.accounts ? 'accounts.csv' : 'accounts.xlsx', files.accounts ?? ACCOUNTS),
    reps: file(typeof files.reps === 'string' || !files.reps ? 'users.csv' : 'users.xlsx', files.reps ?? USERS),
    ...(files.patterns ? { patterns: file('patterns.csv', files.patterns) } : {}),
    ...(files.distances ? { distances: file('distances.csv', files.distances) } : {}),
  }, parsed.options);
}

async function rejected(files: Parameters<typeof run>[0], options: unknown = {}): Promise<string[]> {
  const outcome = await run(files, options);
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return [];
  expect('problem' in outcome).toBe(false);
  return outcome.errors.map(formatImportError);
}

describe('importFiles: a Salesforce-style export', () => {
  it('gives a valid problem, owners as rep ids, and says how it read everything', async () => {
    const outcome = await run({});
    if (!outcome.ok) throw new Error(outcome.errors.map(formatImportError).join('\n'));
    const { problem, report } = outcome;
    expect(parseProblem(problem).ok).toBe(true);
    expect(problem.accounts.map((a) => [a.id, a.value, a.currentRepId])).toEqual([
      ['A1', 1200000, '005A'], ['A2', 850000, '005A'], ['A3', 2000000, '005B'], ['A4', 90000, '005B'], ['A5', 12500, '005C'], ['A6', 8000, undefined],
    ]);
    expect(problem.reps.map((r) => [r.id, r.role, r.capacity])).toEqual([['005A', 'field', 1104], ['005B', 'field', 1104], ['005C', 'inside', 1104]]);
    expect(report.owners).toMatchObject({ matched: { id: 1, name: 3, email: 1 }, none: 1, unmatched: [] });
    expect(report.owners.owners).toContainEqual({ value: 'lena.huber@example.com', repId: '005A', how: 'email', accounts: 1 });
    expect(report.files[0]!.columns).toContainEqual({ header: 'Annual Revenue', field: 'value', how: 'auto' });
    expect(report.defaults.map((d) => [d.what, d.rows])).toEqual([['capacity', 3], ['role', 2], ['role', 1], ['callPatterns', 3]]);
    expect(report.defaults[0]!.detail).toBe('40 h/week x 46 weeks x 0.6 selling share = 1,104 h/year (1 FTE)');
    expect(problem.callPatterns).toEqual([
      { segment: 'A', role: 'field', callsPerYear: 23, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person' },
      { segment: 'C', role: 'inside', callsPerYear: 12, minutesPerCall: 20, channel: 'phone' },
    ]);
  });

  it('reads a German export (BOM, semicolons, decimal commas, € amounts) in any column order', async () => {
    const accounts = '\ufeffJahresumsatz;Kundennummer;Betreuer;Breitengrad;Längengrad\n"1.234.567,00 €";K-1;Lena Huber;48,137;11,575\n"12.500 €";K-2;;48,4;11,74\n';
    const outcome = await run({ accounts });
    if (!outcome.ok) throw new Error(outcome.errors.map(formatImportError).join('\n'));
    expect(outcome.problem.accounts).toEqual([
      { id: 'K-1', lat: 48.137, lon: 11.575, value: 1234567, currentRepId: '005A' },
      { id: 'K-2', lat: 48.4, lon: 11.74, value: 12500 },
    ]);
  });

  it('applies the mapping and the overrides of the defaults, and reports them', async () => {
    const accounts = 'Id,Umsatz 2024,Revenue,Lat,Lon\nA1,"100,000",5,48.1,11.5\n';
    const reps = 'Id,Name,Title,Lat,Lon,FTE\nu1,Ann,Key Account Manager,48.1,11.5,80%\nu2,Bob,Telesales,48.1,11.5,\n';
    const outcome = await run({ accounts, reps }, {
      mapping: { accounts: { value: 'Umsatz 2024' } },
      capacity: { hoursPerWeek: 38, weeksPerYear: 45, sellingShare: 0.5 },
      roleMap: { 'Key Account': 'field' },
    });
    if (!outcome.ok) throw new Error(outcome.errors.map(formatImportError).join('\n'));
    expect(outcome.problem.accounts[0]!.value).toBe(100000);
    expect(outcome.report.files[0]!.columns).toContainEqual({ header: 'Umsatz 2024', field: 'value', how: 'mapping' });
    expect(outcome.problem.reps.map((r) => [r.role, r.capacity])).toEqual([['field', 684], ['inside', 855]]);
    expect(outcome.report.defaults.map((d) => d.detail)).toEqual(expect.arrayContaining([
      '38 h/week x 45 weeks x 0.5 selling share = 855 h/year (1 FTE)',
      'from the title: title contains "key account" -> field',
      'from the title: title contains "telesales" -> inside',
    ]));
  });

  it('geocodes rows without coordinates by postal code or city, and lists each', async () => {
    const accounts = 'Account ID,Annual Revenue,Billing City,Billing Zip/Postal Code,Billing Country,Billing Latitude,Billing Longitude\nA1,100,New York,10001,United States,,\nA2,200,Würzburg,,Deutschland,,\nA3,300,,,,48.1,11.5\n';
    const outcome = await run({ accounts });
    if (!outcome.ok) throw new Error(outcome.errors.map(formatImportError).join('\n'));
    expect(outcome.report.geocoding.fromCoordinates).toBe(4);
    expect(outcome.report.geocoding.geocoded.map((g) => [g.row, g.how, g.query])).toEqual([[2, 'postal code', '10001, US'], [3, 'city', 'Würzburg, DE']]);
    expect(outcome.problem.accounts[1]!.lat).toBeCloseTo(49.79, 1);
  });

  it('reads reps from xlsx, patterns with frequency words and a drive-time table', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Users').addRows([['User ID', 'Full Name', 'Role', 'Home Latitude', 'Home Longitude', 'Capacity'], ['005A', 'Lena Huber', 'Field', 48.137, 11.575, 1500], ['005B', 'Jonas Schmid', 'field', 48.782, 9.177, 1600]]);
    const reps = new Uint8Array(await wb.xlsx.writeBuffer());
    const accounts = 'Account ID,Annual Revenue,Account Owner\nA1,100,Lena Huber\nA2,"2,000",Jonas Schmid\n';
    const patterns = 'Segment;Role;Frequency;Minutes;Channel\nA;field;bi-weekly;60;Besuch\nB;field;monatlich;45;in person\nC;field;quarterly;20;Telefon\n';
    const distances = 'Account ID,Rep ID,Drive Time (min)\nA1,005A,10\nA1,005B,120\nA2,Lena Huber,130\nA2,005B,"5"\n';
    const outcome = await run({ accounts, reps, patterns, distances });
    if (!outcome.ok) throw new Error(outcome.errors.map(formatImportError).join('\n'));
    expect(outcome.problem.reps.map((r) => [r.role, r.capacity])).toEqual([['field', 1500], ['field', 1600]]);
    expect(outcome.problem.callPatterns).toEqual([
      { segment: 'A', role: 'field', callsPerYear: 23, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person' },
      { segment: 'C', role: 'field', callsPerYear: 4, minutesPerCall: 20, channel: 'phone' },
    ]);
    expect(outcome.problem.travel).toEqual({ distanceKm: [[10, 130], [120, 5]], circuityFactor: 1, speedKmh: 60 });
    expect(outcome.report.travel).toMatchObject({ unit: 'minutes', pairs: 4 });
    expect(parseProblem(outcome.problem).ok).toBe(true);
  });

  it('imports unmatched owners as new accounts when asked, and warns', async () => {
    const accounts = 'Account ID,Annual Revenue,Lat,Lon,Account Owner\nA1,100,48,11,Ben Kraus\n';
    const outcome = await run({ accounts }, { unmatchedOwners: 'unassigned' });
    if (!outcome.ok) throw new Error('expected a problem');
    expect(outcome.problem.accounts[0]!.currentRepId).toBeUndefined();
    expect(outcome.report.owners.unmatched).toEqual([{ value: 'Ben Kraus', accounts: 1, rows: [2], reason: '"Ben Kraus" matches no rep by id, name or e-mail' }]);
    expect(outcome.report.warnings[0]).toMatch(/^1 account\(s\) name an owner that matches no rep \("Ben Kraus"\)/);
  });
});

describe('importFiles: bad input is a list of what to fix, and no problem', () => {
  it('a non-number names file, row and column, and every bad row is listed (not just the first)', async () => {
    const accounts = [ACCOUNTS, 'A7,Bad One,48.1,11.5,"12,5 Mio",', 'A8,Bad Two,north,11.5,100,'].join('\n');
    expect(await rejected({ accounts })).toEqual([
      'accounts.csv, row 8, column "Annual Revenue": "12,5 Mio" is not a number ("Mio" is a word for a magnitude: write the full amount, e.g. 12500000)',
      'accounts.csv, row 9, column "Billing Latitude": "north" is not a number',
    ]);
  });

  it('a mapping to a header the file does not have (an unknown header)', async () => {
    expect(await rejected({}, { mapping: { accounts: { value: 'Revenue 2024' } } })).toEqual([
      'accounts.csv, column "Revenue 2024": the mapping accounts.value="Revenue 2024" names a column the file does not have (it has "Account ID", "Account Name", "Billing Latitude", "Billing Longitude", "Annual Revenue", "Account Owner")',
    ]);
  });

  it('an ambiguous header', async () => {
    const accounts = 'Account ID,Annual Revenue,Revenue,Lat,Lon\nA1,1,2,48,11\n';
    expect(await rejected({ accounts })).toEqual([expect.stringMatching(/^accounts\.csv, column "Annual Revenue": columns "Annual Revenue" and "Revenue" could both be the annual revenue or potential \(value\); say which with --map accounts\.value="Annual Revenue"/)]);
  });

  it('a missing required column', async () => {
    const accounts = 'Account ID,Sales Volume,Lat,Lon\nA1,100,48,11\n';
    const errors = await rejected({ accounts });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^accounts\.csv: no column for the annual revenue or potential \(value\): looked for "Annual Revenue", .*; the file has "Account ID", "Sales Volume", "Lat", "Lon"\. Map one with --map accounts\.value="<header>"$/);
    expect(await rejected({ accounts: 'Account ID,Revenue\nA1,1\n' })).toEqual([expect.stringMatching(/^accounts\.csv: no column for the latitude \(lat\) \(the location: latitude and longitude, or a city or postal code/)]);
  });

  it('duplicate ids, in accounts and reps', async () => {
    const accounts = `${ACCOUNTS}\nA3,Again,48.1,11.5,100,`;
    const reps = `${USERS}\n005A,Someone Else,se@example.com,Field Sales,48,11`;
    expect(await rejected({ accounts, reps })).toEqual([
      'users.csv, row 5, column "User ID": duplicate rep id "005A" (also row 2)',
      'accounts.csv, row 8, column "Account ID": duplicate account id "A3" (also row 4)',
    ]);
  });

  it('an owner that matches no rep, and an ambiguous one', async () => {
    const accounts = `${ACCOUNTS}\nA7,Ulm Iron,48.4,9.99,100,Ben Kraus`;
    const reps = `${USERS}\n005D,Lena Huber,lena2@example.com,Field Sales,48,11`;
    expect(await rejected({ accounts, reps })).toEqual([
      'accounts.csv, row 2, column "Account Owner": owner "Lena Huber" is the name of 2 reps ("005A", "005D"); give the owner by rep id or e-mail in users.csv; add the rep, fix the owner, or import with --unmatched-owners unassigned to treat the account as new',
      'accounts.csv, row 8, column "Account Owner": owner "Ben Kraus" matches no rep by id, name or e-mail in users.csv; add the rep, fix the owner, or import with --unmatched-owners unassigned to treat the account as new',
    ]);
  });

  it('a row that cannot be geocoded, listed in the report too', async () => {
    const accounts = 'Account ID,Annual Revenue,Billing City,Billing Country,Billing Latitude,Billing Longitude\nA1,100,Würzburg,DE,,\nA2,100,Nowhereville,DE,,\nA3,100,,,,\n';
    const outcome = await run({ accounts });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map(formatImportError)).toEqual([
      'accounts.csv, row 3, column "Billing City": cannot be placed: city "Nowhereville" in DE is not in the offline gazetteer (GeoNames places of 1,000+ inhabitants); check the spelling, or give latitude/longitude',
      'accounts.csv, row 4: cannot be placed: no latitude/longitude, city or postal code',
    ]);
    expect(outcome.report.geocoding.notPlaced.map((n) => n.row)).toEqual([3, 4]);
    expect(outcome.report.geocoding.geocoded.map((g) => g.row)).toEqual([2]);
  });

  it('a bad xlsx, and a file that is not a table at all', async () => {
    expect(await rejected({ reps: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })).toEqual([expect.stringMatching(/^users\.xlsx: not a readable Excel \(\.xlsx\) file/)]);
    expect(await rejected({ accounts: '' })).toEqual(['accounts.csv: the file is empty: the first line must name the columns']);
  });

  it('bad patterns and distance rows, a segment with no pattern', async () => {
    const accounts = 'Account ID,Annual Revenue,Segment,Account Owner\nA1,100,A,005A\nA2,100,D,005B\n';
    const patterns = 'Segment,Role,Calls per Year,Minutes,Channel\nA,field,sometimes,60,visit\nA,field,12,60,carrier pigeon\n';
    const distances = 'Account ID,Rep ID,km\nA1,005A,10\nA9,005A,5\nA1,005Z,5\n';
    const errors = await rejected({ accounts, patterns, distances });
    expect(errors).toEqual([
      'patterns.csv, row 2, column "Calls per Year": "sometimes" is not a number of calls per year or a frequency (weekly, bi-weekly, monthly, quarterly, yearly, …)',
      'patterns.csv, row 3, column "Channel": "carrier pigeon" is not a channel (in person, phone or video)',
      'patterns.csv, row 3, column "Segment": a second pattern for segment A and role field (also row 2)',
      'distances.csv, row 3, column "Account ID": "A9" is not an account id of accounts.csv',
      'distances.csv, row 4, column "Rep ID": rep "005Z" matches no rep by id, name or e-mail in users.csv',
      'distances.csv: no km for 5 of 6 (rep, account) pairs, e.g. (005A, A2), (005B, A1), (005B, A2), (005C, A1), (005C, A2): the table must give every rep\'s distance to every account',
    ]);
    // With the patterns fixed, the segment no pattern covers is named on its row.
    const fixed = 'Segment,Role,Calls per Year,Minutes,Channel\nA,field,12,60,visit\n';
    const placed = 'Account ID,Annual Revenue,Segment,Account Owner,Lat,Lon\nA1,100,A,005A,48,11\nA2,100,D,005B,48,11\n';
    expect(await rejected({ accounts: placed, patterns: fixed })).toEqual(['accounts.csv, row 3, column "Segment": segment "D" has no call pattern (the patterns cover A)']);
  });

  it('an incomplete distance table', async () => {
    const accounts = 'Account ID,Annual Revenue\nA1,100\nA2,100\n';
    const distances = 'Account ID,Rep ID,km\nA1,005A,10\nA9,005A,5\n';
    expect(await rejected({ accounts, distances })).toEqual([
      'distances.csv, row 3, column "Account ID": "A9" is not an account id of accounts.csv',
      'distances.csv: no km for 5 of 6 (rep, account) pairs, e.g. (005A, A2), (005B, A1), (005B, A2), (005C, A1), (005C, A2): the table must give every rep\'s distance to every account',
    ]);
  });
});

describe('parseImportOptions', () => {
  it('refuses unknown options, bad numbers and an unknown country, with paths', () => {
    const bad = parseImportOptions({ capacity: { sellingShare: 1.5 }, colour: 'red', mapping: { accounts: { valu: 'x' } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path).sort()).toEqual(['capacity.sellingShare', 'colour', 'mapping.accounts.valu']);
    expect(parseImportOptions({ country: 'Atlantis' })).toMatchObject({ ok: false, issues: [{ path: 'country' }] });
    expect(parseImportOptions({ country: 'Deutschland' })).toMatchObject({ ok: true, options: { country: 'DE' } });
  });
});
