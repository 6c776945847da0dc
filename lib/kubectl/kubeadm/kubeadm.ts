// kubeadm and kubelet binaries on a kubeadm node: their version is the installed package's
// (lib/sim node-versions.ts, changed by apt-get install). `kubeadm version` as
// cmd/kubeadm/app/cmd/version.go RunVersion prints it (%#v of apimachinery version.Info, whose
// Emulation*/MinCompatibility* fields component-base/version.Get leaves empty); `kubelet --version`
// as component-base/version/verflag prints it ("Kubernetes v1.35.0").
import { gitVersionOf } from "../../sim/node-versions";
import type { CmdIO, ShellState } from "../shell/types";
import { nodeOf } from "./apt";
import { kubeadmUpgrade } from "./upgrade";
import { kubeadmCerts } from "./certs";
import { kubeadmJoin, kubeadmReset } from "./join";
import { kubeadmToken } from "./token";

/** Build facts of released binaries (as their `kubeadm version` prints them). */
const BUILDS: Record<string, { commit: string; date: string; go: string }> = {
  "v1.34.3": { commit: "df11db1c0f08fab3c0baee1e5ce6efbf816af7f1", date: "2025-12-09T15:05:15Z", go: "go1.24.11" },
  "v1.35.0": { commit: "66452049f3d692768c39c797b21b793dce80314e", date: "2025-12-17T12:39:26Z", go: "go1.25.5" },
  "v1.35.1": { commit: "8fea90b45245ef5c8ba54e7ae044d3e777c22500", date: "2026-02-10T12:55:17Z", go: "go1.25.6" },
};

function info(gv: string) {
  const [maj, min] = gv.replace(/^v/, "").split(".");
  // builds whose facts the simulator does not carry print empty commit and date rather than invented ones
  const b = BUILDS[gv] ?? { commit: "", date: "", go: gv.startsWith("v1.34") ? "go1.24.11" : "go1.25.5" };
  return { major: maj, minor: min, gitVersion: gv, gitCommit: b.commit, gitTreeState: "clean", buildDate: b.date, goVersion: b.go, compiler: "gc", platform: "linux/amd64" };
}

function kubeadmVersion(argv: string[], io: CmdIO, gv: string): number {
  let out = "";
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-o" || a === "--output") out = argv[++i] ?? "";
    else if (a.startsWith("--output=")) out = a.slice(9);
    else if (a.startsWith("-o") && a.length > 2) out = a.slice(2);
    else {
      io.err(`unknown command "${a}" for "kubeadm version"\nTo see the stack trace of this error execute with --v=5 or higher\n`);
      return 1;
    }
  }
  const v = info(gv);
  switch (out) {
    case "":
      io.out(`kubeadm version: &version.Info{Major:"${v.major}", Minor:"${v.minor}", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"${v.gitVersion}", GitCommit:"${v.gitCommit}", GitTreeState:"${v.gitTreeState}", BuildDate:"${v.buildDate}", GoVersion:"${v.goVersion}", Compiler:"${v.compiler}", Platform:"${v.platform}"}\n`);
      return 0;
    case "short":
      io.out(`${gv}\n`);
      return 0;
    case "json": {
      const o = { clientVersion: { major: v.major, minor: v.minor, emulationMajor: "", emulationMinor: "", minCompatibilityMajor: "", minCompatibilityMinor: "", gitVersion: v.gitVersion, gitCommit: v.gitCommit, gitTreeState: v.gitTreeState, buildDate: v.buildDate, goVersion: v.goVersion, compiler: v.compiler, platform: v.platform } };
      io.out(JSON.stringify(o, null, 2) + "\n");
      return 0;
    }
    case "yaml": {
      // sigs.k8s.io/yaml marshals the JSON keys sorted
      const c = { buildDate: v.buildDate, compiler: v.compiler, emulationMajor: "", emulationMinor: "", gitCommit: v.gitCommit, gitTreeState: v.gitTreeState, gitVersion: v.gitVersion, goVersion: v.goVersion, major: v.major, minCompatibilityMajor: "", minCompatibilityMinor: "", minor: v.minor, platform: v.platform };
      // go-yaml quotes strings that would read back as another type (numbers, timestamps)
      const q = (s: string) => (s === "" || /^[0-9.]+$/.test(s) || /^\d{4}-\d\d-\d\dT/.test(s) ? `"${s}"` : s);
      io.out("clientVersion:\n" + Object.entries(c).map(([k, val]) => `  ${k}: ${q(val)}\n`).join("") + "\n");
      return 0;
    }
    default:
      io.err(`invalid output format: ${out}\nTo see the stack trace of this error execute with --v=5 or higher\n`);
      return 1;
  }
}

/** kubeadm SUBCOMMAND … on the current host. */
export function kubeadm(argv: string[], io: CmdIO, state: ShellState): number {
  const n = nodeOf(state);
  if (!n) {
    io.err("kubeadm: not available in this simulated shell (inspect pods and containers with kubectl; systemctl manages the kubelet)\n");
    return 127;
  }
  const gv = gitVersionOf(n.pkgs.installed.kubeadm);
  const sub = argv[1];
  if (sub === "version") return kubeadmVersion(argv, io, gv);
  if (sub === "upgrade") return kubeadmUpgrade(argv, io, state, n.cluster, n.pkgs.installed.kubeadm);
  if (sub === "token") return kubeadmToken(argv, io, state);
  if (sub === "join") return kubeadmJoin(argv, io, state);
  if (sub === "reset") return kubeadmReset(argv, io, state);
  if (sub === "certs") return kubeadmCerts(argv, io, state);
  io.err(`kubeadm ${sub ?? ""}: not simulated yet (kubeadm version is)\n`.replace("kubeadm : ", "kubeadm: "));
  return 1;
}

/** kubelet --version (the installed binary; the running kubelet is systemd's). */
export function kubeletBinary(argv: string[], io: CmdIO, state: ShellState): number {
  const n = nodeOf(state);
  if (!n || argv[1] !== "--version") {
    io.err("kubelet: not available in this simulated shell (inspect pods and containers with kubectl; systemctl manages the kubelet)\n");
    return 127;
  }
  io.out(`Kubernetes ${gitVersionOf(n.pkgs.installed.kubelet)}\n`);
  return 0;
}
