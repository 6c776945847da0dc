"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore } from "react";

const noop = () => () => {};

/** Copies the code of the surrounding code block. Rendered only once JavaScript runs: without it, it could not work. */
export function CopyButton() {
  const t = useTranslations("lesson.code");
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  if (!hydrated) return null;
  return (
    <button
      type="button"
      className="rounded border border-slate-300 bg-white/90 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
      onClick={async (e) => {
        const code = e.currentTarget.closest("[data-code-block]")?.querySelector("pre code")?.textContent ?? "";
        try {
          await navigator.clipboard.writeText(code.replace(/\n$/, ""));
          setState("copied");
        } catch {
          setState("failed");
        }
      }}
    >
      <span aria-live="polite">{t(state === "idle" ? "copy" : state)}</span>
    </button>
  );
}
