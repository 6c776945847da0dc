import { describe, expect, it } from "vitest";
import { decideAccess, hasRole, safeCallbackPath } from "./roles";

describe("hasRole", () => {
  it.each([
    ["LEARNER", "LEARNER", true],
    ["LEARNER", "INSTRUCTOR", false],
    ["LEARNER", "ADMIN", false],
    ["INSTRUCTOR", "LEARNER", true],
    ["INSTRUCTOR", "INSTRUCTOR", true],
    ["INSTRUCTOR", "ADMIN", false],
    ["ADMIN", "INSTRUCTOR", true],
    ["ADMIN", "ADMIN", true],
  ] as const)("%s needing %s -> %s", (actual, required, expected) => {
    expect(hasRole(actual, required)).toBe(expected);
  });
});

describe("decideAccess", () => {
  it("sends anonymous visitors to sign in", () => expect(decideAccess(null, "LEARNER")).toBe("sign-in"));
  it("forbids a learner on instructor pages", () => expect(decideAccess({ role: "LEARNER" }, "INSTRUCTOR")).toBe("forbidden"));
  it("forbids an instructor on admin pages", () => expect(decideAccess({ role: "INSTRUCTOR" }, "ADMIN")).toBe("forbidden"));
  it("allows an instructor on instructor pages", () => expect(decideAccess({ role: "INSTRUCTOR" }, "INSTRUCTOR")).toBe("allow"));
  it("allows an admin everywhere", () => expect(decideAccess({ role: "ADMIN" }, "INSTRUCTOR")).toBe("allow"));
});

describe("safeCallbackPath", () => {
  it.each(["/en/teach", "/ko/lessons/pods?x=1", "/"])("keeps same-site path %s", (p) => expect(safeCallbackPath(p)).toBe(p));
  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "en/teach", "", "/a\nb", 42, undefined, "/" + "a".repeat(600)])(
    "refuses %s",
    (p) => expect(safeCallbackPath(p)).toBeNull(),
  );
});
