import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "Ingress 라우팅: 클라이언트 요청이 Ingress 컨트롤러로 들어오고, 컨트롤러가 Ingress 규칙의 호스트와 경로를 보고 shop의 /api는 api Service로, / 는 frontend Service로, blog 호스트는 blog Service로 보낸다",
    client: "클라이언트",
    ctrl: "Ingress 컨트롤러",
    ctrlSub: "리버스 프록시 (NodePort/LB)",
    res: "Ingress 리소스",
    resSub: "규칙 (watch)",
    tls: "TLS Secret",
    svc: "Service",
    pods: "Pod",
    note: "매칭 순서: Host 헤더 → 가장 긴 경로 (같으면 Exact 우선)",
  },
  en: {
    aria: "Ingress routing: client requests enter the Ingress controller, which reads the host and path rules of the Ingress resource and sends shop /api to the api Service, / to the frontend Service and the blog host to the blog Service",
    client: "client",
    ctrl: "Ingress controller",
    ctrlSub: "reverse proxy (NodePort/LB)",
    res: "Ingress resource",
    resSub: "rules (watched)",
    tls: "TLS Secret",
    svc: "Service",
    pods: "Pods",
    note: "matching: Host header → longest path (Exact wins a tie)",
  },
} as const;

export function IngressRoutingFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "ing-arrow";
  const routes = [
    { y: 40, rule: "shop.example.com /api", svc: "api:8080" },
    { y: 140, rule: "shop.example.com /", svc: "frontend:80" },
    { y: 240, rule: "blog.example.com /", svc: "blog:80" },
  ];
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 760 360" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={10} y={140} w={110} h={50} title={l.client} sub="Host: …" />
      <Arrow x1={120} y1={165} x2={178} y2={165} marker={m} label=":80 / :443" />
      <Box x={180} y={120} w={180} h={90} title={l.ctrl} sub={l.ctrlSub} tone="accent" />
      <Box x={190} y={20} w={160} h={46} title={l.res} sub={l.resSub} dashed />
      <Arrow x1={270} y1={66} x2={270} y2={118} marker={m} dashed />
      <Box x={190} y={262} w={160} h={40} title={l.tls} sub="kubernetes.io/tls" dashed />
      <Arrow x1={270} y1={262} x2={270} y2={212} marker={m} dashed />
      {routes.map((r) => (
        <g key={r.rule}>
          <Arrow x1={360} y1={165} x2={468} y2={r.y + 25} marker={m} />
          <Label x={535} y={r.y - 5} size={10}>
            {r.rule}
          </Label>
          <Box x={470} y={r.y} w={130} h={50} title={l.svc} sub={r.svc} />
          <Arrow x1={600} y1={r.y + 25} x2={640} y2={r.y + 25} marker={m} />
          <Box x={642} y={r.y + 5} w={100} h={40} title={l.pods} tone="muted" />
        </g>
      ))}
      <Label x={380} y={340}>{l.note}</Label>
    </svg>
  );
}
