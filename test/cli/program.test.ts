import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeDeps } from "./fakes.ts";

async function cli(args: string[]) {
  const deps = fakeDeps();
  const code = await runCli(args, deps);
  return { code, out: deps.stdout.text, err: deps.stderr.text, deps };
}

describe("exit codes and usage errors", () => {
  it("prints help with examples on --help and exits 0", async () => {
    const { code, out, err } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toContain("Usage: cocasim");
    expect(out).toContain("Examples:");
    expect(out).toContain("$ cocasim run peru");
    for (const command of ["run", "validate", "schema", "scenarios"]) expect(out).toContain(command);
  });

  it.each([
    ["run", "$ cocasim run peru --seed 7 --from 2018-01 --to 2022-12"],
    ["validate", "$ cocasim validate my-scenario.yaml"],
    ["schema", "$ cocasim schema > cocasim-scenario.schema.json"],
    ["scenarios", "$ cocasim scenarios --show peru"],
  ])("`%s --help` shows examples", async (command, example) => {
    const { code, out } = await cli([command, "--help"]);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: cocasim ${command}`);
    expect(out).toContain("Examples:");
    expect(out).toContain(example);
  });

  it("documents that run writes nothing without --out", async () => {
    const out = (await cli(["run", "--help"])).out.replace(/\s+/g, " ");
    expect(out).toContain("(default: write nothing)");
    expect(out).toContain("Without --out nothing is written to disk");
  });

  it("`help run` works too", async () => {
    const { code, out } = await cli(["help", "run"]);
    expect(code).toBe(0);
    expect(out).toContain("Usage: cocasim run");
  });

  it("prints the version on --version", async () => {
    const { code, out } = await cli(["--version"]);
    expect(code).toBe(0);
    expect(out).toBe("9.9.9-test\n");
  });

  it("exits 2 with help on stderr when no command is given", async () => {
    const { code, out, err } = await cli([]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain("Usage: cocasim");
  });

  it.each([
    [["frobnicate"], /cocasim: unknown command 'frobnicate'/],
    [["run", "peru", "--bogus"], /cocasim: unknown option '--bogus'/],
    [["run"], /cocasim: missing required argument 'scenario'/],
    [["run", "peru", "extra"], /cocasim: too many arguments/],
    [
      ["run", "peru", "--seed", "abc"],
      /cocasim: option '--seed <n>' argument 'abc' is invalid\. the seed must be/,
    ],
    [["run", "peru", "--seed", "-1"], /--seed <n>' argument '-1' is invalid/],
    [["run", "peru", "--seed=1.5"], /argument '1\.5' is invalid/],
    [["run", "peru", "--seed", "4294967296"], /at most 4294967295/],
    [["run", "peru", "--seed"], /option '--seed <n>' argument missing/],
    [
      ["run", "peru", "--from", "2020-13"],
      /'--from <YYYY-MM>' argument '2020-13' is invalid\. expected a month/,
    ],
    [["run", "peru", "--from", "March"], /argument 'March' is invalid/],
    [["run", "peru", "--to", "2020-1"], /'--to <YYYY-MM>' argument '2020-1' is invalid/],
    [["validate"], /missing required argument 'file'/],
    [["schema", "x"], /too many arguments/],
    [["scenarios", "--zones", "--show", "peru"], /cannot be used with option '--show <name>'/],
  ])("%j exits 2", async (args, message) => {
    const { code, out, err, deps } = await cli(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).toContain("(add --help for usage and examples)");
    expect(err).not.toMatch(/^error:/m);
    expect(err).not.toMatch(/\n\s+at /);
    expect(deps.simulateCalls).toHaveLength(0);
  });

  it("accepts the largest seed", async () => {
    const { code, deps } = await cli(["run", "peru", "--seed", "4294967295", "--quiet"]);
    expect(code).toBe(0);
    expect(deps.simulateCalls[0].seed).toBe(4294967295);
  });

  it("turns an unexpected exception into `cocasim: <message>` and exit 1, without a stack trace", async () => {
    const deps = fakeDeps({
      overrides: {
        builtinNames: () => {
          throw new TypeError("something broke");
        },
      },
    });
    const code = await runCli(["scenarios"], deps);
    expect(code).toBe(1);
    expect(deps.stderr.text).toBe("cocasim: something broke\n");
  });
});
