// Parsed static-pod manifest files by name and content. The kubelet's view (static-pods.ts) re-reads its
// manifest directory after any file write, and kubeadm's four manifests are the largest YAML a session parses:
// each distinct text is parsed once per process, and kubeadm's own texts are never parsed at all, because the
// objects they were printed from are remembered with them (control-plane.ts seedKubeadmFiles).
import type { Json } from "../cluster-api";
import { parseManifests, type ParsedDocs } from "../kubectl/yaml";
import { boundedMemo } from "../../sim/util";

const parsed = boundedMemo<string, ParsedDocs>(64);

/**
 * parseManifests(text, file), once per distinct file name and text. The result is shared between callers:
 * they read it and copy what they keep (readManifests' JSON copy), never change it.
 */
export function parseManifestCached(text: string, file: string): ParsedDocs {
  return parsed.get(`${file}\0${text}`, () => parseManifests(text, file));
}

/**
 * Remember that `text` (written as `file`) parses to `docs`: the caller printed `text` from them with toYaml,
 * whose output parseManifests reads back to the same JSON (manifest-cache.test.ts checks kubeadm's manifests).
 */
export function rememberParsedManifest(file: string, text: string, docs: Json[]): void {
  const key = `${file}\0${text}`;
  if (!parsed.has(key)) parsed.set(key, { ok: true, docs: JSON.parse(JSON.stringify(docs)) });
}
