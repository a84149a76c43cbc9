/** Owners by id, name or e-mail; case- and accent-insensitive; ambiguous names match nobody. */
import { describe, expect, it } from 'vitest';
import { OwnerMatcher } from '../../src/imports/owners.ts';

const matcher = new OwnerMatcher([
  { id: '005A', name: 'Lena Huber', email: 'lena.huber@example.com' },
  { id: '005B', name: 'Jörg Müller', email: 'jm@example.com' },
  { id: '005C', name: 'Anna Weber' },
  { id: '005D', name: 'Anna  Weber' },
]);

describe('OwnerMatcher', () => {
  it('matches by id, by name (case, accents, spacing, "Last, First") and by e-mail', () => {
    expect(matcher.match('005A')).toEqual({ ok: true, repId: '005A', how: 'id' });
    expect(matcher.match('005a')).toEqual({ ok: true, repId: '005A', how: 'id' });
    expect(matcher.match('lena  HUBER')).toEqual({ ok: true, repId: '005A', how: 'name' });
    expect(matcher.match('Jorg Muller')).toEqual({ ok: true, repId: '005B', how: 'name' });
    expect(matcher.match('Müller, Jörg')).toEqual({ ok: true, repId: '005B', how: 'name' });
    expect(matcher.match('Lena.Huber@Example.com')).toEqual({ ok: true, repId: '005A', how: 'email' });
  });

  it('reports an ambiguous name with both ids, and a name that matches nobody', () => {
    expect(matcher.match('Anna Weber')).toEqual({ ok: false, reason: '"Anna Weber" is the name of 2 reps ("005C", "005D"); give the owner by rep id or e-mail' });
    expect(matcher.match('Ben Kraus')).toEqual({ ok: false, reason: '"Ben Kraus" matches no rep by id, name or e-mail' });
  });
});
