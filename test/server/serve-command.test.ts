/** `cocasim serve`: options, output, shutdown, and one real run of the command. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ServeDeps, serveCommand } from "../../src/cli/commands/serve.ts";
import { runCli } from "../../src/cli/program.ts";
import { CliError } from "../../src/cli/types.ts";
import { fakeDeps, tempDir } from "../cli/fakes.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function fakeServe(options: { fail?: NodeJS.ErrnoException } = {}) {
  const calls: { port: number; host: string; version: string }[] = [];
  let closed = 0;
  let stop: (signal: string) => void = () => {};
  const serve: ServeDeps = {
    async startServer(o) {
      calls.push(o);
      if (options.fail) throw options.fail;
      return {
        url: `http://${o.host}:${o.port === 0 ? 4321 : o.port}/`,
        close: async () => {
          closed++;
        },
      };
    },
    waitForStop: () =>
      new Promise((resolve) => {
        stop = resolve;
      }),
  };
  return { serve, calls, closed: () => closed, stop: (signal: string) => stop(signal) };
}

describe("cocasim serve", () => {
  it("prints the URL, runs until a signal, then closes the server", async () => {
    const deps = fakeDeps();
    const fake = fakeServe();
    const done = serveCommand(deps, { port: 8080, host: "127.0.0.1" }, fake.serve);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.calls).toEqual([{ port: 8080, host: "127.0.0.1", version: "9.9.9-test" }]);
    expect(deps.stdout.text).toBe("cocasim is serving the dashboard and API at http://127.0.0.1:8080/\n");
    expect(fake.closed()).toBe(0);
    fake.stop("SIGINT");
    expect(await done).toBe(0);
    expect(fake.closed()).toBe(1);
    expect(deps.stderr.text).toContain("stopped (SIGINT)");
    expect(deps.stderr.text).not.toContain("warning");
  });

  it("warns when it listens beyond this machine", async () => {
    const deps = fakeDeps();
    const fake = fakeServe();
    const done = serveCommand(deps, { port: 0, host: "0.0.0.0" }, fake.serve);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.stop("SIGTERM");
    expect(await done).toBe(0);
    expect(deps.stderr.text).toContain("warning: listening on 0.0.0.0");
  });

  it("fails with exit code 1 and a plain message when the port is taken", async () => {
    const error = Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" });
    const fake = fakeServe({ fail: error });
    const failure = serveCommand(fakeDeps(), { port: 8080, host: "127.0.0.1" }, fake.serve);
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining("port is in use"),
    });
  });

  it("has --help with examples and the defaults", async () => {
    const deps = fakeDeps();
    expect(await runCli(["serve", "--help"], deps)).toBe(0);
    const out = deps.stdout.text;
    expect(out).toContain("Usage: cocasim serve");
    expect(out).toContain("Examples:");
    expect(out).toContain("$ cocasim serve --port 3000");
    expect(out).toContain("(default: 8080)");
    expect(out).toContain('(default: "127.0.0.1")');
  });

  it.each([
    ["--port", "70000"],
    ["--port", "http"],
    ["--port", "-1"],
    ["--host", ""],
  ])("exits 2 for %s %s", async (option, value) => {
    const deps = fakeDeps();
    expect(await runCli(["serve", option, value], deps)).toBe(2);
    expect(deps.stderr.text).toMatch(/cocasim: option/);
  });

  it("serves for real until SIGTERM (child process)", async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main-entry.ts", "serve", "--port", "0"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        // A store of this test's, never the repository's .cocasim/.
        env: { ...process.env, COCASIM_STORE: join(dir.path, "store.db") },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (match) resolve(match[1]);
        });
        child.on("exit", () => reject(new Error(`serve exited early: ${stderr}`)));
      });
      const health = await fetch(new URL("/api/health", url));
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe("ok");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toContain(`Runs are kept in ${join(dir.path, "store.db")} (COCASIM_STORE).`);
      expect(stderr).toContain("stopped (SIGTERM)");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      dir.cleanup();
    }
  });
});
