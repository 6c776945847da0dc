import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "조정 루프: API 서버를 watch해 작업 큐에 키를 넣고, 원하는 상태와 실제 상태를 비교해 API로 행동하고 status를 기록하는 순환",
    api: "kube-apiserver",
    apiSub: "etcd 앞의 유일한 문",
    controller: "컨트롤러 (예: ReplicaSet)",
    watch: ["1. watch", "인포머 캐시"],
    queue: ["2. 작업 큐", "namespace/name 키"],
    reconcile: ["3. 조정", "원하는 상태 vs 실제 상태"],
    act: ["4. 행동", "Pod 생성·삭제, status 기록"],
    events: "이벤트",
    calls: "API 호출",
    center: "차이가 없어질 때까지 반복",
  },
  en: {
    aria: "Reconcile loop: watch the API server, queue keys, compare desired and actual state, act through the API and write status, in a cycle",
    api: "kube-apiserver",
    apiSub: "the only door to etcd",
    controller: "controller (e.g. ReplicaSet)",
    watch: ["1. watch", "informer cache"],
    queue: ["2. work queue", "namespace/name keys"],
    reconcile: ["3. reconcile", "desired vs actual"],
    act: ["4. act", "create Pods, write status"],
    events: "events",
    calls: "API calls",
    center: "repeat until no difference",
  },
} as const;

export function ReconcileLoopFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 820 380" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="rl-arrow" />
      <Box x={20} y={150} w={170} h={64} title={t.api} sub={t.apiSub} tone="muted" />
      <rect x={250} y={20} width={550} height={340} rx={14} className="fill-sky-500/5 stroke-current" strokeWidth={1.2} strokeDasharray="6 4" />
      <Label x={266} y={44} anchor="start" bold size={13}>
        {t.controller}
      </Label>

      <Box x={290} y={70} w={180} h={56} title={t.watch[0]} sub={t.watch[1]} />
      <Box x={590} y={70} w={180} h={56} title={t.queue[0]} sub={t.queue[1]} />
      <Box x={590} y={250} w={180} h={56} title={t.reconcile[0]} sub={t.reconcile[1]} tone="accent" />
      <Box x={290} y={250} w={180} h={56} title={t.act[0]} sub={t.act[1]} />

      <Arrow x1={470} y1={98} x2={588} y2={98} marker="rl-arrow" />
      <Arrow x1={680} y1={126} x2={680} y2={248} marker="rl-arrow" />
      <Arrow x1={590} y1={278} x2={472} y2={278} marker="rl-arrow" />
      <Arrow x1={380} y1={250} x2={380} y2={128} marker="rl-arrow" />
      <Label x={530} y={190} size={12}>
        {t.center}
      </Label>

      <Arrow x1={192} y1={165} x2={288} y2={110} marker="rl-arrow" />
      <Label x={215} y={122} size={11}>
        {t.events}
      </Label>
      <Arrow x1={288} y1={270} x2={192} y2={204} marker="rl-arrow" />
      <Label x={205} y={262} size={11}>
        {t.calls}
      </Label>
    </svg>
  );
}
