import { describe, expect, it } from "vitest";
import { evaluate } from "./expr";

describe("quiz parameter expressions", () => {
  it("arithmetic with precedence, parentheses, unary minus, functions and variables ({{x}} or bare)", () => {
    expect(evaluate("1 + 2 * 3", {})).toBe(7);
    expect(evaluate("(1 + 2) * 3", {})).toBe(9);
    expect(evaluate("-2 + 5", {})).toBe(3);
    expect(evaluate("ceil(replicas * 25 / 100)", { replicas: 10 })).toBe(3);
    expect(evaluate("floor({{replicas}} * 25 / 100)", { replicas: 10 })).toBe(2);
    expect(evaluate("max(1, min(5, x))", { x: "7" })).toBe(5);
    expect(evaluate("10 % 4 + round(2.5)", {})).toBe(5);
  });

  it("refuses unknown names, non-numeric variables, division by zero, trailing junk and code", () => {
    for (const bad of ["y + 1", "name * 2", "1 / 0", "1 +", "2 3", "process.exit()", "constructor", "1; 2", "ceil"]) {
      expect(() => evaluate(bad, { name: "web" }), bad).toThrow();
    }
  });
});
