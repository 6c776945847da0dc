import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "PV와 PVC 바인딩: 네임스페이스의 Pod가 PVC를 참조하고, PVC는 클러스터 범위의 PV에 일대일로 바인딩된다. PV는 관리자가 직접 만들거나(정적), StorageClass에 따라 CSI 프로비저너가 디스크를 만들어 생성한다(동적)",
    ns: "네임스페이스 범위",
    cluster: "클러스터 범위",
    pod: "Pod",
    podSub: "volumes: claimName",
    pvc: "PVC",
    pvcSub: "5Gi · RWO · class: fast",
    pv: "PV",
    pvSub: "5Gi · RWO · Delete",
    bind: "바인딩 (1:1)",
    sc: "StorageClass fast",
    scSub: "provisioner: CSI 드라이버",
    disk: "실제 디스크",
    diskSub: "영역 ap-northeast-2a",
    admin: "관리자가 만든 PV",
    adminSub: "정적 프로비저닝",
    dyn: "동적 프로비저닝",
    wffc: "WaitForFirstConsumer: Pod 배치 후 그 영역에 생성",
  },
  en: {
    aria: "PV and PVC binding: a Pod in a namespace refers to a PVC, which binds one-to-one to a cluster-scoped PV. The PV is created by an administrator (static) or by a CSI provisioner that creates a disk according to a StorageClass (dynamic)",
    ns: "namespaced",
    cluster: "cluster-scoped",
    pod: "Pod",
    podSub: "volumes: claimName",
    pvc: "PVC",
    pvcSub: "5Gi · RWO · class: fast",
    pv: "PV",
    pvSub: "5Gi · RWO · Delete",
    bind: "binds (1:1)",
    sc: "StorageClass fast",
    scSub: "provisioner: CSI driver",
    disk: "real disk",
    diskSub: "zone ap-northeast-2a",
    admin: "admin-made PV",
    adminSub: "static provisioning",
    dyn: "dynamic provisioning",
    wffc: "WaitForFirstConsumer: created in the Pod's zone after scheduling",
  },
} as const;

export function PvPvcBindingFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "pv-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 360" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Box x={10} y={10} w={250} h={250} title="" tone="muted" dashed />
      <Label x={24} y={32} anchor="start" bold>{l.ns}</Label>
      <Box x={40} y={50} w={190} h={56} title={l.pod} sub={l.podSub} />
      <Arrow x1={135} y1={106} x2={135} y2={150} marker={m} />
      <Box x={40} y={152} w={190} h={56} title={l.pvc} sub={l.pvcSub} tone="accent" />
      <Box x={280} y={10} w={450} h={250} title="" tone="muted" dashed />
      <Label x={294} y={32} anchor="start" bold>{l.cluster}</Label>
      <Arrow x1={230} y1={180} x2={318} y2={180} marker={m} label={l.bind} labelDy={18} />
      <Box x={320} y={152} w={170} h={56} title={l.pv} sub={l.pvSub} tone="accent" />
      <Box x={540} y={50} w={170} h={56} title={l.sc} sub={l.scSub} />
      <Arrow x1={580} y1={106} x2={470} y2={150} marker={m} label={l.dyn} labelDx={30} labelDy={-4} />
      <Box x={320} y={50} w={170} h={56} title={l.admin} sub={l.adminSub} dashed />
      <Arrow x1={405} y1={106} x2={405} y2={150} marker={m} dashed />
      <Arrow x1={490} y1={180} x2={538} y2={180} marker={m} />
      <Box x={540} y={152} w={170} h={56} title={l.disk} sub={l.diskSub} />
      <Label x={505} y={240}>{l.wffc}</Label>
      <Label x={370} y={300} size={12}>Available → Bound → Released → (Retain: admin | Delete: gone)</Label>
      <Label x={370} y={330} size={12}>RWO · ROX · RWX · RWOP</Label>
    </svg>
  );
}
