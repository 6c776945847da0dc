import { afterAll, describe, expect, it } from "vitest";
import { createTempDatabase } from "#lib/test/db";

const tmp = createTempDatabase();
const { isDatabaseReachable } = await import("./health");
afterAll(() => tmp.cleanup());

describe("isDatabaseReachable", () => {
  it("is true on a migrated database", async () => {
    expect(await isDatabaseReachable()).toBe(true);
  });
});
