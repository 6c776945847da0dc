import { ArrowDefs, Label, type Locale } from "./part2-kit";

const text = {
  ko: {
    aria: "Pod 구조: pause 컨테이너가 네트워크 네임스페이스와 IP를 붙잡고, init 컨테이너가 먼저 끝까지 실행된 뒤 네이티브 사이드카와 앱 컨테이너가 함께 실행되며 emptyDir 볼륨을 공유합니다",
    pod: "Pod  ·  IP 10.244.1.7  ·  localhost 공유",
    time: "시간 →",
    pause: "pause: net · ipc · uts 네임스페이스 보유",
    init: "init: wait-for-db",
    initNote: "종료 코드 0으로 끝나야 다음 단계",
    sidecar: "사이드카: log-shipper (restartPolicy: Always)",
    app: "앱: app",
    volume: "볼륨 emptyDir \"logs\"",
    mount: "마운트",
    start: "시작",
    stop: "앱이 멈춘 뒤 종료",
  },
  en: {
    aria: "Pod anatomy: the pause container holds the network namespace and IP; an init container runs to completion first, then a native sidecar and the app container run together and share an emptyDir volume",
    pod: "Pod  ·  IP 10.244.1.7  ·  shared localhost",
    time: "time →",
    pause: "pause: holds net · ipc · uts namespaces",
    init: "init: wait-for-db",
    initNote: "must exit 0 before the next step",
    sidecar: "sidecar: log-shipper (restartPolicy: Always)",
    app: "app container",
    volume: "emptyDir volume \"logs\"",
    mount: "mount",
    start: "start",
    stop: "stops after the app",
  },
} as const;

function Bar({ x, y, w, label, tone }: { x: number; y: number; w: number; label: string; tone: string }) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={34} rx={6} className={`${tone} stroke-current`} strokeWidth={1.3} />
      <Label x={x + 12} y={y + 22} anchor="start" bold size={12}>
        {label}
      </Label>
    </g>
  );
}

export function PodAnatomyFigure({ locale }: { locale: Locale }) {
  const t = text[locale];
  return (
    <svg role="img" aria-label={t.aria} viewBox="0 0 860 380" className="text-slate-800 dark:text-slate-100">
      <ArrowDefs id="pa-arrow" />
      <rect x={10} y={10} width={840} height={360} rx={14} className="fill-sky-500/5 stroke-current" strokeWidth={1.5} strokeDasharray="6 4" />
      <Label x={26} y={36} anchor="start" bold size={13}>
        {t.pod}
      </Label>
      <line x1={40} y1={62} x2={820} y2={62} className="stroke-current" strokeWidth={1} markerEnd="url(#pa-arrow)" />
      <Label x={820} y={54} anchor="end" size={11}>
        {t.time}
      </Label>

      <Bar x={40} y={80} w={780} label={t.pause} tone="fill-slate-500/10" />
      <Bar x={60} y={130} w={220} label={t.init} tone="fill-amber-500/20" />
      <Label x={170} y={182} size={10}>
        {t.initNote}
      </Label>
      <Bar x={290} y={195} w={520} label={t.sidecar} tone="fill-emerald-500/15" />
      <Bar x={340} y={245} w={440} label={t.app} tone="fill-sky-500/20" />
      <Label x={800} y={190} anchor="end" size={10}>
        {t.stop}
      </Label>

      <rect x={300} y={305} width={300} height={40} rx={8} className="fill-transparent stroke-current" strokeWidth={1.3} strokeDasharray="4 3" />
      <Label x={450} y={330} bold size={12}>
        {t.volume}
      </Label>
      <line x1={315} y1={229} x2={315} y2={305} className="stroke-current" strokeWidth={1} strokeDasharray="3 3" />
      <line x1={560} y1={279} x2={560} y2={305} className="stroke-current" strokeWidth={1} strokeDasharray="3 3" />
      <Label x={290} y={296} size={10} anchor="end">
        {t.mount}
      </Label>
      <Label x={590} y={296} size={10}>
        {t.mount}
      </Label>
    </svg>
  );
}
