// Small drawing helpers shared by the figures of lessons 11–20.
import type { ReactNode } from "react";

export type Locale = "ko" | "en";

export function ArrowDefs({ id }: { id: string }) {
  return (
    <defs>
      <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M 0 0 L 10 5 L 0 10 z" className="fill-current" />
      </marker>
    </defs>
  );
}

export function Box({
  x,
  y,
  w,
  h,
  title,
  sub,
  dashed = false,
  tone = "plain",
}: {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  sub?: string;
  dashed?: boolean;
  tone?: "plain" | "accent" | "muted";
}) {
  const fill =
    tone === "accent" ? "fill-sky-500/15" : tone === "muted" ? "fill-slate-500/10" : "fill-transparent";
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={w}
        height={h}
        rx={8}
        className={`${fill} stroke-current`}
        strokeWidth={1.5}
        strokeDasharray={dashed ? "5 4" : undefined}
      />
      <text
        x={x + w / 2}
        y={sub ? y + h / 2 - 4 : y + h / 2 + 4}
        textAnchor="middle"
        className="fill-current"
        fontSize={13}
        fontWeight={600}
      >
        {title}
      </text>
      {sub ? (
        <text x={x + w / 2} y={y + h / 2 + 13} textAnchor="middle" className="fill-current opacity-75" fontSize={11}>
          {sub}
        </text>
      ) : null}
    </g>
  );
}

export function Arrow({
  x1,
  y1,
  x2,
  y2,
  marker,
  label,
  dashed = false,
  labelDx = 0,
  labelDy = -6,
}: {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  marker: string;
  label?: string;
  dashed?: boolean;
  labelDx?: number;
  labelDy?: number;
}) {
  return (
    <g>
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        className="stroke-current"
        strokeWidth={1.5}
        strokeDasharray={dashed ? "5 4" : undefined}
        markerEnd={`url(#${marker})`}
      />
      {label ? (
        <text
          x={(x1 + x2) / 2 + labelDx}
          y={(y1 + y2) / 2 + labelDy}
          textAnchor="middle"
          className="fill-current opacity-80"
          fontSize={11}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

export function Label({
  x,
  y,
  children,
  size = 11,
  anchor = "middle",
  bold = false,
}: {
  x: number;
  y: number;
  children: ReactNode;
  size?: number;
  anchor?: "start" | "middle" | "end";
  bold?: boolean;
}) {
  return (
    <text x={x} y={y} textAnchor={anchor} className="fill-current" fontSize={size} fontWeight={bold ? 600 : 400}>
      {children}
    </text>
  );
}
