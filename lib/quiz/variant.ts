// Seeded variants of quiz items: parameters, shuffled options with opaque ids, and grading (pure).
import { drawParameters, fnv1a, prng, substitute, type Params } from "#lib/exercise/params";
import type { Localized } from "#lib/exercise/schema";
import { evaluate } from "./expr";
import type { Item, QuizParameter } from "./schema";

type Locale = "ko" | "en";

/** The parameters of an item's variant: a pure function of (item id, specs, seed). `expr` sees earlier ones. */
export function drawQuizParameters(itemId: string, specs: Record<string, QuizParameter>, seed: number): Params {
  return drawParameters<{ expr: string }>(itemId, specs, seed, (spec, drawn) => {
    const v = evaluate(spec.expr, drawn);
    return Number.isInteger(v) ? v : Math.round(v * 1000) / 1000;
  });
}

/** A stable, opaque id for choice k of an item's variant: the browser cannot tell the key's position from it. */
function choiceId(itemId: string, seed: number, kind: string, k: number): string {
  return (fnv1a(`${itemId}:${seed}:${kind}:${k}`) >>> 0).toString(36).padStart(6, "0").slice(0, 7);
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
function permutation(n: number, rnd: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Like `permutation`, but never the identity when n > 1 (an ordering shown already in order teaches nothing). */
function derangedOrder(n: number, rnd: () => number): number[] {
  const p = permutation(n, rnd);
  if (n > 1 && p.every((x, i) => x === i)) [p[0], p[1]] = [p[1], p[0]];
  return p;
}

/** What the browser receives for an item before it is answered: no key, no explanation, no checks. */
export type ItemView = {
  id: string;
  type: Item["type"];
  difficulty: Item["difficulty"];
  competencies: string[];
  /** the lesson section that teaches it (below the locale: /lessons/slug#anchor) */
  lessonHref: string;
  stem: string;
  code?: { lang: string; text: string };
  /** single, multi, predict (pick) */
  choices?: { id: string; text: string }[];
  /** order: the steps, shuffled */
  steps?: { id: string; text: string }[];
  /** match: lefts in order, rights shuffled */
  lefts?: { id: string; text: string }[];
  rights?: { id: string; text: string }[];
  /** short, predict (type), numeric */
  input?: "text" | "number" | "command" | "yaml";
  unit?: string;
  placeholder?: string;
};

const loc = (l: Localized, locale: Locale, p: Params) => substitute(l[locale], p);

/** The variant of `item` for `seed`, in `locale`, as the learner sees it before answering. */
export function renderItem(item: Item, seed: number, locale: Locale): ItemView {
  const p = drawQuizParameters(item.id, item.parameters, seed);
  const rnd = prng(fnv1a(`${item.id}/order`) ^ (seed >>> 0));
  const view: ItemView = {
    id: item.id,
    type: item.type,
    difficulty: item.difficulty,
    competencies: item.competencies,
    lessonHref: `/lessons/${item.lesson.slug}#${item.lesson.anchor[locale]}`,
    stem: loc(item.stem, locale, p),
    ...(item.code ? { code: { lang: item.code.lang, text: substitute(item.code.text, p) } } : {}),
  };
  const options = item.type === "single" || item.type === "multi" || item.type === "predict" ? item.options : undefined;
  if (options) {
    view.choices = permutation(options.length, rnd).map((k) => ({ id: choiceId(item.id, seed, "o", k), text: loc(options[k].text, locale, p) }));
  }
  if (item.type === "order") {
    view.steps = derangedOrder(item.steps.length, rnd).map((k) => ({ id: choiceId(item.id, seed, "s", k), text: loc(item.steps[k], locale, p) }));
  }
  if (item.type === "match") {
    view.lefts = item.pairs.map((pair, k) => ({ id: choiceId(item.id, seed, "l", k), text: loc(pair.left, locale, p) }));
    view.rights = derangedOrder(item.pairs.length, rnd).map((k) => ({ id: choiceId(item.id, seed, "r", k), text: loc(item.pairs[k].right, locale, p) }));
  }
  if (item.type === "short" || (item.type === "predict" && !options)) {
    view.input = "text";
    if (item.type === "short" && item.placeholder) view.placeholder = loc(item.placeholder, locale, p);
  }
  if (item.type === "numeric") {
    view.input = "number";
    if (item.unit) view.unit = loc(item.unit, locale, p);
  }
  if (item.type === "command") view.input = item.yaml ? "yaml" : "command";
  return view;
}

/** A learner's response, as the answer endpoint accepts it (validated there with zod). */
export type Response =
  | { choices: string[] }
  | { order: string[] }
  | { matches: Record<string, string> }
  | { text: string }
  | { number: number };

export type Feedback = {
  /** 0..1 */
  score: number;
  correct: boolean;
  explanation: string;
  /** per choice (single/multi/predict): whether it is right and why */
  choices?: { id: string; text: string; correct: boolean; picked: boolean; why: string }[];
  /** the right order / pairs / answer, to show after answering */
  expected?: string[];
  /** command items: each check with its computed explanation */
  checks?: { id: string; title: string; passed: boolean; explanation?: string }[];
};

/** Normalises a typed answer: trims, collapses white space, case-folds unless the item says otherwise. */
export function normaliseText(s: string, caseSensitive = false): string {
  const t = s.normalize("NFKC").trim().replace(/\s+/g, " ");
  return caseSensitive ? t : t.toLowerCase();
}

/** Whether a typed answer matches one accepted form (`re:` prefix = a whole-answer regular expression). */
function accepts(accept: string[], answer: string, caseSensitive: boolean, p: Params): boolean {
  const a = normaliseText(answer, caseSensitive);
  return substitute(accept, p).some((form) => {
    if (form.startsWith("re:")) return new RegExp(`^(?:${form.slice(3)})$`, caseSensitive ? "u" : "iu").test(a);
    return normaliseText(form, caseSensitive) === a;
  });
}

/**
 * Grades every item type but `command` (which needs the simulator: see command.ts). Partial credit:
 * multi = (right picks - wrong picks) / right options, at least 0; order = share of steps in their place;
 * match = share of right pairs. `correct` means full marks.
 */
export function gradeResponse(item: Item, seed: number, locale: Locale, response: Response): Feedback {
  const p = drawQuizParameters(item.id, item.parameters, seed);
  const explanation = loc(item.explanation, locale, p);
  const done = (score: number, extra: Omit<Feedback, "score" | "correct" | "explanation"> = {}): Feedback => {
    const s = Math.max(0, Math.min(1, Math.round(score * 1000) / 1000));
    return { score: s, correct: s === 1, explanation, ...extra };
  };
  switch (item.type) {
    case "single":
    case "multi":
    case "predict": {
      if (item.type === "predict" && item.accept) {
        const text = "text" in response ? response.text : "";
        return done(accepts(item.accept, text, false, p) ? 1 : 0, { expected: [substitute(item.accept[0], p)] });
      }
      const options = item.options!;
      const picked = new Set("choices" in response ? response.choices : []);
      const choices = options.map((o, k) => {
        const id = choiceId(item.id, seed, "o", k);
        return { id, text: loc(o.text, locale, p), correct: o.correct, picked: picked.has(id), why: loc(o.why, locale, p) };
      });
      if (item.type === "multi") {
        const right = choices.filter((c) => c.correct).length;
        const good = choices.filter((c) => c.correct && c.picked).length;
        const bad = choices.filter((c) => !c.correct && c.picked).length;
        return done((good - bad) / right, { choices });
      }
      const pickedChoices = choices.filter((c) => c.picked);
      return done(pickedChoices.length === 1 && pickedChoices[0].correct ? 1 : 0, { choices });
    }
    case "order": {
      const ids = item.steps.map((_, k) => choiceId(item.id, seed, "s", k));
      const given = "order" in response ? response.order : [];
      const inPlace = ids.filter((id, k) => given[k] === id).length;
      return done(given.length === ids.length ? inPlace / ids.length : 0, { expected: item.steps.map((s) => loc(s, locale, p)) });
    }
    case "match": {
      const given = "matches" in response ? response.matches : {};
      const right = item.pairs.filter((_, k) => given[choiceId(item.id, seed, "l", k)] === choiceId(item.id, seed, "r", k)).length;
      return done(right / item.pairs.length, { expected: item.pairs.map((pr) => `${loc(pr.left, locale, p)} → ${loc(pr.right, locale, p)}`) });
    }
    case "short": {
      const text = "text" in response ? response.text : "";
      return done(accepts(item.accept, text, item.caseSensitive, p) ? 1 : 0, { expected: [substitute(item.accept.find((a) => !a.startsWith("re:")) ?? item.accept[0], p)] });
    }
    case "numeric": {
      const expected = typeof item.answer === "number" ? item.answer : Number(evaluateAnswer(item.answer, p));
      const given = "number" in response ? response.number : Number.NaN;
      return done(Number.isFinite(given) && Math.abs(given - expected) <= item.tolerance + 1e-9 ? 1 : 0, { expected: [String(expected)] });
    }
    case "command":
      throw new Error("gradeResponse: command items are graded in the simulator (lib/quiz/command.ts)");
  }
}

/** A numeric answer: a number, a {{parameter}}, or an expression over the parameters. */
function evaluateAnswer(answer: string, p: Params): number {
  return evaluate(answer, p);
}

/** The full-marks response to an item's variant (tests and tools only: never sent to a browser). */
export function referenceResponse(item: Item, seed: number): Response {
  const p = drawQuizParameters(item.id, item.parameters, seed);
  switch (item.type) {
    case "single":
    case "multi":
    case "predict":
      if (item.type === "predict" && item.accept) return { text: substitute(item.accept.find((a) => !a.startsWith("re:")) ?? "", p) };
      return { choices: item.options!.flatMap((o, k) => (o.correct ? [choiceId(item.id, seed, "o", k)] : [])) };
    case "order":
      return { order: item.steps.map((_, k) => choiceId(item.id, seed, "s", k)) };
    case "match":
      return { matches: Object.fromEntries(item.pairs.map((_, k) => [choiceId(item.id, seed, "l", k), choiceId(item.id, seed, "r", k)])) };
    case "short":
      return { text: substitute(item.accept.find((a) => !a.startsWith("re:")) ?? "", p) };
    case "numeric":
      return { number: typeof item.answer === "number" ? item.answer : evaluate(item.answer, p) };
    case "command":
      return { text: substitute(item.solution, p) };
  }
}

/** Which options (by their index in the item's file) a response picked: for per-option counts. */
export function pickedOptionIndexes(item: Item, seed: number, response: Response): number[] {
  const options = item.type === "single" || item.type === "multi" || item.type === "predict" ? item.options : undefined;
  if (!options || !("choices" in response)) return [];
  return options.flatMap((_, k) => (response.choices.includes(choiceId(item.id, seed, "o", k)) ? [k] : []));
}
