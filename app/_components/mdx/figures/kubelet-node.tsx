import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "노드 내부: kubelet이 API 서버와 통신하고 CRI로 containerd를 호출하며, containerd가 runc로 pause 컨테이너와 앱 컨테이너를 Pod의 cgroup 안에 실행합니다",
    node: "워커 노드",
    apiSub: "Pod watch · 상태와 Lease 보고",
    kubeletSub: "Pod 동기화 · Probe · cAdvisor",
    static: "/etc/kubernetes/manifests",
    staticSub: "스태틱 Pod",
    cri: "CRI (gRPC)",
    runtimeSub: "이미지 · 샌드박스",
    runc: "runc (OCI)",
    runcSub: "네임스페이스 · cgroup",
    cni: "CNI 플러그인",
    cniSub: "Pod IP 할당",
    pod: "Pod  (IP 10.244.1.7)",
    cgroup: "cgroup: kubepods/burstable/pod<uid>",
    pause: "pause",
    pauseSub: "net · ipc · uts 보유",
    app: "app",
    appSub: "자체 mnt · pid",
    side: "sidecar",
    sideSub: "localhost 공유",
    join: "네임스페이스 합류",
  },
  en: {
    aria: "Inside a node: the kubelet talks to the API server and calls containerd through the CRI; containerd uses runc to run a pause container and the app containers inside the Pod's cgroup",
    node: "worker node",
    apiSub: "watch Pods · report status, Lease",
    kubeletSub: "Pod sync · probes · cAdvisor",
    static: "/etc/kubernetes/manifests",
    staticSub: "static Pods",
    cri: "CRI (gRPC)",
    runtimeSub: "images · sandboxes",
    runc: "runc (OCI)",
    runcSub: "namespaces · cgroups",
    cni: "CNI plugin",
    cniSub: "assigns the Pod IP",
    pod: "Pod  (IP 10.244.1.7)",
    cgroup: "cgroup: kubepods/burstable/pod<uid>",
    pause: "pause",
    pauseSub: "holds net · ipc · uts",
    app: "app",
    appSub: "own mnt · pid",
    side: "sidecar",
    sideSub: "shares localhost",
    join: "join namespaces",
  },
} as const;

export function KubeletNodeFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 860 470" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="kn-arrow" />
      <Box x={290} y={10} w={280} h={52} title="kube-apiserver" sub={t.apiSub} tone="muted" />
      <rect x={10} y={90} width={840} height={370} rx={12} className="fill-slate-500/5 stroke-current" strokeWidth={1.2} />
      <Label x={24} y={112} anchor="start" bold size={13}>
        {t.node}
      </Label>
      <Arrow x1={430} y1={64} x2={430} y2={126} marker="kn-arrow" />
      <Arrow x1={400} y1={126} x2={400} y2={64} marker="kn-arrow" />

      <Box x={330} y={128} w={200} h={56} title="kubelet" sub={t.kubeletSub} tone="accent" />
      <Box x={40} y={128} w={220} h={56} title={t.static} sub={t.staticSub} dashed />
      <Arrow x1={262} y1={156} x2={328} y2={156} marker="kn-arrow" />

      <Arrow x1={430} y1={184} x2={430} y2={226} marker="kn-arrow" label={t.cri} labelDx={40} labelDy={4} />
      <Box x={330} y={228} w={200} h={52} title="containerd / CRI-O" sub={t.runtimeSub} />
      <Box x={620} y={228} w={200} h={52} title={t.cni} sub={t.cniSub} dashed />
      <Arrow x1={532} y1={254} x2={618} y2={254} marker="kn-arrow" />
      <Box x={40} y={228} w={200} h={52} title={t.runc} sub={t.runcSub} />
      <Arrow x1={328} y1={254} x2={242} y2={254} marker="kn-arrow" />

      <rect x={40} y={305} width={780} height={140} rx={10} className="fill-sky-500/5 stroke-current" strokeWidth={1.5} strokeDasharray="6 4" />
      <Label x={56} y={326} anchor="start" bold size={12}>
        {t.pod}
      </Label>
      <Label x={804} y={326} anchor="end" size={11}>
        {t.cgroup}
      </Label>
      <Box x={70} y={345} w={190} h={60} title={t.pause} sub={t.pauseSub} tone="accent" />
      <Box x={360} y={345} w={170} h={60} title={t.app} sub={t.appSub} />
      <Box x={590} y={345} w={170} h={60} title={t.side} sub={t.sideSub} />
      <Arrow x1={358} y1={375} x2={262} y2={375} marker="kn-arrow" />
      <Arrow x1={588} y1={392} x2={262} y2={392} marker="kn-arrow" dashed />
      <Label x={310} y={430} size={11}>
        {t.join}
      </Label>
      <Arrow x1={140} y1={282} x2={140} y2={343} marker="kn-arrow" dashed />
      <Arrow x1={720} y1={282} x2={200} y2={343} marker="kn-arrow" dashed />
    </svg>
  );
}
