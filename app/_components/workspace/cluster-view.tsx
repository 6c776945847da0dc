"use client";
import { useTranslations } from "next-intl";
import { clockTime } from "./time";
import type { ClusterPod, ClusterView as View } from "./types";

type Tone = "ok" | "progress" | "bad" | "done";

/** Maps a pod's STATUS column (as kubectl prints it) to a colour. */
export function podTone(p: { status: string; phase?: string; ready?: string }): Tone {
  const s = p.status;
  if (/Err|BackOff|OOMKilled|Error|Failed|Evicted|Unknown|Invalid/i.test(s)) return "bad";
  if (/Completed|Succeeded/i.test(s)) return "done";
  if (s === "Running") {
    const [r, t] = (p.ready ?? "1/1").split("/").map(Number);
    return r === t ? "ok" : "progress";
  }
  return "progress";
}

const toneClass: Record<Tone, string> = {
  ok: "border-emerald-600/40 bg-emerald-50 text-emerald-900 dark:border-emerald-400/40 dark:bg-emerald-950 dark:text-emerald-200",
  progress: "border-amber-600/40 bg-amber-50 text-amber-900 dark:border-amber-400/40 dark:bg-amber-950 dark:text-amber-200",
  bad: "border-red-600/40 bg-red-50 text-red-900 dark:border-red-400/50 dark:bg-red-950 dark:text-red-200",
  done: "border-slate-400/50 bg-slate-100 text-slate-700 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-300",
};
const dotClass: Record<Tone, string> = { ok: "bg-emerald-500", progress: "bg-amber-500", bad: "bg-red-500", done: "bg-slate-400" };

function PodChip({ pod, showNamespace }: { pod: ClusterPod; showNamespace: boolean }) {
  const t = useTranslations("workspace.cluster");
  const tone = podTone(pod);
  return (
    <li className={`flex max-w-full items-start gap-1.5 rounded-md border px-2 py-0.5 font-mono text-xs ${toneClass[tone]}`} title={`${pod.namespace}/${pod.name}`}>
      <span aria-hidden="true" className={`mt-1 h-2 w-2 shrink-0 rounded-full ${dotClass[tone]}`} />
      <span className="min-w-0">
        {showNamespace && <span className="opacity-70">{pod.namespace}/</span>}
        {pod.name}{" "}
        <span className="whitespace-nowrap opacity-80">
          {pod.status} {pod.ready}
        </span>
        {pod.restarts > 0 && " "}
        {pod.restarts > 0 && (
          <span className="whitespace-nowrap font-semibold" title={t("restarts", { count: pod.restarts })}>
            <span aria-hidden="true">↻{pod.restarts}</span>
            <span className="sr-only">{t("restarts", { count: pod.restarts })}</span>
          </span>
        )}
      </span>
    </li>
  );
}

/** Nodes with their pods, pending pods and Services with endpoints, from the last response. */
export function ClusterView({ view, headingId }: { view: View; headingId: string }) {
  const t = useTranslations("workspace.cluster");
  const namespaces = new Set(view.nodes.flatMap((n) => n.pods.map((p) => p.namespace)));
  const showNamespace = namespaces.size > 1 || (namespaces.size === 1 && !namespaces.has("default"));
  return (
    <div className="@container space-y-4 text-sm">
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {t("context", { context: view.context })} · {t("clock", { time: clockTime(view.now) })}
      </p>
      <ul aria-labelledby={headingId} className="grid grid-cols-1 gap-3 @xl:grid-cols-2">
        {view.nodes.map((node) => (
          <li key={node.name} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="font-mono font-semibold">{node.name}</h4>
              <span className={`rounded px-1.5 text-xs font-medium ${node.ready ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200" : "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200"}`}>
                {node.ready ? t("ready") : t("notReady")}
              </span>
              {node.roles.length > 0 && <span className="text-xs text-slate-600 dark:text-slate-400">{node.roles.join(", ")}</span>}
              {node.unschedulable && <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">{t("cordoned")}</span>}
            </div>
            {node.taints.length > 0 && (
              <p className="mt-1 break-all font-mono text-xs text-slate-600 dark:text-slate-400">
                {t("taints")}: {node.taints.join(", ")}
              </p>
            )}
            {node.pods.length ? (
              <ul aria-label={t("podsOn", { node: node.name })} className="mt-2 flex flex-wrap gap-1.5">
                {node.pods.map((p) => (
                  <PodChip key={`${p.namespace}/${p.name}`} pod={p} showNamespace={showNamespace} />
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{t("noPods")}</p>
            )}
          </li>
        ))}
      </ul>

      {view.pendingPods.length > 0 && (
        <div>
          <h4 className="font-semibold">{t("pending")}</h4>
          <ul aria-label={t("pending")} className="mt-1 flex flex-wrap gap-1.5">
            {view.pendingPods.map((p) => (
              <PodChip key={`${p.namespace}/${p.name}`} pod={{ ...p, phase: "Pending", ready: "0/1", restarts: 0 }} showNamespace={showNamespace} />
            ))}
          </ul>
        </div>
      )}

      <div>
        <h4 className="font-semibold">{t("services")}</h4>
        {view.services.length ? (
          <div className="mt-1 overflow-x-auto" tabIndex={0} role="region" aria-label={t("services")}>
            <table className="w-full whitespace-nowrap text-left font-mono text-xs">
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="py-1 pr-3 font-medium">{t("name")}</th>
                  <th className="py-1 pr-3 font-medium">{t("type")}</th>
                  <th className="py-1 pr-3 font-medium">{t("clusterIP")}</th>
                  <th className="py-1 pr-3 font-medium">{t("ports")}</th>
                  <th className="py-1 font-medium">{t("endpoints")}</th>
                </tr>
              </thead>
              <tbody>
                {view.services.map((s) => (
                  <tr key={`${s.namespace}/${s.name}`} className="border-t border-slate-200 align-top dark:border-slate-800">
                    <td className="py-1 pr-3">{showNamespace || s.namespace !== "default" ? `${s.namespace}/${s.name}` : s.name}</td>
                    <td className="whitespace-nowrap py-1 pr-3">{s.type}</td>
                    <td className="whitespace-nowrap py-1 pr-3">{s.clusterIP}</td>
                    <td className="whitespace-nowrap py-1 pr-3">{s.ports}</td>
                    <td className="min-w-48 whitespace-normal py-1">
                      {s.endpoints.length ? s.endpoints.join(", ") : <span className="text-red-700 dark:text-red-300">{t("noEndpoints")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("noServices")}</p>
        )}
      </div>
    </div>
  );
}
