/**
 * The territory areas computed off the page's main thread: dissolving and clipping the Voronoi cells
 * of 10,000 accounts (turf's polygon clipping) takes seconds, and on the main thread nothing painted
 * meanwhile, not even the accounts drawn just before. The map posts each role's points (under a key
 * naming them) and the rep homes; the areas come back under the same keys.
 */
import { territoryAreas, type Area, type AreaPoint } from './areas.ts';

export interface AreasRequest {
  readonly roles: ReadonlyArray<{ readonly key: string; readonly points: readonly AreaPoint[] }>;
  readonly homes: ReadonlyArray<readonly [string, { lon: number; lat: number }]>;
}

export interface AreasReply {
  readonly areas: ReadonlyArray<{ readonly key: string; readonly areas: Area[] }>;
  /** How long computing them took, in ms (the map shows it as data-areas-ms). */
  readonly ms: number;
}

// The worker's own global (the page's tsconfig knows the DOM's, whose postMessage takes an origin).
const scope = self as unknown as Worker;

scope.addEventListener('message', (e: MessageEvent<AreasRequest>) => {
  const { roles, homes } = e.data;
  const homeMap = new Map(homes);
  const t0 = performance.now();
  const areas = roles.map(({ key, points }) => ({ key, areas: territoryAreas(points, homeMap) }));
  const reply: AreasReply = { areas, ms: performance.now() - t0 };
  scope.postMessage(reply);
});
