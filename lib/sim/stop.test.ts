/**
 * The caller's stop predicate (`setShouldStop`, REQUESTS.md 19): asked before each event, it stops
 * advance/runUntilIdle part-way with SimulationStopped; when it never fires nothing changes.
 */
import { describe, expect, it } from "vitest";
import { type Cluster } from "./cluster";
import { SimulationStopped } from "./index";
import { cka, deployment } from "./test-helpers";

/** A cluster with a fresh 30-replica Deployment waiting to be reconciled. */
function scaled(seed = 3): Cluster {
  const c = cka(seed);
  const r = c.apply(deployment("web", { replicas: 30 }));
  if (!r.ok) throw new Error(r.status.message);
  return c;
}

/** A predicate that answers true from its (k+1)-th call on, counting calls. */
function after(k: number): { fn: () => boolean; calls: () => number } {
  let n = 0;
  return { fn: () => ++n > k, calls: () => n };
}

/** How many events a full runUntilIdle of `scaled()` processes (one check per event). */
function eventsOfFullRun(): { events: number; hash: string } {
  const c = scaled();
  const p = after(Number.POSITIVE_INFINITY);
  c.setShouldStop(p.fn);
  c.runUntilIdle({ maxMs: 120_000 });
  return { events: p.calls(), hash: c.stateHash() };
}

describe("setShouldStop", () => {
  it("a predicate that fires after K checks stops runUntilIdle between events, with SimulationStopped", () => {
    const full = eventsOfFullRun();
    expect(full.events).toBeGreaterThan(20);
    const k = Math.floor(full.events / 2);
    const c = scaled();
    const p = after(k);
    c.setShouldStop(p.fn);
    let thrown: unknown;
    try {
      c.runUntilIdle({ maxMs: 120_000 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SimulationStopped);
    expect((thrown as Error).name).toBe("SimulationStopped");
    // K events ran, the (K+1)-th check stopped the loop: fewer than the unstopped run
    expect(p.calls()).toBe(k + 1);
    expect(c.k.s.fgCount).toBeGreaterThan(0);
    expect(c.stateHash()).not.toBe(full.hash);
    // no simulator bug was recorded on the way (the stop is not an internal error)
    expect(c.trace({ component: "simulator" })).toEqual([]);

    // Stopped between two events, nothing is lost: resuming reaches the unstopped run's state.
    c.setShouldStop(null);
    c.runUntilIdle({ maxMs: 120_000 });
    expect(p.calls()).toBe(k + 1);
    expect(c.stateHash()).toBe(full.hash);
  });

  it("stops advance() too, and a predicate true from the start runs no event", () => {
    const c = scaled();
    const before = c.stateHash();
    c.setShouldStop(() => true);
    expect(() => c.advance(60_000)).toThrow(SimulationStopped);
    expect(() => c.runUntilIdle()).toThrow(SimulationStopped);
    expect(c.stateHash()).toBe(before);
    c.setShouldStop(null);
    c.advance(60_000);
    expect(c.stateHash()).not.toBe(before);
  });

  it("a predicate that never fires changes nothing (stateHash and trace equal a run without one)", () => {
    const run = (withPredicate: boolean) => {
      const c = scaled(11);
      if (withPredicate) c.setShouldStop(() => false);
      c.runUntilIdle({ maxMs: 120_000 });
      c.apply(deployment("web", { replicas: 5, image: "nginx:1.28" }));
      c.advance(90_000);
      return { hash: c.stateHash(), trace: JSON.stringify(c.trace()) };
    };
    const plain = run(false);
    const watched = run(true);
    expect(watched.hash).toBe(plain.hash);
    expect(watched.trace).toBe(plain.trace);
  });

  it("is deterministic: the same stop point gives the same state, and the predicate is not state", () => {
    const stopAt = (k: number) => {
      const c = scaled(5);
      c.setShouldStop(after(k).fn);
      expect(() => c.runUntilIdle({ maxMs: 120_000 })).toThrow(SimulationStopped);
      return c;
    };
    const a = stopAt(40);
    const b = stopAt(40);
    expect(a.stateHash()).toBe(b.stateHash());
    expect(a.stateHash()).not.toBe(stopAt(41).stateHash());
    // installing or clearing a predicate is not part of the state
    const h = a.stateHash();
    a.setShouldStop(() => false);
    expect(a.stateHash()).toBe(h);
    a.setShouldStop(null);
    expect(a.stateHash()).toBe(h);
  });
});
