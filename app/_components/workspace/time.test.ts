import { describe, expect, it } from "vitest";
import { clockTime, elapsedSeconds, offsetSeconds } from "./time";

describe("clockTime", () => {
  it("reads the virtual clock in milliseconds", () => {
    expect(clockTime(0)).toBe("0:00");
    expect(clockTime(999)).toBe("0:00");
    expect(clockTime(1000)).toBe("0:01");
    expect(clockTime(125_400)).toBe("2:05");
    // 152 495 ms is two and a half minutes, not 42 hours.
    expect(clockTime(152_495)).toBe("2:32");
    expect(clockTime(3_599_999)).toBe("59:59");
    expect(clockTime(3_600_000)).toBe("1:00:00");
    expect(clockTime(62_142_000)).toBe("17:15:42");
    expect(clockTime(-5)).toBe("0:00");
  });
});

describe("elapsedSeconds", () => {
  it("turns a difference of virtual ms into seconds", () => {
    expect(elapsedSeconds(152_495, 182_495)).toBe(30);
    expect(elapsedSeconds(0, 600_000)).toBe(600);
    expect(elapsedSeconds(1_000, 1_400)).toBe(0);
    expect(elapsedSeconds(1_000, 1_600)).toBe(1);
  });
});

describe("offsetSeconds", () => {
  it("shows a step's offset in seconds, never ms", () => {
    expect(offsetSeconds(0)).toBe("0.00");
    expect(offsetSeconds(5)).toBe("0.01");
    expect(offsetSeconds(2_811)).toBe("2.81");
    expect(offsetSeconds(9_994)).toBe("9.99");
    expect(offsetSeconds(10_000)).toBe("10.0");
    expect(offsetSeconds(29_960)).toBe("30.0");
    expect(offsetSeconds(99_940)).toBe("99.9");
    expect(offsetSeconds(100_000)).toBe("100");
    expect(offsetSeconds(600_000)).toBe("600");
  });
});
