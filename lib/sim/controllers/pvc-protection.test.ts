/**
 * StorageObjectInUseProtection: the admission plugin's finalizers and the pvc-protection / pv-protection
 * controllers (pkg/controller/volume/pvcprotection podUsesPVC: a scheduled Pod that names the claim, finished or
 * not; pkg/controller/volume/pvprotection: a Bound volume).
 */
import { describe, expect, it, vi } from "vitest";
import { cka, mustGet, pod } from "../test-helpers";
import type { Obj } from "../util";

vi.setConfig({ testTimeout: 60_000 });

const claim = (name: string): Obj => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "", volumeName: `${name}-pv`, resources: { requests: { storage: "1Gi" } } } });
const volume = (name: string): Obj => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", storageClassName: "", hostPath: { path: "/mnt/x" } } });
const user = (name: string, claimName: string, extra: Obj = {}): Obj => {
  const p = pod(name, { image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"] });
  p.spec.volumes = [{ name: "d", persistentVolumeClaim: { claimName } }];
  Object.assign(p.spec, extra);
  return p;
};

describe("pvc-protection and pv-protection", () => {
  it("admission adds the finalizers to every new claim and volume", () => {
    const c = cka();
    c.create(volume("a-pv"));
    c.create(claim("a"));
    expect(mustGet(c, "persistentvolumeclaims", "a").metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    expect(mustGet(c, "persistentvolumes", "a-pv").metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
  });

  it("a claim a scheduled Pod uses stays until the Pod is deleted; a finished Pod still counts", () => {
    const c = cka();
    c.create(volume("a-pv"));
    c.create(claim("a"));
    const done = user("done2", "a", { restartPolicy: "Never" });
    done.spec.containers[0].command = ["true"];
    c.create(done);
    c.runUntilIdle();
    expect(mustGet(c, "pods", "done2").status.phase).toBe("Succeeded");
    c.delete("persistentvolumeclaims", "a");
    c.advance(60_000);
    expect(mustGet(c, "persistentvolumeclaims", "a").metadata.deletionTimestamp).toBeDefined();
    c.delete("pods", "done2", { gracePeriodSeconds: 0 });
    c.advance(5_000);
    expect(c.get("persistentvolumeclaims", "a").ok).toBe(false);
    // Retain: the volume is Released, and a delete of it is no longer held
    expect(mustGet(c, "persistentvolumes", "a-pv").status.phase).toBe("Released");
    c.delete("persistentvolumes", "a-pv");
    c.advance(5_000);
    expect(c.get("persistentvolumes", "a-pv").ok).toBe(false);
  });

  it("a Pod that is not scheduled does not hold the claim; a Bound volume waits for its claim", () => {
    const c = cka();
    c.create(volume("b-pv"));
    c.create(claim("b"));
    c.create(user("nowhere", "b", { nodeSelector: { missing: "label" } }));
    c.runUntilIdle();
    expect(mustGet(c, "pods", "nowhere").spec.nodeName).toBeUndefined();
    c.delete("persistentvolumes", "b-pv");
    c.advance(5_000);
    expect(mustGet(c, "persistentvolumes", "b-pv").status.phase).toBe("Bound");
    c.delete("persistentvolumeclaims", "b");
    c.advance(5_000);
    expect(c.get("persistentvolumeclaims", "b").ok).toBe(false);
    expect(c.get("persistentvolumes", "b-pv").ok).toBe(false);
  });
});
