/**
 * The job list's cursor: base64url of the JSON `{ createdAt, id }` of the last job of a page. It used
 * to be the job's sequence number, which told anyone how many jobs the service had taken. This one
 * names a job the client has just been shown, so it reveals nothing new; the store turns it back
 * into that job's position, a keyset that stays put while jobs are added.
 */
export interface JobCursor {
  readonly createdAt: string;
  readonly id: string;
}

export function encodeCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify({ createdAt: cursor.createdAt, id: cursor.id })).toString('base64url');
}

/** The position a cursor names, or null when it is not one this service wrote. */
export function decodeCursor(text: string): JobCursor | null {
  if (text.length > 512 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { createdAt, id, ...rest } = value as Record<string, unknown>;
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Object.keys(rest).length > 0) return null;
  if (Number.isNaN(Date.parse(createdAt)) || id.length === 0 || id.length > 100) return null;
  return { createdAt, id };
}
