import { describe, expect, it } from "vitest";
import { describeValue, didYouMean, editDistance } from "./messages.ts";

describe("messages", () => {
  it("describes found values briefly", () => {
    expect(describeValue("high")).toBe('"high"');
    expect(describeValue("x".repeat(100))).toBe(`"${"x".repeat(40)}…"`);
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(Number.NaN)).toBe(".nan");
    expect(describeValue(-Number.POSITIVE_INFINITY)).toBe("-.inf");
    expect(describeValue([])).toBe("an empty list");
    expect(describeValue([1])).toBe("a list");
    expect(describeValue({})).toBe("a mapping");
    expect(describeValue(true)).toBe("true");
  });

  it("computes edit distances with transpositions", () => {
    expect(editDistance("VRAME", "VRAEM")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests close names only", () => {
    expect(didYouMean("VRAME", ["VRAEM", "Huallaga"])).toBe("VRAEM");
    expect(didYouMean("Junin", ["Junín", "Puno"])).toBe("Junín");
    expect(didYouMean("PERU", ["peru"])).toBe("peru");
    expect(didYouMean("hectares", ["hectaresPerYear", "from"])).toBe("hectaresPerYear");
    expect(didYouMean("logitScaleUsd", ["growers.logitScaleUsd"])).toBe("growers.logitScaleUsd");
    expect(didYouMean("foo", ["to", "from"])).toBeUndefined();
    expect(didYouMean("boat", ["road", "river"])).toBeUndefined();
    expect(didYouMean("", ["a"])).toBeUndefined();
    expect(didYouMean("x".repeat(1000), ["x"])).toBeUndefined();
  });
});
