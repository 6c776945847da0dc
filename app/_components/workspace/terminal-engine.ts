// The terminal's line discipline on top of xterm.js: prompt, line editing, history, Tab completion,
// Ctrl-C, heredoc / continuation input, copy and paste. Loaded lazily with xterm itself.
import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { C, colourOutput, colourPrompt, ESC, scrollbackText, type ScrollbackBlock } from "./ansi";
import { utf8Bytes } from "#lib/kubectl/shell/limits";
import { applyCompletion, columns, displayWidth, isIncomplete } from "./line-input";

export type RunOutcome = { output: string; stderr?: string; exitCode: number } | null;

export type EngineOptions = {
  /** The prompt text (no colours), e.g. `controlplane:~$ `. */
  prompt: () => string;
  run: (line: string) => Promise<RunOutcome>;
  complete: (beforeCursor: string) => Promise<string[]>;
  history: string[];
  inputLabel: string;
  /** Printed in dim text before the first prompt. */
  banner?: string;
  /** The attempt's earlier scrollback, printed as it was shown, after the banner. */
  scrollback?: ScrollbackBlock[];
  /** The longest command (UTF-8 bytes, a heredoc counted whole) sent to `run`; longer input is refused here. */
  maxLineBytes: number;
  /** The message for refused input of `bytes` bytes, in the page's language. */
  tooLong: (bytes: number) => string;
  /** The grid changed size (columns and rows of cells). */
  onResize?: (cols: number, rows: number) => void;
  /** The fewest columns to lay out (narrow screens scroll sideways instead of wrapping tables). */
  minCols?: number;
};

export type ShellTerminal = {
  /** Types `line` as if the learner had, and runs it. */
  execute(line: string): void;
  /** Prints text above the prompt (e.g. the result of an editor save). */
  print(text: string, tone?: "error" | "dim"): void;
  focus(): void;
  dispose(): void;
};

export function createShellTerminal(host: HTMLElement, opts: EngineOptions): ShellTerminal {
  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Noto Sans Mono CJK KR", Menlo, Consolas, monospace',
    fontSize: 13,
    lineHeight: 1.2,
    scrollback: 5000,
    allowProposedApi: false,
    theme: {
      background: "#0b1220",
      foreground: "#e2e8f0",
      cursor: "#93c5fd",
      selectionBackground: "#334155",
      black: "#0f172a",
      red: "#f87171",
      green: "#4ade80",
      yellow: "#facc15",
      blue: "#60a5fa",
      magenta: "#c084fc",
      cyan: "#22d3ee",
      white: "#e2e8f0",
      brightBlack: "#64748b",
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  term.textarea?.setAttribute("aria-label", opts.inputLabel);
  const sizeSub = term.onResize(({ cols, rows }) => opts.onResize?.(cols, rows));
  // Fill the host; on a host narrower than minCols columns, widen the terminal to minCols and let the host's
  // parent scroll sideways (a wrapped `kubectl get pods -o wide` is unreadable).
  const outer = host.parentElement;
  function refit() {
    host.style.width = "";
    const d = fit.proposeDimensions();
    if (!d || !Number.isFinite(d.cols) || d.cols < 2) return; // a hidden host has no size yet; the ResizeObserver fits it later
    const min = opts.minCols ?? 0;
    if (d.cols < min && outer) host.style.width = `${Math.ceil((host.clientWidth * min) / d.cols)}px`;
    try {
      fit.fit();
    } catch {
      /* not laid out */
    }
  }
  refit();
  opts.onResize?.(term.cols, term.rows);
  const resize = new ResizeObserver(() => refit());
  resize.observe(outer ?? host);

  const history = [...opts.history];
  let histIndex = history.length;
  let draft = "";
  let lines: string[] = []; // earlier lines of a multi-line command (heredoc, continuation)
  let buf = "";
  let cur = 0;
  let drawn = 0; // cell offset of the terminal cursor from the start of the prompt line
  let busy = false;
  let queue = "";
  let disposed = false; // a reply can arrive after a Reset replaced this terminal
  let linesBytes = 0; // UTF-8 bytes of `lines`, each with its newline

  const promptText = () => (lines.length ? "> " : opts.prompt());
  const colouredPrompt = () => (lines.length ? "> " : colourPrompt(opts.prompt()));
  // Newlines in a recalled multi-line command show as ↵ so the line stays one row of cells.
  const shown = (s: string) => s.replace(/\n/g, "↵");

  function render() {
    const cols = term.cols;
    let s = "";
    const up = Math.floor(drawn / cols);
    if (up) s += `${ESC}[${up}A`;
    s += `\r${ESC}[J${colouredPrompt()}${shown(buf)}`;
    const pw = displayWidth(promptText());
    const end = pw + displayWidth(shown(buf));
    if (end > 0 && end % cols === 0) s += "\r\n";
    const target = pw + displayWidth(shown(buf.slice(0, cur)));
    const endRow = Math.floor(end / cols);
    const tRow = Math.floor(target / cols);
    if (endRow > tRow) s += `${ESC}[${endRow - tRow}A`;
    s += "\r";
    if (target % cols) s += `${ESC}[${target % cols}C`;
    term.write(s);
    drawn = target;
  }

  function newPrompt() {
    drawn = 0;
    buf = "";
    cur = 0;
    render();
  }

  function endLine() {
    cur = buf.length;
    render();
    term.write("\r\n");
    drawn = 0;
  }

  /** Whether the command would grow past the limit with `text` added; if so the input is refused, with a message. */
  function refuses(text: string): boolean {
    const bytes = linesBytes + utf8Bytes(buf) + utf8Bytes(text);
    if (bytes <= opts.maxLineBytes) return false;
    cur = buf.length;
    render();
    term.write(`\r\n${C.red}${opts.tooLong(bytes)}${C.reset}\r\n`);
    lines = [];
    linesBytes = 0;
    queue = "";
    histIndex = history.length;
    newPrompt();
    return true;
  }

  function insert(text: string) {
    buf = buf.slice(0, cur) + text + buf.slice(cur);
    cur += text.length;
    render();
  }

  function setBuffer(text: string) {
    buf = text;
    cur = text.length;
    render();
  }

  async function submit() {
    if (refuses("")) return;
    endLine();
    const text = [...lines, buf].join("\n");
    if (isIncomplete(text)) {
      lines.push(buf);
      linesBytes += utf8Bytes(buf) + 1;
      newPrompt();
      return;
    }
    lines = [];
    linesBytes = 0;
    buf = "";
    cur = 0;
    if (text.trim()) {
      if (history[history.length - 1] !== text) history.push(text);
      histIndex = history.length;
      draft = "";
      busy = true;
      let outcome: RunOutcome = null;
      try {
        outcome = await opts.run(text);
      } finally {
        busy = false;
      }
      if (disposed) return;
      if (outcome && outcome.output) {
        const out = colourOutput(outcome.output, outcome.stderr);
        term.write(out.endsWith("\n") ? out : `${out}\n`);
      }
    }
    histIndex = history.length;
    newPrompt();
    drain();
  }

  async function tab() {
    const before = buf.slice(0, cur);
    busy = true;
    let candidates: string[] = [];
    try {
      candidates = await opts.complete(before);
    } catch {
      candidates = [];
    } finally {
      busy = false;
    }
    if (disposed) return;
    const { insert: ins, list } = applyCompletion(before, candidates);
    if (ins) insert(ins);
    else if (list.length) {
      const keep = cur;
      cur = buf.length;
      render();
      term.write(`\r\n${columns(list, term.cols).join("\r\n")}\r\n`);
      drawn = 0;
      cur = keep;
      render();
    } else term.write("\x07");
    drain();
  }

  function interrupt() {
    cur = buf.length;
    render();
    term.write(`${C.dim}^C${C.reset}\r\n`);
    lines = [];
    linesBytes = 0;
    queue = "";
    histIndex = history.length;
    newPrompt();
  }

  function historyMove(delta: number) {
    if (!history.length) return;
    if (histIndex === history.length) draft = buf;
    const next = Math.min(history.length, Math.max(0, histIndex + delta));
    if (next === histIndex) return;
    histIndex = next;
    setBuffer(next === history.length ? draft : history[next]);
  }

  function wordLeft(): number {
    let j = cur;
    while (j > 0 && buf[j - 1] === " ") j--;
    while (j > 0 && buf[j - 1] !== " ") j--;
    return j;
  }
  function wordRight(): number {
    let j = cur;
    while (j < buf.length && buf[j] === " ") j++;
    while (j < buf.length && buf[j] !== " ") j++;
    return j;
  }

  function handleSequence(seq: string) {
    switch (seq) {
      case `${ESC}[A`:
      case `${ESC}OA`:
        return historyMove(-1);
      case `${ESC}[B`:
      case `${ESC}OB`:
        return historyMove(1);
      case `${ESC}[D`:
      case `${ESC}OD`:
        if (cur > 0) cur--;
        return render();
      case `${ESC}[C`:
      case `${ESC}OC`:
        if (cur < buf.length) cur++;
        return render();
      case `${ESC}[H`:
      case `${ESC}OH`:
      case `${ESC}[1~`:
        cur = 0;
        return render();
      case `${ESC}[F`:
      case `${ESC}OF`:
      case `${ESC}[4~`:
        cur = buf.length;
        return render();
      case `${ESC}[3~`:
        if (cur < buf.length) buf = buf.slice(0, cur) + buf.slice(cur + 1);
        return render();
      case `${ESC}[1;5D`:
      case `${ESC}b`:
        cur = wordLeft();
        return render();
      case `${ESC}[1;5C`:
      case `${ESC}f`:
        cur = wordRight();
        return render();
      default:
        return; // other keys (F-keys, PageUp...) do nothing here
    }
  }

  /** Feeds keyboard or pasted input; while a command runs, input waits in a queue (type-ahead). */
  function feed(data: string) {
    if (busy) {
      if (data === "\x03") {
        queue = "";
        term.write(`${C.dim}^C${C.reset}`);
      } else queue += data;
      return;
    }
    const pasted = data.length > 1 && !data.startsWith(ESC);
    let i = 0;
    while (i < data.length) {
      if (busy) {
        queue = data.slice(i) + queue;
        return;
      }
      const c = data[i];
      if (c === ESC) {
        const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data.slice(i))!;
        handleSequence(m[0]);
        i += Math.max(1, m[0].length);
        continue;
      }
      i++;
      switch (c) {
        case "\r":
        case "\n":
          void submit();
          break;
        case "\x7f":
        case "\b":
          if (cur > 0) {
            buf = buf.slice(0, cur - 1) + buf.slice(cur);
            cur--;
            render();
          }
          break;
        case "\t":
          if (!pasted) void tab();
          else if (refuses("\t")) return;
          else insert("\t");
          break;
        case "\x03":
          interrupt();
          break;
        case "\x04": // Ctrl-D on an empty line does nothing here (there is no shell to leave)
          if (cur < buf.length) {
            buf = buf.slice(0, cur) + buf.slice(cur + 1);
            render();
          }
          break;
        case "\x01":
          cur = 0;
          render();
          break;
        case "\x05":
          cur = buf.length;
          render();
          break;
        case "\x02":
          if (cur > 0) cur--;
          render();
          break;
        case "\x06":
          if (cur < buf.length) cur++;
          render();
          break;
        case "\x0b":
          buf = buf.slice(0, cur);
          render();
          break;
        case "\x15":
          buf = buf.slice(cur);
          cur = 0;
          render();
          break;
        case "\x17": {
          const j = wordLeft();
          buf = buf.slice(0, j) + buf.slice(cur);
          cur = j;
          render();
          break;
        }
        case "\x0c":
          term.clear();
          term.write(`\r${ESC}[J`);
          drawn = 0;
          render();
          break;
        case "\x10":
          historyMove(-1);
          break;
        case "\x0e":
          historyMove(1);
          break;
        default:
          if (c >= " ") {
            // insert a run of printable characters at once
            let j = i;
            while (j < data.length && data[j] >= " " && data[j] !== "\x7f") j++;
            const run = c + data.slice(i, j);
            // Too long (a huge paste): refuse it whole, the rest of the paste included, before drawing or sending.
            if (refuses(run)) return;
            insert(run);
            i = j;
          }
      }
    }
  }

  function drain() {
    if (busy || !queue) return;
    const q = queue;
    queue = "";
    feed(q);
  }

  // Copy: Ctrl-C copies when text is selected (else it interrupts), Ctrl-Shift-C always copies.
  // Paste: Ctrl-V / Ctrl-Shift-V fall through to the browser's paste event, which xterm turns into input.
  // Tab completes, so keyboard users leave the terminal forwards with Esc then Tab (as in CodeMirror), backwards with Shift+Tab.
  let escaped = false;
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== "keydown") return true;
    // Shift+Tab is not a terminal key here: the browser moves focus back, so the terminal never traps it.
    if (e.key === "Tab" && e.shiftKey) {
      escaped = false;
      return false;
    }
    if (e.key === "Tab" && escaped) {
      escaped = false;
      return false; // not handled by xterm: the browser moves focus
    }
    escaped = e.key === "Escape";
    if (escaped) return false;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === "c" || e.key === "C") && (e.shiftKey || term.hasSelection())) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => {});
      e.preventDefault();
      return false;
    }
    if (mod && (e.key === "v" || e.key === "V")) return false;
    return true;
  });
  const dataSub = term.onData(feed);

  if (opts.banner) term.write(`${C.dim}${opts.banner}${C.reset}\n`);
  for (const b of opts.scrollback ?? []) term.write(scrollbackText(b));
  newPrompt();

  return {
    execute(line) {
      if (busy) return;
      lines = [];
      linesBytes = 0;
      setBuffer(line);
      void submit();
    },
    print(text, tone) {
      if (!text) return;
      const body = tone === "error" ? `${C.red}${text}${C.reset}` : tone === "dim" ? `${C.dim}${text}${C.reset}` : colourOutput(text);
      const up = Math.floor(drawn / term.cols);
      if (!busy) term.write(`${up ? `${ESC}[${up}A` : ""}\r${ESC}[J`);
      term.write(text.endsWith("\n") ? body : `${body}\n`);
      drawn = 0;
      if (!busy) render();
    },
    focus() {
      term.focus();
    },
    dispose() {
      disposed = true;
      dataSub.dispose();
      sizeSub.dispose();
      resize.disconnect();
      term.dispose();
    },
  };
}
