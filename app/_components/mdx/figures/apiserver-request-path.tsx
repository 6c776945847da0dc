import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "kube-apiserver 요청 경로: 클라이언트, 인증, 인가, 변경 어드미션, 스키마 검증, 검증 어드미션, etcd 저장, 그리고 watch 알림",
    client: "클라이언트",
    stages: [
      ["인증", "누구인가?"],
      ["인가", "Node, RBAC"],
      ["변경 어드미션", "기본값, 웹훅"],
      ["스키마 검증", "필드, 이름"],
      ["검증 어드미션", "쿼터, 정책"],
    ],
    etcd: "저장",
    rejects: ["401", "403", "거부", "422", "403 / 거부"],
    rejectTitle: "거부되면 여기서 응답",
    api: "kube-apiserver",
    watch: "watch 이벤트",
    watchers: "스케줄러 · 컨트롤러 · kubelet · kube-proxy",
    rv: "resourceVersion 부여",
  },
  en: {
    aria: "kube-apiserver request path: client, authentication, authorization, mutating admission, schema validation, validating admission, persist to etcd, then watch notifications",
    client: "client",
    stages: [
      ["authentication", "who are you?"],
      ["authorization", "Node, RBAC"],
      ["mutating", "admission: defaults"],
      ["validation", "schema, names"],
      ["validating", "admission: policy"],
    ],
    etcd: "persist",
    rejects: ["401", "403", "denied", "422", "403 / denied"],
    rejectTitle: "a rejection is answered here",
    api: "kube-apiserver",
    watch: "watch events",
    watchers: "scheduler · controllers · kubelet · kube-proxy",
    rv: "gets a resourceVersion",
  },
} as const;

export function ApiserverRequestPathFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  const w = 128;
  const gap = 16;
  const x0 = 130;
  const y = 80;
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 1000 310" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="ap-arrow" />
      <rect x={x0 - 10} y={40} width={5 * (w + gap) + 6} height={172} rx={12} className="fill-sky-500/5 stroke-current" strokeWidth={1.2} strokeDasharray="6 4" />
      <Label x={x0} y={60} anchor="start" bold size={13}>
        {t.api}
      </Label>
      <Box x={10} y={y} w={90} h={56} title="kubectl" sub={t.client} dashed />
      <Arrow x1={100} y1={y + 28} x2={x0 - 2} y2={y + 28} marker="ap-arrow" />
      {t.stages.map(([title, sub], i) => {
        const x = x0 + i * (w + gap);
        return (
          <g key={title}>
            <Box x={x} y={y} w={w} h={56} title={title} sub={sub} tone={i === 1 ? "accent" : "plain"} />
            {i < 4 ? <Arrow x1={x + w} y1={y + 28} x2={x + w + gap - 1} y2={y + 28} marker="ap-arrow" /> : null}
            <Arrow x1={x + w / 2} y1={y + 56} x2={x + w / 2} y2={y + 86} marker="ap-arrow" dashed />
            <Label x={x + w / 2} y={y + 100} size={12} bold>
              {t.rejects[i]}
            </Label>
          </g>
        );
      })}
      <Label x={x0 + (5 * (w + gap)) / 2} y={y + 122} size={11}>
        {t.rejectTitle}
      </Label>
      <Box x={x0 + 5 * (w + gap) + 14} y={y} w={110} h={56} title="etcd" sub={t.etcd} tone="muted" />
      <Arrow x1={x0 + 5 * (w + gap) - gap + 1} y1={y + 28} x2={x0 + 5 * (w + gap) + 12} y2={y + 28} marker="ap-arrow" />
      <Label x={x0 + 5 * (w + gap) + 69} y={y + 74} size={10}>
        {t.rv}
      </Label>
      <Arrow x1={x0 + 5 * (w + gap) + 69} y1={y + 84} x2={x0 + 5 * (w + gap) + 69} y2={236} marker="ap-arrow" />
      <Box x={520} y={240} w={470} h={56} title={t.watch} sub={t.watchers} tone="accent" />
    </svg>
  );
}
