import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BLOCKS,
  cell,
  extractBlock,
  formatNumber,
  MODEL_DOC_PATH,
  parameterRows,
  renderParameterTable,
  replaceBlock,
  updateModelDoc,
} from "../../scripts/parameter-table.ts";
import { PARAMETER_PATHS, PARAMETERS } from "../../src/model/parameters.ts";
import { ZONE_PARAMETER_FIELDS, ZONES } from "../../src/model/zones/zones.ts";

const FIX = "run: node --import tsx scripts/parameter-table.ts --write";

describe("docs/model.md", () => {
  const doc = readFileSync(MODEL_DOC_PATH, "utf8");

  it.each(BLOCKS.map((block) => [block.name, block] as const))(
    "the generated %s block is up to date",
    (_, block) => {
      expect(extractBlock(doc, block.name), FIX).toBe(block.render());
    },
  );

  it("is exactly what the script would write", () => {
    expect(updateModelDoc(doc) === doc, FIX).toBe(true);
  });

  it("has each block once", () => {
    for (const block of BLOCKS) {
      expect(doc.split(`<!-- ${block.name}:start -->`).length, block.name).toBe(2);
      expect(doc.split(`<!-- ${block.name}:end -->`).length, block.name).toBe(2);
    }
  });
});

/** A source cites something when it names a year, a file of data/, the code it was read from, or authors. */
function citesSomething(source: string): boolean {
  return (
    /\b(19|20)\d{2}\b/.test(source) ||
    /data\/[\w.-]+\.csv/.test(source) ||
    source.includes("[code]") ||
    /\p{Lu}[\p{L}'-]+ (&|and|et al\.)/u.test(source)
  );
}

describe("parameter table", () => {
  const rows = parameterRows();
  const table = renderParameterTable();

  it("has a row for every registry parameter, with its value, unit and source", () => {
    for (const path of PARAMETER_PATHS) {
      const spec = PARAMETERS[path];
      const line = table.split("\n").find((l) => l.startsWith(`| \`${path}\` |`));
      expect(line, path).toBeDefined();
      const cells = line!.split(" | ");
      expect(cells[1], path).toBe(formatNumber(spec.value));
      expect(cells[2], path).toBe(cell(spec.unit));
      expect(cells[3], path).toBe(cell(spec.source));
    }
  });

  it("has a row for every zone field a scenario may override", () => {
    for (const zone of ZONES) {
      for (const field of Object.keys(ZONE_PARAMETER_FIELDS)) {
        expect(table, `${zone.name}.${field}`).toContain(`| \`zones.${zone.name}.${field}\` |`);
      }
    }
    expect(rows.length).toBe(
      PARAMETER_PATHS.length + ZONES.length * Object.keys(ZONE_PARAMETER_FIELDS).length,
    );
  });

  it("every source is non-empty and either says 'assumption' or cites something", () => {
    const bad = rows
      .filter((row) => {
        const source = row.source.trim();
        return source === "" || !(/assumption/i.test(source) || citesSomething(source));
      })
      .map((row) => `${row.path}: ${JSON.stringify(row.source)}`);
    expect(bad).toEqual([]);
  });

  it("tells citations from bare claims", () => {
    expect(citesSomething("UNODC Monitoreo 2015")).toBe(true);
    expect(citesSomething("see data/prices.csv")).toBe(true);
    expect(citesSomething("NarcoLogic losslim 0.05 [code]")).toBe(true);
    expect(citesSomething("Ibáñez & Martinsson framed field experiment")).toBe(true);
    expect(citesSomething("a plausible value")).toBe(false);
    expect(citesSomething("")).toBe(false);
  });

  it("every unit and description is non-empty", () => {
    const bad = rows
      .filter((row) => row.unit.trim() === "" || row.description.trim() === "")
      .map((r) => r.path);
    expect(bad).toEqual([]);
  });

  it("is deterministic", () => {
    expect(renderParameterTable()).toBe(table);
  });
});

describe("helpers", () => {
  it("formats numbers the same everywhere", () => {
    expect(formatNumber(30e6)).toBe("30,000,000");
    expect(formatNumber(-1500)).toBe("-1,500");
    expect(formatNumber(0.035)).toBe("0.035");
    expect(formatNumber(1 / 12)).toBe("0.08333");
    expect(formatNumber(0)).toBe("0");
  });

  it("escapes pipes and line breaks in cells", () => {
    expect(cell("a | b\nc")).toBe("a \\| b c");
  });

  it("replaces only the text between the markers", () => {
    const doc = "intro\n<!-- x:start -->\nold\n<!-- x:end -->\nafter\n";
    const out = replaceBlock(doc, "x", "new\nlines");
    expect(out).toBe("intro\n<!-- x:start -->\nnew\nlines\n<!-- x:end -->\nafter\n");
    expect(extractBlock(out, "x")).toBe("new\nlines");
    expect(replaceBlock(out, "x", "new\nlines")).toBe(out);
  });

  it("fails when a block is missing", () => {
    expect(() => replaceBlock("no markers", "x", "y")).toThrowError(/x:start/);
    expect(() => extractBlock("<!-- x:end --> <!-- x:start -->", "x")).toThrowError(/x:start/);
  });
});
