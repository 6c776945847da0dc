import { describe, expect, it } from "vitest";
import { backgroundIdle, inBackground } from "./background";

describe("background work", () => {
  it("backgroundIdle waits for running work, and for work that work starts; a failure reaches onError only", async () => {
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const errors: unknown[] = [];
    inBackground(async () => {
      await gate;
      done.push("first");
      inBackground(async () => {
        await Promise.resolve();
        done.push("second");
      });
    });
    inBackground(async () => {
      throw new Error("boom");
    }, (e) => errors.push(e));
    let idle = false;
    const waiting = backgroundIdle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(done).toEqual(["first", "second"]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
  });

});
