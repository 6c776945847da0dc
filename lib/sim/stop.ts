/**
 * The one exception lib/sim throws on purpose: the caller's stop predicate
 * (`Cluster.setShouldStop`) fired between two events. The cluster's state is then part-way through
 * a step (consistent at an event boundary, but the command that drove it did not finish), so the
 * caller should discard it. Code between the caller and the simulator (kubectl, the shell) must let
 * it through rather than turn it into output. Dependency-free so that ports can re-export it.
 */
export class SimulationStopped extends Error {
  constructor(message = "simulation stopped by the caller's stop predicate") {
    super(message);
    this.name = "SimulationStopped";
  }
}
