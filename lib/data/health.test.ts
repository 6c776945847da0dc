import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("isDatabaseReachable", () => {
  it("is false when the database cannot be opened", async () => {
    // A directory is not a database file: opening it fails.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-nodb-"));
    process.env.DATABASE_URL = `file:${dir}`;
    const { isDatabaseReachable } = await import("./health");
    expect(await isDatabaseReachable()).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
