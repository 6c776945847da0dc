import { describe, expect, it } from "vitest";
import { complete } from "./complete";
import { getExercise } from "./loader";
import { startSession } from "./session";

describe("tab completion", () => {
  const s = startSession(getExercise("expose-nodeport")!.exercise, 1);
  s.apply({ kind: "run", line: "kubectl create deployment web --image=nginx:1.27 && kubectl create namespace team-z" });
  s.apply({ kind: "save", path: "notes.txt", content: "x" });

  it("completes commands, verbs, kinds, names, namespaces and files", () => {
    expect(complete(s, "kub")).toEqual(["kubectl"]);
    expect(complete(s, "kubectl ge")).toEqual(["get"]);
    expect(complete(s, "kubectl get depl")).toContain("deployments");
    expect(complete(s, "kubectl get deployments w")).toEqual(["web"]);
    expect(complete(s, "kubectl describe deploy/w")).toEqual(["deploy/web"]);
    expect(complete(s, "kubectl get pods -n team")).toContain("team-z");
    expect(complete(s, "kubectl get pods -n team").every((x) => x.startsWith("team"))).toBe(true);
    expect(complete(s, "kubectl cordon node0")).toEqual(["node01", "node02"]);
    expect(complete(s, "kubectl rollout u")).toEqual(["undo"]);
    expect(complete(s, "cat no")).toEqual(["notes.txt"]);
    expect(complete(s, "kubectl get pods | gr")).toEqual(["grep"]);
  });

  it("does not change the attempt's state", () => {
    const before = s.stateHash();
    complete(s, "kubectl get pods ");
    expect(s.stateHash()).toBe(before);
  });
});
