import { describe, expect, it } from "vitest";
import { csvField, formatCsvNumber, formatFixed, renderTable } from "../../src/cli/format.ts";

describe("formatCsvNumber", () => {
  it.each([
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [0.1 + 0.2, "0.3"],
    [123456789, "123457000"],
    [1234.56789, "1234.57"],
    [-42.0000001, "-42"],
    [1e-9 + 2000, "2000"],
    [0.000123456789, "0.000123457"],
    [1e20, "100000000000000000000"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
  ])("%s → %s", (value, text) => {
    expect(formatCsvNumber(value)).toBe(text);
  });
});

describe("formatFixed", () => {
  it.each([
    [0, 0, "0"],
    [-0.04, 1, "0.0"],
    [1234567.891, 1, "1,234,567.9"],
    [-9876543, 0, "-9,876,543"],
    [999.5, 0, "1,000"],
    [3.456, 2, "3.46"],
  ])("%s with %s decimals → %s", (value, decimals, text) => {
    expect(formatFixed(value, decimals)).toBe(text);
  });
});

describe("csvField", () => {
  it("quotes only when needed", () => {
    expect(csvField("VRAEM")).toBe("VRAEM");
    expect(csvField("")).toBe("");
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
  });
});

describe("renderTable", () => {
  it("aligns columns under multi-line headers", () => {
    const text = renderTable(
      [
        { header: ["name"], align: "left" },
        { header: ["coca", "ha"], align: "right" },
      ],
      [
        ["VRAEM", "32,106"],
        ["Otras zonas", "974"],
      ],
    );
    expect(text.split("\n")).toEqual([
      `${" ".repeat(15)}coca`,
      `name${" ".repeat(13)}ha`,
      "-----------  ------",
      "VRAEM        32,106",
      "Otras zonas     974",
      "",
    ]);
  });
});
