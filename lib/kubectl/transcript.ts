// Script -> transcript: `$ <command>` lines, the output, `[exit N]` on non-zero exits.
// Used by the terminal CLI (non-TTY mode) and by the golden-transcript tests.
import { splitScript } from "./shell/parse";
import type { Shell } from "./shell/shell";

/** Run every command unit of a script and render the transcript. */
export function runTranscript(shell: Shell, script: string): string {
  let out = "";
  for (const unit of splitScript(script)) {
    out += transcriptStep(shell, unit);
  }
  return out;
}

/** Run one command unit (a line plus its heredoc body) and render it. */
export function transcriptStep(shell: Shell, unit: string): string {
  const lines = unit.split("\n");
  let out = `$ ${lines[0]}\n` + lines.slice(1).map((l) => `> ${l}\n`).join("");
  let r = shell.run(unit);
  let text = r.output;
  // an editor hand-off cannot be answered from a script: quit without saving
  if (r.editor?.kind === "kubectl-edit") {
    const fin = shell.finishEdit(null);
    text += fin.output;
    r = { ...fin, exitCode: fin.exitCode };
  }
  if (text && !text.endsWith("\n")) text += "\n";
  out += text;
  if (r.exitCode !== 0) out += `[exit ${r.exitCode}]\n`;
  return out;
}
