/**
 * The component-flow animation of a simulator scenario: the scenario runs on lib/sim on the server
 * and its trace is animated by the player in app/_components/flow (content/flows/<id>.yaml).
 * Stable interface: `<FlowPlayer scenario="deployment-create" />`.
 */
export { FlowPlayer } from "#app/_components/flow/flow";
