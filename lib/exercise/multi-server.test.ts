// Two servers on one store (issue 17): a server's cached session must never stand for a log another server wrote.
import { describe, expect, it } from "vitest";
import { applyEntry, attemptStateHash, attemptView, clearSessionCache, startAttempt } from "./service";
import { anonymousStore, newId, type AttemptStore } from "./store";

const EX = "expose-nodeport";
const run = (line: string) => ({ kind: "run" as const, line });

describe("a session cached on one server and a log appended by another", { timeout: 60_000 }, () => {
  it("an entry whose append failed (the database went away) is dropped: the other server's entry at that seq is what is served", async () => {
    const store = anonymousStore(newId());
    // this server's view of the same store, whose append fails after the command ran on the host
    const failing: AttemptStore = { ...store, append: async () => { throw new Error("database gone"); } };
    const { rec } = await startAttempt(store, EX, { seed: 3 });
    await expect(applyEntry(failing, rec.id, run("kubectl create namespace lost"))).rejects.toThrow("database gone");
    // the other server records its own command at that place in the log
    expect(await store.append(rec.id, { seq: 0, entry: run("kubectl create namespace kept"), exitCode: 0 })).toBe("ok");
    const view = await attemptView(store, rec.id, "en");
    expect(view.history.map((h) => h.line)).toEqual(["kubectl create namespace kept"]);
    const served = await attemptStateHash(store, rec.id);
    await clearSessionCache();
    expect(await attemptStateHash(store, rec.id)).toBe(served);
  });

  it("a server whose copy lags behind another's appends catches up on the next command", async () => {
    const store = anonymousStore(newId());
    const { rec } = await startAttempt(store, EX, { seed: 4 });
    await applyEntry(store, rec.id, run("kubectl create namespace one"));
    // another server appends two entries this one never ran
    expect(await store.append(rec.id, { seq: 1, entry: run("kubectl create namespace two"), exitCode: 0 })).toBe("ok");
    expect(await store.append(rec.id, { seq: 2, entry: run("kubectl create namespace three"), exitCode: 0 })).toBe("ok");
    const { result } = await applyEntry(store, rec.id, run("kubectl get ns one two three -o name"));
    expect(result.output).toBe("namespace/one\nnamespace/two\nnamespace/three\n");
    expect((await store.listLog(rec.id)).map((e) => e.seq)).toEqual([0, 1, 2, 3]);
  });
});
