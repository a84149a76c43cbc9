/**
 * Which queued job runs next: fair between tenants, not first come first served over everyone, so one
 * tenant's batch of fifty long jobs does not hold every thread while another's one-second job waits.
 * Round robin by tenant: among tenants under their cap on running jobs, the one whose last job started
 * longest ago (never: first) goes next, with its oldest queued job.
 */
export interface TenantHead {
  readonly tenant: string;
  /** The tenant's oldest queued job. */
  readonly id: string;
  readonly seq: number;
  /** The tenant's jobs running now. */
  readonly running: number;
  /** When the tenant's most recent job started (ISO), or null if none ever did. */
  readonly lastStartedAt: string | null;
}

export function nextInLine(heads: readonly TenantHead[], maxRunningOf: (tenant: string) => number): TenantHead | undefined {
  let best: TenantHead | undefined;
  for (const head of heads) {
    if (head.running >= maxRunningOf(head.tenant)) continue;
    if (best === undefined || servedEarlier(head, best)) best = head;
  }
  return best;
}

function servedEarlier(a: TenantHead, b: TenantHead): boolean {
  if (a.lastStartedAt !== b.lastStartedAt) {
    if (a.lastStartedAt === null) return true;
    if (b.lastStartedAt === null) return false;
    return a.lastStartedAt < b.lastStartedAt;
  }
  return a.seq < b.seq;
}
