import { ArrowDefs, Arrow, Box, Label, type Locale } from "./part2-kit";

const t = {
  ko: {
    aria: "RBAC 바인딩: 사용자, 그룹, ServiceAccount 같은 주체가 RoleBinding이나 ClusterRoleBinding을 통해 Role이나 ClusterRole에 연결된다. Role의 규칙은 apiGroups, resources, verbs로 이루어진다. RoleBinding은 자기 네임스페이스에서만, ClusterRoleBinding은 클러스터 전체에서 권한을 준다",
    subjects: "주체 (subjects)",
    user: "User jane",
    group: "Group ops",
    sa: "ServiceAccount dev:build-bot",
    ns: "네임스페이스 dev",
    rb: "RoleBinding",
    rbSub: "dev에서만 적용",
    role: "Role pod-reader",
    rules: "rules",
    crb: "ClusterRoleBinding",
    crbSub: "모든 네임스페이스",
    cr: "ClusterRole view / edit / …",
    reuse: "RoleBinding → ClusterRole도 가능 (재사용)",
    check: "kubectl auth can-i list pods -n dev --as=jane",
  },
  en: {
    aria: "RBAC binding: subjects such as users, groups and ServiceAccounts are connected to a Role or ClusterRole through a RoleBinding or ClusterRoleBinding. A role's rules consist of apiGroups, resources and verbs. A RoleBinding grants only in its namespace; a ClusterRoleBinding grants cluster-wide",
    subjects: "subjects",
    user: "User jane",
    group: "Group ops",
    sa: "ServiceAccount dev:build-bot",
    ns: "namespace dev",
    rb: "RoleBinding",
    rbSub: "applies in dev only",
    role: "Role pod-reader",
    rules: "rules",
    crb: "ClusterRoleBinding",
    crbSub: "all namespaces",
    cr: "ClusterRole view / edit / …",
    reuse: "a RoleBinding may reference a ClusterRole (reuse)",
    check: "kubectl auth can-i list pods -n dev --as=jane",
  },
} as const;

export function RbacBindingFigure({ locale }: { locale: Locale }) {
  const l = t[locale];
  const m = "rbac-arrow";
  return (
    <svg role="img" aria-label={l.aria} viewBox="0 0 740 380" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id={m} />
      <Label x={110} y={24} bold>{l.subjects}</Label>
      <Box x={10} y={36} w={200} h={36} title={l.user} />
      <Box x={10} y={82} w={200} h={36} title={l.sa} />
      <Box x={10} y={268} w={200} h={36} title={l.group} />
      <Box x={240} y={20} w={490} h={190} title="" tone="muted" dashed />
      <Label x={254} y={42} anchor="start" bold>{l.ns}</Label>
      <Arrow x1={210} y1={54} x2={278} y2={92} marker={m} />
      <Arrow x1={210} y1={100} x2={278} y2={100} marker={m} />
      <Box x={280} y={72} w={150} h={56} title={l.rb} sub={l.rbSub} tone="accent" />
      <Arrow x1={430} y1={100} x2={478} y2={100} marker={m} label="roleRef" />
      <Box x={480} y={56} w={230} h={88} title="" />
      <Label x={595} y={76} bold>{l.role}</Label>
      <Label x={595} y={96} size={10}>{`apiGroups: [""]`}</Label>
      <Label x={595} y={112} size={10}>resources: [pods, pods/log]</Label>
      <Label x={595} y={128} size={10}>verbs: [get, list, watch]</Label>
      <Label x={615} y={196} size={10}>{l.reuse}</Label>
      <Arrow x1={210} y1={286} x2={278} y2={286} marker={m} />
      <Box x={280} y={258} w={150} h={56} title={l.crb} sub={l.crbSub} tone="accent" />
      <Arrow x1={430} y1={286} x2={478} y2={286} marker={m} label="roleRef" />
      <Box x={480} y={258} w={230} h={56} title={l.cr} />
      <Arrow x1={400} y1={128} x2={560} y2={256} marker={m} dashed />
      <Label x={370} y={360} size={12}>{l.check}</Label>
    </svg>
  );
}
