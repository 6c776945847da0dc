// ANSI colours for the terminal: kubectl status words the way the cluster view colours them, stderr in red.

export const ESC = "\x1b";
export const C = { reset: `${ESC}[0m`, dim: `${ESC}[2m`, red: `${ESC}[31m`, green: `${ESC}[32m`, yellow: `${ESC}[33m`, blue: `${ESC}[34m`, bold: `${ESC}[1m` };

// Status words in kubectl's tables, coloured the way the cluster view colours them.
const STATUS_COLOURS: [RegExp, string][] = [
  [/\b(Running|Ready|Completed|Succeeded|Bound|Active|True|created|configured|unchanged|edited|deleted|labeled|annotated|scaled|exposed|patched|cordoned|uncordoned|drained)\b/g, C.green],
  [/\b(Pending|ContainerCreating|PodInitializing|Terminating|NotReady|Unknown|SchedulingDisabled|Warning)\b/g, C.yellow],
  [/\b(Error|CrashLoopBackOff|ErrImagePull|ImagePullBackOff|OOMKilled|Failed|Evicted|FailedScheduling|CreateContainerConfigError)\b/g, C.red],
];

function colourStdout(text: string): string {
  let out = text;
  for (const [re, colour] of STATUS_COLOURS) out = out.replace(re, (m) => `${colour}${m}${C.reset}`);
  return out;
}

/** Output for the terminal: stdout with status colours, the lines that came from stderr in red. */
export function colourOutput(output: string, stderr = ""): string {
  const errLines = new Set(stderr.split("\n").filter(Boolean));
  return output
    .split("\n")
    .map((l) => (errLines.has(l) ? `${C.red}${l}${C.reset}` : colourStdout(l)))
    .join("\n");
}

