// Errors about a YAML file, pinned to the line of the text the workspace editor shows.
// Pure: positions come from parsing the text again, never from trusting line numbers in kubectl's
// output (kubectl counts in the text it parsed: for `kubectl edit` that is the buffer without its
// `#` lines; upstream kubectl counts from the start of each `---` document).
// Limits: Go's type errors name a path without list indices, so the first list item holding a value of the
// wrong JSON kind is taken; a missing field has no line of its own (its nearest existing parent is used);
// an error naming neither a field nor a document (a conflict, a denied request) has line 0.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";

/** One error in a file: `line` is 1-based in the file's text; 0 = no line is known (a message about the whole file). */
export type FileError = { line: number; message: string };

const MAX_ERRORS = 20;
// The options lib/kubectl/kubectl/yaml.ts parses manifests with, so both see the same syntax errors.
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: false } as const;

type Parsed = { text: string; docs: Document.Parsed[]; lines: LineCounter; failure?: string };

function parse(text: string): Parsed {
  const lines = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines }) as unknown as Document.Parsed[];
    return { text, docs: Array.isArray(docs) ? docs : [], lines };
  } catch (e) {
    // The parser reports problems as document errors; a throw is a bug in it, not a position in the file.
    return { text, docs: [], lines, failure: e instanceof Error ? e.message : String(e) };
  }
}

const lineAt = (p: Parsed, offset: number) => p.lines.linePos(offset).line;

/** The line of a syntax error; one found only at a blank line or the end (an unclosed `[`) belongs to the text above. */
function errorLine(p: Parsed, offset: number): number {
  let line = lineAt(p, offset);
  const all = p.text.split("\n");
  while (line > 1 && !all[line - 1]?.trim()) line--;
  return line;
}

/** YAML syntax errors of a file (every `---` document), at their lines. */
export function yamlSyntaxErrors(text: string): FileError[] {
  const p = parse(text);
  const out: FileError[] = p.failure ? [{ line: 0, message: p.failure }] : [];
  for (const d of p.docs) for (const e of d.errors) out.push({ line: errorLine(p, e.pos[0]), message: e.message.split("\n")[0] });
  return out.slice(0, MAX_ERRORS);
}

/**
 * The errors of a failed `kubectl edit` save, at lines of `content` (the buffer as the editor showed it,
 * kubectl's `# Please edit the object below…` header included). kubectl drops lines that start with `#`
 * before parsing; `reopened` is the buffer kubectl wrote back with the failures as comments (kubectl's
 * format: `# <resource> "<name>" was not valid:` then `# * <field>: <message>`), `stderr` the fallback.
 */
export function editErrors(content: string, stderr: string, reopened?: string): FileError[] {
  const kept: number[] = [];
  const body: string[] = [];
  content.split("\n").forEach((l, i) => {
    if (l.startsWith("#")) return;
    kept.push(i + 1);
    body.push(l);
  });
  const messages = (reopened ? reopenedFailures(reopened) : null) ?? stderrMessages(stderr);
  return kubectlFileErrors(body.join("\n"), messages.join("\n")).map((e) => {
    const line = e.line ? (kept[e.line - 1] ?? 0) : 0;
    return { line, message: e.message.replace(/\byaml: line \d+:/, line ? `yaml: line ${line}:` : "yaml:") };
  });
}

/** The failure comments kubectl puts between its header and the object (null when there are none). */
function reopenedFailures(text: string): string[] | null {
  const lines = text.split("\n");
  const sep = lines.indexOf("#");
  if (sep < 0) return null;
  const out: string[] = [];
  for (const l of lines.slice(sep + 1)) {
    if (l === "#" || !l.startsWith("# ")) break;
    out.push(l.slice(2));
  }
  return out.length ? out : null;
}

const stderrMessages = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => l.replace(/^error: /, ""));

type Target = { kind?: string; name?: string };

/**
 * kubectl's errors about a manifest file (what `kubectl apply|create|replace -f` or `kubectl edit` prints),
 * at the lines of `text`: YAML syntax errors, `unknown field "<path>"`, `cannot unmarshal … Go struct field
 * <Type>.<path>`, and `The <Kind> "<name>" is invalid:` causes (`<path>: <message>`). A field that exists is
 * pinned to its key; a missing one (`Required value`) to the nearest enclosing field that exists. The document
 * is found by the kind and name in the message. Anything else gets line 0.
 */
export function kubectlFileErrors(text: string, output: string): FileError[] {
  const p = parse(text);
  const syntax = p.docs.flatMap((d) => d.errors)[0];
  const out: FileError[] = [];
  let invalid: Target | null = null;
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const cause = /^\* (\S+): (.*)$/.exec(line);
    if (cause && invalid) {
      out.push({ line: fieldLine(p, invalid, cause[1]), message: `${cause[1]}: ${cause[2]}` });
      continue;
    }
    invalid = null;
    const inv = /(?:^|: )(?:The )?(\S+) "([^"]*)" (?:is invalid|was not valid):\s*(.*)$/.exec(line);
    if (inv) {
      // `The Deployment "web"` (apply) or `deployments.apps "web"` (edit): only a Kind narrows the document down.
      invalid = { ...(/^[A-Z]/.test(inv[1]) ? { kind: inv[1].split(".")[0] } : {}), name: inv[2] };
      // Several causes in one message are `[a: x, b: y]` (the Status message, printed as is when kubectl reports several errors).
      const list = /^\[(.*)\]$/.exec(inv[3]);
      const causes = list ? list[1].split(/, (?=[\w.[\]/-]+: )/) : [inv[3]];
      for (const c of causes) {
        const one = /^([\w.[\]/-]+): (.+)$/.exec(c);
        if (one) out.push({ line: fieldLine(p, invalid, one[1]), message: `${one[1]}: ${one[2]}` });
        else if (c) out.push({ line: 0, message: line });
      }
      continue;
    }
    const yamlError = /(?:^|\s)yaml: (?:line \d+: )?(.*)$/.exec(line);
    if (yamlError && /error converting YAML|error parsing/.test(line)) {
      const at = syntax ? errorLine(p, syntax.pos[0]) : 0;
      out.push({ line: at, message: `yaml: ${at ? `line ${at}: ` : ""}${yamlError[1]}` });
      continue;
    }
    const handled = /(\w+) in version "[^"]*" cannot be handled as a \w+: (.*)$/.exec(line);
    const target: Target = handled ? { kind: handled[1] } : {};
    const unknown = [...line.matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1]);
    if (unknown.length) {
      for (const f of unknown) out.push({ line: fieldLine(p, target, f), message: `${/^Warning: /.test(line) ? "Warning: " : ""}unknown field "${f}"` });
      continue;
    }
    const goField = /cannot unmarshal (\w+) into Go struct field \w+\.(\S+) of type/.exec(line);
    if (goField) {
      const kind = goField[1];
      out.push({ line: fieldLine(p, target, goField[2], (n) => jsonKindOf(n) === kind), message: handled ? handled[2] : line });
      continue;
    }
    const noKind = /no matches for kind "([^"]*)"/.exec(line);
    if (noKind) {
      out.push({ line: fieldLine(p, { kind: noKind[1] }, "kind"), message: line });
      continue;
    }
    if (/^Warning: /.test(line)) continue;
    out.push({ line: 0, message: line });
  }
  return out.slice(0, MAX_ERRORS);
}

/** A field path as the API server writes it: `spec.containers[0].image`, `metadata.labels[app]`. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.replace(/^\./, "").matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

type Found = { line: number; exact: boolean; node?: Node | null };
/** Which of several places a path without list indices may be (the one holding the value of the wrong type). */
type Accept = (node: Node | null | undefined) => boolean;

/**
 * Where `path` is in `node`: the line of the deepest part that exists. `accept` is given for a path without
 * list indices (Go's struct field paths): a key may then be under any item of a list on the way.
 */
function locate(p: Parsed, node: Node | null | undefined, segs: (string | number)[], line: number, accept?: Accept): Found {
  if (!segs.length) return { line, exact: true, node };
  const [seg, ...rest] = segs;
  const at = (n: Node | null | undefined) => (n?.range ? lineAt(p, n.range[0]) : line);
  if (isSeq(node)) {
    const items = node.items as (Node | null)[];
    if (typeof seg === "number") {
      const item = items[seg];
      return item ? locate(p, item, rest, at(item), accept) : { line, exact: false };
    }
    if (accept) {
      let best: Found | null = null;
      for (const item of items) {
        if (!item) continue;
        const f = locate(p, item, segs, at(item), accept);
        if (f.exact && accept(f.node)) return f;
        best ??= f;
      }
      if (best) return best;
    }
    return { line, exact: false };
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : null;
      if (!key || String(key.value) !== String(seg)) continue;
      return locate(p, pair.value as Node | null, rest, at(key), accept);
    }
  }
  return { line, exact: false };
}

/** The JSON kind Go's encoding/json names in `cannot unmarshal <kind>`. */
function jsonKindOf(node: Node | null | undefined): string {
  if (isMap(node)) return "object";
  if (isSeq(node)) return "array";
  const v = isScalar(node) ? node.value : null;
  return v === null || v === undefined ? "null" : typeof v === "boolean" ? "bool" : typeof v === "number" ? "number" : "string";
}

/** The line of a field in the document the target names (0 when no document fits). */
function fieldLine(p: Parsed, target: Target, path: string, accept?: Accept): number {
  const objects = p.docs.filter((d) => isMap(d.contents));
  const named = (d: Document.Parsed, key: string[]) => {
    const v = d.getIn(key);
    return typeof v === "string" ? v : undefined;
  };
  const candidates = objects.filter(
    (d) => (!target.kind || named(d, ["kind"]) === target.kind) && (!target.name || named(d, ["metadata", "name"]) === target.name),
  );
  const segs = pathSegments(path);
  let fallback: Found | null = null;
  for (const d of candidates.length ? candidates : objects.length === 1 ? objects : []) {
    const root = d.contents as Node;
    const f = locate(p, root, segs, root.range ? lineAt(p, root.range[0]) : 0, accept);
    if (f.exact && (!accept || accept(f.node))) return f.line;
    fallback ??= f;
  }
  return fallback?.line ?? 0;
}
