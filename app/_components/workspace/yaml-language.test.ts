import { insertNewlineAndIndent } from "@codemirror/commands";
import { EditorSelection, EditorState, type Transaction } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { yamlChildIndent, yamlLanguage } from "./yaml-language";

/** Presses Enter at the end of `doc` (or at `¦`) the way the editor's keymap does, and returns the new text. */
function enter(doc: string): string {
  const at = doc.indexOf("¦");
  const text = doc.replace("¦", "");
  let state = EditorState.create({ doc: text, selection: EditorSelection.cursor(at >= 0 ? at : text.length), extensions: [yamlLanguage()] });
  insertNewlineAndIndent({ state, dispatch: (tr: Transaction) => (state = tr.state) });
  return state.doc.toString();
}

describe("yamlChildIndent", () => {
  it("opens a block after a key with no value or a block scalar", () => {
    expect(yamlChildIndent("metadata:")).toBe(2);
    expect(yamlChildIndent("  labels:")).toBe(4);
    expect(yamlChildIndent("  labels:   # comment")).toBe(4);
    expect(yamlChildIndent("- name:")).toBe(4);
    expect(yamlChildIndent("  - ports:")).toBe(6);
    expect(yamlChildIndent("  script: |")).toBe(4);
    expect(yamlChildIndent("  script: >-")).toBe(4);
    expect(yamlChildIndent('  "a key":')).toBe(4);
    expect(yamlChildIndent("metadata:", 4)).toBe(4);
  });

  it("leaves lines that do not open a block to the grammar", () => {
    expect(yamlChildIndent("name: web")).toBeUndefined();
    expect(yamlChildIndent("  - port: 80")).toBeUndefined();
    expect(yamlChildIndent("image: nginx:1.27")).toBeUndefined();
    expect(yamlChildIndent("# a comment:")).toBeUndefined();
    expect(yamlChildIndent("- web")).toBeUndefined();
    expect(yamlChildIndent("")).toBeUndefined();
  });
});

describe("Enter in the YAML editor", () => {
  it("indents under a key that opens a block", () => {
    expect(enter("apiVersion: v1\nmetadata:")).toBe("apiVersion: v1\nmetadata:\n  ");
    expect(enter("spec:\n  template:")).toBe("spec:\n  template:\n    ");
    expect(enter("spec:\n  containers:\n  - name: web\n    ports:")).toBe("spec:\n  containers:\n  - name: web\n    ports:\n      ");
    expect(enter("data:\n  run.sh: |")).toBe("data:\n  run.sh: |\n    ");
  });

  it("keeps the column of a mapping or a sequence item otherwise", () => {
    expect(enter("metadata:\n  name: web")).toBe("metadata:\n  name: web\n  ");
    expect(enter("spec:\n  ports:\n  - port: 80")).toBe("spec:\n  ports:\n  - port: 80\n    ");
    expect(enter("apiVersion: v1")).toBe("apiVersion: v1\n");
  });

  it("opens the block when Enter follows the key inside the text, too", () => {
    expect(enter("metadata:¦\nspec: {}")).toBe("metadata:\n  \nspec: {}");
  });
});
