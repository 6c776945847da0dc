import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "테인트와 톨러레이션: 컨트롤 플레인 노드와 GPU 노드에는 NoSchedule 테인트가 있다. 톨러레이션이 없는 일반 Pod는 테인트된 노드에서 밀려나 일반 노드로 가고, gpu 톨러레이션과 노드 어피니티를 가진 Pod는 GPU 노드로 간다",
    cp: "컨트롤 플레인",
    gpu: "GPU 노드",
    plain: "일반 노드",
    podA: "일반 Pod",
    podASub: "톨러레이션 없음",
    podB: "GPU Pod",
    podBSub: "톨러레이션 gpu + 어피니티 gpu=true",
    blocked: "거부 (untolerated taint)",
    allowed: "허용 + 끌어당김",
    note1: "테인트 = 노드가 밀어냄 · 톨러레이션 = 허가 · 어피니티 = 끌어당김",
    note2: "NoSchedule: 필터 · PreferNoSchedule: 점수 · NoExecute: 필터 + 축출",
  },
  en: {
    aria: "Taints and tolerations: the control-plane node and the GPU node carry NoSchedule taints. An ordinary Pod without tolerations is repelled from tainted nodes and goes to the plain node, while a Pod with a gpu toleration and node affinity goes to the GPU node",
    cp: "control plane",
    gpu: "GPU node",
    plain: "plain node",
    podA: "ordinary Pod",
    podASub: "no tolerations",
    podB: "GPU Pod",
    podBSub: "toleration gpu + affinity gpu=true",
    blocked: "rejected (untolerated taint)",
    allowed: "allowed + attracted",
    note1: "taint = node repels · toleration = permission · affinity = attraction",
    note2: "NoSchedule: filter · PreferNoSchedule: score · NoExecute: filter + evict",
  },
} as const;

export function TaintsTolerationsFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "tt-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 360" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={40} y={20} w={200} h={56} title={l.podA} sub={l.podASub} />
      <Box x={480} y={20} w={230} h={56} title={l.podB} sub={l.podBSub} tone="accent" />
      <Box x={20} y={200} w={200} h={90} title={l.cp} sub="" tone="muted" />
      <Label x={120} y={270} size={10}>node-role.kubernetes.io/</Label>
      <Label x={120} y={283} size={10}>control-plane:NoSchedule</Label>
      <Box x={270} y={200} w={200} h={90} title={l.plain} sub={l.podA} />
      <Box x={520} y={200} w={200} h={90} title={l.gpu} sub="" tone="muted" />
      <Label x={620} y={272} size={10}>gpu=true:NoSchedule · label gpu=true</Label>
      <Arrow x1={120} y1={76} x2={120} y2={150} marker={m} dashed />
      <Label x={120} y={170}>✕ {l.blocked}</Label>
      <Arrow x1={200} y1={76} x2={350} y2={198} marker={m} />
      <Arrow x1={595} y1={76} x2={610} y2={198} marker={m} label={l.allowed} labelDx={40} />
      <Arrow x1={240} y1={60} x2={520} y2={150} marker={m} dashed />
      <Label x={450} y={160}>✕ {l.blocked}</Label>
      <Label x={370} y={320} size={12}>{l.note1}</Label>
      <Label x={370} y={344} size={12}>{l.note2}</Label>
    </svg>
  );
}
