import type { ReactNode } from "react";

/** A numbered procedure; numbers come from the list itself so they read out in order. */
export function Steps({ children }: { children?: ReactNode }) {
  return <ol className="steps my-6 space-y-5 border-l-2 border-slate-200 pl-6 dark:border-slate-800">{children}</ol>;
}

export function Step({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <li className="step relative">
      <p className="step-title font-semibold">{title}</p>
      <div className="step-body">{children}</div>
    </li>
  );
}
