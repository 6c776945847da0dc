// The editor's YAML language setup, without the view (so it can be tested without a DOM).
import { yaml } from "@codemirror/lang-yaml";
import { indentService, indentUnit, type IndentContext } from "@codemirror/language";
import { EditorState, type Extension } from "@codemirror/state";

const UNIT = 2;

/**
 * The indentation of the line after `line`, when `line` opens a block: a key with no value yet
 * (`metadata:`, `- name:`) or a block scalar (`data: |`, `script: >-`). The children of a key in a
 * sequence item (`- ports:`) go one unit past the key, not past the dash. Undefined otherwise, so the
 * YAML grammar decides (it continues a mapping or a sequence item at its own column).
 */
export function yamlChildIndent(line: string, unit = UNIT): number | undefined {
  const text = line.replace(/\s+#.*$/, "").trimEnd();
  const m = /^(\s*)((?:-\s+)*)(?:"[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s+[|>][1-9]?[-+]?[1-9]?)?$/.exec(text);
  if (!m) return undefined;
  return m[1].length + m[2].length + unit;
}

/** CodeMirror's YAML grammar keeps a new line at the parent's column after `key:`; this opens the block. */
const openBlocks = indentService.of((cx: IndentContext, pos: number) => {
  const line = cx.lineAt(pos, -1);
  // Only when breaking at the end of a line's text: a line being re-indented has its own content to go by.
  const before = line.text.slice(0, pos - line.from);
  if (!before.trim() || line.text.slice(pos - line.from).trim()) return undefined;
  return yamlChildIndent(before, cx.unit);
});

/** YAML with two-space indentation that opens a block after `key:` and Enter. */
export function yamlLanguage(): Extension {
  return [openBlocks, yaml(), indentUnit.of(" ".repeat(UNIT)), EditorState.tabSize.of(UNIT)];
}
