import type { ExerciseStatus } from "#lib/data/learner";

/** A status as text with a mark, so it reads the same without colour. */
export function StatusBadge({ status, label }: { status: ExerciseStatus; label: string }) {
  const mark = status === "PASSED" ? "✓" : status === "IN_PROGRESS" ? "◐" : "○";
  const tone =
    status === "PASSED"
      ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
      : status === "IN_PROGRESS"
        ? "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300";
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-status={status}>
      <span aria-hidden="true">{mark}</span>
      {label}
    </span>
  );
}
