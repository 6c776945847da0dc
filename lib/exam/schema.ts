// Mock-exam files: tasks (content/exams/tasks/<id>.yaml = the exercise format + context, weight, competencies),
// blueprints (content/exams/<id>.yaml) and named exams with a fixed task list.
import { z } from "zod";
import { ExerciseSchema, LocalizedSchema, type Exercise } from "#lib/exercise/schema";
import { ALL_COMPETENCIES, QUIZ_DOMAINS, domainOf, type QuizDomain } from "#lib/quiz/schema";

/** A kubeconfig context name as the exam shows it (`kubectl config use-context k8s-c`). */
export const ContextNameSchema = z.string().regex(/^k8s-[a-z]$/, "a context is named k8s-<letter>");

const ExamFieldsSchema = z.strictObject({
  context: ContextNameSchema,
  /** relative weight inside its domain; the exam turns it into points (see generator.ts) */
  weight: z.number().int().min(1).max(20),
  competencies: z.array(z.enum(ALL_COMPETENCIES as [string, ...string[]])).min(1).max(4),
  /**
   * A lesson exercise training the same skill with the same check ids: a check missed in the exam enters the
   * review queue as that exercise's check (lib/data/quiz.ts recordExerciseCheckEvidence), redone there.
   */
  exercise: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).optional(),
});

/** Faults and checks that act on nodes: a context holds at most one task using them in an exam. */
const NODE_FAULTS = new Set(["taint-node", "cordon-node", "stop-kubelet", "label-node", "unjoined-node", "power-off"]);
const NODE_CHECKS = new Set(["node-ready", "node-cordoned"]);
/**
 * An exam task. Tasks that write a node's files (kubeadm manifests, the kubelet's config, the apt source) need no
 * rule of their own: every node of every context has its own files (lib/kubectl/shell/host-fs.ts), reached with
 * `ssh` in that context, as on the real exam.
 */
export type ExamTask = Exercise & z.infer<typeof ExamFieldsSchema> & { examDomain: QuizDomain; touchesNodes: boolean };

/** The lesson domain id of an exam domain (exercise files write `architecture`). */
function lessonDomain(d: QuizDomain): string {
  return d === "cluster-architecture" ? "architecture" : d;
}

/** A task file: the exercise fields (validated by ExerciseSchema) plus the exam's three. */
export const ExamTaskSchema = z.looseObject({}).transform((raw, ctx): ExamTask => {
  const { context, weight, competencies, exercise, ...rest } = raw as Record<string, unknown>;
  const fields = ExamFieldsSchema.safeParse({ context, weight, competencies, ...(exercise !== undefined ? { exercise } : {}) });
  const ex = ExerciseSchema.safeParse(rest);
  for (const i of [...(fields.success ? [] : fields.error.issues), ...(ex.success ? [] : ex.error.issues)]) ctx.addIssue({ ...i, code: "custom", message: i.message });
  if (!fields.success || !ex.success) return z.NEVER;
  const examDomain = domainOf(fields.data.competencies[0]);
  if (lessonDomain(examDomain) !== ex.data.domain) ctx.addIssue({ code: "custom", message: `domain ${ex.data.domain} is not the domain of ${fields.data.competencies[0]} (${examDomain})`, path: ["domain"] });
  // All tasks of a context share its cluster, built from the cka preset (or the ha preset, for a context of HA tasks only).
  if (ex.data.start.nodes || ex.data.start.preset === "single") ctx.addIssue({ code: "custom", message: "exam tasks use start.preset cka or ha (a context's cluster is shared)", path: ["start"] });
  const touchesNodes = ex.data.start.faults.some((f) => NODE_FAULTS.has(f.type)) || ex.data.checks.some((c) => NODE_CHECKS.has(c.type));
  return { ...ex.data, ...fields.data, examDomain, touchesNodes };
});

const DomainSharesSchema = z.strictObject(Object.fromEntries(QUIZ_DOMAINS.map((d) => [d, z.number().int().min(0).max(100)])) as Record<QuizDomain, z.ZodNumber>);

/** A blueprint: how a generated exam is made. */
export const BlueprintSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: LocalizedSchema,
    minutes: z.number().int().min(10).max(240),
    passPercent: z.number().int().min(1).max(100),
    tasks: z.strictObject({ default: z.number().int(), min: z.number().int().min(1), max: z.number().int().max(30) }),
    minContexts: z.number().int().min(1).max(10),
    /** share of the points per domain, in % (sums to 100) */
    domains: DomainSharesSchema,
    /** no task repeated from this many of the learner's latest exams, while the pool allows */
    avoidRecent: z.number().int().min(0).max(10).default(2),
  })
  .refine((b) => Object.values(b.domains).reduce((a, x) => a + x, 0) === 100, "domain shares sum to 100")
  .refine((b) => b.tasks.min <= b.tasks.default && b.tasks.default <= b.tasks.max, "tasks: min <= default <= max");
export type Blueprint = z.infer<typeof BlueprintSchema>;

/** A named exam: a fixed task list (the same for a whole cohort) under a blueprint's rules. */
export const NamedExamSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: LocalizedSchema,
  blueprint: z.string(),
  tasks: z.array(z.string()).min(1).max(30),
});
export type NamedExam = z.infer<typeof NamedExamSchema>;
