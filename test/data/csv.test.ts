import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, formatCsv, formatCsvField, parseCsv, parseCsvTable } from "../../src/data/csv.ts";

describe("parseCsv", () => {
  it("reads plain fields and records", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("returns no records for an empty text", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });

  it("does not need a final line break, and a final one adds no record", () => {
    expect(parseCsv("a,b")).toEqual([["a", "b"]]);
    expect(parseCsv("a,b\n")).toEqual([["a", "b"]]);
  });

  it("accepts CRLF, LF and lone CR line breaks", () => {
    const expected = [["a", "b"], ["c", "d"], ["e"]];
    expect(parseCsv("a,b\r\nc,d\r\ne\r\n")).toEqual(expected);
    expect(parseCsv("a,b\nc,d\ne")).toEqual(expected);
    expect(parseCsv("a,b\rc,d\re\r")).toEqual(expected);
  });

  it("keeps empty fields, including leading and trailing ones", () => {
    expect(parseCsv(",a,,\n")).toEqual([["", "a", "", ""]]);
    expect(parseCsv("a,b\n\nc,d\n")).toEqual([["a", "b"], [""], ["c", "d"]]);
  });

  it("unquotes quoted fields with commas, doubled quotes and line breaks inside", () => {
    const text = 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"line1\r\nline2\nline3"\n4,""\n';
    expect(parseCsv(text)).toEqual([
      ["id", "text"],
      ["1", "a, b"],
      ["2", 'say "hi"'],
      ["3", "line1\r\nline2\nline3"],
      ["4", ""],
    ]);
  });

  it("skips a UTF-8 byte-order mark and keeps non-ASCII text", () => {
    expect(parseCsv("\uFEFFzona,año\nKosñipata,2024\n")).toEqual([
      ["zona", "año"],
      ["Kosñipata", "2024"],
    ]);
  });

  it("keeps spaces around fields (RFC 4180 treats them as data)", () => {
    expect(parseCsv(" a , b \n")).toEqual([[" a ", " b "]]);
  });

  it("rejects an unterminated quoted field with its position", () => {
    expect(() => parseCsv('a,b\n1,"open\nstill open')).toThrowError(CsvError);
    try {
      parseCsv('a,b\n1,"open\nstill open');
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).line).toBe(2);
      expect((e as CsvError).column).toBe(3);
    }
  });

  it("rejects a quote inside an unquoted field", () => {
    expect(() => parseCsv('a,b"c\n')).toThrowError(/quote inside an unquoted field \(line 1, column 4\)/);
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('a,"b"c\n')).toThrowError(/after closing quote \(line 1, column 6\)/);
  });

  it("counts lines inside quoted fields for later errors", () => {
    expect(() => parseCsv('a,"x\ny"\nb"\n')).toThrowError(/line 3, column 2/);
  });
});

describe("parseCsvTable", () => {
  it("maps records to the header", () => {
    const table = parseCsvTable("year,value\n2018,54134\n2019,54655\n");
    expect(table.header).toEqual(["year", "value"]);
    expect(table.rows).toEqual([
      { year: "2018", value: "54134" },
      { year: "2019", value: "54655" },
    ]);
  });

  it("rejects ragged records, empty and duplicate column names, and a missing header", () => {
    expect(() => parseCsvTable("a,b\n1,2,3\n")).toThrowError(/record has 3 fields, header has 2 \(line 2/);
    expect(() => parseCsvTable("a,,c\n")).toThrowError(/empty column name/);
    expect(() => parseCsvTable("a,b,a\n")).toThrowError(/duplicate column name 'a'/);
    expect(() => parseCsvTable("")).toThrowError(/no header row/);
  });
});

describe("formatCsv", () => {
  it("quotes only where RFC 4180 requires it", () => {
    expect(formatCsvField("plain")).toBe("plain");
    expect(formatCsvField("a,b")).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField("two\nlines")).toBe('"two\nlines"');
    expect(
      formatCsv([
        ["a", "b,c"],
        ["", "d"],
      ]),
    ).toBe('a,"b,c"\n,d\n');
    expect(formatCsv([["x"]], "\r\n")).toBe("x\r\n");
  });

  it("round-trips any records through parseCsv", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "ñ", " ", ",", '"', "\n", "\r", "1") });
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 6 });
    fc.assert(
      fc.property(records, fc.constantFrom<"\n" | "\r\n">("\n", "\r\n"), (rs, eol) => {
        expect(parseCsv(formatCsv(rs, eol))).toEqual(rs);
      }),
      { numRuns: 500 },
    );
  });
});
