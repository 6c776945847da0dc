import { Arrow, ArrowDefs, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "etcd 쿼럼: 멤버 3개 중 2개가 살아 있으면 쓰기가 커밋되고, 1개만 남으면 쓰기가 멈춥니다",
    leader: "리더",
    follower: "팔로워",
    down: "장애",
    panels: ["3/3 정상", "1개 장애", "2개 장애"],
    results: ["쓰기 커밋 (쿼럼 2)", "쓰기 커밋 (2/3 = 쿼럼)", "쓰기 거부 (1/3 < 쿼럼)"],
    write: "쓰기",
    ack: "저장 확인",
    formula: "쿼럼 = floor(n/2) + 1",
  },
  en: {
    aria: "etcd quorum: with 2 of 3 members alive writes are committed; with only 1 left writes stop",
    leader: "leader",
    follower: "follower",
    down: "down",
    panels: ["3/3 healthy", "1 member down", "2 members down"],
    results: ["write committed (quorum 2)", "write committed (2/3 = quorum)", "writes refused (1/3 < quorum)"],
    write: "write",
    ack: "ack",
    formula: "quorum = floor(n/2) + 1",
  },
} as const;

type Member = "leader" | "follower" | "down";

function Node({ cx, cy, kind, t }: { cx: number; cy: number; kind: Member; t: (typeof text)[Locale] }) {
  const cls =
    kind === "down"
      ? "fill-slate-500/10 stroke-current opacity-60"
      : kind === "leader"
        ? "fill-sky-500/20 stroke-current"
        : "fill-emerald-500/15 stroke-current";
  const label = kind === "leader" ? t.leader : kind === "down" ? t.down : t.follower;
  return (
    <g>
      <circle cx={cx} cy={cy} r={30} className={cls} strokeWidth={1.5} strokeDasharray={kind === "down" ? "4 4" : undefined} />
      <Label x={cx} y={cy - 2} bold size={12}>
        etcd
      </Label>
      <Label x={cx} y={cy + 13} size={10}>
        {label}
      </Label>
      {kind === "down" ? (
        <path d={`M ${cx - 20} ${cy - 20} L ${cx + 20} ${cy + 20} M ${cx + 20} ${cy - 20} L ${cx - 20} ${cy + 20}`} className="stroke-current" strokeWidth={1.5} />
      ) : null}
    </g>
  );
}

function Panel({ x, members, title, result, ok, t }: { x: number; members: [Member, Member, Member]; title: string; result: string; ok: boolean; t: (typeof text)[Locale] }) {
  const lx = x + 120;
  const ly = 110;
  const f1 = { x: x + 55, y: 210 };
  const f2 = { x: x + 185, y: 210 };
  return (
    <g>
      <rect x={x} y={20} width={240} height={300} rx={10} className="fill-transparent stroke-current" strokeWidth={1.2} />
      <Label x={x + 120} y={44} bold size={13}>
        {title}
      </Label>
      <Label x={lx} y={66} size={11}>
        {`${t.write} →`}
      </Label>
      <Arrow x1={lx} y1={70} x2={lx} y2={78} marker="eq-arrow" />
      <Node cx={lx} cy={ly} kind={members[0]} t={t} />
      <Node cx={f1.x} cy={f1.y} kind={members[1]} t={t} />
      <Node cx={f2.x} cy={f2.y} kind={members[2]} t={t} />
      {members[0] !== "down" && members[1] !== "down" ? (
        <Arrow x1={lx - 18} y1={ly + 25} x2={f1.x + 14} y2={f1.y - 27} marker="eq-arrow" dashed={false} />
      ) : null}
      {members[0] !== "down" && members[2] !== "down" ? (
        <Arrow x1={lx + 18} y1={ly + 25} x2={f2.x - 14} y2={f2.y - 27} marker="eq-arrow" />
      ) : null}
      <rect
        x={x + 12}
        y={268}
        width={216}
        height={36}
        rx={6}
        className={ok ? "fill-emerald-500/15 stroke-current" : "fill-rose-500/15 stroke-current"}
        strokeWidth={1}
      />
      <Label x={x + 120} y={291} bold size={12}>
        {`${ok ? "✓" : "✗"} ${result}`}
      </Label>
    </g>
  );
}

export function EtcdQuorumFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 780 360" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="eq-arrow" />
      <Panel x={10} members={["leader", "follower", "follower"]} title={t.panels[0]} result={t.results[0]} ok t={t} />
      <Panel x={270} members={["leader", "follower", "down"]} title={t.panels[1]} result={t.results[1]} ok t={t} />
      <Panel x={530} members={["follower", "down", "down"]} title={t.panels[2]} result={t.results[2]} ok={false} t={t} />
      <Label x={390} y={346} size={12}>
        {t.formula}
      </Label>
    </svg>
  );
}
