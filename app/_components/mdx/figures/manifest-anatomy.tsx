import { Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "매니페스트 구조: apiVersion과 kind는 종류, metadata는 이름·네임스페이스·레이블, spec은 사용자가 쓰는 원하는 상태, status는 컨트롤러가 쓰는 관측된 상태",
    what: "무엇인가 — 그룹/버전과 종류",
    who: "누구인가 — 이름, 네임스페이스, 레이블",
    want: "원하는 상태 — 사용자가 작성",
    is: "관측된 상태 — 컨트롤러·kubelet이 작성",
    indent: "공백 2칸 = 한 단계 · 탭 금지",
    list: "\"- \" = 리스트 항목",
  },
  en: {
    aria: "Manifest anatomy: apiVersion and kind say what it is, metadata holds name, namespace and labels, spec is the desired state you write, status is the observed state written by controllers",
    what: "what it is — group/version and kind",
    who: "who it is — name, namespace, labels",
    want: "desired state — you write it",
    is: "observed state — controllers and kubelet write it",
    indent: "2 spaces = one level · no tabs",
    list: "\"- \" = a list item",
  },
} as const;

const lines: { text: string; indent: number }[] = [
  { text: "apiVersion: apps/v1", indent: 0 },
  { text: "kind: Deployment", indent: 0 },
  { text: "metadata:", indent: 0 },
  { text: "name: web", indent: 1 },
  { text: "namespace: shop", indent: 1 },
  { text: "labels: {app: web}", indent: 1 },
  { text: "spec:", indent: 0 },
  { text: "replicas: 3", indent: 1 },
  { text: "selector: {matchLabels: {app: web}}", indent: 1 },
  { text: "template:", indent: 1 },
  { text: "metadata: {labels: {app: web}}", indent: 2 },
  { text: "spec:", indent: 2 },
  { text: "containers:", indent: 3 },
  { text: "- name: web", indent: 3 },
  { text: "  image: nginx:1.27", indent: 3 },
  { text: "status:", indent: 0 },
  { text: "readyReplicas: 3", indent: 1 },
];

export function ManifestAnatomyFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const y0 = 34;
  const dy = 21;
  const bracket = (from: number, to: number, label: string, accent = false) => {
    const top = y0 + from * dy - 15;
    const bottom = y0 + to * dy + 6;
    return (
      <g>
        <path
          d={`M 360 ${top} H 372 V ${bottom} H 360`}
          className={accent ? "fill-none stroke-sky-500" : "fill-none stroke-current"}
          strokeWidth={2}
        />
        <Label x={384} y={(top + bottom) / 2 + 4} anchor="start" size={12}>
          {label}
        </Label>
      </g>
    );
  };
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 445" className="text-slate-800 dark:text-slate-100">
      <Box x={10} y={10} w={340} h={y0 + lines.length * dy - 8} title="" tone="muted" />
      {lines.map((ln, i) => (
        <text
          key={i}
          x={24 + ln.indent * 18}
          y={y0 + i * dy}
          className="fill-current"
          fontSize={13}
          fontFamily="ui-monospace, SFMono-Regular, Menlo, monospace"
          opacity={i >= 15 ? 0.6 : 1}
        >
          {ln.text}
        </text>
      ))}
      {bracket(0, 1, l.what)}
      {bracket(2, 5, l.who)}
      {bracket(6, 14, l.want, true)}
      {bracket(15, 16, l.is)}
      <Label x={545} y={y0 + 17 * dy + 14} size={11}>{l.indent}</Label>
      <Label x={545} y={y0 + 17 * dy + 32} size={11}>{l.list}</Label>
    </svg>
  );
}
