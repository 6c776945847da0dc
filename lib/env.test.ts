import { describe, expect, it } from "vitest";
import { serverEnv } from "./env";

describe("serverEnv", () => {
  it("refuses to run a production server without a secret", () => {
    expect(() => serverEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET/);
  });
  it("lets next build run without a secret", () => {
    expect(serverEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).NEXTAUTH_SECRET).toBeTruthy();
  });
  it("rejects a secret shorter than 16 characters", () => {
    expect(() => serverEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toThrow();
  });
  it("uses the given secret and database", () => {
    expect(serverEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "0123456789abcdef", DATABASE_URL: "file:/x.db" })).toEqual({
      NEXTAUTH_SECRET: "0123456789abcdef",
      DATABASE_URL: "file:/x.db",
    });
  });
});
