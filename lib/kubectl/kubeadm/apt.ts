// apt on a kubeadm node, for the Kubernetes packages from pkgs.k8s.io (kubeadm, kubelet, kubectl):
// apt-get update, apt-cache madison/policy, apt-mark hold/unhold/showhold, apt-get install PKG=VER,
// apt list --installed. The node's package state lives in the cluster (lib/sim node-versions.ts);
// the repository channel comes from /etc/apt/sources.list.d/kubernetes.list as the install docs
// write it ("Changing the Kubernetes package repository": one minor version per source line).
// Messages as apt prints them (apt-private/private-install.cc, apt-mark.cc, private-madison.cc).
import { CHANNELS, DEB_REVISION, K8S_PACKAGES, compareVersions, type K8sPackage, type NodePackages } from "../../sim/node-versions";
import type { ClusterApi } from "../cluster-api";
import type { CmdIO, ShellState } from "../shell/types";

export const APT_SOURCE = "/etc/apt/sources.list.d/kubernetes.list";
const PKGS = "https://pkgs.k8s.io/core:/stable:";
const CDN = "https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:";
const READING = "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n";

/** The apt source line for a minor channel, as the install docs write it. */
export function aptSourceLine(minor: string): string {
  return `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] ${PKGS}/v${minor}/deb/ /\n`;
}

interface Node {
  cluster: ClusterApi;
  node: string;
  pkgs: NodePackages;
}

/** The current host's packages, or null (with apt's words) when the cluster has no node state. */
export function nodeOf(state: ShellState): Node | null {
  const cluster = state.clusters.get(state.currentContext);
  const pkgs = cluster?.nodePackages?.(state.hostname) ?? null;
  return cluster && pkgs ? { cluster, node: state.hostname, pkgs } : null;
}

function save(n: Node) {
  n.cluster.setNodePackages?.(n.node, n.pkgs);
}

/** The minor channel the source file names, or null when it names none. */
function sourceMinor(state: ShellState): string | null {
  const r = state.fs.read(APT_SOURCE);
  if (!r.ok) return null;
  for (const line of r.value.split("\n")) {
    const m = /^\s*deb\s.*pkgs\.k8s\.io\/core:\/stable:\/v(\d+\.\d+)\/deb\/?\s/.exec(line + " ");
    if (m) return m[1];
  }
  return null;
}

/** Versions the fetched lists offer for the Kubernetes packages, newest first. */
function available(n: Node): string[] {
  return [...(CHANNELS[n.pkgs.listsMinor] ?? [])].reverse().map((v) => v + DEB_REVISION);
}

function isK8s(name: string): name is K8sPackage {
  return (K8S_PACKAGES as readonly string[]).includes(name);
}

function noNode(io: CmdIO, cmd: string): number {
  io.err(`${cmd}: this host has no Kubernetes packages to manage in the simulator\n`);
  return 100;
}

/** apt-get / apt: update, install. */
export function aptGet(argv: string[], io: CmdIO, state: ShellState): number {
  const name = argv[0];
  const words = argv.slice(1);
  const verb = words.find((w) => !w.startsWith("-"));
  if (name === "apt" && verb === "list") return aptList(words, io, state);
  const n = nodeOf(state);
  if (!verb) {
    io.err("E: Invalid operation \n");
    io.out(`Usage: ${name} [options] command\n`);
    return 100;
  }
  if (!n) return noNode(io, name);
  if (verb === "update") {
    const minor = sourceMinor(state);
    if (minor && CHANNELS[minor]) {
      const changed = minor !== n.pkgs.listsMinor;
      io.out(`${changed ? "Get" : "Hit"}:1 ${CDN}/v${minor}/deb  InRelease\n`);
      n.pkgs.listsMinor = minor;
      save(n);
    } else if (minor) {
      // a channel pkgs.k8s.io does not (yet) have
      io.out(`Ign:1 ${CDN}/v${minor}/deb  InRelease\nErr:2 ${CDN}/v${minor}/deb  Release\n  404  Not Found\n`);
      io.out("Reading package lists... Done\n");
      io.err(`E: The repository '${PKGS}/v${minor}/deb  Release' does not have a Release file.\nN: Updating from such a repository can't be done securely, and is therefore disabled by default.\nN: See apt-secure(8) manpage for repository creation and user configuration details.\n`);
      return 100;
    }
    io.out("Reading package lists... Done\n");
    return 0;
  }
  if (verb === "install" || verb === "upgrade") return install(words.slice(words.indexOf(verb) + 1), words, io, n);
  io.err(`E: Invalid operation ${verb}\n`);
  return 100;
}

/** apt-get install [-y] [--allow-change-held-packages] [--allow-downgrades] PKG[=VER]… */
function install(rest: string[], words: string[], io: CmdIO, n: Node): number {
  const yes = words.some((w) => w === "--yes" || w === "--assume-yes" || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(w));
  const allowHeld = words.includes("--allow-change-held-packages");
  const allowDown = words.includes("--allow-downgrades");
  const targets = rest.filter((w) => !w.startsWith("-"));
  io.out(READING);
  const plan: { pkg: K8sPackage; from: string; to: string }[] = [];
  const already: string[] = [];
  for (const t of targets) {
    const eq = t.indexOf("=");
    const pkg = eq < 0 ? t : t.slice(0, eq);
    const want = eq < 0 ? null : t.slice(eq + 1);
    if (!isK8s(pkg)) {
      io.err(`E: Unable to locate package ${pkg}\n`);
      return 100;
    }
    const offer = available(n);
    let to: string | undefined;
    if (want === null) to = offer[0] ?? n.pkgs.installed[pkg];
    else if (want.includes("*")) {
      const re = new RegExp(`^${want.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
      to = offer.find((v) => re.test(v)) ?? (re.test(n.pkgs.installed[pkg]) ? n.pkgs.installed[pkg] : undefined);
    } else to = offer.includes(want) || want === n.pkgs.installed[pkg] ? want : undefined;
    if (!to) {
      io.err(`E: Version '${want}' for '${pkg}' was not found\n`);
      return 100;
    }
    if (to === n.pkgs.installed[pkg]) already.push(`${pkg} is already the newest version (${to}).\n`);
    else plan.push({ pkg, from: n.pkgs.installed[pkg], to });
  }
  for (const a of already) io.out(a);
  const planned = new Set(plan.map((p) => p.pkg));
  const notUpgraded = K8S_PACKAGES.filter((p) => !planned.has(p) && available(n).some((v) => compareVersions(v, n.pkgs.installed[p]) > 0)).length;
  const up = plan.filter((p) => compareVersions(p.to, p.from) > 0);
  const down = plan.filter((p) => compareVersions(p.to, p.from) < 0);
  const held = plan.filter((p) => n.pkgs.held.includes(p.pkg));
  if (held.length) io.out(`The following held packages will be changed:\n  ${held.map((p) => p.pkg).join(" ")}\n`);
  if (up.length) io.out(`The following packages will be upgraded:\n  ${up.map((p) => p.pkg).join(" ")}\n`);
  if (down.length) io.out(`The following packages will be DOWNGRADED:\n  ${down.map((p) => p.pkg).join(" ")}\n`);
  io.out(`${up.length} upgraded, 0 newly installed, ${down.length} downgraded, 0 to remove and ${notUpgraded} not upgraded.\n`.replace(", 0 downgraded", ""));
  if (!plan.length) return 0;
  if (held.length && !allowHeld) {
    if (yes) {
      io.err("E: Held packages were changed and -y was used without --allow-change-held-packages.\n");
      return 100;
    }
  }
  if (down.length && yes && !allowDown) {
    io.err("E: Packages were downgraded and -y was used without --allow-downgrades.\n");
    return 100;
  }
  if (!yes) {
    // the shell has no terminal to answer the prompt: apt reads end-of-file and aborts
    io.out("Do you want to continue? [Y/n] Abort.\n");
    return 1;
  }
  for (const p of plan) io.out(`Preparing to unpack .../${p.pkg}_${p.to}_amd64.deb ...\nUnpacking ${p.pkg} (${p.to}) over (${p.from}) ...\n`);
  for (const p of plan) {
    io.out(`Setting up ${p.pkg} (${p.to}) ...\n`);
    n.pkgs.installed[p.pkg] = p.to;
  }
  save(n);
  return 0;
}

/** apt list --installed | --upgradable (the Kubernetes packages). */
function aptList(words: string[], io: CmdIO, state: ShellState): number {
  const n = nodeOf(state);
  io.err("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n");
  io.out("Listing... Done\n");
  if (!n) return 0;
  const newest = available(n)[0];
  const upgradable = words.includes("--upgradable");
  const names = words.filter((w) => !w.startsWith("-") && w !== "list");
  for (const p of K8S_PACKAGES) {
    if (names.length && !names.some((g) => new RegExp(`^${g.replace(/\*/g, ".*")}$`).test(p))) continue;
    const v = n.pkgs.installed[p];
    const up = newest && compareVersions(newest, v) > 0;
    if (upgradable) {
      if (up) io.out(`${p}/unknown ${newest} amd64 [upgradable from: ${v}]\n`);
    } else io.out(`${p}/unknown,now ${v} amd64 [installed${up ? `,upgradable to: ${newest}` : ""}]\n`);
  }
  return 0;
}

/** apt-cache madison PKG… / apt-cache policy PKG. */
export function aptCache(argv: string[], io: CmdIO, state: ShellState): number {
  const verb = argv[1];
  const names = argv.slice(2).filter((w) => !w.startsWith("-"));
  const n = nodeOf(state);
  if (verb !== "madison" && verb !== "policy") {
    io.err(`E: Invalid operation ${verb ?? ""}\n`);
    return 100;
  }
  if (!n) return noNode(io, "apt-cache");
  const src = `${PKGS}/v${n.pkgs.listsMinor}/deb`;
  for (const pkg of names) {
    if (!isK8s(pkg)) {
      if (verb === "madison") io.err(`N: Unable to locate package ${pkg}\n`);
      continue;
    }
    const offer = available(n);
    if (verb === "madison") {
      // private-madison.cc: setw(10) name, " | ", setw(10) version, " | ", the index's description
      for (const v of offer) io.out(`${pkg.padStart(10)} | ${v.padStart(10)} | ${src}  Packages\n`);
      continue;
    }
    const inst = n.pkgs.installed[pkg];
    io.out(`${pkg}:\n  Installed: ${inst}\n  Candidate: ${n.pkgs.held.includes(pkg) ? inst : (offer[0] ?? inst)}\n  Version table:\n`);
    const rows = [...new Set([...offer, inst])].sort((a, b) => compareVersions(b, a));
    for (const v of rows) {
      io.out(`${v === inst ? " *** " : "     "}${v} 500\n`);
      if (offer.includes(v)) io.out(`        500 ${src}  Packages\n`);
      if (v === inst) io.out("        100 /var/lib/dpkg/status\n");
    }
  }
  return 0;
}

/** apt-mark hold|unhold|showhold PKG… (apt-mark.cc DoHold). */
export function aptMark(argv: string[], io: CmdIO, state: ShellState): number {
  const verb = argv[1];
  const names = argv.slice(2).filter((w) => !w.startsWith("-"));
  const n = nodeOf(state);
  if (!n) return noNode(io, "apt-mark");
  if (verb === "showhold") {
    for (const h of [...n.pkgs.held].sort()) io.out(`${h}\n`);
    return 0;
  }
  if (verb !== "hold" && verb !== "unhold") {
    io.err(`E: Invalid operation ${verb ?? ""}\n`);
    return 100;
  }
  if (!names.length) {
    io.err("E: No packages found\n");
    return 100;
  }
  for (const p of names) {
    if (!isK8s(p)) {
      io.err(`E: Unable to locate package ${p}\n`);
      return 100;
    }
  }
  for (const p of names) {
    const on = n.pkgs.held.includes(p);
    if (verb === "hold") {
      io.out(on ? `${p} was already set on hold.\n` : `${p} set on hold.\n`);
      if (!on) n.pkgs.held.push(p);
    } else {
      io.out(on ? `Canceled hold on ${p}.\n` : `${p} was already not on hold.\n`);
      n.pkgs.held = n.pkgs.held.filter((h) => h !== p);
    }
  }
  save(n);
  return 0;
}
