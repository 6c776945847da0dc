// kubeadm upgrade plan | apply | node, on a kubeadm node of the simulated cluster, printing what
// kubeadm v1.35 prints. Sources (kubernetes/kubernetes): cmd/kubeadm/app/cmd/upgrade/plan.go
// (genAvailableUpgrade, the text printer: COMPONENT/NODE/CURRENT/TARGET tables, the component config
// table), phases/upgrade/compute.go GetAvailableUpgrades (Cluster/kubeadm/Target version lines, the
// patch-series and stable upgrades), phases/upgrade/versiongetter.go (cluster version = the
// kube-apiserver static Pods' image tags, kubelets from the Nodes, etcd/scheduler/controller-manager
// from their Pods, CoreDNS from its Deployment), phases/upgrade/policy.go EnforceVersionPolicies (the
// skew rules), util/version.go kubernetesReleaseVersion (offline: the fetch of dl.k8s.io fails after
// its 10 s timeout and kubeadm falls back to its own version with two klog warnings),
// cmd/util InteractivelyConfirmAction (the [y/N] prompt read from stdin). Line order and wording as a
// kubeadm v1.35.0 upgrade of a v1.34 cluster prints them (plan, apply and a worker's upgrade node).
//
// What the commands change: `apply` rewrites the image tags of the control-plane manifests in
// /etc/kubernetes/manifests (the kubelet restarts each component from its new file; kubeadm waits for
// it to serve, so the API server's restart window passes inside the command), stores the new
// kubernetesVersion in the kubeadm-config ConfigMap and sets the kube-proxy DaemonSet and CoreDNS
// Deployment images; `node` rewrites the kubelet configuration only (on a control-plane node also its
// manifests). The kubelet's version (kubectl get nodes) moves only with apt-get install kubelet and
// systemctl restart kubelet (lib/sim node-versions.ts).
import type { ApiResource, ClusterApi, Json } from "../cluster-api";
import { compareVersions, gitVersionOf } from "../../sim/node-versions";
import { configuredVersion, DEFAULT_K8S_VERSION, imageTag, kubeadmConfigMap, minorOf, pinnedFor, withConfiguredVersion } from "../../sim/kubeadm";
import { COMPONENT_FILES, MANIFEST_DIR } from "../shell/control-plane";
import { syncStaticPods } from "../shell/static-pods";
import type { CmdIO, ShellState } from "../shell/types";
import { tabwrite } from "./token";

const ADMIN = { user: "kubernetes-admin", groups: ["system:masters"] };
const STACK = "To see the stack trace of this error execute with --v=5 or higher\n";
/** the process id the klog lines carry (fixed: the output is a function of the state) */
const PID = 4127;
/** kubeadm's upgrade order of the control-plane components (phases/upgrade/staticpods.go) */
const ORDER = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];
const CONFIG_LINES =
  '[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n' +
  "[upgrade] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n";

interface Ctx {
  io: CmdIO;
  state: ShellState;
  cluster: ClusterApi;
  host: string;
  /** the kubeadm binary's version on this host ("v1.35.1") */
  kubeadm: string;
}

/** A parsed version "v1.35.1" -> [1, 35, 1]; null when it is not one. */
function parse(v: string): [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function res(c: ClusterApi, name: string, group = ""): ApiResource | undefined {
  return c.resources().find((r) => r.name === name && r.group === group);
}


/** A klog header line: "W1207 05:12:34.000000    4127 file.go:104] msg". */
function klog(ctx: Ctx, level: "W" | "I", at: string, msg: string): string {
  const d = new Date(ctx.cluster.now());
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)} ${String(PID).padStart(7)} ${at}] ${msg}\n`;
}

/** "2026-12-07-05-12-34" (kubeadm's backup and temporary directory stamps). */
function stamp(ctx: Ctx): string {
  const d = new Date(ctx.cluster.now());
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

/** A deterministic stand-in for os.MkdirTemp's random suffix. */
function tmpSuffix(ctx: Ctx, salt: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${salt}${ctx.cluster.now()}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return String(h);
}

/** Control-plane Pods' versions per component: version -> nodes (versiongetter.go ComponentVersions). */
function componentVersions(c: ClusterApi, component: string): Map<string, string[]> {
  const pods = res(c, "pods");
  const out = new Map<string, string[]>();
  const r = pods ? c.list(pods, "kube-system", ADMIN) : null;
  if (!r?.ok) return out;
  for (const p of r.value as Json[]) {
    if (p.metadata?.labels?.component !== component || p.metadata?.labels?.tier !== "control-plane") continue;
    const tag = imageTag(p.spec?.containers?.[0]?.image ?? "").replace(/_/g, "+");
    out.set(tag, [...(out.get(tag) ?? []), p.spec?.nodeName ?? ""]);
  }
  return out;
}

/** Nodes' kubelet versions: version -> nodes (versiongetter.go KubeletVersions). */
function kubeletVersions(c: ClusterApi): Map<string, string[]> {
  const nodes = res(c, "nodes");
  const out = new Map<string, string[]>();
  const r = nodes ? c.list(nodes, undefined, ADMIN) : null;
  if (!r?.ok) return out;
  for (const n of r.value as Json[]) {
    const v = n.status?.nodeInfo?.kubeletVersion ?? "";
    out.set(v, [...(out.get(v) ?? []), n.metadata.name]);
  }
  return out;
}

/** The newest kube-apiserver version among the control planes (compute.go getLatestClusterVersion). */
function clusterVersion(c: ClusterApi): string {
  let best = "";
  for (const v of componentVersions(c, "kube-apiserver").keys()) if (parse(v) && (!best || compareVersions(v, best) >= 0)) best = v;
  return best || (c.version?.() ?? "v1.35.0");
}

function deployedImageTag(c: ClusterApi, resource: string, name: string): string {
  const r = res(c, resource, "apps");
  const o = r ? c.get(r, "kube-system", name, ADMIN) : null;
  return o?.ok ? imageTag(o.value.spec?.template?.spec?.containers?.[0]?.image ?? "") : "";
}

/** A control-plane node (kubeadm labelled it; it has admin.conf): its Node's role label, or an API server Pod on it. */
function isControlPlane(c: ClusterApi, node: string): boolean {
  const nodes = res(c, "nodes");
  const n = nodes ? c.get(nodes, undefined, node, ADMIN) : null;
  if (n?.ok && n.value.metadata?.labels?.["node-role.kubernetes.io/control-plane"] !== undefined) return true;
  for (const on of componentVersions(c, "kube-apiserver").values()) if (on.includes(node)) return true;
  return false;
}

function sortedKeys(m: Map<string, string[]>): string[] {
  // Go sort.Strings: byte order
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The kubeadm-config ConfigMap. The simulator's default (v1.35.0) cluster boots without one, so that its
 * objects keep the resourceVersions and uids the fixtures name: kubeadm then reads the configuration its
 * `init` would have uploaded (the running API server's version, the control-plane endpoint), and
 * `upgrade apply` uploads it (UploadConfiguration creates or updates).
 */
function readConfig(ctx: Ctx): Json {
  const cms = res(ctx.cluster, "configmaps");
  const r = cms ? ctx.cluster.get(cms, "kube-system", "kubeadm-config", ADMIN) : null;
  if (r?.ok) return r.value;
  return kubeadmConfigMap(clusterVersion(ctx.cluster), (ctx.cluster.controlPlane?.server() ?? "https://172.30.1.2:6443").replace(/^https:\/\//, ""));
}

/** The API server answers and the control-plane Nodes are Ready (phases/upgrade/health.go ControlPlaneNodesReady). */
function healthCheck(ctx: Ctx, phase: string): boolean {
  const nodes = res(ctx.cluster, "nodes");
  const r = nodes ? ctx.cluster.list(nodes, undefined, ADMIN) : null;
  const notReady = r?.ok
    ? (r.value as Json[]).filter((n) => n.metadata?.labels?.["node-role.kubernetes.io/control-plane"] !== undefined && n.status?.conditions?.find((x: Json) => x.type === "Ready")?.status !== "True").map((n) => n.metadata.name)
    : [];
  if (!notReady.length) return true;
  ctx.io.err(`${phase}[preflight] Some fatal errors occurred:\n\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [${notReady.join(" ")}]\n[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`\n${STACK}`);
  return false;
}

/** The API server refuses connections (its static Pod is down): kubeadm cannot read its configuration. */
function apiDown(ctx: Ctx): boolean {
  if (!ctx.cluster.controlPlane || ctx.cluster.controlPlane.apiServing()) return false;
  ctx.io.err(`[upgrade/config] FATAL: failed to get config map: Get "${ctx.cluster.controlPlane.server()}/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s": dial tcp ${ctx.cluster.controlPlane.server().replace(/^https:\/\//, "")}: connect: connection refused\n${STACK}`);
  return true;
}

// ---- flags ------------------------------------------------------------------------------------

interface Flags {
  args: string[];
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  bad?: string;
}

const BOOL_FLAGS = new Set(["--yes", "-y", "--force", "-f", "--dry-run", "--allow-experimental-upgrades", "--allow-release-candidate-upgrades", "--print-config", "--etcd-upgrade", "--certificate-renewal"]);
const VALUE_FLAGS = new Set(["--config", "--kubeconfig", "--ignore-preflight-errors", "--patches", "--feature-gates", "-o", "--output", "--skip-phases"]);

function parseFlags(words: string[]): Flags {
  const f: Flags = { args: [], yes: false, force: false, dryRun: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith("-")) {
      f.args.push(w);
      continue;
    }
    const [name, val] = w.includes("=") ? [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)] : [w, undefined];
    if (BOOL_FLAGS.has(name)) {
      const on = val === undefined || val === "true";
      if (name === "--yes" || name === "-y") f.yes = on;
      else if (name === "--force" || name === "-f") f.force = on;
      else if (name === "--dry-run") f.dryRun = on;
    } else if (VALUE_FLAGS.has(name)) {
      if (val === undefined) i++;
    } else {
      f.bad = name.startsWith("--") ? `unknown flag: ${name}` : `unknown shorthand flag: '${name.slice(1, 2)}' in ${name}`;
    }
  }
  return f;
}

// ---- plan ---------------------------------------------------------------------------------------

interface Upgrade {
  description: string;
  target: string;
  kubeadmAfter: string;
}

/** The upgrades GetAvailableUpgrades offers, printing its version lines (offline: kubeadm falls back to its own version). */
function availableUpgrades(ctx: Ctx, cluster: string, offline: string | null): Upgrade[] {
  const { io } = ctx;
  const cv = cluster.replace(/^v/, "");
  io.out("[upgrade] Fetching available versions to upgrade to\n");
  io.out(`[upgrade/versions] Cluster version: ${cv}\n`);
  io.out(`[upgrade/versions] kubeadm version: ${ctx.kubeadm}\n`);
  // util/version.go: each label fetch from dl.k8s.io times out (getReleaseVersionTimeout, 10 s) and falls back to the client version
  const fetch = (label: string): string => {
    if (offline) return offline;
    const url = `https://dl.k8s.io/release/${label}.txt`;
    ctx.cluster.advance(10_000);
    io.err(klog(ctx, "W", "version.go:104", `could not fetch a Kubernetes version from the internet: unable to get URL "${url}": Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`));
    io.err(klog(ctx, "W", "version.go:105", `falling back to the local client version: ${ctx.kubeadm}`));
    return ctx.kubeadm;
  };
  const stable = fetch("stable");
  io.out(`[upgrade/versions] Target version: ${stable}\n`);
  const ups: Upgrade[] = [];
  let minor = compareVersions(cluster, stable) < 0;
  if (compareVersions(stable, cluster) >= 0) {
    const branch = minorOf(cluster);
    const description = `version in the v${branch} series`;
    const patch = fetch(`stable-${branch}`);
    io.out(`[upgrade/versions] Latest ${description}: ${patch}\n`);
    minor = compareVersions(patch, stable) < 0;
    if (compareVersions(cluster, patch) < 0) ups.push({ description, target: patch, kubeadmAfter: compareVersions(ctx.kubeadm, patch) >= 0 ? ctx.kubeadm : patch });
  }
  if (minor) ups.push({ description: "stable version", target: stable, kubeadmAfter: stable });
  io.out("\n");
  return ups;
}

function printPlan(ctx: Ctx, cluster: string, up: Upgrade): void {
  const { io, cluster: c } = ctx;
  const kubelets = kubeletVersions(c);
  const canKubelets = kubelets.size > 1 || (kubelets.size === 1 && !kubelets.has(up.target));
  const pinned = pinnedFor(ctx.kubeadm);
  io.out("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n");
  const head = ["COMPONENT", "NODE", "CURRENT", "TARGET"];
  const kubeletRows = canKubelets ? sortedKeys(kubelets).flatMap((v) => kubelets.get(v)!.map((n) => ["kubelet", n, v, up.target])) : [];
  io.out(tabwrite([head, ...kubeletRows]));
  io.out(`\nUpgrade to the latest ${up.description}:\n\n`);
  const rows: string[][] = [head];
  for (const comp of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
    const m = componentVersions(c, comp);
    for (const v of sortedKeys(m)) for (const n of m.get(v)!) rows.push([comp, n, v, up.target]);
  }
  rows.push(["kube-proxy", "", cluster.replace(/^v/, ""), up.target]);
  const dns = deployedImageTag(c, "deployments", "coredns");
  if (dns) rows.push(["CoreDNS", "", dns, pinned.coredns]);
  const etcd = componentVersions(c, "etcd");
  for (const v of sortedKeys(etcd)) for (const n of etcd.get(v)!) rows.push(["etcd", n, v, pinned.etcd]);
  io.out(tabwrite(rows));
  io.out(`\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply ${up.target}\n\n`);
  if (up.kubeadmAfter !== ctx.kubeadm) io.out(`Note: Before you can perform this upgrade, you have to update kubeadm to ${up.kubeadmAfter}.\n\n`);
  io.out("_____________________________________________________________________\n\n");
}

function plan(ctx: Ctx, f: Flags): number {
  const { io } = ctx;
  if (f.args.length > 1) {
    io.err(`unexpected arguments: [${f.args.slice(1).join(" ")}]\n${STACK}`);
    return 1;
  }
  const want = f.args[0];
  if (want !== undefined && !parse(want)) {
    io.err(`[upgrade/versions] FATAL: version "${want}" doesn't match patterns for neither semantic version nor labels (stable, latest, ...)\n${STACK}`);
    return 1;
  }
  if (!isControlPlane(ctx.cluster, ctx.host)) return notControlPlane(ctx);
  io.out("[preflight] Running pre-flight checks.\n");
  if (apiDown(ctx)) return 1;
  io.out(CONFIG_LINES.replace(/\[upgrade\]/g, "[upgrade/config]"));
  io.out("[upgrade] Running cluster health checks\n");
  if (!healthCheck(ctx, "[upgrade/health] FATAL: ")) return 1;
  const cluster = clusterVersion(ctx.cluster);
  const ups = availableUpgrades(ctx, cluster, want ? `v${want.replace(/^v/, "")}` : null);
  if (!ups.length) return 0;
  for (const up of ups) printPlan(ctx, cluster, up);
  io.out(
    "\nThe table below shows the current state of component configs as understood by this version of kubeadm.\n" +
      'Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or\n' +
      "resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually\n" +
      'upgrade to is denoted in the "PREFERRED VERSION" column.\n\n',
  );
  io.out(tabwrite([["API GROUP", "CURRENT VERSION", "PREFERRED VERSION", "MANUAL UPGRADE REQUIRED"], ["kubeproxy.config.k8s.io", "v1alpha1", "v1alpha1", "no"], ["kubelet.config.k8s.io", "v1beta1", "v1beta1", "no"]]));
  io.out("_____________________________________________________________________\n\n");
  return 0;
}

// ---- policy -------------------------------------------------------------------------------------

/** phases/upgrade/policy.go EnforceVersionPolicies: [mandatory, skippable] errors. */
export function versionPolicy(target: string, cluster: string, kubeadm: string, kubelets: string[]): [string[], string[]] {
  const t = parse(target)!;
  const c = parse(cluster)!;
  const k = parse(kubeadm)!;
  const mandatory: string[] = [];
  const skippable: string[] = [];
  // constants.MinimumControlPlaneVersion is the previous minor's .0 (v1.34.0 for kubeadm 1.35); upstream's message names the cluster version
  if (compareVersions(`v${k[0]}.${k[1] - 1}.0`, target) >= 0) mandatory.push(`Specified version to upgrade to "${target}" is equal to or lower than the minimum supported version "${cluster}". Please specify a higher version to upgrade to`);
  if (t[1] > c[1] + 1) mandatory.push(`Specified version to upgrade to "${target}" is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (t[1] < c[1] - 1) mandatory.push(`Specified version to downgrade to "${target}" is too low; kubeadm can downgrade only 1 minor version at a time`);
  if (compareVersions(kubeadm, target) < 0) {
    if (t[1] > k[1]) mandatory.push(`Specified version to upgrade to "${target}" is at least one minor release higher than the kubeadm minor release (${t[1]} > ${k[1]}). Such an upgrade is not supported`);
    else skippable.push(`Specified version to upgrade to "${target}" is higher than the kubeadm version "${kubeadm}". Upgrade kubeadm first using the tool you used to install kubeadm`);
  }
  if (k[0] > t[0] || k[1] > t[1]) skippable.push(`Kubeadm version ${kubeadm} can only be used to upgrade to Kubernetes version ${k[0]}.${k[1]}`);
  // MaximumAllowedMinorVersionKubeletSkew = 3 (the kubelet may be up to three minors older than the API server)
  const old = kubelets.filter((v) => parse(v) && t[1] > parse(v)![1] + 3);
  if (old.length) skippable.push(`There are kubelets in this cluster that are too old that have these versions [${old.join(" ")}]`);
  return [mandatory, skippable];
}

// ---- apply / node: the control plane -----------------------------------------------------------

/** Rewrite `image:` tags in a manifest's text; the text unchanged when the tag is already there. */
function retag(text: string, image: string): string {
  return text.replace(/^(\s*image:\s*)(["']?)(\S+?)\2\s*$/m, (_m, pre) => `${pre}${image}`);
}

/** Advance virtual time until the component's Pod runs the new manifest and serves (at most 5 minutes). */
function waitForComponent(ctx: Ctx, component: string, image: string): boolean {
  const { cluster, state } = ctx;
  const pods = res(cluster, "pods");
  for (let t = 0; t <= 300_000; t += 1_000) {
    syncStaticPods(state, ctx.host);
    const p = pods ? cluster.get(pods, "kube-system", `${component}-${ctx.host}`, ADMIN) : null;
    const running = p?.ok && p.value.spec?.containers?.[0]?.image === image && p.value.status?.phase === "Running";
    if (running && !cluster.controlPlane?.down()[component]) return true;
    cluster.advance(1_000);
  }
  return false;
}

/** The static-Pod upgrade of this node's control plane to `target` (phases/upgrade/staticpods.go). */
function upgradeControlPlane(ctx: Ctx, target: string): boolean {
  const { io, state } = ctx;
  const pinned = pinnedFor(ctx.kubeadm);
  const upgraded = `/etc/kubernetes/tmp/kubeadm-upgraded-manifests${tmpSuffix(ctx, "upgraded")}`;
  const backup = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${stamp(ctx)}`;
  io.out(`[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version "${target}" (timeout: 5m0s)...\n`);
  io.out(`[upgrade/staticpods] Writing new Static Pod manifests to "${upgraded}"\n`);
  state.fs.mkdirp(upgraded);
  state.fs.mkdirp(backup);
  const files = Object.entries(COMPONENT_FILES);
  const renew: Record<string, string[]> = {
    etcd: ["etcd-server", "etcd-peer", "etcd-healthcheck-client"],
    "kube-apiserver": ["apiserver", "apiserver-kubelet-client", "front-proxy-client", "apiserver-etcd-client"],
    "kube-controller-manager": ["controller-manager.conf"],
    "kube-scheduler": ["scheduler.conf"],
  };
  for (const component of ORDER) {
    const file = files.find(([, c]) => c === component)?.[0];
    if (!file) continue;
    const path = `${MANIFEST_DIR}/${file}`;
    const cur = state.fs.read(path);
    if (!cur.ok) continue;
    // etcd is never downgraded: kubeadm keeps a newer one (staticpods.go performEtcdStaticPodUpgrade)
    const curTag = imageTag(/^\s*image:\s*["']?(\S+?)["']?\s*$/m.exec(cur.value)?.[1] ?? "");
    const tag = component === "etcd" ? (compareVersions(curTag.replace(/-.*$/, ""), pinned.etcd.replace(/-.*$/, "")) > 0 ? curTag : pinned.etcd) : target;
    const image = `registry.k8s.io/${component}:${tag}`;
    const next = retag(cur.value, image);
    state.fs.write(`${upgraded}/${file}`, next);
    io.out(`[upgrade/staticpods] Preparing for "${component}" upgrade\n`);
    if (next === cur.value) {
      io.out(`[upgrade/staticpods] Current and new manifests of ${component} are equal, skipping upgrade\n`);
      continue;
    }
    for (const r of renew[component]) io.out(`[upgrade/staticpods] Renewing ${r} certificate\n`);
    state.fs.write(`${backup}/${file}`, cur.value);
    state.fs.write(path, next);
    io.out(`[upgrade/staticpods] Moving new manifest to "${path}" and backing up old manifest to "${backup}/${file}"\n`);
    io.out("[upgrade/staticpods] Waiting for the kubelet to restart the component\n[upgrade/staticpods] This can take up to 5m0s\n");
    if (!waitForComponent(ctx, component, image)) {
      io.err(`error execution phase control-plane: couldn't complete the static pod upgrade: fatal error when trying to upgrade the ${component} static pod: timed out waiting for the condition\n${STACK}`);
      return false;
    }
    io.out(`[apiclient] Found 1 Pods for label selector component=${component}\n`);
    io.out(`[upgrade/staticpods] Component "${component}" upgraded successfully!\n`);
    if (component === "etcd") io.out("[upgrade/etcd] Waiting for etcd to become available\n");
  }
  io.out("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!\n");
  return true;
}

/** kubelet-config phase: back up and rewrite /var/lib/kubelet/config.yaml (postupgrade.go WriteKubeletConfigFiles). */
function kubeletConfigPhase(ctx: Ctx): void {
  const { io, state } = ctx;
  const dir = `/etc/kubernetes/tmp/kubeadm-kubelet-config-${stamp(ctx)}`;
  io.err(klog(ctx, "W", "postupgrade.go:105", `Using temporary directory ${dir} for kubelet config. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`));
  io.out(`[upgrade] Backing up kubelet config file to ${dir}/config.yaml\n`);
  const cur = state.fs.read("/var/lib/kubelet/config.yaml");
  state.fs.mkdirp(dir);
  if (cur.ok) state.fs.write(`${dir}/config.yaml`, cur.value);
  io.out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n');
  io.out("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!\n");
}

/** The kubelet env file (postupgrade.go: the kubeadm-flags.env backup and rewrite). */
function kubeletEnvPhase(ctx: Ctx): void {
  const dir = `/etc/kubernetes/tmp/kubeadm-kubelet-env${tmpSuffix(ctx, "env")}`;
  ctx.io.err(klog(ctx, "W", "postupgrade.go:203", `Using temporary directory ${dir} for kubelet env file. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`));
  ctx.io.out(`[upgrade] Backing up kubelet env file to ${dir}/kubeadm-flags.env\n`);
  ctx.io.out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n');
}

/** Set a kube-system workload's first container image (as the addon phase applies CoreDNS and kube-proxy). */
function setImage(c: ClusterApi, resource: string, name: string, image: string): void {
  const r = res(c, resource, "apps");
  const cur = r ? c.get(r, "kube-system", name, ADMIN) : null;
  if (!r || !cur?.ok || cur.value.spec?.template?.spec?.containers?.[0]?.image === image) return;
  const next = JSON.parse(JSON.stringify(cur.value));
  next.spec.template.spec.containers[0].image = image;
  c.update(r, "kube-system", next, ADMIN);
}

/** The addon phase: CoreDNS and kube-proxy, unless another control plane still runs an older API server (phases/upgrade/apply/addons.go). */
function addonPhase(ctx: Ctx, target: string): void {
  const behind = [...componentVersions(ctx.cluster, "kube-apiserver")].filter(([v]) => compareVersions(v, target) < 0).flatMap(([, n]) => n);
  if (behind.length) {
    const msg = `[upgrade/addon] Skipping upgrade of addons because control plane instances [${behind.join(" ")}] have not been upgraded\n`;
    ctx.io.out(msg + msg);
    return;
  }
  setImage(ctx.cluster, "deployments", "coredns", `registry.k8s.io/coredns/coredns:${pinnedFor(ctx.kubeadm).coredns}`);
  setImage(ctx.cluster, "daemonsets", "kube-proxy", `registry.k8s.io/kube-proxy:${target}`);
  ctx.io.out("[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n");
}

/** The prompt without -y: kubeadm reads one line from stdin; anything but y/yes (or end of input) aborts. */
function confirm(ctx: Ctx): boolean {
  ctx.io.out("[upgrade] Are you sure you want to proceed? [y/N]: ");
  const answer = (ctx.io.stdin.split("\n")[0] ?? "").trim().toLowerCase();
  // no terminal echoes an answer: what follows the prompt continues its line, as with kubeadm's stdin piped
  if (answer === "y" || answer === "yes") return true;
  ctx.io.err(`error execution phase preflight: won't proceed; the user didn't answer (Y|y) in order to continue\n${STACK}`);
  return false;
}

function notControlPlane(ctx: Ctx): number {
  ctx.io.err(`couldn't create a Kubernetes client from file "/etc/kubernetes/admin.conf": failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\n${STACK}`);
  return 1;
}

function apply(ctx: Ctx, f: Flags): number {
  const { io, cluster } = ctx;
  if (!f.args.length) {
    io.err(`missing one or more required arguments: [version]\n${STACK}`);
    return 1;
  }
  if (f.args.length > 1) {
    io.err(`unexpected arguments: [${f.args.slice(1).join(" ")}]\n${STACK}`);
    return 1;
  }
  if (!parse(f.args[0])) {
    io.err(`error execution phase preflight: version "${f.args[0]}" doesn't match patterns for neither semantic version nor labels (stable, latest, ...)\n${STACK}`);
    return 1;
  }
  const target = `v${f.args[0].replace(/^v/, "")}`;
  if (!isControlPlane(cluster, ctx.host)) return notControlPlane(ctx);
  if (apiDown(ctx)) return 1;
  io.out(CONFIG_LINES);
  io.out("[upgrade/preflight] Running preflight checks\n");
  io.out("[upgrade] Running cluster health checks\n");
  if (!healthCheck(ctx, "error execution phase preflight: ")) return 1;
  const current = clusterVersion(cluster);
  io.out(`[upgrade/preflight] You have chosen to upgrade the cluster version to "${target}"\n`);
  io.out(`[upgrade/versions] Cluster version: ${current}\n[upgrade/versions] kubeadm version: ${ctx.kubeadm}\n`);
  const [mandatory, skippable] = versionPolicy(target, current, ctx.kubeadm, [...kubeletVersions(cluster).keys()]);
  const list = (errs: string[]) => errs.map((e) => `\t- ${e}\n`).join("");
  if (mandatory.length) {
    io.err(`error execution phase preflight: the version argument is invalid due to these fatal errors:\n\n${list(mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again\n${STACK}`);
    return 1;
  }
  if (skippable.length) {
    if (!f.force) {
      io.err(`error execution phase preflight: the version argument is invalid due to these errors:\n\n${list(skippable)}\nCan be bypassed if you pass the --force flag\n${STACK}`);
      return 1;
    }
    io.out(`[upgrade/version] Found ${skippable.length} potential version compatibility errors but skipping since the --force flag is set: \n\n${list(skippable)}`);
  }
  if (!f.yes && !f.force && !f.dryRun && !confirm(ctx)) return 1;
  io.out("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster\n[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection\n[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n");
  if (!upgradeControlPlane(ctx, target)) return 1;
  const cms = res(cluster, "configmaps");
  const fresh = cms ? cluster.get(cms, "kube-system", "kubeadm-config", ADMIN) : null;
  if (cms && fresh?.ok && configuredVersion(fresh.value) !== target) cluster.update(cms, "kube-system", withConfiguredVersion(fresh.value, target), ADMIN);
  else if (cms && !fresh?.ok) cluster.create(cms, "kube-system", withConfiguredVersion(readConfig(ctx), target), ADMIN);
  io.out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace\n');
  io.out('[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster\n');
  io.out("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!\n");
  kubeletConfigPhase(ctx);
  io.out("[upgrade/bootstrap-token] Configuring bootstrap token and cluster-info RBAC rules\n");
  io.out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes\n");
  io.out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials\n");
  io.out("[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token\n");
  io.out("[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster\n");
  addonPhase(ctx, target);
  kubeletEnvPhase(ctx);
  io.out(`\n[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${target}".\n\n[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n`);
  return 0;
}

function node(ctx: Ctx, f: Flags): number {
  const { io, cluster } = ctx;
  if (f.args.length) {
    io.err(`unknown command "${f.args[0]}" for "kubeadm upgrade node"\n${STACK}`);
    return 1;
  }
  if (apiDown(ctx)) return 1;
  const cm = readConfig(ctx);
  io.out(CONFIG_LINES);
  io.out("[upgrade/preflight] Running pre-flight checks\n");
  const cp = isControlPlane(cluster, ctx.host);
  if (cp) {
    const target = configuredVersion(cm) || clusterVersion(cluster);
    io.out("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster\n[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection\n[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n");
    if (!upgradeControlPlane(ctx, target)) return 1;
    io.out("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!\n");
    kubeletConfigPhase(ctx);
    addonPhase(ctx, target);
  } else {
    io.out("[upgrade/preflight] Skipping prepull. Not a control plane node.\n");
    io.out("[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
    io.out("[upgrade/kubeconfig] Skipping phase. Not a control plane node.\n");
    kubeletConfigPhase(ctx);
    io.out("[upgrade/addon] Skipping the addon/coredns phase. Not a control plane node.\n");
    io.out("[upgrade/addon] Skipping the addon/kube-proxy phase. Not a control plane node.\n");
  }
  kubeletEnvPhase(ctx);
  return 0;
}

const UPGRADE_HELP = `Upgrade your cluster smoothly to a newer version with this command

Usage:
  kubeadm upgrade [flags]
  kubeadm upgrade [command]

Available Commands:
  apply       Upgrade your Kubernetes cluster to the specified version
  diff        Show what differences would be applied to existing static pod manifests. See also: kubeadm upgrade apply --dry-run
  node        Upgrade commands for a node in the cluster
  plan        Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.

Flags:
  -h, --help   help for upgrade

Global Flags:
      --add-dir-header           If true, adds the file directory to the header of the log messages
      --log-file string          If non-empty, use this log file (no effect when -logtostderr=true)
      --log-file-max-size uint   Defines the maximum size a log file can grow to (no effect when -logtostderr=true). Unit is megabytes. If the value is 0, the maximum file size is unlimited. (default 1800)
      --one-output               If true, only write logs to their native severity level (vs also writing to each lower severity level; no effect when -logtostderr=true)
      --rootfs string            The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path.
      --skip-headers             If true, avoid header prefixes in the log messages
      --skip-log-headers         If true, avoid headers when opening log files (no effect when -logtostderr=true)
  -v, --v Level                  number for the log level verbosity

Use "kubeadm upgrade [command] --help" for more information about a command.
`;

/** kubeadm upgrade SUB … (argv[0] = "kubeadm", argv[1] = "upgrade"). */
export function kubeadmUpgrade(argv: string[], io: CmdIO, state: ShellState, cluster: ClusterApi, kubeadmVersion: string): number {
  const sub = argv[2];
  if (!sub || sub === "-h" || sub === "--help") {
    io.out(UPGRADE_HELP);
    return 0;
  }
  const f = parseFlags(argv.slice(3));
  if (f.bad) {
    io.err(`${f.bad}\n${STACK}`);
    return 1;
  }
  const ctx: Ctx = { io, state, cluster, host: state.hostname, kubeadm: gitVersionOf(kubeadmVersion) };
  switch (sub) {
    case "plan":
      return plan(ctx, f);
    case "apply":
      return apply(ctx, f);
    case "node":
      return node(ctx, f);
    case "diff":
      io.err("kubeadm upgrade diff: not simulated (kubeadm upgrade plan and apply are)\n");
      return 1;
    default:
      io.err(`unknown command "${sub}" for "kubeadm upgrade"\n${STACK}`);
      return 1;
  }
}

/**
 * A new shell's kubeadm manifests name the images its control plane runs (a cluster set up at an older
 * version, createCluster kubernetesVersion): called between writing the files and adopting the mirror
 * Pods, so the files and the running Pods agree and nothing restarts.
 */
export function matchManifestImages(state: ShellState, cluster: ClusterApi, host: string): void {
  const pods = res(cluster, "pods");
  // the default cluster runs the images kubeadmStaticPod writes: nothing to compare (shell creation stays as cheap as before)
  if (!pods || !cluster.controlPlane || cluster.version?.() === DEFAULT_K8S_VERSION) return;
  for (const [file, component] of Object.entries(COMPONENT_FILES)) {
    const p = cluster.get(pods, "kube-system", `${component}-${host}`, ADMIN);
    const image = p.ok ? p.value.spec?.containers?.[0]?.image : undefined;
    const path = `${MANIFEST_DIR}/${file}`;
    const cur = state.fs.read(path);
    if (!image || !cur.ok) continue;
    const next = retag(cur.value, image);
    if (next !== cur.value) state.fs.write(path, next);
  }
}
