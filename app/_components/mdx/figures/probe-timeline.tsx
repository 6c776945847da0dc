import { Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "Probe 타임라인: 컨테이너 시작 후 startup Probe가 성공할 때까지 실행되고, 이후 readiness가 Pod를 Ready로 만들고 liveness가 주기적으로 검사하며, liveness가 연속 3번 실패하면 재시작됩니다",
    rows: ["startup", "readiness", "liveness", "Pod Ready"],
    start: "컨테이너 시작",
    startupOk: "startup 성공 → 나머지 Probe 시작",
    ready: "Ready (엔드포인트에 추가)",
    notReady: "준비 안 됨",
    restart: "연속 3회 실패 → 재시작",
    axis: "시간(초)",
    legendOk: "성공",
    legendFail: "실패",
    legendOff: "아직 실행 안 함",
  },
  en: {
    aria: "Probe timeline: after the container starts, the startup probe runs until it succeeds; then readiness marks the Pod Ready and liveness checks periodically; three consecutive liveness failures cause a restart",
    rows: ["startup", "readiness", "liveness", "Pod Ready"],
    start: "container starts",
    startupOk: "startup passes → other probes begin",
    ready: "Ready (added to endpoints)",
    notReady: "not ready",
    restart: "3 failures in a row → restart",
    axis: "time (s)",
    legendOk: "success",
    legendFail: "failure",
    legendOff: "not running yet",
  },
} as const;

const x0 = 120;
const scale = 6.2; // px per second
const sx = (s: number) => x0 + s * scale;

function Tick({ s, y, ok }: { s: number; y: number; ok: boolean }) {
  return ok ? (
    <circle cx={sx(s)} cy={y} r={6} className="fill-emerald-500/40 stroke-current" strokeWidth={1} />
  ) : (
    <g>
      <circle cx={sx(s)} cy={y} r={6} className="fill-rose-500/40 stroke-current" strokeWidth={1} />
      <path d={`M ${sx(s) - 3} ${y - 3} L ${sx(s) + 3} ${y + 3} M ${sx(s) + 3} ${y - 3} L ${sx(s) - 3} ${y + 3}`} className="stroke-current" strokeWidth={1.2} />
    </g>
  );
}

export function ProbeTimelineFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  const ys = [70, 130, 190, 250];
  // startup every 10 s: fails at 10, 20, 30, succeeds at 40
  const startup: [number, boolean][] = [[10, false], [20, false], [30, false], [40, true]];
  // readiness every 5 s from 40
  const readiness: [number, boolean][] = [40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95].map((s) => [s, s < 85]);
  // liveness every 10 s from 40: ok, ok, ok, fail, fail, fail -> restart at 100
  const liveness: [number, boolean][] = [[40, true], [50, true], [60, true], [70, true], [80, false], [90, false], [100, false]];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 860 350" className="text-slate-800 dark:text-slate-100">
      {t.rows.map((r, i) => (
        <g key={r}>
          <Label x={x0 - 16} y={ys[i] + 4} anchor="end" bold size={12}>
            {r}
          </Label>
          {i < 3 ? <line x1={x0} y1={ys[i]} x2={sx(115)} y2={ys[i]} className="stroke-current opacity-60" strokeWidth={1} strokeDasharray="2 4" /> : null}
        </g>
      ))}
      <rect x={x0} y={ys[1] - 14} width={sx(40) - x0} height={28} rx={4} className="fill-slate-500/10" />
      <rect x={x0} y={ys[2] - 14} width={sx(40) - x0} height={28} rx={4} className="fill-slate-500/10" />
      {startup.map(([s, ok]) => (
        <Tick key={`s${s}`} s={s} y={ys[0]} ok={ok} />
      ))}
      {readiness.map(([s, ok]) => (
        <Tick key={`r${s}`} s={s} y={ys[1]} ok={ok} />
      ))}
      {liveness.map(([s, ok]) => (
        <Tick key={`l${s}`} s={s} y={ys[2]} ok={ok} />
      ))}
      <rect x={x0} y={ys[3] - 12} width={sx(40) - x0} height={24} rx={4} className="fill-rose-500/15 stroke-current" strokeWidth={1} />
      <Label x={(x0 + sx(40)) / 2} y={ys[3] + 4} size={11}>
        {t.notReady}
      </Label>
      <rect x={sx(40)} y={ys[3] - 12} width={sx(90) - sx(40)} height={24} rx={4} className="fill-emerald-500/20 stroke-current" strokeWidth={1} />
      <Label x={(sx(40) + sx(90)) / 2} y={ys[3] + 4} size={11}>
        {t.ready}
      </Label>
      <rect x={sx(90)} y={ys[3] - 12} width={sx(110) - sx(90)} height={24} rx={4} className="fill-rose-500/15 stroke-current" strokeWidth={1} />

      <line x1={sx(40)} y1={40} x2={sx(40)} y2={270} className="stroke-current" strokeWidth={1.2} strokeDasharray="5 4" />
      <Label x={sx(40) + 6} y={36} anchor="start" size={11} bold>
        {t.startupOk}
      </Label>
      <line x1={sx(100)} y1={160} x2={sx(100)} y2={270} className="stroke-current" strokeWidth={1.5} />
      <Label x={sx(100)} y={156} anchor="end" size={11} bold>
        {t.restart}
      </Label>
      <Label x={x0} y={36} anchor="start" size={11}>
        {`▼ ${t.start}`}
      </Label>

      <line x1={x0} y1={290} x2={sx(115)} y2={290} className="stroke-current" strokeWidth={1} />
      {[0, 20, 40, 60, 80, 100].map((s) => (
        <g key={`t${s}`}>
          <line x1={sx(s)} y1={286} x2={sx(s)} y2={294} className="stroke-current" strokeWidth={1} />
          <Label x={sx(s)} y={308} size={10}>
            {String(s)}
          </Label>
        </g>
      ))}
      <Label x={sx(115)} y={308} anchor="end" size={10}>
        {t.axis}
      </Label>
      <circle cx={140} cy={332} r={6} className="fill-emerald-500/40 stroke-current" strokeWidth={1} />
      <Label x={152} y={336} anchor="start" size={11}>
        {t.legendOk}
      </Label>
      <circle cx={260} cy={332} r={6} className="fill-rose-500/40 stroke-current" strokeWidth={1} />
      <Label x={272} y={336} anchor="start" size={11}>
        {t.legendFail}
      </Label>
      <rect x={370} y={325} width={24} height={14} rx={3} className="fill-slate-500/10" />
      <Label x={402} y={336} anchor="start" size={11}>
        {t.legendOff}
      </Label>
    </svg>
  );
}
