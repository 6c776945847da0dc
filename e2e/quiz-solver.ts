// A test-side "expert": given a quiz item shown on the page, it finds the variant's values in the rendered
// text (by matching the bank's templates) and answers it through the UI as a person would.
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { parse } from "yaml";
import { evaluate } from "../lib/quiz/expr";

type L = { ko: string; en: string };
type Option = { text: L; correct?: boolean; why: L };
export type BankItem = {
  id: string;
  type: string;
  parameters?: Record<string, Record<string, unknown>>;
  stem: L;
  explanation: L;
  code?: { text: string };
  options?: Option[];
  steps?: L[];
  pairs?: { left: L; right: L }[];
  accept?: string[];
  answer?: number | string;
  solution?: string;
  wrong?: string;
};

let bank: Map<string, BankItem> | null = null;
/** Every item of content/quizzes by id. */
export function bankItems(): Map<string, BankItem> {
  if (bank) return bank;
  bank = new Map();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith(".yaml")) for (const it of parse(fs.readFileSync(p, "utf8")) as BankItem[]) bank!.set(it.id, it);
    }
  };
  walk(path.join(import.meta.dirname, "..", "content", "quizzes"));
  return bank;
}

const plain = (s: string) => s.replace(/\*\*|`/g, "").replace(/\s+/g, " ").trim();
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The values of the placeholders in `template` as they appear in `shown` (both compared as plain text). */
function matchTemplate(template: string, shown: string, into: Record<string, string>) {
  // A template that is (almost) only placeholders would match any text.
  if (plain(template.replace(/\{\{\s*\w+\s*\}\}/g, "")).length < 3) return;
  const seen = new Set<string>();
  let re = "";
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    re += esc(plain(template.slice(last, m.index)).replace(/^ | $/g, " "));
    const name = m[1];
    re += seen.has(name) ? `\\k<${name}>` : `(?<${name}>.+?)`;
    seen.add(name);
    last = m.index! + m[0].length;
  }
  re += esc(plain(template.slice(last)));
  const hit = new RegExp(`^${re.replace(/ +/g, "\\s*")}$`, "s").exec(plain(shown));
  for (const [k, v] of Object.entries(hit?.groups ?? {})) if (!(k in into)) into[k] = v.trim();
}

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in p ? String(p[k]) : m));

/** The variant's parameters, read back from what the page shows (stem and code), derived ones computed. */
async function readParameters(item: BankItem, section: Locator): Promise<Record<string, string | number>> {
  const found: Record<string, string> = {};
  matchTemplate(item.stem.en, await section.getByTestId("quiz-stem").innerText(), found);
  if (item.code) matchTemplate(item.code.text, await section.getByLabel("Code", { exact: true }).innerText(), found);
  // Values that only the options, steps or pairs show: every template against every text on the item gives
  // candidates; the assignment kept is the one under which every template's text is one the page shows (an
  // option like "--data-dir /var/lib/etcd" would otherwise pass for the drawn directory).
  const templates = [...(item.options ?? []).map((o) => o.text.en), ...(item.steps ?? []).map((x) => x.en), ...(item.pairs ?? []).flatMap((pr) => [pr.left.en, pr.right.en])];
  if (templates.some((t) => /\{\{/.test(t))) {
    const shown = [
      ...(await section.locator("label").allInnerTexts()).map((t) => t.replace(/^\s*\d+\s*/, "")),
      ...(await section.locator("li[data-step-id]").allInnerTexts()).map((t) => t.replace(/^\d+\.\s*⠿/, "").replace(/[↑↓]/g, "")),
      ...(await section.locator("th, option").allInnerTexts()),
    ].map(plain);
    const candidates = new Map<string, Set<string>>();
    for (const tpl of templates.filter((t) => /\{\{/.test(t))) {
      for (const text of shown) {
        const one: Record<string, string> = {};
        matchTemplate(tpl, text, one);
        for (const [k, v] of Object.entries(one)) if (!(k in found)) candidates.set(k, (candidates.get(k) ?? new Set()).add(v));
      }
    }
    let assignments: Record<string, string>[] = [{}];
    for (const [k, vs] of candidates) assignments = assignments.flatMap((a) => [...vs].map((v) => ({ ...a, [k]: v }))).slice(0, 256);
    const fits = (a: Record<string, string>) => templates.every((t) => shown.includes(plain(fill(t, { ...found, ...a }))));
    Object.assign(found, assignments.find(fits) ?? assignments[0]);
  }
  const out: Record<string, string | number> = {};
  for (const [name, spec] of Object.entries(item.parameters ?? {})) {
    if (name in found) out[name] = /^-?\d+(\.\d+)?$/.test(found[name]) ? Number(found[name]) : found[name];
    else if ("expr" in spec) out[name] = evaluate(String(spec.expr), out);
    else if ("value" in spec) out[name] = fill(String(spec.value), out);
  }
  return out;
}

/** Answers the item in `section` correctly through the UI (or wrongly, for a test of feedback). */
export async function answerItem(page: Page, section: Locator, { wrong = false, submitWithEnter = false } = {}) {
  const id = (await section.getAttribute("data-item-id"))!;
  const item = bankItems().get(id)!;
  const p = await readParameters(item, section);
  const options = item.options;
  if (options && !item.accept) {
    const picks = options.filter((o) => Boolean(o.correct) !== wrong).slice(0, wrong ? 1 : undefined);
    // The whole label (its number, then the text), so that "Nodes" does not also pick "Nodes and namespaces".
    for (const o of picks) await section.locator("label").filter({ hasText: new RegExp(`^\\s*\\d+\\s*${esc(plain(fill(o.text.en, p))).replace(/ /g, "\\s*")}\\s*$`) }).locator("input").check();
  } else if (item.steps) {
    const target = item.steps.map((s) => plain(fill(s.en, p)));
    if (wrong) target.reverse();
    const list = section.getByRole("list", { name: "Steps, in your order" });
    for (let i = 0; i < target.length; i++) {
      for (;;) {
        const texts = (await list.getByRole("listitem").allInnerTexts()).map((t) => plain(t.replace(/^\d+\.\s*⠿/, "").replace(/[↑↓]/g, "")));
        const at = texts.findIndex((t) => t === target[i]);
        if (at <= i) break;
        await list.getByRole("listitem").nth(at).getByRole("button", { name: /^Move up/ }).click();
      }
    }
  } else if (item.pairs) {
    const pairs = item.pairs.map((pr) => ({ left: plain(fill(pr.left.en, p)), right: plain(fill(pr.right.en, p)) }));
    for (const [k, pr] of pairs.entries()) {
      const right = wrong ? pairs[(k + 1) % pairs.length].right : pr.right;
      await section.getByLabel(pr.left, { exact: true }).selectOption({ label: right });
    }
  } else {
    let answer: string;
    if (item.type === "numeric") answer = String((typeof item.answer === "number" ? item.answer : evaluate(String(item.answer), p)) + (wrong ? 1000 : 0));
    else if (item.type === "command") answer = fill(wrong ? item.wrong! : item.solution!, p);
    else answer = wrong ? "definitely-not-it" : fill(item.accept!.find((a) => !a.startsWith("re:"))!, p);
    await section.getByRole("textbox").first().fill(answer);
  }
  // Enter submits from where the learner's focus is (a choice or a text field), as the hint under the form says.
  if (submitWithEnter) await page.keyboard.press("Enter");
  else await section.getByRole("button", { name: "Check answer" }).click();
  return item;
}
