import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "HPA 루프: 노드의 containerd와 cAdvisor가 사용량을 재고, kubelet이 노출하고, metrics-server가 수집해 metrics.k8s.io API로 제공한다. kube-controller-manager의 HPA 컨트롤러가 15초마다 읽어 공식으로 계산하고 Deployment의 replicas를 바꾼다",
    node: "노드",
    rt: "containerd · cgroups",
    cad: "kubelet + cAdvisor",
    cadSub: "/metrics/resource",
    ms: "metrics-server",
    msSub: "주기적 수집 (15초)",
    api: "kube-apiserver",
    apiSub: "metrics.k8s.io",
    hpa: "HPA 컨트롤러",
    hpaSub: "kube-controller-manager, 15초마다",
    dep: "Deployment",
    depSub: "scale: replicas 3 → 6",
    formula: "ceil(3 × 90% / 50%) = 6   (허용 오차 0.1)",
    down: "축소: 최근 5분 중 최댓값",
    pods: "새 Pod",
  },
  en: {
    aria: "The HPA loop: containerd and cAdvisor on the node measure usage, the kubelet exposes it, metrics-server scrapes it and serves the metrics.k8s.io API. The HPA controller in kube-controller-manager reads it every 15 seconds, applies the formula and changes the Deployment's replicas",
    node: "node",
    rt: "containerd · cgroups",
    cad: "kubelet + cAdvisor",
    cadSub: "/metrics/resource",
    ms: "metrics-server",
    msSub: "periodic scrape (15 s)",
    api: "kube-apiserver",
    apiSub: "metrics.k8s.io",
    hpa: "HPA controller",
    hpaSub: "kube-controller-manager, every 15 s",
    dep: "Deployment",
    depSub: "scale: replicas 3 → 6",
    formula: "ceil(3 × 90% / 50%) = 6   (tolerance 0.1)",
    down: "scale-down: max of the last 5 min",
    pods: "new Pods",
  },
} as const;

export function HpaLoopFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "hpa-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 380" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={10} y={190} w={230} h={180} title="" tone="muted" dashed />
      <Label x={24} y={212} anchor="start" bold>{l.node}</Label>
      <Box x={30} y={300} w={190} h={48} title={l.rt} sub="Pod · Pod · Pod" />
      <Arrow x1={125} y1={300} x2={125} y2={276} marker={m} label="1" labelDx={10} labelDy={4} />
      <Box x={30} y={226} w={190} h={48} title={l.cad} sub={l.cadSub} />
      <Arrow x1={220} y1={250} x2={298} y2={250} marker={m} label="2" />
      <Box x={300} y={226} w={170} h={48} title={l.ms} sub={l.msSub} />
      <Arrow x1={385} y1={226} x2={385} y2={150} marker={m} />
      <Box x={300} y={98} w={170} h={50} title={l.api} sub={l.apiSub} tone="accent" />
      <Arrow x1={470} y1={123} x2={528} y2={123} marker={m} label="3" />
      <Box x={530} y={98} w={200} h={50} title={l.hpa} sub={l.hpaSub} tone="accent" />
      <Label x={630} y={172}>{l.formula}</Label>
      <Label x={630} y={190}>{l.down}</Label>
      <Arrow x1={630} y1={98} x2={630} y2={62} marker={m} label="4" labelDx={10} labelDy={4} />
      <Box x={530} y={10} w={200} h={50} title={l.dep} sub={l.depSub} />
      <path
        d="M 530 35 H 125 V 186"
        className="fill-none stroke-current"
        strokeWidth={1.5}
        strokeDasharray="5 4"
        markerEnd={`url(#${m})`}
      />
      <Label x={300} y={28}>{l.pods}</Label>
    </svg>
  );
}
