import { describe, expect, it } from "vitest";
import { heatLevel, median } from "./heat";

describe("heat levels", () => {
  it("0 for nothing or nothing to do, 4 only when all is done, the bands in between", () => {
    expect(heatLevel(0, 5)).toBe(0);
    expect(heatLevel(3, 0)).toBe(0);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(2, 10)).toBe(2);
    expect(heatLevel(5, 10)).toBe(3);
    expect(heatLevel(9, 10)).toBe(3);
    expect(heatLevel(10, 10)).toBe(4);
  });
  it("median of odd and even counts, null for none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
