// What a lesson body may contain (content/AUTHORING.md), checked on the MDX syntax tree.
// Pure: no I/O, so the rules are unit-tested on small snippets.

export type MdxAttribute =
  | { type: "mdxJsxAttribute"; name: string; value?: string | { type: "mdxJsxAttributeValueExpression"; value: string } | null }
  | { type: "mdxJsxExpressionAttribute"; value: string };

export type MdxNode = {
  type: string;
  name?: string | null;
  value?: string;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
  position?: { start: { line: number } };
  data?: { estree?: { body?: unknown[] } };
};

/** Names a lesson may refer to; `null` means "not checked" (a set that is not known in this context). */
export type KnownNames = {
  terms: ReadonlySet<string> | null;
  figures: ReadonlySet<string> | null;
  scenarios: ReadonlySet<string> | null;
};

/** What a lesson refers to, in order of first use. */
export type LessonUsage = { terms: string[]; figures: string[]; scenarios: string[]; exercises: string[]; quizzes: string[] };

/** An exercise id as content/lessons/NN-slug/exercises/<id>.yaml names it (lib/exercise/schema.ts). */
export const EXERCISE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const allowedComponents = ["Callout", "Term", "Figure", "Steps", "Step", "Compare", "FlowPlayer", "Exercise", "Quiz"] as const;
export type AllowedComponent = (typeof allowedComponents)[number];
export const calloutTypes = ["note", "warning", "exam-tip"] as const;
export type CalloutType = (typeof calloutTypes)[number];

type Spec = { strings: string[]; expressions: string[]; optional?: string[] };
const specs: Record<AllowedComponent, Spec> = {
  Callout: { strings: ["type"], expressions: [] },
  Term: { strings: ["id"], expressions: [] },
  Figure: { strings: ["name", "caption"], expressions: [] },
  Steps: { strings: [], expressions: [] },
  Step: { strings: ["title"], expressions: [] },
  Compare: { strings: [], expressions: ["headers", "rows"] },
  FlowPlayer: { strings: ["scenario"], expressions: [] },
  Exercise: { strings: ["id"], expressions: [] },
  Quiz: { strings: ["id"], expressions: [] },
};

/** Compare's `headers` and `rows`: JSON-style array literals of strings, every row as long as the headers. */
export function parseCompareTable(headers: string, rows: string): { headers: string[]; rows: string[][] } | string {
  let h: unknown;
  let r: unknown;
  try {
    h = JSON.parse(headers);
    r = JSON.parse(rows);
  } catch {
    return "headers and rows must be array literals of double-quoted strings";
  }
  const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");
  if (!isStrings(h) || h.length < 2) return "headers must be an array of at least two strings";
  if (!Array.isArray(r) || r.length === 0 || !r.every(isStrings)) return "rows must be a non-empty array of arrays of strings";
  const bad = r.findIndex((row) => row.length !== h.length);
  if (bad >= 0) return `row ${bad + 1} has ${r[bad].length} cells but there are ${h.length} headers`;
  return { headers: h, rows: r };
}

function isAllowed(name: string): name is AllowedComponent {
  return (allowedComponents as readonly string[]).includes(name);
}

const isCommentOnly = (node: MdxNode) => Array.isArray(node.data?.estree?.body) && node.data.estree.body.length === 0;

/** Checks a parsed lesson body; problems read "LINE: message" (the caller adds the file). */
export function checkMdxTree(tree: MdxNode, known: KnownNames): { problems: string[]; usage: LessonUsage } {
  const problems: string[] = [];
  const usage: LessonUsage = { terms: [], figures: [], scenarios: [], exercises: [], quizzes: [] };
  const addUse = (list: string[], v: string) => {
    if (!list.includes(v)) list.push(v);
  };

  const visit = (node: MdxNode, parent: MdxNode | null) => {
    const line = node.position?.start.line ?? 0;
    const problem = (msg: string) => problems.push(`${line}: ${msg}`);
    switch (node.type) {
      case "mdxjsEsm":
        problem("imports and exports are not allowed in lessons");
        return;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        if (!isCommentOnly(node)) problem(`JavaScript expressions are not allowed in lessons: {${(node.value ?? "").slice(0, 40)}}`);
        return;
      case "image":
      case "imageReference":
        problem("images are not allowed: draw a <Figure> instead");
        return;
      case "html":
        problem("raw HTML is not allowed");
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement": {
        const name = node.name ?? "";
        if (!name) {
          problem("fragments (<>…</>) are not allowed");
          break;
        }
        if (!isAllowed(name)) {
          problem(/^[a-z]/.test(name) ? `raw HTML <${name}> is not allowed` : `unknown component <${name}>; allowed: ${allowedComponents.join(", ")}`);
          return;
        }
        const spec = specs[name];
        const strings = new Map<string, string>();
        const expressions = new Map<string, string>();
        for (const attr of node.attributes ?? []) {
          if (attr.type === "mdxJsxExpressionAttribute") {
            problem(`<${name}>: spread attributes are not allowed`);
            continue;
          }
          const v = attr.value;
          if (spec.strings.includes(attr.name)) {
            if (typeof v === "string") strings.set(attr.name, v);
            else problem(`<${name}>: attribute "${attr.name}" must be a quoted string`);
          } else if (spec.expressions.includes(attr.name)) {
            if (v && typeof v === "object") expressions.set(attr.name, v.value);
            else problem(`<${name}>: attribute "${attr.name}" must be an array literal in braces`);
          } else problem(`<${name}>: unknown attribute "${attr.name}"`);
        }
        for (const a of spec.strings) if (!strings.has(a) || !strings.get(a)!.trim()) problem(`<${name}>: attribute "${a}" is required`);
        for (const a of spec.expressions) if (!expressions.has(a)) problem(`<${name}>: attribute "${a}" is required`);

        if (name === "Callout" && strings.has("type") && !(calloutTypes as readonly string[]).includes(strings.get("type")!)) {
          problem(`<Callout>: type "${strings.get("type")}" is not one of ${calloutTypes.join(", ")}`);
        }
        if (name === "Term" && strings.has("id")) {
          const id = strings.get("id")!;
          if (known.terms && !known.terms.has(id)) problem(`<Term id="${id}">: no such glossary id (content/glossary/*.yaml)`);
          addUse(usage.terms, id);
          if (!node.children?.length) problem(`<Term id="${id}">: needs the text to show, e.g. <Term id="${id}">…</Term>`);
        }
        if (name === "Figure" && strings.has("name")) {
          const fig = strings.get("name")!;
          if (known.figures && !known.figures.has(fig)) problem(`<Figure name="${fig}">: no such figure in app/_components/mdx/figures/index.ts`);
          addUse(usage.figures, fig);
        }
        if (name === "FlowPlayer" && strings.has("scenario")) {
          const s = strings.get("scenario")!;
          if (known.scenarios && !known.scenarios.has(s)) problem(`<FlowPlayer scenario="${s}">: unknown scenario id`);
          addUse(usage.scenarios, s);
        }
        if (name === "Exercise" && strings.get("id")?.trim()) {
          // Whether the exercise exists and belongs to this lesson needs the catalogue: lib/content/check.ts.
          const id = strings.get("id")!;
          if (!EXERCISE_ID.test(id) || id.length > 64) problem(`<Exercise id="${id}">: not an exercise id (kebab-case, like "expose-nodeport")`);
          else addUse(usage.exercises, id);
        }
        if (name === "Quiz" && strings.get("id")?.trim()) {
          // Whether the item exists and points back at this lesson needs the bank: lib/content/check.ts.
          const id = strings.get("id")!;
          if (!EXERCISE_ID.test(id) || id.length > 64) problem(`<Quiz id="${id}">: not a quiz item id (kebab-case, like "svc-nodeport-reach")`);
          else addUse(usage.quizzes, id);
        }
        if (name === "Compare" && expressions.has("headers") && expressions.has("rows")) {
          const table = parseCompareTable(expressions.get("headers")!, expressions.get("rows")!);
          if (typeof table === "string") problem(`<Compare>: ${table}`);
        }
        if (name === "Step" && parent?.name !== "Steps") problem("<Step> must be directly inside <Steps>");
        if (name === "Steps") {
          const steps = (node.children ?? []).filter((c) => c.type === "mdxJsxFlowElement" && c.name === "Step");
          if (steps.length === 0) problem("<Steps> needs at least one <Step>");
        }
        break;
      }
    }
    for (const child of node.children ?? []) visit(child, node);
  };
  visit(tree, null);
  return { problems, usage };
}
