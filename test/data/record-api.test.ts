import { describe, expect, it } from "vitest";
import {
  devidaZoneIds,
  FIGURE_STATUSES,
  isVerified,
  nationalSeries,
  observedDepartmentHectares,
  observedEradication,
  observedNationalHectares,
  observedNationalRow,
  observedZoneHectares,
  observedZoneRow,
  officialSeries,
  place,
  requirePlace,
  SERIES_BREAK_YEAR,
  trafficRoute,
  zoneId,
  zoneSeries,
} from "../../src/data/record.ts";

describe("series break", () => {
  it("switches from UNODC to DEVIDA in 2018", () => {
    expect(SERIES_BREAK_YEAR).toBe(2018);
    expect(officialSeries(2017)).toBe("UNODC");
    expect(officialSeries(2018)).toBe("DEVIDA");
  });
});

describe("zones", () => {
  it("resolves ids and printed names", () => {
    expect(zoneId("vraem")).toBe("vraem");
    expect(zoneId("VRAEM")).toBe("vraem");
    expect(zoneId("Apurímac-Ene (VRAE)")).toBe("vraem");
    expect(zoneId("Alto Huallaga")).toBe("huallaga");
    expect(zoneId("Atlantis")).toBeUndefined();
  });

  it("returns observed DEVIDA and UNODC zone areas", () => {
    expect(observedZoneHectares("vraem", 2018)).toBe(24111);
    expect(observedZoneHectares("VRAEM", 2024)).toBe(36345);
    expect(observedZoneHectares("la_convencion_lares", 2014)).toBe(10342);
    expect(observedZoneHectares("huallaga", 2005)).toBe(16000);
    expect(observedZoneHectares("vraem", 2011)).toBeUndefined();
    expect(observedZoneHectares("vraem", 2018, "UNODC")).toBeUndefined();
    expect(observedZoneRow("vraem", 2023)?.status).toBe("verified-transcription");
  });

  it("gives a zone's series in year order across the break", () => {
    const s = zoneSeries("huallaga");
    expect(s.map((p) => p.year)).toEqual([...s.map((p) => p.year)].sort((a, b) => a - b));
    expect(s.find((p) => p.year === 2013)?.hectares).toBe(4302);
    expect(s.find((p) => p.year === 2018)?.hectares).toBe(1721);
    expect(zoneSeries("huallaga", "DEVIDA").every((p) => p.year >= 2018)).toBe(true);
  });

  it("lists DEVIDA zones", () => {
    expect(devidaZoneIds(2018)).toHaveLength(14);
    expect(devidaZoneIds()).toContain("tigre");
    expect(devidaZoneIds()).not.toContain("national");
  });
});

describe("national", () => {
  it("splices UNODC and DEVIDA for Peru", () => {
    expect(observedNationalHectares(2017)).toBe(49900);
    expect(observedNationalHectares(2018)).toBe(54134);
    expect(observedNationalHectares(2024)).toBe(89755);
    expect(observedNationalHectares(2018, "Peru", "USG")).toBe(52100);
    expect(observedNationalHectares(2023, "Colombia")).toBe(253000);
    expect(observedNationalHectares(1990)).toBeUndefined();
    const peru = nationalSeries();
    expect(peru[0]).toEqual({ year: 2000, hectares: 43400 });
    expect(peru).toHaveLength(25);
    expect(new Set(peru.map((p) => p.year)).size).toBe(25);
  });

  it("keeps the status of figures", () => {
    expect(observedNationalRow(2000)?.status).toBe("verified-excerpt");
    expect(isVerified("unverified-recall")).toBe(false);
    expect(isVerified("derived")).toBe(true);
    expect(isVerified("verified-excerpt")).toBe(true);
    expect(FIGURE_STATUSES).toContain("partial-year");
  });
});

describe("departments and eradication", () => {
  it("looks up departments by ISO code or name", () => {
    expect(observedDepartmentHectares("PE-CUS", 2017)).toBe(17281);
    expect(observedDepartmentHectares("Cusco", 2017)).toBe(17281);
    expect(observedDepartmentHectares("PE-LIM", 2020)).toBeUndefined();
  });

  it("returns only whole-year national eradication", () => {
    expect(observedEradication(2015)).toBe(35868);
    // 2024 has a part-year row (19,981.74 ha to October) and the year's total.
    expect(observedEradication(2024)).toBe(26475);
    expect(observedEradication(2010)).toBeUndefined();
  });
});

describe("places and routes", () => {
  it("finds places by id", () => {
    expect(place("pichari")?.name).toBe("Pichari");
    expect(place("nowhere")).toBeUndefined();
    expect(requirePlace("callao").country).toBe("PE");
    expect(() => requirePlace("nowhere")).toThrowError(/unknown place id/);
  });

  it("groups route rows", () => {
    expect(trafficRoute("air_bridge_bolivia").length).toBeGreaterThanOrEqual(3);
    expect(trafficRoute("nope")).toEqual([]);
  });
});
