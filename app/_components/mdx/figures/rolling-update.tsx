import { Arrow, ArrowDefs, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "replicas 4, maxSurge 1, maxUnavailable 1인 롤링 업데이트의 네 단계: v1 Pod 4개에서 시작해 v2 Pod 4개로 끝나며, Pod는 최대 5개, 사용 가능한 Pod는 최소 3개를 유지합니다",
    steps: ["시작", "새 RS 스케일 업", "옛 RS 스케일 다운", "완료"],
    old: "v1 (옛 ReplicaSet)",
    ready: "v2 Ready",
    starting: "v2 시작 중",
    total: "Pod",
    avail: "사용 가능",
    limits: "한계: Pod ≤ replicas + maxSurge = 5,  사용 가능 ≥ replicas − maxUnavailable = 3",
  },
  en: {
    aria: "Rolling update of 4 replicas with maxSurge 1 and maxUnavailable 1 in four stages: from four v1 Pods to four v2 Pods, never more than 5 Pods and never fewer than 3 available",
    steps: ["start", "new RS scales up", "old RS scales down", "done"],
    old: "v1 (old ReplicaSet)",
    ready: "v2 Ready",
    starting: "v2 starting",
    total: "Pods",
    avail: "available",
    limits: "limits: Pods ≤ replicas + maxSurge = 5,  available ≥ replicas − maxUnavailable = 3",
  },
} as const;

type P = "old" | "ready" | "starting";
const stages: P[][] = [
  ["old", "old", "old", "old"],
  ["old", "old", "old", "starting", "starting"],
  ["old", "ready", "ready", "starting", "starting"],
  ["ready", "ready", "ready", "ready"],
];

function PodChip({ x, y, kind }: { x: number; y: number; kind: P }) {
  const cls = kind === "old" ? "fill-slate-500/20" : kind === "ready" ? "fill-emerald-500/30" : "fill-sky-500/10";
  return (
    <g>
      <rect x={x} y={y} width={120} height={30} rx={6} className={`${cls} stroke-current`} strokeWidth={1.2} strokeDasharray={kind === "starting" ? "4 3" : undefined} />
      <Label x={x + 60} y={y + 20} size={11} bold={kind !== "starting"}>
        {kind === "old" ? "v1" : "v2"}
      </Label>
    </g>
  );
}

export function RollingUpdateFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  const colW = 200;
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 820 360" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="ru-arrow" />
      {stages.map((pods, i) => {
        const x = 20 + i * colW;
        const total = pods.length;
        const avail = pods.filter((p) => p !== "starting").length;
        return (
          <g key={t.steps[i]}>
            <Label x={x + 80} y={24} bold size={12}>
              {`${i + 1}. ${t.steps[i]}`}
            </Label>
            <rect x={x} y={36} width={160} height={196} rx={10} className="fill-transparent stroke-current opacity-60" strokeWidth={1} />
            {pods.map((p, j) => (
              <PodChip key={`${i}-${j}`} x={x + 20} y={44 + j * 37} kind={p} />
            ))}
            <Label x={x + 80} y={254} size={11}>
              {`${t.total} ${total} · ${t.avail} ${avail}`}
            </Label>
            {i < 3 ? <Arrow x1={x + 164} y1={134} x2={x + colW - 4} y2={134} marker="ru-arrow" /> : null}
          </g>
        );
      })}
      <Label x={410} y={286} size={12} bold>
        {t.limits}
      </Label>
      <rect x={150} y={312} width={24} height={16} rx={4} className="fill-slate-500/20 stroke-current" strokeWidth={1} />
      <Label x={182} y={325} anchor="start" size={11}>
        {t.old}
      </Label>
      <rect x={380} y={312} width={24} height={16} rx={4} className="fill-emerald-500/30 stroke-current" strokeWidth={1} />
      <Label x={412} y={325} anchor="start" size={11}>
        {t.ready}
      </Label>
      <rect x={540} y={312} width={24} height={16} rx={4} className="fill-sky-500/10 stroke-current" strokeWidth={1} strokeDasharray="4 3" />
      <Label x={572} y={325} anchor="start" size={11}>
        {t.starting}
      </Label>
    </svg>
  );
}
