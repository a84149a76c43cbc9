/**
 * Approve and export: the job's CRM plan export and territory workbook (the service renders both;
 * downloaded with the key, then saved under the name the service gives), and, for a plan edited by
 * hand, which no job holds, the edited alignment as a CSV written here.
 */
import { api } from './api.ts';

export async function downloadFromService(url: string): Promise<string> {
  const { blob, name } = await api.download(url);
  save(blob, name);
  return name;
}

export function downloadEdited(rows: ReadonlyArray<{ accountId: string; repId: string; currentRepId?: string | undefined }>, name: string): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['accountId,newOwnerId,currentOwnerId,moved', ...rows.map((r) => [r.accountId, r.repId, r.currentRepId ?? '', String(r.currentRepId !== undefined && r.currentRepId !== r.repId)].map(quote).join(','))];
  save(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), name);
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
