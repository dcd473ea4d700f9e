/** Serving the built dashboard (dist-web/): paths, content types, caching, and the page shown before it is built. */
import type { StaticAsset } from "./types.ts";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  geojson: "application/geo+json; charset=utf-8",
  map: "application/json; charset=utf-8",
  webmanifest: "application/manifest+json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  wasm: "application/wasm",
  pdf: "application/pdf",
};

/** Content-Type for a file name, by its extension; unknown extensions are plain bytes. */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf(".");
  const ext = dot >= 0 && dot > path.lastIndexOf("/") ? path.slice(dot + 1).toLowerCase() : "";
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/**
 * Cache-Control for a file: vite puts content-hashed files under assets/, so they
 * never change and are cached for a year; everything else (index.html first) is
 * revalidated on every load.
 */
export function cacheControlOf(path: string): string {
  return path.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The file path a URL path asks for, relative to the dashboard's root ("/" is
 * "index.html"), or undefined when it is malformed or tries to leave the root.
 */
export function assetPath(urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!path.startsWith("/")) return undefined;
  path = path.slice(1);
  if (path === "" || path.endsWith("/")) path += "index.html";
  const segments = path.split("/");
  for (const segment of segments) {
    // No empty segments ("//"), no "." or "..", no hidden files, no backslashes or control characters.
    if (segment === "" || segment.startsWith(".") || segment.includes("\\") || hasControl(segment)) {
      return undefined;
    }
  }
  return path;
}

/** Whether an If-None-Match header matches the asset's entity tag (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch: string | undefined, asset: StaticAsset): boolean {
  if (ifNoneMatch === undefined || asset.etag === undefined) return false;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, "");
  const ours = strip(asset.etag);
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || strip(tag) === ours);
}

/** The page at / when dist-web/ has not been built. */
export const NOT_BUILT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cocasim</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f2f2f2;padding:0 .2em}</style>
</head>
<body>
<h1>cocasim</h1>
<p>The dashboard has not been built: there is no <code>dist-web/</code> directory next to the server.
Build it (with vite, into <code>dist-web/</code>) and reload this page.</p>
<p>The API works without it: see <a href="/api/health">/api/health</a>, the built-in
<a href="/api/scenarios">scenarios</a>, and the <a href="/api/openapi.json">OpenAPI description</a>
of every endpoint.</p>
</body>
</html>
`;
