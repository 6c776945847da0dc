import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "네 가지 워크로드 컨트롤러: DaemonSet은 노드마다 Pod 하나, StatefulSet은 순서 있는 Pod와 각자의 PVC, Job은 완료될 때까지 실행, CronJob은 일정마다 Job 생성",
    ds: "노드마다 Pod 하나",
    ss: "고정 이름 + 각자의 PVC",
    job: "성공할 때까지 실행",
    cron: "일정마다 Job 생성",
    node: "노드",
    done: "완료",
    run: "실행 중",
    order: "0 → 1 → 2 순서로 생성",
  },
  en: {
    aria: "Four workload controllers: a DaemonSet runs one Pod per node, a StatefulSet runs ordered Pods each with its own PVC, a Job runs until completion, a CronJob creates Jobs on a schedule",
    ds: "one Pod per node",
    ss: "stable names + own PVC",
    job: "runs to completion",
    cron: "creates a Job per tick",
    node: "node",
    done: "Completed",
    run: "Running",
    order: "created in order 0 → 1 → 2",
  },
} as const;

export function WorkloadControllersFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "wc-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 720 420" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      {/* DaemonSet panel */}
      <Box x={10} y={10} w={340} h={190} title="" tone="muted" dashed />
      <Label x={24} y={32} anchor="start" size={14} bold>DaemonSet</Label>
      <Label x={336} y={32} anchor="end">{l.ds}</Label>
      {[0, 1, 2].map((i) => (
        <g key={i}>
          <Box x={24 + i * 108} y={60} w={96} h={120} title={`${l.node} ${i + 1}`} />
          <Box x={36 + i * 108} y={130} w={72} h={36} title="Pod" tone="accent" />
        </g>
      ))}
      {/* StatefulSet panel */}
      <Box x={370} y={10} w={340} h={190} title="" tone="muted" dashed />
      <Label x={384} y={32} anchor="start" size={14} bold>StatefulSet</Label>
      <Label x={696} y={32} anchor="end">{l.ss}</Label>
      {["db-0", "db-1", "db-2"].map((n, i) => (
        <g key={n}>
          <Box x={384 + i * 108} y={56} w={96} h={40} title={n} tone="accent" />
          <Arrow x1={432 + i * 108} y1={96} x2={432 + i * 108} y2={124} marker={m} />
          <Box x={384 + i * 108} y={126} w={96} h={40} title={`data-${n}`} sub="PVC" />
        </g>
      ))}
      <Label x={540} y={188}>{l.order}</Label>
      {/* Job panel */}
      <Box x={10} y={220} w={340} h={190} title="" tone="muted" dashed />
      <Label x={24} y={242} anchor="start" size={14} bold>Job</Label>
      <Label x={336} y={242} anchor="end">{l.job}</Label>
      <Label x={24} y={268} anchor="start">completions: 3, parallelism: 2</Label>
      <Box x={24} y={285} w={96} h={44} title="Pod" sub={l.done} />
      <Box x={132} y={285} w={96} h={44} title="Pod" sub={l.done} />
      <Box x={240} y={285} w={96} h={44} title="Pod" sub={l.run} tone="accent" />
      <Label x={180} y={360}>backoffLimit · restartPolicy: Never | OnFailure</Label>
      <Label x={180} y={384}>COMPLETIONS 2/3</Label>
      {/* CronJob panel */}
      <Box x={370} y={220} w={340} h={190} title="" tone="muted" dashed />
      <Label x={384} y={242} anchor="start" size={14} bold>CronJob</Label>
      <Label x={696} y={242} anchor="end">{l.cron}</Label>
      <Box x={384} y={280} w={110} h={56} title="schedule" sub={'"*/5 * * * *"'} tone="accent" />
      <Arrow x1={494} y1={296} x2={568} y2={276} marker={m} />
      <Arrow x1={494} y1={308} x2={568} y2={308} marker={m} />
      <Arrow x1={494} y1={320} x2={568} y2={340} marker={m} />
      <Box x={570} y={262} w={126} h={28} title="Job 12:00" />
      <Box x={570} y={295} w={126} h={28} title="Job 12:05" />
      <Box x={570} y={328} w={126} h={28} title="Job 12:10" />
      <Label x={540} y={384}>concurrencyPolicy · history limits</Label>
    </svg>
  );
}
