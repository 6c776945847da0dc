// The exercise server's HTTP contract as the browser sees it (lib/exercise/API.md). Kept here, not
// imported from lib/exercise, so no server module can reach a client bundle.

export type Difficulty = "easy" | "medium" | "hard";

export type FileEntry = { path: string; size: number };

export type ClusterPod = { namespace: string; name: string; phase: string; status: string; ready: string; restarts: number };

export type ClusterView = {
  now: number;
  context: string;
  nodes: { name: string; ready: boolean; roles: string[]; unschedulable: boolean; taints: string[]; pods: ClusterPod[] }[];
  pendingPods: { namespace: string; name: string; status: string }[];
  services: { namespace: string; name: string; type: string; clusterIP: string; ports: string; endpoints: string[] }[];
};

export type FlowStep = { t: number; from: string; to: string; action: string; object: string; detail?: string };

export type CheckResult = { id: string; title: string; passed: boolean; weight: number; explanation?: string };

export type GradeView = { at: string; score: number; passed: boolean; checks: CheckResult[] };

export type AttemptView = {
  attemptId: string;
  exerciseId: string;
  title: string;
  taskMarkdown: string;
  difficulty: Difficulty;
  domain: string;
  cwd: string;
  files: FileEntry[];
  history: { line: string; exitCode: number }[];
  hintsRevealed: string[];
  hintsTotal: number;
  grades: GradeView[];
  solutionAvailable: boolean;
  view: ClusterView;
  anonymous: boolean;
};

export type EditorRequest = { path: string; content: string; reason: "vi" | "kubectl-edit" };

export type CommandResult = {
  stdout: string;
  stderr: string;
  exitCode: number;
  output?: string;
  cwd?: string;
  files?: FileEntry[];
  editor?: EditorRequest;
  /** a failed `kubectl apply -f FILE`: its errors at lines of FILE */
  fileErrors?: { path: string; errors: { line: number; message: string }[] };
  view: ClusterView;
  trace: FlowStep[];
};

export type SaveFileResult = {
  ok: boolean;
  /** the file was written (vi) or kubectl applied the edit; absent from older servers */
  saved?: boolean;
  errors?: { line: number; message: string }[];
  view: ClusterView;
  output?: string;
  trace?: FlowStep[];
};

export type TranscriptEntry =
  | { kind: "run"; line: string; cwd: string; output: string; stderr: string; exitCode: number }
  | { kind: "save"; path: string; edit: boolean; output: string; stderr: string; exitCode: number };

export type Transcript = { entries: TranscriptEntry[]; omitted: number; complete: boolean };
