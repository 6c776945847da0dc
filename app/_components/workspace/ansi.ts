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


// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST) and the short escapes (ESC 7, ESC ( B).
const ANSI_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?/g;
// Other control characters a screen reader would read out or skip unpredictably (newline and tab stay).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Terminal text as plain text (for the screen-reader log): no escape sequences, no control characters. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, "").replace(/\r\n/g, "\n").replace(CONTROL, "");
}

/** A block of restored scrollback: a command after its prompt and what it printed, or what an editor save printed. */
export type ScrollbackBlock = { prompt: string; line: string; output: string; stderr: string } | { output: string; stderr: string };

/** A bash-like prompt in bash's colours: host in green, directory in blue. */
export function colourPrompt(p: string): string {
  const m = /^([^:]+):(.*)(\$ )$/.exec(p);
  return m ? `${C.green}${C.bold}${m[1]}${C.reset}:${C.blue}${C.bold}${m[2]}${C.reset}${m[3]}` : p;
}

/** A restored block as the terminal showed it live: coloured prompt and command (heredoc lines after "> "), then the output in colour. */
export function scrollbackText(b: ScrollbackBlock): string {
  const head = "prompt" in b ? `${colourPrompt(b.prompt)}${b.line.replace(/\n/g, "\n> ")}\n` : "";
  if (!b.output) return head;
  const out = colourOutput(b.output, b.stderr);
  return head + (out.endsWith("\n") ? out : `${out}\n`);
}
