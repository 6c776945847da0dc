// The exercise file format (content/lessons/NN-slug/exercises/<id>.yaml); see FORMAT.md.
import { z } from "zod";

export const LocalizedSchema = z.strictObject({ ko: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof LocalizedSchema>;

const IdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "kebab-case id").max(64);
const Scalar = z.union([z.string(), z.number()]);
/** A templated scalar: a number, or a string that may hold {{param}} placeholders. */
const TScalar = z.union([z.string(), z.number()]);

export const ParameterSchema = z.union([
  z.strictObject({ pick: z.array(Scalar).min(1).max(50) }),
  z.strictObject({ int: z.tuple([z.number().int(), z.number().int()]) }),
  z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/) }),
  z.strictObject({ value: Scalar }),
]);
export type Parameter = z.infer<typeof ParameterSchema>;

const TaintSchema = z.strictObject({ key: z.string(), value: z.string().optional(), effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]) });

export const NodeSpecSchema = z.strictObject({
  name: z.string(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  pods: z.number().int().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  taints: z.array(TaintSchema).optional(),
  controlPlane: z.boolean().optional(),
});

export const ImageSpecSchema = z.strictObject({
  repo: z.string(),
  tags: z.array(z.string()).min(1),
  sizeBytes: z.number().int().positive(),
  cmd: z.array(z.string()),
  kind: z.enum(["server", "shell"]),
  ports: z.array(z.number().int()),
  startupMs: z.number().int().min(0),
  memBytes: z.number().int().min(0),
  cpuMilli: z.number().min(0),
  files: z.record(z.string(), z.string()).optional(),
  http: z.string().optional(),
  startLog: z.array(z.string()).optional(),
});

export const FaultSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("wrong-image"), namespace: z.string(), deployment: z.string(), image: z.string(), container: z.string().optional() }),
  z.strictObject({ type: z.literal("broken-selector"), namespace: z.string(), service: z.string(), selector: z.record(z.string(), z.string()) }),
  z.strictObject({ type: z.literal("wrong-target-port"), namespace: z.string(), service: z.string(), targetPort: TScalar }),
  z.strictObject({ type: z.literal("taint-node"), node: z.string(), key: z.string(), value: z.string().optional(), effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]) }),
  z.strictObject({ type: z.literal("cordon-node"), node: z.string() }),
  z.strictObject({ type: z.literal("stop-kubelet"), node: z.string() }),
  /** an HA control-plane node powered off (lib/sim ha.ts): its kubelet and control-plane instances stop */
  z.strictObject({ type: z.literal("power-off"), node: z.string() }),
  // a machine that is not a Node yet (lib/sim hosts.ts): swap on, ip_forward 0, containerd stopped, kubeadm/kubelet/kubectl installed
  z.strictObject({ type: z.literal("unjoined-node"), node: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), containerdRunning: z.boolean().optional(), swap: z.boolean().optional() }),
  z.strictObject({
    type: z.literal("failing-probe"), namespace: z.string(), deployment: z.string(), probe: z.enum(["readiness", "liveness"]),
    port: TScalar.optional(), path: z.string().optional(), container: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("scale"), namespace: z.string(), deployment: z.string(), replicas: TScalar }),
  z.strictObject({ type: z.literal("delete"), resource: z.string(), namespace: z.string().optional(), name: z.string() }),
  z.strictObject({ type: z.literal("label-node"), node: z.string(), labels: z.record(z.string(), z.string().nullable()) }),
  z.strictObject({ type: z.literal("advance"), seconds: z.number().int().min(1).max(3600) }),
]);
export type Fault = z.infer<typeof FaultSchema>;

/** One entry of a command log or a solution: a shell line, a file save, a kubectl-edit finish, or time. */
export const LogEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({ save: z.string().min(1), content: z.string() }),
  z.strictObject({ edit: z.string().nullable() }),
  z.strictObject({ advance: z.number().int().min(1).max(600) }),
  z.strictObject({ untilIdle: z.literal(true) }),
]);
export type SolutionEntry = z.infer<typeof LogEntrySchema>;

const FieldExpectSchema = z.strictObject({
  path: z.string().min(1),
  equals: TScalar.optional(),
  matches: z.string().optional(),
  contains: TScalar.optional(),
  exists: z.literal(true).optional(),
  absent: z.literal(true).optional(),
});
export type FieldExpect = z.infer<typeof FieldExpectSchema>;

const checkBase = {
  id: IdSchema,
  title: LocalizedSchema,
  weight: z.number().int().min(1).max(10).default(1),
  explain: LocalizedSchema.optional(),
  /**
   * What this check gives on the untouched starting state. "pass" is for a guard the learner must keep
   * ("the Deployment is unchanged") or evidence already in the cluster; the task text must agree with it.
   * The exercise tests compare it with the real start for several seeds.
   */
  atStart: z.enum(["pass", "fail"]).default("fail"),
};

export const CheckSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...checkBase, type: z.literal("object"), resource: z.string(), namespace: z.string().optional(), name: z.string(), fields: z.array(FieldExpectSchema).optional(), absent: z.literal(true).optional() }),
  z.strictObject({ ...checkBase, type: z.literal("pods-ready"), namespace: z.string(), selector: z.string(), count: TScalar.optional(), min: TScalar.optional(), node: z.string().optional(), notNode: z.string().optional() }),
  z.strictObject({ ...checkBase, type: z.literal("service-routes"), namespace: z.string(), service: z.string(), port: TScalar, selector: z.string().optional() }),
  z.strictObject({ ...checkBase, type: z.literal("curl"), from: z.string(), url: z.string(), status: TScalar.optional(), bodyContains: z.string().optional() }),
  z.strictObject({ ...checkBase, type: z.literal("event"), namespace: z.string().optional(), reason: z.string(), kind: z.string().optional(), name: z.string().optional(), messageContains: z.string().optional() }),
  z.strictObject({ ...checkBase, type: z.literal("rollout-undone"), namespace: z.string(), deployment: z.string(), image: z.string() }),
  z.strictObject({ ...checkBase, type: z.literal("secret-mounted"), namespace: z.string(), selector: z.string(), secret: z.string(), mountPath: z.string().optional(), notInEnv: z.literal(true).optional() }),
  z.strictObject({ ...checkBase, type: z.literal("node-cordoned"), node: z.string(), cordoned: z.boolean().default(true) }),
  z.strictObject({ ...checkBase, type: z.literal("node-ready"), node: z.string() }),
  // host: the machine whose disk holds the file (a node of the cluster; default the host the shell starts on)
  z.strictObject({ ...checkBase, type: z.literal("file"), path: z.string(), host: z.string().optional(), contains: z.string().optional(), matches: z.string().optional(), snapshot: z.literal(true).optional() }),
  z.strictObject({ ...checkBase, type: z.literal("image"), namespace: z.string(), selector: z.string(), image: z.string() }),
]);
export type Check = z.infer<typeof CheckSchema>;

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export const DOMAINS = ["architecture", "workloads", "networking", "storage", "troubleshooting"] as const;

export const StartSchema = z.strictObject({
  preset: z.enum(["cka", "single", "ha"]).default("cka"),
  nodes: z.array(NodeSpecSchema).min(1).max(10).optional(),
  addons: z.strictObject({ ingressController: z.boolean().optional(), metricsServer: z.boolean().optional(), defaultStorageClass: z.boolean().optional(), networkPolicies: z.boolean().optional() }).optional(),
  images: z.array(ImageSpecSchema).max(10).optional(),
  manifests: z.string().max(100_000).optional(),
  faults: z.array(FaultSchema).max(20).default([]),
  setup: z.array(z.string()).max(50).default([]),
  files: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  /** the version kubeadm set the cluster up at (lib/sim createCluster kubernetesVersion): an older cluster to upgrade */
  kubernetesVersion: z.enum(["v1.34.3", "v1.35.0"]).optional(),
});
export type Start = z.infer<typeof StartSchema>;

/** Seconds an exercise's checks let the cluster settle unless the exercise says otherwise (ExerciseSchema.settle). */
export const DEFAULT_SETTLE_SECONDS = 60;

export const ExerciseSchema = z
  .strictObject({
    id: IdSchema,
    title: LocalizedSchema,
    difficulty: z.enum(DIFFICULTIES),
    domain: z.enum(DOMAINS),
    minutes: z.number().int().min(1).max(60).optional(),
    parameters: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), ParameterSchema).default({}),
    task: LocalizedSchema,
    start: StartSchema,
    hints: z.array(LocalizedSchema).max(10).default([]),
    solution: z.array(LogEntrySchema).min(1).max(100),
    checks: z.array(CheckSchema).min(1).max(30),
    /**
     * Seconds of virtual time the cluster may settle before the checks are evaluated (default
     * DEFAULT_SETTLE_SECONDS; 0: as the learner left it). Learner sessions run in real time, so a correct
     * solution may still be rolling out when graded; the checks see a settled copy, the learner's cluster is
     * untouched (checks.ts grade).
     */
    settle: z.number().int().min(0).max(600).optional(),
  })
  .superRefine((ex, ctx) => {
    const ids = new Set<string>();
    for (const c of ex.checks) {
      if (ids.has(c.id)) ctx.addIssue({ code: "custom", message: `duplicate check id ${c.id}`, path: ["checks"] });
      ids.add(c.id);
    }
    const names = Object.keys(ex.parameters);
    const unknown = new Set<string>();
    const scan = (v: unknown) => {
      if (typeof v === "string") {
        for (const m of v.matchAll(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g)) if (!names.includes(m[1])) unknown.add(m[1]);
      } else if (Array.isArray(v)) v.forEach(scan);
      else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => (scan(k), scan(x)));
    };
    scan({ ...ex, parameters: undefined });
    names.forEach((n, i) => {
      const p = ex.parameters[n];
      const later = names.slice(i);
      for (const s of JSON.stringify(p).matchAll(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g)) {
        if (!names.includes(s[1])) unknown.add(s[1]);
        else if (later.includes(s[1])) ctx.addIssue({ code: "custom", message: `parameter ${n} uses ${s[1]} before it is drawn`, path: ["parameters", n] });
      }
    });
    for (const u of unknown) ctx.addIssue({ code: "custom", message: `unknown placeholder {{${u}}}`, path: [] });
  });
export type Exercise = z.infer<typeof ExerciseSchema>;

/** The test data beside an exercise: a plausible wrong solution and the check it must fail. */
export const WrongSolutionSchema = z.strictObject({
  description: z.string().optional(),
  solution: z.array(LogEntrySchema).min(1).max(100),
  fails: IdSchema,
});
export type WrongSolution = z.infer<typeof WrongSolutionSchema>;
