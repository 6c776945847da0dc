// Flow scenarios (content/flows/<id>.yaml): commands run on a simulated cluster, and the numbered
// steps a lesson's FlowPlayer shows, each selecting the flow-trace entries it explains.
import { z } from "zod";

const Glob = z.string().min(1).max(200);

/** Selects flow-trace entries; every given field must match. Patterns are globs (`*` = anything). */
export const TraceMatcherSchema = z
  .object({
    /** component the message comes from, e.g. "kubelet/*" */
    from: Glob.optional(),
    /** component the message goes to, e.g. "kube-apiserver" */
    to: Glob.optional(),
    /** exact action, or one of several */
    action: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** object kind: the first word of the entry's object, e.g. "Deployment" */
    kind: z.string().min(1).optional(),
    /** the object's "namespace/name" (or "name"), e.g. "default/web-*" */
    name: Glob.optional(),
    /** the entry's detail, e.g. "*: success" */
    detail: Glob.optional(),
    /** leave out this many of the earliest matches */
    skip: z.number().int().min(1).max(100).optional(),
    /** count skip and limit from the latest match backwards */
    latest: z.boolean().optional(),
    /** at most this many entries (the earliest, after skip) */
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).some((k) => !["limit", "skip", "latest"].includes(k)), { message: "a matcher needs at least one field besides skip and limit" });
export type TraceMatcher = z.infer<typeof TraceMatcherSchema>;

const Localized = z.object({ ko: z.string().min(1).max(400), en: z.string().min(1).max(400) }).strict();

export const FlowStepSchema = z
  .object({
    title: Localized,
    caption: Localized,
    match: z.array(TraceMatcherSchema).min(1),
  })
  .strict();
export type FlowStep = z.infer<typeof FlowStepSchema>;

/** A shown action: a shell line (kubectl …, sleep N, curl …) or a switch the shell has no command for. */
export const FlowCommandSchema = z.union([
  z.string().min(1).max(500),
  z.object({ load: z.object({ service: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/), rps: z.number().min(0).max(100_000) }).strict() }).strict(),
  z.object({ kubelet: z.object({ node: z.string().min(1), running: z.boolean() }).strict() }).strict(),
]);
export type FlowCommand = z.infer<typeof FlowCommandSchema>;

export const FlowScenarioSchema = z
  .object({
    /** the lesson folder this flow belongs to, e.g. 09-pod-creation-flow */
    lesson: z.string().regex(/^\d\d-[a-z0-9-]+$/),
    preset: z.enum(["cka", "single"]),
    seed: z.number().int().min(0).max(2 ** 31).default(1),
    /** files in the learner's home directory (manifests the commands apply) */
    files: z.record(z.string().regex(/^[a-z0-9._-]+$/), z.string()).default({}),
    /** run before the shown commands; their trace is not shown */
    setup: z.array(FlowCommandSchema).default([]),
    commands: z.array(FlowCommandSchema).min(1),
    steps: z.array(FlowStepSchema).min(2).max(8),
  })
  .strict();
export type FlowScenario = z.infer<typeof FlowScenarioSchema>;
