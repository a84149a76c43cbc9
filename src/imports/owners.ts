/**
 * Owners as CRMs export them: a user id (`005…`), a full name ("Lena Huber", "Huber, Lena") or an
 * e-mail. Each is matched to one imported rep, case- and accent-insensitively ("lena HÜBER" is
 * "Lena Huber"), and says how it matched. A name two reps share matches nobody: it is reported as
 * ambiguous with both ids, never given to one of them by chance.
 */
import type { OwnerHow } from './report.ts';

export interface OwnerCandidate {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
}

export type OwnerMatch =
  | { readonly ok: true; readonly repId: string; readonly how: OwnerHow }
  | { readonly ok: false; readonly reason: string };

/** Lowercase, no accents (ü -> u), single spaces. */
export function normalName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** "Huber, Lena" is "Lena Huber". */
function flipped(name: string): string | undefined {
  const parts = name.split(',').map((p) => p.trim());
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? `${parts[1]} ${parts[0]}` : undefined;
}

export class OwnerMatcher {
  readonly #ids = new Map<string, string>();
  readonly #idsFolded = new Map<string, string | null>();
  readonly #names = new Map<string, string[]>();
  readonly #emails = new Map<string, string[]>();

  constructor(reps: readonly OwnerCandidate[]) {
    for (const rep of reps) {
      this.#ids.set(rep.id, rep.id);
      const folded = normalName(rep.id);
      this.#idsFolded.set(folded, this.#idsFolded.has(folded) ? null : rep.id);
      if (rep.name) {
        const keys = new Set([normalName(rep.name), ...[flipped(rep.name)].filter((n) => n !== undefined).map(normalName)]);
        for (const key of keys) this.#names.set(key, [...(this.#names.get(key) ?? []), rep.id]);
      }
      if (rep.email) {
        const key = rep.email.trim().toLowerCase();
        this.#emails.set(key, [...(this.#emails.get(key) ?? []), rep.id]);
      }
    }
  }

  match(value: string): OwnerMatch {
    const exact = this.#ids.get(value.trim());
    if (exact !== undefined) return { ok: true, repId: exact, how: 'id' };
    const folded = this.#idsFolded.get(normalName(value));
    if (folded) return { ok: true, repId: folded, how: 'id' };
    if (value.includes('@')) {
      const reps = this.#emails.get(value.trim().toLowerCase()) ?? [];
      if (reps.length === 1) return { ok: true, repId: reps[0]!, how: 'email' };
      if (reps.length > 1) return { ok: false, reason: `"${value}" is the e-mail of ${reps.length} reps (${reps.map((r) => `"${r}"`).join(', ')}); give the owner by rep id` };
    }
    const keys = [normalName(value), ...[flipped(value)].filter((n) => n !== undefined).map(normalName)];
    for (const key of keys) {
      const reps = [...new Set(this.#names.get(key) ?? [])];
      if (reps.length === 1) return { ok: true, repId: reps[0]!, how: 'name' };
      if (reps.length > 1) return { ok: false, reason: `"${value}" is the name of ${reps.length} reps (${reps.map((r) => `"${r}"`).join(', ')}); give the owner by rep id or e-mail` };
    }
    return { ok: false, reason: `"${value}" matches no rep by id, name or e-mail` };
  }
}
