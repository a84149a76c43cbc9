/**
 * Approve and export: the CRM plan export and the territory workbook of the plan on screen, rendered
 * by the service (downloaded with the key, then saved under the name the service gives). The
 * solver's plan, unedited, comes from its job (GET /v1/jobs/:id/result?format=...); a plan edited by
 * hand, which no job holds, from POST /v1/evaluate?format=... with the alignment shown.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import { api } from './api.ts';

export async function downloadFromService(url: string): Promise<string> {
  const { blob, name } = await api.download(url);
  save(blob, name);
  return name;
}

export async function downloadAlignment(problem: ProblemInput, assignments: Array<{ accountId: string; repId: string }>, bound: number | null, format: string): Promise<string> {
  const { blob, name } = await api.exportAlignment(problem, assignments, bound, format);
  save(blob, name);
  return name;
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
