/** Scenario ids a lesson may name in <FlowPlayer scenario="…"> (content/AUTHORING.md). */
export const flowScenarioIds = [
  "deployment-create",
  "service-nodeport",
  "hpa-scale-out",
  "secret-update",
  "rolling-update",
  "node-failure",
  "scheduling-taints-affinity",
] as const;
export type FlowScenarioId = (typeof flowScenarioIds)[number];

export function isFlowScenarioId(value: string): value is FlowScenarioId {
  return (flowScenarioIds as readonly string[]).includes(value);
}
