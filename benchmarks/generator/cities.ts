/**
 * Real regions for generated problems: cities with their coordinates and population (thousands).
 * Accounts are drawn in proportion to population, so the layout is the same at 2,000 or 50,000
 * accounts: a bigger instance is a denser sample of the same country, not a bigger map.
 */

export interface City {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  /** Inhabitants in thousands (Germany: the city; US: the metropolitan area). */
  readonly population: number;
}

export interface Region {
  readonly name: string;
  readonly cities: readonly City[];
  /** Bounding box; scattered accounts falling outside are drawn again. */
  readonly bounds: { readonly minLat: number; readonly maxLat: number; readonly minLon: number; readonly maxLon: number };
  /** Spread of rural accounts around their regional centre, km. */
  readonly ruralSigmaKm: number;
}

const c = (name: string, lat: number, lon: number, population: number): City => ({ name, lat, lon, population });

// Populations: German cities ~2022 (Destatis), rounded. The Ruhr cities are listed one by one
// because together they form one dense polycentric cluster, which a sales map must show.
const GERMANY: readonly City[] = [
  c('Berlin', 52.52, 13.405, 3755), c('Hamburg', 53.551, 9.994, 1892), c('München', 48.137, 11.575, 1512),
  c('Köln', 50.938, 6.96, 1084), c('Frankfurt am Main', 50.11, 8.682, 773), c('Stuttgart', 48.776, 9.183, 633),
  c('Düsseldorf', 51.227, 6.773, 629), c('Leipzig', 51.34, 12.375, 616), c('Dortmund', 51.514, 7.466, 595),
  c('Essen', 51.456, 7.012, 584), c('Bremen', 53.079, 8.802, 577), c('Dresden', 51.05, 13.738, 563),
  c('Hannover', 52.376, 9.732, 546), c('Nürnberg', 49.452, 11.077, 523), c('Duisburg', 51.434, 6.762, 503),
  c('Bochum', 51.482, 7.216, 365), c('Wuppertal', 51.256, 7.151, 358), c('Bielefeld', 52.021, 8.532, 334),
  c('Bonn', 50.737, 7.098, 336), c('Münster', 51.962, 7.626, 320), c('Mannheim', 49.487, 8.466, 315),
  c('Karlsruhe', 49.007, 8.404, 308), c('Augsburg', 48.371, 10.898, 301), c('Wiesbaden', 50.078, 8.24, 283),
  c('Mönchengladbach', 51.18, 6.442, 268), c('Gelsenkirchen', 51.517, 7.086, 264), c('Aachen', 50.776, 6.084, 252),
  c('Braunschweig', 52.269, 10.521, 251), c('Chemnitz', 50.828, 12.921, 248), c('Kiel', 54.323, 10.123, 247),
  c('Halle (Saale)', 51.483, 11.97, 242), c('Magdeburg', 52.121, 11.628, 240), c('Freiburg im Breisgau', 47.999, 7.842, 237),
  c('Krefeld', 51.339, 6.586, 228), c('Mainz', 49.993, 8.247, 220), c('Lübeck', 53.866, 10.686, 218),
  c('Erfurt', 50.978, 11.029, 214), c('Oberhausen', 51.47, 6.852, 210), c('Rostock', 54.092, 12.099, 210),
  c('Kassel', 51.312, 9.48, 202), c('Hagen', 51.367, 7.463, 190), c('Potsdam', 52.391, 13.065, 185),
  c('Saarbrücken', 49.24, 6.997, 181), c('Hamm', 51.681, 7.817, 180), c('Ludwigshafen', 49.477, 8.445, 175),
  c('Oldenburg', 53.144, 8.214, 172), c('Leverkusen', 51.046, 6.984, 167), c('Osnabrück', 52.28, 8.047, 166),
  c('Darmstadt', 49.873, 8.651, 162), c('Heidelberg', 49.398, 8.672, 160), c('Regensburg', 49.013, 12.102, 155),
  c('Ingolstadt', 48.766, 11.426, 140), c('Würzburg', 49.792, 9.953, 128), c('Ulm', 48.401, 9.988, 128),
  c('Göttingen', 51.541, 9.916, 118), c('Koblenz', 50.356, 7.594, 114), c('Trier', 49.75, 6.637, 111),
  c('Jena', 50.927, 11.586, 111), c('Cottbus', 51.757, 14.329, 99), c('Schwerin', 53.629, 11.413, 98),
  c('Flensburg', 54.784, 9.437, 92), c('Konstanz', 47.663, 9.175, 85), c('Passau', 48.575, 13.461, 53),
];

// Metropolitan statistical areas, 2020 census, rounded: a US sales territory follows the metro,
// not the city limits (Atlanta is 0.5 M in the city but 6 M in the metro).
const US: readonly City[] = [
  c('New York', 40.713, -74.006, 19770), c('Los Angeles', 34.052, -118.244, 13200), c('Chicago', 41.878, -87.63, 9620),
  c('Dallas', 32.777, -96.797, 7640), c('Houston', 29.76, -95.37, 7120), c('Washington', 38.907, -77.037, 6390),
  c('Philadelphia', 39.953, -75.165, 6250), c('Miami', 25.762, -80.192, 6140), c('Atlanta', 33.749, -84.388, 6090),
  c('Boston', 42.36, -71.059, 4940), c('Phoenix', 33.448, -112.074, 4850), c('San Francisco', 37.775, -122.419, 4750),
  c('Detroit', 42.331, -83.046, 4390), c('Seattle', 47.606, -122.332, 4020), c('Minneapolis', 44.978, -93.265, 3690),
  c('San Diego', 32.716, -117.161, 3300), c('Tampa', 27.951, -82.457, 3180), c('Denver', 39.739, -104.99, 2960),
  c('Baltimore', 39.29, -76.612, 2840), c('St. Louis', 38.627, -90.199, 2820), c('Orlando', 28.538, -81.379, 2670),
  c('Charlotte', 35.227, -80.843, 2660), c('San Antonio', 29.424, -98.494, 2560), c('Portland', 45.515, -122.679, 2510),
  c('Sacramento', 38.582, -121.494, 2400), c('Pittsburgh', 40.441, -79.996, 2370), c('Austin', 30.267, -97.743, 2280),
  c('Las Vegas', 36.17, -115.14, 2270), c('Cincinnati', 39.103, -84.512, 2260), c('Kansas City', 39.1, -94.579, 2190),
  c('Columbus', 39.961, -82.999, 2140), c('Indianapolis', 39.768, -86.158, 2110), c('Cleveland', 41.499, -81.694, 2090),
  c('San Jose', 37.339, -121.895, 2000), c('Nashville', 36.163, -86.781, 1990), c('Jacksonville', 30.332, -81.656, 1610),
  c('Milwaukee', 43.039, -87.906, 1570), c('Raleigh', 35.78, -78.639, 1410), c('Oklahoma City', 35.468, -97.516, 1430),
  c('Memphis', 35.15, -90.049, 1340), c('Richmond', 37.541, -77.436, 1310), c('Louisville', 38.253, -85.759, 1290),
  c('New Orleans', 29.951, -90.072, 1270), c('Salt Lake City', 40.761, -111.891, 1260), c('Buffalo', 42.886, -78.878, 1170),
  c('Birmingham', 33.519, -86.81, 1120), c('Tucson', 32.222, -110.975, 1040), c('Fresno', 36.738, -119.787, 1010),
  c('Omaha', 41.257, -95.935, 970), c('Albuquerque', 35.084, -106.65, 920), c('El Paso', 31.762, -106.485, 870),
  c('Boise', 43.615, -116.202, 760), c('Little Rock', 34.746, -92.29, 750), c('Des Moines', 41.587, -93.625, 710),
  c('Spokane', 47.659, -117.426, 590), c('Sioux Falls', 43.545, -96.731, 280), c('Fargo', 46.877, -96.79, 250),
  c('Billings', 45.783, -108.501, 180),
];

export const REGIONS = {
  germany: {
    name: 'Germany',
    cities: GERMANY,
    bounds: { minLat: 47.3, maxLat: 55.0, minLon: 5.9, maxLon: 15.0 },
    ruralSigmaKm: 35,
  },
  us: {
    name: 'Continental United States',
    cities: US,
    bounds: { minLat: 24.5, maxLat: 49.4, minLon: -124.8, maxLon: -66.9 },
    ruralSigmaKm: 90,
  },
} as const satisfies Record<string, Region>;

export type RegionId = keyof typeof REGIONS;
export const REGION_IDS = Object.keys(REGIONS) as RegionId[];
