/**
 * Territory quality, the first step of the practice "rank territories, then match reps' strengths to
 * them": each territory's value per workload hour, and its rank within its role, high, medium or
 * low by thirds (the best third high; of two, one high and one low; one alone is medium). A territory without workload has no rate and no rank.
 */
import type { Territory, TerritoryQuality } from './result.ts';

type Unranked = Omit<Territory, 'valuePerHour' | 'quality'>;

export function rankTerritories(territories: readonly Unranked[]): Territory[] {
  const rate = territories.map((t) => (t.workload.total > 0 ? t.value / t.workload.total : null));
  const quality: Array<TerritoryQuality | null> = territories.map(() => null);
  for (const role of new Set(territories.map((t) => t.role))) {
    const members = territories.flatMap((t, j) => (t.role === role && rate[j] !== null ? [j] : []));
    // Highest rate first; ties by the problem's order.
    members.sort((a, b) => rate[b]! - rate[a]! || a - b);
    // By the middle of each rank's place, so two territories are high and low, one alone medium.
    members.forEach((j, r) => {
      const place = (r + 0.5) / members.length;
      quality[j] = place < 1 / 3 ? 'high' : place > 2 / 3 ? 'low' : 'medium';
    });
  }
  return territories.map((t, j) => ({ ...t, valuePerHour: rate[j]!, quality: quality[j]! }));
}
