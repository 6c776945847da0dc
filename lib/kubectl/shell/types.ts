import type { ClusterApi } from "../cluster-api";
import type { VirtualFs } from "./vfs";

/** What a command line produced. `output` is stdout and stderr interleaved as a terminal shows them. */
export interface RunResult {
  stdout: string;
  stderr: string;
  output: string;
  exitCode: number;
  /** set when the command hands a file to the UI's editor (vi, nano, kubectl edit) */
  editor?: EditorRequest;
}

export interface EditorRequest {
  kind: "file" | "kubectl-edit";
  /** absolute path in the virtual file system */
  path: string;
  content: string;
  editor: string;
}

/** A kubeconfig user entry set with `kubectl config set-credentials` (paths are absolute; *Data hold embedded files). */
export interface KubeUser {
  name: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
}

/** One kubeconfig context. */
export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** Output sink for one command in a pipeline. */
export interface CmdIO {
  stdin: string;
  out(s: string): void;
  err(s: string): void;
}

export interface PendingEdit {
  path: string;
  original: string;
  namespace: string | undefined;
  context: string;
  outputFormat: "yaml" | "json";
  /** the last save failed and the editor was reopened with its errors (kubectl's containsError) */
  containsError?: boolean;
  /** the text of that failed save */
  edited?: string;
  /** --record: the change-cause the saved object gets (editoptions.go visitAnnotation, o.Recorder.Record) */
  changeCause?: string;
}

/** One host's disk and what its kubelet read at its last start. */
export interface HostFs {
  fs: VirtualFs;
  /** the staticPodPath the host's kubelet runs with (its /var/lib/kubelet/config.yaml when it last started) */
  staticPodPath: string | null;
  /** seeded before the host joined the cluster: kubeadm join's files are written when it has */
  unjoined?: boolean;
}

/** The state a command can see and change. */
export interface ShellState {
  /** the current host's file system (hosts.get(hostKey).fs) */
  fs: VirtualFs;
  /** every host's file system the shell has been on, by host key "<cluster>/<host>" (host-fs.ts) */
  hosts: Map<string, HostFs>;
  /** the key of the current host */
  hostKey: string;
  /** the key of the host the shell started on (the learner's home directory lives there) */
  homeKey: string;
  /** where each `ssh` hop came from (host key and cwd), parallel to sshStack */
  sshFrom: { key: string; cwd: string }[];
  env: Map<string, string>;
  cwd: string;
  home: string;
  user: string;
  hostname: string;
  aliases: Map<string, string>;
  /** shell functions defined in this session: name -> the source text of its body (compound.ts) */
  functions?: Map<string, string>;
  lastExit: number;
  contexts: KubeContext[];
  /** kubeconfig users added with `kubectl config set-credentials` (kubectl/credentials.ts) */
  kubeUsers?: KubeUser[];
  currentContext: string;
  clusters: Map<string, ClusterApi>;
  /** set by a command that wants the UI editor */
  editor?: EditorRequest;
  pendingEdit?: PendingEdit;
  /** counts cluster-changing commands, so after-command syncs can skip idle commands */
  clusterCalls: number;
  /** fs generation and clusterCalls at the last after-command sync */
  lastSync?: { fs: number; calls: number };
  /** mirror pods created from static Pod manifests: "<host key>|ns/name" -> manifest hash (static-pods.ts) */
  staticPods: Map<string, string>;
  /** hosts left by `ssh` (the current host is `hostname`) */
  sshStack: string[];
  /** set while an interactive `kubectl exec -it POD -- sh` session is open */
  attached?: { context: string; namespace: string; pod: string; container: string; rm?: boolean };
  history: string[];
  /** the caller's deadline for the current entry (lib/exercise sets it per entry): once true, loops throw SimulationStopped */
  shouldStop?: (() => boolean) | null;
}

export type Command = (argv: string[], io: CmdIO, state: ShellState) => number;
