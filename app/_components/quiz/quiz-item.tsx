"use client";
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import clsx from "clsx";
import { useLocale, useTranslations } from "next-intl";
import { Fragment, useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { Link } from "#lib/i18n/navigation";
import type { Feedback, ItemView, Response } from "#lib/quiz/variant";

export type Presented = { token: string; view: ItemView };
export type AnsweredFeedback = Feedback & { output?: string; duplicate?: boolean; saved?: boolean };

/**
 * Inline Markdown of a stem or an option: `code`, **bold**, and paragraphs (`inline`: one run of text, for
 * options and reasons). Nothing else, and never as HTML.
 */
export function InlineMarkdown({ text, inline = false }: { text: string; inline?: boolean }) {
  const Block = inline ? "span" : "p";
  return (
    <>
      {text.split(/\n{2,}/).map((para, i) => (
        <Block key={i} className={inline ? (i > 0 ? "mt-1 block" : undefined) : "mb-2 last:mb-0"}>
          {para.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, j) =>
            part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
              <code key={j} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-slate-800">
                {part.slice(1, -1)}
              </code>
            ) : part.startsWith("**") && part.endsWith("**") && part.length > 3 ? (
              <strong key={j}>{part.slice(2, -2)}</strong>
            ) : (
              <Fragment key={j}>{part}</Fragment>
            ),
          )}
        </Block>
      ))}
    </>
  );
}

type Props = {
  presented: Presented;
  /** a stored answer to show instead of an empty form */
  answered?: { response: Response; feedback: AnsweredFeedback } | null;
  /** lessons offer a new variant after answering */
  allowNewVariant?: boolean;
  /** called after an answer is graded (practice pages move on) */
  onAnswered?: (f: AnsweredFeedback) => void;
  /** a heading for the item (e.g. "Question 3 of 10") */
  label?: string;
};

/** One quiz item: the form for its type, keyboard-first (number keys pick, Enter submits), then the verdict. */
export function QuizItem({ presented: initial, answered: initialAnswer = null, allowNewVariant = false, onAnswered, label }: Props) {
  const t = useTranslations("quiz");
  const locale = useLocale() as "ko" | "en";
  const [presented, setPresented] = useState(initial);
  const [answer, setAnswer] = useState(initialAnswer);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const v = presented.view;
  const formId = useId();

  const [choices, setChoices] = useState<string[]>([]);
  const [order, setOrder] = useState<string[]>(() => v.steps?.map((s) => s.id) ?? []);
  const [matches, setMatches] = useState<Record<string, string>>({});
  const [text, setText] = useState("");

  const reset = (p: Presented) => {
    setPresented(p);
    setAnswer(null);
    setError(null);
    setChoices([]);
    setOrder(p.view.steps?.map((s) => s.id) ?? []);
    setMatches({});
    setText("");
  };

  const response = (): Response | string => {
    if (v.choices) return choices.length ? { choices } : t("errors.pick");
    if (v.steps) return { order };
    if (v.lefts) return Object.keys(matches).length === v.lefts.length ? { matches } : t("errors.matchAll");
    if (v.input === "number") {
      const n = Number(text.replace(",", "."));
      return text.trim() !== "" && Number.isFinite(n) ? { number: n } : t("errors.number");
    }
    return text.trim() ? { text } : t("errors.empty");
  };

  async function submit() {
    if (answer || busy) return;
    const r = response();
    if (typeof r === "string") {
      setError({ message: r, field: "response" });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/quiz/answers", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: presented.token, response: r, locale }) });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError({ message: body?.error?.message ?? t("errors.network"), field: body?.error?.field });
        return;
      }
      setAnswer({ response: r, feedback: body as AnsweredFeedback });
      onAnswered?.(body as AnsweredFeedback);
    } catch {
      setError({ message: t("errors.network") });
    } finally {
      setBusy(false);
    }
  }

  async function newVariant() {
    setBusy(true);
    try {
      const res = await fetch("/api/quiz/variants", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ itemId: v.id, locale }) });
      const body = await res.json().catch(() => null);
      if (!res.ok) setError({ message: body?.error?.message ?? t("errors.network") });
      else reset(body as Presented);
    } catch {
      setError({ message: t("errors.network") });
    } finally {
      setBusy(false);
    }
  }

  // Number keys pick an option (toggle for multi); Enter submits. Not while typing in a text field.
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    const target = e.target as HTMLElement;
    const typing = target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && (target as HTMLInputElement).type !== "radio" && (target as HTMLInputElement).type !== "checkbox");
    if (!answer && v.choices && !typing && /^[1-9]$/.test(e.key)) {
      const c = v.choices[Number(e.key) - 1];
      if (c) {
        e.preventDefault();
        setChoices((cur) => (v.type === "multi" ? (cur.includes(c.id) ? cur.filter((x) => x !== c.id) : [...cur, c.id]) : [c.id]));
      }
    }
    if (e.key === "Enter" && !e.shiftKey && target.tagName !== "TEXTAREA" && target.tagName !== "BUTTON") {
      e.preventDefault();
      void submit();
    }
  }

  const f = answer?.feedback;
  const errId = `${formId}-error`;
  return (
    <section aria-label={label ?? t("region")} className="quiz-item my-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-item-id={v.id} data-testid="quiz-item">
      {label && <h3 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</h3>}
      <form
        id={formId}
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="text-base" data-testid="quiz-stem">
          <InlineMarkdown text={v.stem} />
        </div>
        {v.code && (
          <pre className="my-3 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" aria-label={t("code")}>
            <code>{v.code.text}</code>
          </pre>
        )}

        <fieldset disabled={Boolean(answer) || busy} aria-describedby={error ? errId : undefined} className="mt-3">
          <legend className="sr-only">{t("answer")}</legend>
          {v.choices && (
            <ul className="space-y-2">
              {v.choices.map((c, k) => {
                const result = f?.choices?.find((x) => x.id === c.id);
                return (
                  <li key={c.id}>
                    <label className={clsx("flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2", result ? (result.correct ? "border-emerald-500" : result.picked ? "border-red-500" : "border-slate-200 dark:border-slate-700") : "border-slate-200 dark:border-slate-700")}>
                      <input
                        type={v.type === "multi" ? "checkbox" : "radio"}
                        name={`${formId}-choice`}
                        value={c.id}
                        className="mt-1"
                        checked={answer ? Boolean(result?.picked) : choices.includes(c.id)}
                        onChange={(e) => setChoices((cur) => (v.type === "multi" ? (e.target.checked ? [...cur, c.id] : cur.filter((x) => x !== c.id)) : [c.id]))}
                      />
                      <span className="flex-1">
                        <span className="mr-2 font-mono text-xs text-slate-500" aria-hidden="true">
                          {k + 1}
                        </span>
                        <InlineMarkdown text={c.text} inline />
                        {result && (
                          <span className="mt-1 block text-sm text-slate-700 dark:text-slate-300">
                            <strong>{result.correct ? t("right") : t("wrong")}:</strong> <InlineMarkdown text={result.why} inline />
                          </span>
                        )}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {v.steps && <OrderList steps={v.steps} order={order} setOrder={setOrder} disabled={Boolean(answer)} />}
          {v.lefts && v.rights && (
            <table className="w-full text-sm">
              <tbody>
                {v.lefts.map((l) => (
                  <tr key={l.id} className="border-b border-slate-100 dark:border-slate-800">
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      <label htmlFor={`${formId}-${l.id}`}>
                        <InlineMarkdown text={l.text} inline />
                      </label>
                    </th>
                    <td className="py-2">
                      <select
                        id={`${formId}-${l.id}`}
                        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
                        value={matches[l.id] ?? ""}
                        onChange={(e) => setMatches((m) => ({ ...m, [l.id]: e.target.value }))}
                      >
                        <option value="">{t("choose")}</option>
                        {v.rights!.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.text.replace(/`|\*\*/g, "")}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {(v.input === "text" || v.input === "command") && (
            <label className="block text-sm font-medium">
              {v.input === "command" ? t("yourCommand") : t("yourAnswer")}
              <input
                type="text"
                value={text}
                maxLength={8192}
                onChange={(e) => setText(e.target.value)}
                placeholder={v.placeholder ?? (v.input === "command" ? "kubectl …" : undefined)}
                aria-invalid={error?.field === "response" ? true : undefined}
                spellCheck={false}
                autoCapitalize="off"
                autoComplete="off"
                className={clsx("mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900", v.input === "command" && "font-mono text-sm")}
              />
            </label>
          )}
          {v.input === "yaml" && (
            <label className="block text-sm font-medium">
              {t("yourYaml")}
              <textarea
                value={text}
                rows={12}
                maxLength={8192}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={error?.field === "response" ? true : undefined}
                spellCheck={false}
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
              />
            </label>
          )}
          {v.input === "number" && (
            <label className="block text-sm font-medium">
              {t("yourAnswer")}
              <span className="mt-1 flex items-center gap-2">
                <input
                  type="text"
                  inputMode="decimal"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  aria-invalid={error?.field === "response" ? true : undefined}
                  className="block w-40 rounded-md border border-slate-300 bg-white px-3 py-2 tabular-nums dark:border-slate-600 dark:bg-slate-900"
                />
                {v.unit && <span>{v.unit}</span>}
              </span>
            </label>
          )}
        </fieldset>

        {error && (
          <p id={errId} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400" data-testid="quiz-error">
            {error.message}
          </p>
        )}
        {!answer && (
          <p className="mt-3 flex flex-wrap items-center gap-3">
            <button type="submit" disabled={busy} className="rounded-md bg-brand-500 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60">
              {busy ? t("checking") : t("submit")}
            </button>
            <span className="text-xs text-slate-500 dark:text-slate-400">{v.choices ? t("keysChoice") : t("keysEnter")}</span>
          </p>
        )}
      </form>

      {f && <FeedbackPanel f={f} lessonHref={v.lessonHref} />}
      {answer && allowNewVariant && (
        <button type="button" onClick={() => void newVariant()} disabled={busy} className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800">
          {t("another")}
        </button>
      )}
    </section>
  );
}

function FeedbackPanel({ f, lessonHref }: { f: AnsweredFeedback; lessonHref: string }) {
  const t = useTranslations("quiz");
  const verdict = f.correct ? t("verdict.correct") : f.score > 0 ? t("verdict.partial", { percent: Math.round(f.score * 100) }) : t("verdict.incorrect");
  return (
    <div role="status" className={clsx("mt-4 rounded-md border-l-4 p-3 text-sm", f.correct ? "border-emerald-500 bg-emerald-50 dark:bg-emerald-950" : "border-amber-500 bg-amber-50 dark:bg-amber-950")} data-testid="quiz-feedback">
      <p className="font-semibold">
        <span aria-hidden="true">{f.correct ? "✓ " : "✗ "}</span>
        {verdict}
      </p>
      {f.expected && !f.correct && (
        <div className="mt-2">
          <p className="font-medium">{t("expected")}</p>
          <ol className="ml-5 list-decimal">
            {f.expected.map((x, i) => (
              <li key={i} className="font-mono text-xs">
                {x}
              </li>
            ))}
          </ol>
        </div>
      )}
      {f.checks && (
        <ul className="mt-2 space-y-1" aria-label={t("checks")}>
          {f.checks.map((c) => (
            <li key={c.id}>
              <span aria-hidden="true">{c.passed ? "✓ " : "✗ "}</span>
              {c.title}
              {c.explanation && <span className="block text-slate-700 dark:text-slate-300">{c.explanation}</span>}
            </li>
          ))}
        </ul>
      )}
      {f.output && (
        <pre className="mt-2 max-h-40 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100" aria-label={t("output")}>
          {f.output}
        </pre>
      )}
      <div className="mt-2">
        <InlineMarkdown text={f.explanation} />
      </div>
      <p className="mt-2">
        <Link href={lessonHref} className="text-brand-600 underline dark:text-brand-100">
          {t("readLesson")}
        </Link>
      </p>
    </div>
  );
}

function OrderList({ steps, order, setOrder, disabled }: { steps: { id: string; text: string }[]; order: string[]; setOrder: (o: string[]) => void; disabled: boolean }) {
  const t = useTranslations("quiz");
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const byId = new Map(steps.map((s) => [s.id, s.text]));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= order.length) return;
    setOrder(arrayMove(order, i, j));
  };
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    setOrder(arrayMove(order, order.indexOf(String(e.active.id)), order.indexOf(String(e.over.id))));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={order} strategy={verticalListSortingStrategy} disabled={disabled}>
        <ol className="space-y-2" aria-label={t("orderList")}>
          {order.map((id, i) => (
            <SortableStep key={id} id={id} index={i} label={t("dragStep", { n: i + 1 })}>
              <span className="flex-1">
                <InlineMarkdown text={byId.get(id) ?? ""} inline />
              </span>
              <span className="flex gap-1">
                <button type="button" className="rounded border border-slate-300 px-2 text-sm disabled:opacity-40 dark:border-slate-600" disabled={disabled || i === 0} onClick={() => move(i, -1)} aria-label={t("moveUp", { step: byId.get(id) ?? "" })}>
                  ↑
                </button>
                <button type="button" className="rounded border border-slate-300 px-2 text-sm disabled:opacity-40 dark:border-slate-600" disabled={disabled || i === order.length - 1} onClick={() => move(i, 1)} aria-label={t("moveDown", { step: byId.get(id) ?? "" })}>
                  ↓
                </button>
              </span>
            </SortableStep>
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableStep({ id, index, label, children }: { id: string; index: number; label: string; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={clsx("flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900", isDragging && "shadow-lg")}
      data-step-id={id}
    >
      <span {...attributes} {...listeners} aria-label={label} className="cursor-grab select-none font-mono text-xs text-slate-500">
        {index + 1}. ⠿
      </span>
      {children}
    </li>
  );
}
