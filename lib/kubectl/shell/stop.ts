// The caller's deadline inside the shell. The simulator asks its stop predicate between events; the shell's own
// loops (for loops, pipelines, command lists, substitutions, the text tools' line loops) ask the same
// predicate, so a command that runs past its budget stops wherever it is, not only inside the cluster.
import { SimulationStopped } from "../cluster-api";
import type { ShellState } from "./types";

/** Throws SimulationStopped once the state's stop predicate (set by the caller for one entry) says so. */
export function checkStop(state: ShellState): void {
  if (state.shouldStop?.()) throw new SimulationStopped("shell command stopped by the caller's stop predicate");
}

/** `checkStop` every `every` calls of the returned function (for per-line loops over big inputs). */
export function stopEvery(state: ShellState, every = 256): () => void {
  let n = 0;
  return () => {
    if (++n % every === 0) checkStop(state);
  };
}
