import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataError,
  GENERATED_PATH,
  loadTable,
  ROOT,
  readDataFile,
  renderRecordModule,
  TABLES,
} from "../../scripts/embed-data.ts";

describe("embedded record", () => {
  it("record.generated.ts is in sync with data/*.csv (run: node --import tsx scripts/embed-data.ts)", () => {
    const expected = renderRecordModule(readDataFile);
    const committed = readFileSync(GENERATED_PATH, "utf8");
    expect(committed === expected).toBe(true);
  });

  it("starts with a comment saying it is generated and from what", () => {
    const committed = readFileSync(GENERATED_PATH, "utf8");
    expect(committed.startsWith("// GENERATED FILE")).toBe(true);
    for (const t of TABLES) expect(committed).toContain(`data/${t.file} -> ${t.exportName}`);
  });

  it("has one table spec for every CSV file in data/, and a file for every spec", () => {
    const files = readdirSync(join(ROOT, "data"))
      .filter((f) => f.endsWith(".csv"))
      .sort();
    expect(TABLES.map((t) => t.file).sort()).toEqual(files);
  });

  it("rendering is deterministic", () => {
    expect(renderRecordModule(readDataFile)).toBe(renderRecordModule(readDataFile));
  });
});

describe("loadTable checks", () => {
  const spec = TABLES.find((t) => t.file === "hectares_national.csv")!;
  const header = "country,series,year,hectares,status,source,note\n";
  const good = "Peru,DEVIDA,2018,54134,verified-excerpt,DEVIDA report,\n";

  it("converts numbers, enums and strings", () => {
    expect(loadTable(spec, header + good)).toEqual([
      {
        country: "Peru",
        series: "DEVIDA",
        year: 2018,
        hectares: 54134,
        status: "verified-excerpt",
        source: "DEVIDA report",
        note: "",
      },
    ]);
  });

  it("rejects a wrong header", () => {
    expect(() => loadTable(spec, `year,country\n2018,Peru\n`)).toThrowError(DataError);
  });

  it.each([
    ["a non-decimal number", "Peru,DEVIDA,2018,54 134,verified-excerpt,src,\n", /hectares.*plain decimal/],
    ["an exponent", "Peru,DEVIDA,2018,5e4,verified-excerpt,src,\n", /plain decimal/],
    ["an empty number", "Peru,DEVIDA,2018,,verified-excerpt,src,\n", /plain decimal/],
    ["a fractional year", "Peru,DEVIDA,2018.5,1,verified-excerpt,src,\n", /year.*integer/],
    ["an unknown status", "Peru,DEVIDA,2018,1,verified,src,\n", /status.*expected one of/],
    ["an unknown series", "Peru,INEI,2018,1,verified-excerpt,src,\n", /series.*expected one of/],
    ["an empty source", "Peru,DEVIDA,2018,1,verified-excerpt,,\n", /source.*empty value/],
    ["padded text", "Peru,DEVIDA,2018,1,verified-excerpt, src,\n", /source.*spaces/],
  ])("rejects %s", (_, row, message) => {
    expect(() => loadTable(spec, header + row)).toThrowError(message);
  });
});
