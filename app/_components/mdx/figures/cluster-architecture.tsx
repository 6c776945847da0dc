import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "쿠버네티스 클러스터 구조: 컨트롤 플레인의 kube-apiserver, etcd, 스케줄러, 컨트롤러 매니저와 두 워커 노드의 kubelet, kube-proxy, 컨테이너 런타임, Pod",
    controlPlane: "컨트롤 플레인 (결정)",
    dataPlane: "데이터 플레인: 노드 (실행)",
    node: "노드",
    api: "유일한 진입점",
    etcd: "클러스터 상태 저장",
    sched: "노드 선택",
    kcm: "조정 루프",
    ccm: "클라우드 API 연동",
    user: "사용자",
    watch: "watch / 쓰기",
    only: "API 서버만",
    runtime: "containerd / CRI-O",
    rules: "Service 규칙",
    agent: "노드 에이전트",
  },
  en: {
    aria: "Kubernetes cluster architecture: kube-apiserver, etcd, scheduler and controller managers in the control plane, and kubelet, kube-proxy, container runtime and Pods on two worker nodes",
    controlPlane: "Control plane (decides)",
    dataPlane: "Data plane: nodes (run the work)",
    node: "node",
    api: "the single entry point",
    etcd: "cluster state",
    sched: "picks nodes",
    kcm: "reconcile loops",
    ccm: "cloud provider API",
    user: "user",
    watch: "watch / write",
    only: "API server only",
    runtime: "containerd / CRI-O",
    rules: "Service rules",
    agent: "node agent",
  },
} as const;

function WorkerNode({ x, label, t }: { x: number; label: string; t: (typeof text)[Locale] }) {
  return (
    <g>
      <rect x={x} y={300} width={340} height={150} rx={10} className="fill-slate-500/5 stroke-current" strokeWidth={1.2} />
      <Label x={x + 12} y={320} anchor="start" bold>
        {label}
      </Label>
      <Box x={x + 15} y={332} w={150} h={46} title="kubelet" sub={t.agent} tone="accent" />
      <Box x={x + 180} y={332} w={145} h={46} title="kube-proxy" sub={t.rules} />
      <Box x={x + 15} y={392} w={150} h={40} title={t.runtime} tone="muted" />
      <Arrow x1={x + 90} y1={378} x2={x + 90} y2={390} marker="ca-arrow" />
      <Box x={x + 180} y={392} w={68} h={40} title="Pod" dashed />
      <Box x={x + 257} y={392} w={68} h={40} title="Pod" dashed />
      <Arrow x1={x + 165} y1={412} x2={x + 178} y2={412} marker="ca-arrow" />
    </g>
  );
}

export function ClusterArchitectureFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 760 470" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="ca-arrow" />
      <rect x={20} y={10} width={720} height={250} rx={12} className="fill-sky-500/5 stroke-current" strokeWidth={1.2} strokeDasharray="6 4" />
      <Label x={34} y={32} anchor="start" bold size={13}>
        {t.controlPlane}
      </Label>

      <Box x={290} y={110} w={180} h={56} title="kube-apiserver" sub={t.api} tone="accent" />
      <Box x={40} y={110} w={150} h={56} title="etcd" sub={t.etcd} tone="muted" />
      <Box x={520} y={45} w={205} h={48} title="kube-scheduler" sub={t.sched} />
      <Box x={520} y={110} w={205} h={48} title="kube-controller-manager" sub={t.kcm} />
      <Box x={520} y={175} w={205} h={48} title="cloud-controller-manager" sub={t.ccm} dashed />

      <Arrow x1={290} y1={138} x2={192} y2={138} marker="ca-arrow" label={t.only} labelDy={18} />
      <Arrow x1={518} y1={72} x2={472} y2={122} marker="ca-arrow" />
      <Arrow x1={518} y1={134} x2={472} y2={138} marker="ca-arrow" />
      <Arrow x1={518} y1={196} x2={472} y2={154} marker="ca-arrow" />

      <Box x={300} y={30} w={160} h={40} title="kubectl" sub={t.user} dashed />
      <Label x={380} y={250} size={11}>
        {t.watch}
      </Label>
      <Arrow x1={380} y1={70} x2={380} y2={108} marker="ca-arrow" />

      <Label x={380} y={285} bold size={13}>
        {t.dataPlane}
      </Label>
      <WorkerNode x={20} label={`${t.node} 1`} t={t} />
      <WorkerNode x={400} label={`${t.node} 2`} t={t} />

      <Arrow x1={110} y1={330} x2={330} y2={168} marker="ca-arrow" />
      <Arrow x1={270} y1={330} x2={360} y2={168} marker="ca-arrow" />
      <Arrow x1={490} y1={330} x2={400} y2={168} marker="ca-arrow" />
      <Arrow x1={650} y1={330} x2={430} y2={168} marker="ca-arrow" />
    </svg>
  );
}
