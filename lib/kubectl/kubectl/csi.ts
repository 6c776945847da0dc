// kubectl get / describe of the storage.k8s.io/v1 CSI kinds: CSIDriver, CSINode, CSIStorageCapacity, VolumeAttachment.
// Columns are the API server's table printers (pkg/printers/internalversion/printers.go printCSIDriver,
// printCSINode, printCSIStorageCapacity, printVolumeAttachment); describe is kubectl's describeCSINode
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go) and, for the kinds without a typed describer, its genericDescriber.
import type { Json } from "../cluster-api";
import { unstructuredLines } from "./crd-columns";
import { age, type ColumnSet } from "./table";

/** A describe line: indent level and tab-separated text. */
export type DescribeLine = [number, string];

function columns(headers: string[], row: (o: Json, now: number) => string[]): ColumnSet {
  return { headers, row, wide: [], wideRow: () => [] };
}

/** A `*bool` cell: the printer's default when unset. */
function flag(v: unknown, dflt: boolean): string {
  return String(typeof v === "boolean" ? v : dflt);
}

/**
 * The printer reads the object the API server decoded from etcd, where an empty list is nil: an empty
 * tokenRequests prints `<unset>` like an absent one.
 */
function tokenRequests(t: unknown): string {
  return Array.isArray(t) && t.length ? t.map((x: Json) => x?.audience ?? "").join(",") : "<unset>";
}

/** `kubectl get` columns of csidrivers, csinodes and volumeattachments. */
export const CSI_COLUMNS: Record<string, ColumnSet> = {
  csidrivers: columns(
    ["NAME", "ATTACHREQUIRED", "PODINFOONMOUNT", "STORAGECAPACITY", "TOKENREQUESTS", "REQUIRESREPUBLISH", "MODES", "AGE"],
    (d, now) => [
      d.metadata.name, flag(d.spec?.attachRequired, true), flag(d.spec?.podInfoOnMount, false), flag(d.spec?.storageCapacity, false),
      tokenRequests(d.spec?.tokenRequests), flag(d.spec?.requiresRepublish, false),
      (d.spec?.volumeLifecycleModes ?? []).join(",") || "<none>", age(now, d.metadata.creationTimestamp),
    ],
  ),
  csinodes: columns(["NAME", "DRIVERS", "AGE"], (n, now) => [n.metadata.name, String((n.spec?.drivers ?? []).length), age(now, n.metadata.creationTimestamp)]),
  // printCSIStorageCapacity: no AGE column
  csistoragecapacities: columns(["NAME", "STORAGECLASSNAME", "CAPACITY"], (c) => [c.metadata.name, c.storageClassName ?? "", c.capacity != null ? String(c.capacity) : "<unset>"]),
  volumeattachments: columns(
    ["NAME", "ATTACHER", "PV", "NODE", "ATTACHED", "AGE"],
    (v, now) => [v.metadata.name, v.spec?.attacher ?? "", v.spec?.source?.persistentVolumeName ?? "", v.spec?.nodeName ?? "", String(v.status?.attached === true), age(now, v.metadata.creationTimestamp)],
  ),
};

const MAX_ANNOTATION_LEN = 140;

/**
 * describe.go printAnnotationsMultiline: sorted, last-applied-configuration skipped, and a value that is long
 * (key + value + 2 > 140) or multi-line goes below its key, each line cut at 138 characters with "...".
 */
export function annotationDescribeLines(m: Record<string, string> | undefined, title = "Annotations"): DescribeLine[] {
  const keys = Object.keys(m ?? {})
    .filter((k) => k !== "kubectl.kubernetes.io/last-applied-configuration")
    .sort();
  if (!keys.length) return [[0, `${title}:\t<none>`]];
  const out: DescribeLine[] = [];
  keys.forEach((k, i) => {
    const lead = i === 0 ? `${title}:\t` : "\t";
    const value = String(m![k]).replace(/\n$/, "");
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      out.push([0, `${lead}${k}:`]);
      for (const s of value.split("\n")) out.push([0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + "..." : s}`]);
    } else out.push([0, `${lead}${k}: ${value}`]);
  });
  return out;
}

function labelDescribeLines(m: Record<string, string> | undefined): DescribeLine[] {
  const keys = Object.keys(m ?? {}).sort();
  if (!keys.length) return [[0, "Labels:\t<none>"]];
  return keys.map((k, i) => [0, `${i === 0 ? "Labels:" : ""}\t${k}=${m![k]}`]);
}

/** describeCSINode: drivers with their node ID, allocatable count and topology keys (`[a b]`, Go's %s of a slice). */
export function csiNodeDescribeLines(o: Json, date: (ts: string | undefined) => string): DescribeLine[] {
  const out: DescribeLine[] = [[0, `Name:\t${o.metadata?.name}`], ...labelDescribeLines(o.metadata?.labels), ...annotationDescribeLines(o.metadata?.annotations)];
  out.push([0, `CreationTimestamp:\t${date(o.metadata?.creationTimestamp)}`], [0, "Spec:"]);
  // `if csi.Spec.Drivers != nil`: a node without drivers (null from etcd) prints no Drivers line
  const drivers: Json[] | null | undefined = o.spec?.drivers;
  if (Array.isArray(drivers) && drivers.length) {
    out.push([1, "Drivers:"]);
    for (const d of drivers) {
      out.push([2, `${d.name}:`], [3, `Node ID:\t${d.nodeID ?? ""}`]);
      if (d.allocatable?.count !== undefined && d.allocatable?.count !== null) out.push([3, "Allocatables:"], [4, `Count:\t${d.allocatable.count}`]);
      if (Array.isArray(d.topologyKeys)) out.push([3, `Topology Keys:\t[${d.topologyKeys.join(" ")}]`]);
    }
  }
  return out;
}

/** genericDescriber (CSIDriver, VolumeAttachment): Name, an always-printed Namespace, labels, annotations, every other field. */
export function genericDescribeLines(o: Json): DescribeLine[] {
  return [
    [0, `Name:\t${o.metadata?.name ?? ""}`],
    [0, `Namespace:\t${o.metadata?.namespace ?? ""}`],
    ...labelDescribeLines(o.metadata?.labels),
    ...annotationDescribeLines(o.metadata?.annotations),
    ...unstructuredLines(o),
  ];
}

/** Resources whose describe output this module writes. */
export const CSI_DESCRIBED = new Set(["csinodes", "csidrivers", "csistoragecapacities", "volumeattachments"]);
