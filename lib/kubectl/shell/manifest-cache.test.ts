/** manifest-cache: kubeadm's manifests are remembered as the objects they read back as, so skipping their parse changes nothing. */
import { describe, expect, it } from "vitest";
import { kubeadmStaticPod } from "../../sim/kubeadm";
import { parseManifests, toYaml } from "../kubectl/yaml";
import { COMPONENT_FILES } from "./control-plane";
import { parseManifestCached, rememberParsedManifest } from "./manifest-cache";

describe("manifest cache", () => {
  it.each([
    ["controlplane", "172.30.1.2"],
    ["controlplane2", "172.30.1.12"],
  ])("kubeadm's four manifests on %s read back, key order included, as the objects they were printed from", (node, ip) => {
    for (const [file, component] of Object.entries(COMPONENT_FILES)) {
      const pod = kubeadmStaticPod(component, node, ip);
      const text = toYaml(pod);
      const parsed = parseManifests(text, file);
      expect(parsed.ok).toBe(true);
      // readManifests hashes JSON.stringify of each doc (kubernetes.io/config.hash): order matters
      expect(JSON.stringify(parsed.ok && parsed.docs)).toBe(JSON.stringify([pod]));
      rememberParsedManifest(file, text, [pod]);
      expect(JSON.stringify(parseManifestCached(text, file))).toBe(JSON.stringify(parsed));
    }
  });

  it("a remembered text answers without parsing; another name or text is parsed as usual", () => {
    const docs = [{ apiVersion: "v1", kind: "Pod", metadata: { name: "remembered" } }];
    rememberParsedManifest("a.yaml", "not: [valid", docs);
    expect(parseManifestCached("not: [valid", "a.yaml")).toEqual({ ok: true, docs });
    expect(parseManifestCached("not: [valid", "b.yaml").ok).toBe(false);
    expect(parseManifestCached("kind: Pod\n", "a.yaml")).toEqual({ ok: true, docs: [{ kind: "Pod" }] });
  });

  it("the same text is parsed once: callers share the result", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shared\n";
    expect(parseManifestCached(text, "s.yaml")).toBe(parseManifestCached(text, "s.yaml"));
  });
});
