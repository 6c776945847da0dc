// The quiz item format (content/quizzes/**/*.yaml); see content/quizzes/README.md.
import { z } from "zod";
import { CheckSchema, LocalizedSchema, ParameterSchema, StartSchema } from "#lib/exercise/schema";

export const COMPETENCIES = {
  troubleshooting: ["ts-nodes", "ts-components", "ts-monitor", "ts-logs", "ts-network"],
  "cluster-architecture": ["ca-rbac", "ca-infra", "ca-kubeadm", "ca-lifecycle", "ca-ha", "ca-helm-kustomize", "ca-interfaces", "ca-crd-operators"],
  networking: ["net-pod-connectivity", "net-policy", "net-services", "net-gateway", "net-ingress", "net-coredns"],
  workloads: ["wl-deploy", "wl-config", "wl-autoscale", "wl-selfheal", "wl-scheduling"],
  storage: ["st-classes", "st-types", "st-pv-pvc"],
} as const;
export type QuizDomain = keyof typeof COMPETENCIES;
export const QUIZ_DOMAINS = Object.keys(COMPETENCIES) as QuizDomain[];
export const ALL_COMPETENCIES = Object.values(COMPETENCIES).flat() as string[];
export type Competency = (typeof COMPETENCIES)[QuizDomain][number];

/** The CKA domain a competency belongs to. */
export function domainOf(competency: string): QuizDomain {
  return QUIZ_DOMAINS.find((d) => (COMPETENCIES[d] as readonly string[]).includes(competency))!;
}

/** The lesson domain id (front-matter) of a quiz domain: the lessons write `architecture` for cluster-architecture. */
export const lessonDomainOf = (d: QuizDomain) => (d === "cluster-architecture" ? "architecture" : d);

const IdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "kebab-case id").max(64);

/** A quiz parameter: the exercise kinds, plus `expr`, arithmetic over earlier parameters (see expr.ts). */
export const QuizParameterSchema = z.union([ParameterSchema, z.strictObject({ expr: z.string().min(1).max(200) })]);
export type QuizParameter = z.infer<typeof QuizParameterSchema>;

const OptionSchema = z.strictObject({
  text: LocalizedSchema,
  correct: z.boolean().default(false),
  /** why this option is right or wrong (shown after answering) */
  why: LocalizedSchema,
});

const CodeSchema = z.strictObject({ lang: z.enum(["yaml", "bash", "text", "json"]), text: z.string().min(1).max(4000) });

const base = {
  id: IdSchema,
  competencies: z.array(z.string()).min(1).max(3),
  /** the lesson section that teaches it: slug and the heading id in each language */
  lesson: z.strictObject({ slug: z.string().regex(/^[a-z0-9-]+$/), anchor: LocalizedSchema }),
  difficulty: z.enum(["easy", "medium", "hard"]),
  parameters: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), QuizParameterSchema).default({}),
  stem: LocalizedSchema,
  code: CodeSchema.optional(),
  /** why the right answer is right */
  explanation: LocalizedSchema,
};

export const ItemSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("single"), options: z.array(OptionSchema).min(2).max(6) }),
  z.strictObject({ ...base, type: z.literal("multi"), options: z.array(OptionSchema).min(3).max(8) }),
  z.strictObject({ ...base, type: z.literal("order"), steps: z.array(LocalizedSchema).min(3).max(8) }),
  z.strictObject({ ...base, type: z.literal("match"), pairs: z.array(z.strictObject({ left: LocalizedSchema, right: LocalizedSchema })).min(3).max(8) }),
  z.strictObject({
    ...base,
    type: z.literal("short"),
    /** accepted answers after normalisation (trim, collapse spaces, case-folded unless caseSensitive) */
    accept: z.array(z.string().min(1)).min(1).max(20),
    caseSensitive: z.boolean().default(false),
    placeholder: LocalizedSchema.optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("numeric"),
    /** a number or a {{parameter}} */
    answer: z.union([z.number(), z.string()]),
    tolerance: z.number().min(0).default(0),
    unit: LocalizedSchema.optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("predict"),
    // `code` holds the manifest and the command; the learner picks (options) or types (accept) the output.
    options: z.array(OptionSchema).min(2).max(6).optional(),
    accept: z.array(z.string().min(1)).min(1).max(20).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("command"),
    start: StartSchema,
    checks: z.array(CheckSchema).min(1).max(10),
    /** a reference answer (one command line or a YAML manifest applied with kubectl apply -f) that must pass */
    solution: z.string().min(1).max(8000),
    /** a plausible wrong answer that must fail */
    wrong: z.string().min(1).max(8000),
    /** the learner writes YAML (applied as a file) instead of a command line */
    yaml: z.boolean().default(false),
  }),
]);
export type Item = z.infer<typeof ItemSchema>;
export type ItemType = Item["type"];
export const ITEM_TYPES = ["single", "multi", "order", "match", "short", "numeric", "predict", "command"] as const;

/** A bank file: a list of items. */
export const BankSchema = z.array(ItemSchema).min(1).max(200);
