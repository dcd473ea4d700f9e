import { describe, expect, it } from "vitest";
import { dictionary, formatNumber, setLanguage, t } from "./i18n.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n", () => {
  it("has every message in English and Spanish, with the same placeholders", () => {
    const en = dictionary("en");
    const es = dictionary("es");
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe("");
      expect(es[key].trim(), key).not.toBe("");
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("fills placeholders and formats numbers in the current language", () => {
    setLanguage("en");
    expect(t("status.ready", { ms: 812 })).toBe("Baseline ready (812 ms).");
    expect(formatNumber(12345.678, 1)).toBe("12,345.7");
    setLanguage("es");
    expect(t("map.title")).toBe("Mapa");
    expect(t("editor.line", { line: 6, column: 16 })).toBe("Línea 6, columna 16");
    setLanguage("en");
  });
});
