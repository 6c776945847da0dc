import { Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "쿠버네티스 생태계 지도: 가운데 쿠버네티스 API와 컨트롤러가 있고, 주변에 패키징(Helm, Kustomize), 확장(CRD, Operator), 배포(GitOps: Argo CD, Flux), 스케일링(HPA, VPA, KEDA, Cluster Autoscaler, Karpenter), 네트워킹(서비스 메시 Istio, Linkerd, Gateway API), 관측성(Prometheus, Grafana, OpenTelemetry, Loki), 매니지드 클러스터(EKS, GKE, AKS)가 있다",
    core: "쿠버네티스 API",
    coreSub: "오브젝트 + 컨트롤러 (조정 루프)",
    pack: "패키징",
    ext: "확장",
    deliver: "배포 (GitOps)",
    scale: "스케일링",
    net: "네트워킹",
    obs: "관측성",
    managed: "매니지드 컨트롤 플레인",
  },
  en: {
    aria: "Map of the Kubernetes ecosystem: the Kubernetes API and controllers in the centre, surrounded by packaging (Helm, Kustomize), extension (CRDs, Operators), delivery (GitOps: Argo CD, Flux), scaling (HPA, VPA, KEDA, Cluster Autoscaler, Karpenter), networking (service mesh Istio, Linkerd, Gateway API), observability (Prometheus, Grafana, OpenTelemetry, Loki) and managed clusters (EKS, GKE, AKS)",
    core: "Kubernetes API",
    coreSub: "objects + controllers (reconcile loops)",
    pack: "packaging",
    ext: "extension",
    deliver: "delivery (GitOps)",
    scale: "scaling",
    net: "networking",
    obs: "observability",
    managed: "managed control plane",
  },
} as const;

export function EcosystemMapFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const cx = 370;
  const cy = 200;
  const items: { x: number; y: number; title: string; sub: string }[] = [
    { x: 20, y: 20, title: l.pack, sub: "Helm · Kustomize" },
    { x: 270, y: 20, title: l.ext, sub: "CRD · Operators" },
    { x: 520, y: 20, title: l.deliver, sub: "Argo CD · Flux" },
    { x: 20, y: 300, title: l.scale, sub: "HPA · VPA · KEDA · CA · Karpenter" },
    { x: 270, y: 300, title: l.net, sub: "Istio · Linkerd · Gateway API" },
    { x: 520, y: 300, title: l.obs, sub: "Prometheus · Grafana · OTel · Loki" },
  ];
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 400" className="text-slate-800 dark:text-slate-100">
      {items.map((it) => (
        <line
          key={`l-${it.title}`}
          x1={it.x + 100}
          y1={it.y < cy ? it.y + 60 : it.y}
          x2={cx}
          y2={it.y < cy ? cy - 36 : cy + 36}
          className="stroke-current opacity-50"
          strokeWidth={1.5}
          strokeDasharray="4 4"
        />
      ))}
      <Box x={cx - 150} y={cy - 36} w={300} h={72} title={l.core} sub={l.coreSub} tone="accent" />
      {items.map((it) => (
        <Box key={it.title} x={it.x} y={it.y} w={200} h={60} title={it.title} sub={it.sub} />
      ))}
      <Box x={20} y={cy - 24} w={160} h={48} title={l.managed} sub="EKS · GKE · AKS" dashed />
      <Label x={640} y={cy + 4} size={12}>kubectl · helm · kubectl -k</Label>
    </svg>
  );
}
