import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "Service 타입의 층: 외부 클라이언트가 LoadBalancer로 들어오고, LoadBalancer는 각 노드의 NodePort로, NodePort는 ClusterIP 규칙으로, ClusterIP는 셀렉터에 맞는 Pod로 트래픽을 보낸다",
    client: "외부 클라이언트",
    lb: "외부 로드밸런서",
    lbSub: "type: LoadBalancer (클라우드/MetalLB)",
    node: "노드",
    cip: "ClusterIP 10.96.120.15:80",
    cipSub: "kube-proxy 규칙 (모든 노드)",
    inside: "클러스터 안의 Pod",
    pods: "selector app=web → Ready Pod (targetPort 8080)",
    dns: "DNS: web.default.svc.cluster.local",
  },
  en: {
    aria: "Layers of Service types: an external client enters through a LoadBalancer, which forwards to the NodePort on each node, which goes through the ClusterIP rules to the Pods matched by the selector",
    client: "external client",
    lb: "external load balancer",
    lbSub: "type: LoadBalancer (cloud/MetalLB)",
    node: "node",
    cip: "ClusterIP 10.96.120.15:80",
    cipSub: "kube-proxy rules (every node)",
    inside: "Pod in the cluster",
    pods: "selector app=web → Ready Pods (targetPort 8080)",
    dns: "DNS: web.default.svc.cluster.local",
  },
} as const;

export function ServiceTypesFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "svc-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 720 430" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={260} y={8} w={200} h={36} title={l.client} />
      <Arrow x1={360} y1={44} x2={360} y2={66} marker={m} />
      <Box x={200} y={68} w={320} h={48} title={l.lb} sub={l.lbSub} tone="accent" />
      <Arrow x1={290} y1={116} x2={170} y2={150} marker={m} />
      <Arrow x1={360} y1={116} x2={360} y2={150} marker={m} />
      <Arrow x1={430} y1={116} x2={550} y2={150} marker={m} />
      {[0, 1, 2].map((i) => (
        <Box key={i} x={60 + i * 205} y={152} w={190} h={48} title={`${l.node} ${i + 1} :30080`} sub="type: NodePort" />
      ))}
      <Arrow x1={155} y1={200} x2={300} y2={238} marker={m} />
      <Arrow x1={360} y1={200} x2={360} y2={238} marker={m} />
      <Arrow x1={565} y1={200} x2={420} y2={238} marker={m} />
      <Box x={200} y={240} w={320} h={48} title={l.cip} sub={l.cipSub} tone="accent" />
      <Box x={560} y={244} w={150} h={40} title={l.inside} dashed />
      <Arrow x1={560} y1={264} x2={522} y2={264} marker={m} />
      <Arrow x1={300} y1={288} x2={190} y2={330} marker={m} />
      <Arrow x1={360} y1={288} x2={360} y2={330} marker={m} />
      <Arrow x1={420} y1={288} x2={530} y2={330} marker={m} />
      <Box x={120} y={332} w={140} h={36} title="Pod 10.244.1.5" />
      <Box x={290} y={332} w={140} h={36} title="Pod 10.244.2.7" />
      <Box x={460} y={332} w={140} h={36} title="Pod 10.244.3.4" />
      <Label x={360} y={392}>{l.pods}</Label>
      <Label x={360} y={414}>{l.dns}</Label>
    </svg>
  );
}
