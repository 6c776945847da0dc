import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "스케줄러의 필터와 점수: 네 노드 중 taint와 CPU 부족으로 두 노드가 제외되고, 남은 두 노드에 점수를 매겨 worker-3에 바인딩",
    pod: "새 Pod",
    podSub: ["cpu 요청 500m", "nodeSelector: disktype=ssd"],
    filter: "1. 필터",
    score: "2. 점수",
    bind: "3. 바인딩",
    bindSub: "nodeName: worker-3",
    reasons: ["taint 미용인", "cpu 부족 (남은 250m)", "통과", "통과"],
    nodes: ["controlplane", "worker-1", "worker-3", "worker-4"],
    nodeSub: ["control-plane taint", "ssd · 250m 남음", "ssd · 1500m 남음", "ssd · 800m 남음"],
  },
  en: {
    aria: "Scheduler filter and score: of four nodes, two are filtered out for a taint and for insufficient CPU, the other two are scored and the Pod is bound to worker-3",
    pod: "new Pod",
    podSub: ["cpu request 500m", "nodeSelector: disktype=ssd"],
    filter: "1. filter",
    score: "2. score",
    bind: "3. bind",
    bindSub: "nodeName: worker-3",
    reasons: ["untolerated taint", "Insufficient cpu (250m free)", "feasible", "feasible"],
    nodes: ["controlplane", "worker-1", "worker-3", "worker-4"],
    nodeSub: ["control-plane taint", "ssd · 250m free", "ssd · 1500m free", "ssd · 800m free"],
  },
} as const;

export function SchedulerFilterScoreFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  const rows = [40, 110, 180, 250];
  const scores = [null, null, 82, 61] as const;
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 900 330" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="sf-arrow" />
      <g>
        <rect x={10} y={110} width={170} height={96} rx={10} className="fill-sky-500/15 stroke-current" strokeWidth={1.5} strokeDasharray="5 4" />
        <Label x={95} y={136} bold size={13}>
          {t.pod}
        </Label>
        <Label x={95} y={160} size={11}>
          {t.podSub[0]}
        </Label>
        <Label x={95} y={180} size={11}>
          {t.podSub[1]}
        </Label>
      </g>
      <Label x={330} y={24} bold size={13}>
        {t.filter}
      </Label>
      <Label x={610} y={24} bold size={13}>
        {t.score}
      </Label>
      {rows.map((y, i) => {
        const ok = i >= 2;
        return (
          <g key={t.nodes[i]}>
            <Arrow x1={182} y1={158} x2={228} y2={y + 24} marker="sf-arrow" />
            <Box x={230} y={y} w={200} h={48} title={t.nodes[i]} sub={t.nodeSub[i]} tone={ok ? "plain" : "muted"} dashed={!ok} />
            <Label x={442} y={y + 29} size={11} bold={!ok} anchor="start">
              {`${ok ? "✓" : "✗"} ${t.reasons[i]}`}
            </Label>
            {ok ? (
              <g>
                <Arrow x1={560} y1={y + 24} x2={588} y2={y + 24} marker="sf-arrow" />
                <rect x={590} y={y + 8} width={(scores[i] ?? 0) * 1.4} height={32} rx={4} className={i === 2 ? "fill-emerald-500/30 stroke-current" : "fill-sky-500/15 stroke-current"} strokeWidth={1} />
                <Label x={598} y={y + 29} anchor="start" bold size={12}>
                  {String(scores[i])}
                </Label>
              </g>
            ) : null}
          </g>
        );
      })}
      <Arrow x1={708} y1={204} x2={738} y2={204} marker="sf-arrow" />
      <Box x={740} y={176} w={150} h={56} title={t.bind} sub={t.bindSub} tone="accent" />
    </svg>
  );
}
