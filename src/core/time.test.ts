import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMonth, monthOfYear, parseMonth, yearOf } from "./time.ts";

describe("parseMonth", () => {
  it("counts months as year·12 + (month − 1)", () => {
    expect(parseMonth("2018-01")).toBe(2018 * 12);
    expect(parseMonth("2018-12")).toBe(2018 * 12 + 11);
    expect(parseMonth("2030-12")! - parseMonth("2018-01")!).toBe(155);
  });

  it.each([
    "2018-1",
    "2018-00",
    "2018-13",
    "18-01",
    "2018/01",
    " 2018-01",
    "2018-01 ",
    "",
    "2018-01-01",
    "abcd-ef",
  ])("rejects %j", (text) => {
    expect(parseMonth(text)).toBeUndefined();
  });
});

describe("formatMonth / yearOf / monthOfYear", () => {
  it("formats with a zero-padded month", () => {
    expect(formatMonth(2018 * 12)).toBe("2018-01");
    expect(formatMonth(2020 * 12 + 9)).toBe("2020-10");
  });

  it("round-trips month index → text → month index for 4-digit years", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000 * 12, max: 9999 * 12 + 11 }), (m) => {
        const text = formatMonth(m);
        expect(text).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
        expect(parseMonth(text)).toBe(m);
        expect(yearOf(m) * 12 + monthOfYear(m)).toBe(m);
        expect(monthOfYear(m)).toBeGreaterThanOrEqual(0);
        expect(monthOfYear(m)).toBeLessThan(12);
      }),
    );
  });

  it("round-trips text → month index → text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, mon) => {
        const text = `${year}-${String(mon).padStart(2, "0")}`;
        const m = parseMonth(text);
        expect(m).toBeDefined();
        expect(formatMonth(m!)).toBe(text);
        expect(yearOf(m!)).toBe(year);
        expect(monthOfYear(m!)).toBe(mon - 1);
      }),
    );
  });

  it("orders months as the calendar does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 12000, max: 119999 }),
        fc.integer({ min: 12000, max: 119999 }),
        (a, b) => {
          const cmp = formatMonth(a) < formatMonth(b);
          expect(cmp).toBe(a < b);
        },
      ),
    );
  });

  // Regression: formatMonth once did not pad years below 1000.
  it("round-trips years below 1000 (formatMonth should pad the year to 4 digits)", () => {
    const m = parseMonth("0999-05");
    expect(m).toBe(999 * 12 + 4);
    expect(formatMonth(m!)).toBe("0999-05");
  });
});
