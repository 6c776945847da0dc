"use client";
import "./workspace.css";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";

function Loading() {
  const t = useTranslations("workspace");
  return (
    <div className="rounded-lg border border-slate-200 p-4 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400" aria-busy="true">
      {t("loading")}
    </div>
  );
}

// The workspace (and, inside it, xterm and CodeMirror) loads in its own chunks, so pages without
// an exercise carry none of it and pages with one render their text first.
const Workspace = dynamic(() => import("./workspace"), { ssr: false, loading: Loading });

/**
 * A live exercise: `<Exercise id="deploy-web-nodeport" />` in a lesson, or the exercise page's body.
 * Only the id crosses to the browser; the task, parameters and results come from the exercise API.
 */
export function Exercise({ id, page = false }: { id: string; page?: boolean }) {
  const t = useTranslations("workspace");
  return (
    <section id={`exercise-${id}`} aria-label={t("region")} className="exercise-workspace my-8 scroll-mt-4" data-exercise-id={id}>
      <Workspace exerciseId={id} syncUrl={page} showTitle={!page} />
    </section>
  );
}
