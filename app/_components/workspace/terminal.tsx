"use client";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { EngineOptions, ShellTerminal } from "./terminal-engine";

export type TerminalHandle = Pick<ShellTerminal, "execute" | "print" | "focus">;

type Props = Omit<EngineOptions, "onResize" | "minCols"> & {
  handleRef?: RefObject<TerminalHandle | null>;
  label: string;
  loadingText: string;
};

// kubectl's wide tables need about 80 columns; a phone shows fewer, so the terminal scrolls sideways there.
const MIN_COLS = 80;

/** The xterm.js terminal; xterm and its stylesheet load in their own chunk when this mounts. */
export function TerminalPane({ prompt, run, complete, history, inputLabel, banner, scrollback, maxLineBytes, tooLong, handleRef, label, loadingText }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const engine = useRef<ShellTerminal | null>(null);
  const [ready, setReady] = useState(false);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  // The engine reads the latest callbacks and prompt without being re-created.
  const latest = useRef({ prompt, run, complete, tooLong });
  useEffect(() => {
    latest.current = { prompt, run, complete, tooLong };
  });

  useEffect(() => {
    let disposed = false;
    void import("./terminal-engine").then(({ createShellTerminal }) => {
      if (disposed || !host.current) return;
      engine.current = createShellTerminal(host.current, {
        prompt: () => latest.current.prompt(),
        run: (line) => latest.current.run(line),
        complete: (line) => latest.current.complete(line),
        tooLong: (bytes) => latest.current.tooLong(bytes),
        history,
        inputLabel,
        banner,
        scrollback,
        maxLineBytes,
        minCols: MIN_COLS,
        onResize: (cols, rows) => setSize((s) => (s && s.cols === cols && s.rows === rows ? s : { cols, rows })),
      });
      setReady(true);
    });
    return () => {
      disposed = true;
      engine.current?.dispose();
      engine.current = null;
    };
    // Created once per attempt: the parent remounts this with a new key for a new attempt.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!handleRef) return;
    handleRef.current = {
      execute: (line) => engine.current?.execute(line),
      print: (text, tone) => engine.current?.print(text, tone),
      focus: () => engine.current?.focus(),
    };
    return () => {
      handleRef.current = null;
    };
  }, [handleRef]);

  return (
    <div
      role="group"
      aria-label={label}
      aria-busy={!ready}
      data-cols={size?.cols}
      data-rows={size?.rows}
      className="relative h-96 w-full rounded-b-lg bg-[#0b1220] p-2 ring-inset focus-within:ring-2 focus-within:ring-brand-500 lg:h-[28rem]"
      onClick={() => engine.current?.focus()}
    >
      <div className="h-full w-full overflow-x-auto overflow-y-hidden">
        <div ref={host} className="h-full w-full" />
      </div>
      {!ready && <p className="absolute inset-0 p-4 font-mono text-sm text-slate-400">{loadingText}</p>}
    </div>
  );
}
