/**
 * Shared by the browser tests and bench/web.ts: builds the page when dist-web/
 * is missing or older than its sources, serves it from a tiny static server,
 * and launches Debian's Chromium through playwright-core.
 */
import { execSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const DIST = join(ROOT, "dist-web");
export const RESULTS = join(ROOT, "test-results");

/** Files and folders the page is built from. */
const SOURCES = [
  "src/web",
  "src/model",
  "src/scenario",
  "src/core",
  "src/data",
  "src/cli/format.ts",
  "vite.config.web.ts",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether dist-web/ is missing or older than a source file. */
export function isStale(): boolean {
  const index = join(DIST, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the page with vite unless dist-web/ is up to date. A lock directory
 * keeps parallel test files (or a bench run) from building at the same time.
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  const lock = join(ROOT, "node_modules", ".cocasim-web-build.lock");
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      sleep(250);
    }
  }
  try {
    if (!isStale()) return;
    const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
    const run = spawnSync(
      process.execPath,
      [vite, "build", "--config", "vite.config.web.ts", "--logLevel", "warn"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    if (run.status !== 0) throw new Error(`vite build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 at a free port (GET and HEAD only; no paths outside `dir`). */
export async function serve(dir: string = DIST): Promise<StaticServer> {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    let path: string;
    try {
      path = normalize(join(root, decodeURIComponent(url.pathname)));
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (path !== root && !path.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
      return;
    }
    if (!existsSync(path)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = readFileSync(path);
    response.writeHead(200, {
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Path of Debian's Chromium, or undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  let path = "";
  try {
    path = execSync("command -v chromium", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    path = "";
  }
  if (path) return path;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(
      "Chromium is not installed: run `apt-get install -y chromium` (.ci/run does this), or set COCASIM_SKIP_BROWSER=1 to skip the browser tests",
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-gpu",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Makes test-results/ and returns the path of a file in it. */
export function resultPath(name: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, name);
}
