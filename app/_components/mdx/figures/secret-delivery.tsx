import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "Secret 전달 경로: kubectl이 kube-apiserver에 Secret을 쓰고, API 서버는 이를 etcd에 저장한다. 기본값은 base64 인코딩일 뿐 암호화가 아니며, EncryptionConfiguration으로 저장 시 암호화를 켰을 때만 암호화된다. 노드의 kubelet은 watch로 변경을 알아채 캐시를 갱신하고, 다음 주기적 Pod 동기화 때 tmpfs 볼륨의 파일을 교체한다. 환경 변수는 컨테이너 시작 때 한 번만 설정된다",
    apply: "kubectl apply",
    etcd: "etcd",
    etcdSub: "base64일 뿐, 기본은 암호화 안 됨",
    kubelet: "kubelet",
    kubeletSub: "watch → 캐시, 동기화 ~1분",
    node: "노드",
    vol: "Secret 볼륨 (tmpfs)",
    volSub: "..data → 새 디렉터리 (원자적 교체)",
    env: "환경 변수",
    envSub: "시작 시 한 번 — 갱신 안 됨",
    sub: "subPath 파일",
    subSub: "갱신 안 됨",
    app: "컨테이너",
    rbac: "RBAC: get/list/watch secrets",
  },
  en: {
    aria: "Secret delivery path: kubectl writes the Secret to kube-apiserver, which stores it in etcd. By default it is only base64-encoded there, not encrypted, unless encryption at rest is turned on with an EncryptionConfiguration. The kubelet on the node learns of changes through its watch and cache, and at its next periodic sync of the Pod swaps the files in a tmpfs volume. Environment variables are set once at container start",
    apply: "kubectl apply",
    etcd: "etcd",
    etcdSub: "base64, not encrypted by default",
    kubelet: "kubelet",
    kubeletSub: "watch → cache, sync ~1 min",
    node: "node",
    vol: "Secret volume (tmpfs)",
    volSub: "..data → new dir (atomic swap)",
    env: "environment variables",
    envSub: "set once at start — never updated",
    sub: "subPath file",
    subSub: "never updated",
    app: "container",
    rbac: "RBAC: get/list/watch secrets",
  },
} as const;

export function SecretDeliveryFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "sec-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 395" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={10} y={30} w={130} h={44} title={l.apply} />
      <Arrow x1={140} y1={52} x2={218} y2={52} marker={m} />
      <Box x={220} y={24} w={170} h={56} title="kube-apiserver" sub={l.rbac} tone="accent" />
      <Arrow x1={390} y1={52} x2={478} y2={52} marker={m} />
      <Box x={480} y={24} w={240} h={56} title={l.etcd} sub={l.etcdSub} />
      <Arrow x1={305} y1={80} x2={305} y2={140} marker={m} label="watch" labelDx={24} />
      <Box x={20} y={120} w={700} h={262} title="" tone="muted" dashed />
      <Label x={36} y={142} anchor="start" bold>{l.node}</Label>
      <Box x={220} y={142} w={170} h={56} title={l.kubelet} sub={l.kubeletSub} tone="accent" />
      <Arrow x1={305} y1={198} x2={170} y2={218} marker={m} />
      <Box x={40} y={220} w={250} h={56} title={l.vol} sub={l.volSub} />
      <Box x={320} y={220} w={180} h={56} title={l.env} sub={l.envSub} dashed />
      <Box x={520} y={220} w={180} h={56} title={l.sub} sub={l.subSub} dashed />
      <Box x={250} y={322} w={240} h={44} title={l.app} />
      <Arrow x1={165} y1={276} x2={300} y2={320} marker={m} />
      <Arrow x1={410} y1={276} x2={375} y2={320} marker={m} dashed />
      <Arrow x1={610} y1={276} x2={460} y2={320} marker={m} dashed />
    </svg>
  );
}
