// Fuzzing: random command lines and random YAML never throw out of run(), always end in an
// exit code, and stay within the output bound.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryCluster } from "./memory-cluster";
import { createSimSession } from "./sim-adapter";
import { createShell } from "./shell/shell";
import { MAX_OUTPUT } from "./shell/shell";

const words = ["kubectl", "k", "get", "pods", "po", "deploy", "svc", "nodes", "all", "-A", "-n", "default", "-o", "yaml", "json", "wide", "name", "jsonpath={.items[*].metadata.name}", "-l", "app=web", "--show-labels", "create", "deployment", "web", "--image=nginx", "run", "x", "apply", "-f", "f.yaml", "delete", "describe", "label", "a=b", "taint", "node01", "k=v:NoSchedule", "scale", "--replicas=3", "rollout", "status", "undo", "edit", "patch", "-p", "{}", "logs", "exec", "--", "ls", "|", "grep", "-c", "&&", "||", ";", ">", "out.txt", "<<EOF", "EOF", "'", '"', "$(", ")", "#", "\\", "echo", "cat", "base64", "-d", "etcdctl", "snapshot", "save", "sleep", "1", "--dry-run=client", "config", "use-context", "=", "--", "-", "*", "\n"];

describe("fuzzing", () => {
  it("random command lines never throw and always yield an exit code", () => {
    const shell = createShell(createMemoryCluster());
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { maxLength: 14 }), (parts) => {
        const r = shell.run(parts.join(" "));
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.output.length).toBeLessThanOrEqual(MAX_OUTPUT + 100);
        expect(r.stderr).not.toMatch(/internal error/);
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it("random command lines on the simulated cluster never throw", () => {
    const shell = createSimSession({ seed: 5 });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 6 })), { maxLength: 10 }), (parts) => {
        const r = shell.run(parts.join(" "));
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.stderr).not.toMatch(/internal error/i);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("random YAML documents applied never throw", () => {
    const shell = createSimSession({ seed: 9 });
    const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.record({ apiVersion: fc.constantFrom("v1", "apps/v1", "x/y", ""), kind: fc.constantFrom("Pod", "ConfigMap", "Deployment", "Nope", ""), metadata: fc.record({ name: fc.string({ maxLength: 10 }) }), data: fc.dictionary(fc.string({ maxLength: 5 }), scalar) }).map((o) => JSON.stringify(o)),
      fc.array(fc.constantFrom("a:", " b", "- c", "{", "}", "[", "]", ": ", "&x", "*x", "---", "\t", "\"", "'", "|", ">", "#", "\n", "key: value"), { maxLength: 30 }).map((a) => a.join("")),
    );
    fc.assert(
      fc.property(yamlish, (doc) => {
        shell.state.fs.write("/root/f.yaml", doc);
        const r = shell.run("kubectl apply -f f.yaml");
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.stderr).not.toMatch(/internal error/);
        const r2 = shell.run("kubectl create -f f.yaml --dry-run=client -o yaml");
        expect(Number.isInteger(r2.exitCode)).toBe(true);
        expect(r2.stderr).not.toMatch(/internal error/);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("commands that wait are bounded in virtual time", () => {
    const shell = createSimSession({ seed: 3 });
    shell.run("kubectl create deployment bad --image=nginx:no-such-tag");
    const c = shell.cluster();
    const bound = (line: string, maxMs: number) => {
      const t0 = c.now();
      const r = shell.run(line);
      expect(Number.isInteger(r.exitCode)).toBe(true);
      expect(c.now() - t0).toBeLessThanOrEqual(maxMs);
    };
    bound("sleep 100000", 2 * 3600_000 + 60_000);
    bound("kubectl wait --for=condition=Available deploy/bad --timeout=100h", 900_000 + 60_000);
    bound("kubectl rollout status deploy/bad", 900_000 + 60_000);
    bound("kubectl get pods -w", 300_000 + 60_000);
  });
});
