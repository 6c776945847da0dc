"use client";
// CodeMirror 6 with YAML; this module (and CodeMirror) loads only when the editor opens.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, indentOnInput } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef, type RefObject } from "react";
import { yamlLanguage } from "./yaml-language";

export type YamlEditorHandle = { value(): string; focus(): void };

type Props = {
  initial: string;
  /** `line` is 1-based in `initial`'s text; 0 = about the whole file (not marked on a line) */
  errors: { line: number; message: string }[];
  label: string;
  onSave: (content: string) => void;
  handleRef?: RefObject<YamlEditorHandle | null>;
};

export function YamlEditor({ initial, errors, label, onSave, handleRef }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const save = useRef(onSave);
  useEffect(() => {
    save.current = onSave;
  });

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          yamlLanguage(),
          oneDark,
          lintGutter(),
          keymap.of([
            { key: "Mod-s", preventDefault: true, run: (ed) => (save.current(ed.state.doc.toString()), true) },
            ...defaultKeymap,
            ...historyKeymap,
            indentWithTab,
          ]),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.theme({ "&": { height: "100%", fontSize: "13px" }, ".cm-scroller": { fontFamily: "var(--font-mono)" } }),
        ],
      }),
    });
    view.current = v;
    v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
    // The parent remounts the editor (new key) for another file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    // Line 0 (or none) is about the whole file: the list under the editor shows it, no line is marked.
    const diagnostics: Diagnostic[] = errors
      .filter((e) => Number.isInteger(e.line) && e.line >= 1)
      .map((e) => {
        const line = doc.line(Math.min(e.line, doc.lines));
        return { from: line.from, to: line.to, severity: "error", message: e.message };
      });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [errors]);

  useEffect(() => {
    if (!handleRef) return;
    handleRef.current = { value: () => view.current?.state.doc.toString() ?? initial, focus: () => view.current?.focus() };
    return () => {
      handleRef.current = null;
    };
  }, [handleRef, initial]);

  return <div ref={host} className="h-80 overflow-hidden rounded-b-lg border border-t-0 border-slate-700 bg-[#282c34] focus-within:ring-2 focus-within:ring-brand-500 focus-within:ring-inset" />;
}
