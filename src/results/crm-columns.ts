/**
 * Which columns the plan export has and what they are called, so the file fits a CRM's import wizard
 * without editing it by hand. One text syntax, one zod schema, for the API (`?columns=`) and the CLI
 * (`--crm-columns`):
 *
 *   accountId:Account ID,newOwnerId:OwnerId,moved
 *
 * A comma-separated list of fields, in the order the file should have them; each field may be
 * followed by `:` and the header to write for it (everything after the first `:`, trimmed), otherwise
 * it keeps its default header. Only the listed fields are written. Without a list, every field is
 * written under its default header, in the order of CRM_FIELDS.
 */
import { z } from 'zod';

/** The fields of one export row, and their default headers (snake_case, as the assignments CSV). */
export const CRM_FIELDS = {
  accountId: 'account_id',
  accountName: 'account_name',
  segment: 'segment',
  newOwnerId: 'owner_id',
  newOwnerName: 'owner_name',
  previousOwnerId: 'previous_owner_id',
  previousOwnerName: 'previous_owner_name',
  moved: 'moved',
  reason: 'move_reason',
  kmToNewOwner: 'km_to_owner',
  lat: 'lat',
  lon: 'lon',
  value: 'value',
  explanation: 'move_explanation',
} as const;

export type CrmField = keyof typeof CRM_FIELDS;

export interface CrmColumn {
  readonly field: CrmField;
  readonly header: string;
}

export const DEFAULT_CRM_COLUMNS: readonly CrmColumn[] = (Object.keys(CRM_FIELDS) as CrmField[]).map((field) => ({ field, header: CRM_FIELDS[field] }));

const MAX_HEADER = 100;
const FIELD_LIST = Object.keys(CRM_FIELDS).join(', ');

/** The column list parsed, or the first thing wrong with it (for a person to fix). */
export function parseCrmColumns(text: string): { ok: true; columns: CrmColumn[] } | { ok: false; message: string } {
  const columns: CrmColumn[] = [];
  const parts = text.split(',');
  for (const [k, raw] of parts.entries()) {
    const part = raw.trim();
    if (part === '') return { ok: false, message: parts.length === 1 ? 'is empty: list the fields to export, e.g. accountId:Account ID,newOwnerId:OwnerId' : `entry ${k + 1} is empty (two commas in a row, or a trailing comma)` };
    const colon = part.indexOf(':');
    const name = (colon < 0 ? part : part.slice(0, colon)).trim();
    if (!Object.hasOwn(CRM_FIELDS, name)) return { ok: false, message: `unknown field "${clipText(name)}"; the fields are ${FIELD_LIST}` };
    const field = name as CrmField;
    const header = colon < 0 ? CRM_FIELDS[field] : part.slice(colon + 1).trim();
    if (header === '') return { ok: false, message: `field ${field} has an empty header after ":"` };
    if (header.length > MAX_HEADER) return { ok: false, message: `the header of ${field} is longer than ${MAX_HEADER} characters` };
    if (columns.some((c) => c.field === field)) return { ok: false, message: `field ${field} is listed twice` };
    const same = columns.find((c) => c.header.toLowerCase() === header.toLowerCase());
    if (same) return { ok: false, message: `fields ${same.field} and ${field} have the same header "${header}"` };
    columns.push({ field, header });
  }
  return { ok: true, columns };
}

/** The text syntax as a zod schema: parses to the column list, or fails with what is wrong. */
export const crmColumnsSchema = z.string().max(2000).transform((text, ctx): CrmColumn[] => {
  const parsed = parseCrmColumns(text);
  if (parsed.ok) return parsed.columns;
  ctx.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

function clipText(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
