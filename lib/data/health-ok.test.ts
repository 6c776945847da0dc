import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "#lib/test/db";

const tmp = useTempDatabase();
const { isDatabaseReachable } = await import("./health");
afterAll(() => tmp.cleanup());

describe("isDatabaseReachable", () => {
  it("is true on a migrated database", async () => {
    expect(await isDatabaseReachable()).toBe(true);
  });
});
