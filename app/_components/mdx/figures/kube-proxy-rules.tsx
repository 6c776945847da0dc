import { Arrow, ArrowDefs, Box, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "kube-proxy 규칙: kube-proxy가 Service와 EndpointSlice를 watch해 노드에 KUBE-SERVICES, KUBE-SVC, KUBE-SEP 체인을 쓰고, 10.96.45.12:80으로 가는 패킷이 세 Pod 중 하나로 DNAT됩니다",
    watch: "watch",
    writes: "규칙 작성",
    svc: "Service web",
    eps: "EndpointSlice",
    epsSub: "준비된 Pod 3개",
    node: "노드 커널 (nat 테이블)",
    client: "클라이언트 Pod",
    packet: "목적지 10.96.45.12:80",
    match: "목적지 IP:포트 매칭",
    pick: "무작위 선택",
    dnat: "DNAT",
    p: ["확률 1/3", "나머지의 1/2", "나머지 전부"],
  },
  en: {
    aria: "kube-proxy rules: kube-proxy watches the Service and its EndpointSlice and writes KUBE-SERVICES, KUBE-SVC and KUBE-SEP chains on the node; a packet to 10.96.45.12:80 is DNATed to one of three Pods",
    watch: "watch",
    writes: "writes rules",
    svc: "Service web",
    eps: "EndpointSlice",
    epsSub: "3 ready Pods",
    node: "node kernel (nat table)",
    client: "client Pod",
    packet: "to 10.96.45.12:80",
    match: "match destination",
    pick: "random pick",
    dnat: "DNAT",
    p: ["probability 1/3", "1/2 of the rest", "the rest"],
  },
} as const;

const pods = ["10.244.1.7:8080", "10.244.2.4:8080", "10.244.2.9:8080"];

export function KubeProxyRulesFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 900 420" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="kp-arrow" />
      <Box x={20} y={20} w={190} h={52} title={t.svc} sub="10.96.45.12:80" tone="muted" />
      <Box x={230} y={20} w={190} h={52} title={t.eps} sub={t.epsSub} tone="muted" />
      <Box x={560} y={20} w={190} h={52} title="kube-proxy" sub="DaemonSet" tone="accent" />
      <Arrow x1={422} y1={46} x2={558} y2={46} marker="kp-arrow" label={t.watch} />
      <Arrow x1={655} y1={72} x2={655} y2={108} marker="kp-arrow" label={t.writes} labelDx={44} labelDy={4} />

      <rect x={200} y={110} width={680} height={290} rx={12} className="fill-slate-500/5 stroke-current" strokeWidth={1.2} strokeDasharray="6 4" />
      <Label x={214} y={132} anchor="start" bold size={12}>
        {t.node}
      </Label>

      <Box x={20} y={220} w={150} h={60} title={t.client} sub={t.packet} dashed />
      <Arrow x1={172} y1={250} x2={228} y2={250} marker="kp-arrow" />
      <Box x={230} y={222} w={150} h={56} title="KUBE-SERVICES" sub={t.match} />
      <Arrow x1={382} y1={250} x2={418} y2={250} marker="kp-arrow" />
      <Box x={420} y={222} w={150} h={56} title="KUBE-SVC-…" sub={t.pick} tone="accent" />
      {pods.map((ip, i) => {
        const y = 150 + i * 82;
        return (
          <g key={ip}>
            <Arrow x1={572} y1={250} x2={618} y2={y + 26} marker="kp-arrow" />
            <Box x={620} y={y} w={120} h={52} title="KUBE-SEP-…" sub={t.p[i]} />
            <Arrow x1={742} y1={y + 26} x2={758} y2={y + 26} marker="kp-arrow" />
            <Box x={760} y={y + 4} w={110} h={44} title="Pod" sub={ip} dashed />
          </g>
        );
      })}
      <Label x={750} y={390} size={11}>
        {`${t.dnat} → PodIP:targetPort`}
      </Label>
    </svg>
  );
}
