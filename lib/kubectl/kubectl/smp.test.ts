// The patch kubectl apply sends (and prints when the server refuses it): strategicpatch.CreateThreeWayMergePatch.
import { describe, expect, it } from "vitest";
import type { Json } from "../cluster-api";
import { LAST_APPLIED, lastAppliedConfig } from "./apply";
import { threeWayApplyPatch } from "./smp";
import { compactJson } from "./yaml";

/** What kubectl sends: the file's object carrying its own last-applied-configuration. */
function modifiedOf(file: Json): Json {
  const m = structuredClone(file);
  m.metadata.annotations = { ...(m.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedConfig(file) };
  return m;
}

const deployment = (containers: Json[], spec: Json = {}): Json => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers } }, ...spec },
});

/** A live object as the server returns it after an earlier apply of `applied`. */
const live = (applied: Json, extra: (o: Json) => void = () => {}): Json => {
  const o = modifiedOf(applied);
  o.metadata = { ...o.metadata, uid: "u-1", resourceVersion: "42", generation: 1, creationTimestamp: "2025-01-01T00:00:00Z" };
  o.status = { observedGeneration: 1 };
  extra(o);
  return o;
};

const patchOf = (last: Json, file: Json, current: Json, builtin = true) => compactJson(threeWayApplyPatch(last, modifiedOf(file), current, builtin));

describe("threeWayApplyPatch", () => {
  it("prints the PVC resize patch of a real transcript byte for byte (annotation missing on the live object)", () => {
    // https://github.com/kubernetes/website/issues/40006 (kubectl apply -f mysql-pv.yaml)
    const file = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "mysql-pv-claim", namespace: "default" },
      spec: { storageClassName: "manual", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
    };
    const current = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "mysql-pv-claim", namespace: "default", uid: "u", resourceVersion: "7", finalizers: ["kubernetes.io/pvc-protection"] },
      spec: { storageClassName: "manual", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, volumeMode: "Filesystem", volumeName: "mysql-pv-volume" },
      status: { phase: "Bound", capacity: { storage: "10Gi" } },
    };
    expect(patchOf(null, file, current)).toBe(
      String.raw`{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"annotations\":{},\"name\":\"mysql-pv-claim\",\"namespace\":\"default\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"20Gi\"}},\"storageClassName\":\"manual\"}}\n"}},"spec":{"resources":{"requests":{"storage":"20Gi"}}}}`,
    );
  });

  it("is {} when the file and its annotation match the live object", () => {
    const file = deployment([{ name: "a", image: "nginx" }]);
    expect(patchOf(file, file, live(file))).toBe("{}");
  });

  it("merge lists: the changed element by its key, $setElementOrder, a removed one as $patch: delete", () => {
    const before = deployment([
      { name: "a", image: "nginx", env: [{ name: "X", value: "1" }, { name: "Y", value: "2" }], ports: [{ containerPort: 80 }] },
      { name: "b", image: "busybox" },
    ]);
    const after = deployment([{ name: "a", image: "nginx", env: [{ name: "Y", value: "2" }], ports: [{ containerPort: 80 }, { containerPort: 443 }] }]);
    const p = threeWayApplyPatch(before, modifiedOf(after), live(before));
    expect(p.spec).toEqual({
      template: {
        spec: {
          "$setElementOrder/containers": [{ name: "a" }],
          containers: [
            {
              name: "a",
              "$setElementOrder/env": [{ name: "Y" }],
              env: [{ name: "X", $patch: "delete" }],
              "$setElementOrder/ports": [{ containerPort: 80 }, { containerPort: 443 }],
              ports: [{ containerPort: 443 }],
            },
            { name: "b", $patch: "delete" },
          ],
        },
      },
    });
    // a field dropped from the file since the last apply is deleted with null; fields the server added stay
    const slim = deployment([{ name: "a", image: "nginx" }]);
    delete slim.spec.replicas;
    const cur = live(deployment([{ name: "a", image: "nginx" }]), (o) => (o.spec.revisionHistoryLimit = 10));
    expect(threeWayApplyPatch(deployment([{ name: "a", image: "nginx" }]), modifiedOf(slim), cur).spec).toEqual({ replicas: null });
  });

  it("a Deployment strategy switch carries $retainKeys (DeploymentSpec.strategy patchStrategy retainKeys)", () => {
    const rolling = deployment([{ name: "a", image: "nginx" }], { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } });
    const recreate = deployment([{ name: "a", image: "nginx" }], { strategy: { type: "Recreate" } });
    expect(compactJson(threeWayApplyPatch(rolling, modifiedOf(recreate), live(rolling)).spec)).toBe('{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}');
  });

  it("metadata.finalizers is a merge list of strings: additions, $deleteFromPrimitiveList and the order", () => {
    const cm = (finalizers: string[], data: Json) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default", finalizers }, data });
    const before = cm(["a/x", "b/y"], { k: "v", gone: "1" });
    const after = cm(["b/y", "c/z"], { k: "v2" });
    const p = threeWayApplyPatch(before, modifiedOf(after), live(before));
    expect(compactJson({ data: p.data, finalizers: p.metadata.finalizers, del: p.metadata["$deleteFromPrimitiveList/finalizers"], order: p.metadata["$setElementOrder/finalizers"] })).toBe(
      '{"data":{"gone":null,"k":"v2"},"del":["a/x"],"finalizers":["c/z"],"order":["b/y","c/z"]}',
    );
  });

  it("a custom resource gets a JSON merge patch: lists are replaced whole, no directives", () => {
    const cr = (items: Json[]) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "default" }, spec: { containers: items } });
    const before = cr([{ name: "a", image: "x" }]);
    const after = cr([{ name: "a", image: "y" }]);
    expect(compactJson(threeWayApplyPatch(before, modifiedOf(after), live(before), false).spec)).toBe('{"containers":[{"image":"y","name":"a"}]}');
  });
});

describe("compactJson writes what Go's json.Marshal writes", () => {
  it("sorts keys by bytes, integer-like keys too, and escapes <, >, &", () => {
    expect(compactJson({ b: 1, "10": "<a&b>", "9": [true, null], A: { z: 1.5, a: "x" } })).toBe('{"10":"\\u003ca\\u0026b\\u003e","9":[true,null],"A":{"a":"x","z":1.5},"b":1}');
  });
});
