import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify as stringifyYaml } from "yaml";
import { figures } from "#app/_components/mdx/figures/index";
import { checkContent } from "./check";

const tmpRoots: string[] = [];
afterAll(() => tmpRoots.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Lesson = { title: string; summary: string; order: number; minutes: number; domains: string[]; objectives: string[]; prerequisites: string[] };
const meta = (over: Partial<Lesson> = {}): Lesson => ({
  title: "A lesson title",
  summary: "A summary that is long enough to pass.",
  order: 1,
  minutes: 20,
  domains: ["architecture"],
  objectives: ["First objective", "Second objective"],
  prerequisites: [],
  ...over,
});
const mdx = (m: Lesson | Record<string, unknown>, body = "## Heading\n\nSome text.\n") => `---\n${stringifyYaml(m)}---\n\n${body}`;

const glossaryYaml = `kubelet:\n  ko: { term: "kubelet", definition: "노드마다 도는 에이전트입니다." }\n  en: { term: "kubelet", definition: "The agent that runs on every node." }\n`;

/** A minimal valid exercise file (lib/exercise/schema.ts). */
const exerciseYaml = (id: string) =>
  `id: ${id}\ntitle: { ko: "연습", en: "Exercise" }\ndifficulty: easy\ndomain: workloads\ntask: { ko: "할 일", en: "Task" }\nstart: { preset: single }\n` +
  `solution: ["kubectl get nodes"]\nchecks:\n  - { id: ready, title: { ko: "노드", en: "Node" }, type: node-ready, node: controlplane }\n`;

/**
 * A small content tree: { "01-intro": { ko: "...", en: "..." } } plus a glossary and exercise files
 * ({ "01-intro": { "my-exercise.yaml": "..." } }).
 */
function fixture(
  lessons: Record<string, Partial<Record<"ko" | "en", string>>>,
  glossary: Record<string, string> = { "core.yaml": glossaryYaml },
  exercises: Record<string, Record<string, string>> = {},
  quizzes: Record<string, string> | null = null,
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-content-"));
  tmpRoots.push(root);
  for (const [dir, files] of Object.entries(lessons)) {
    fs.mkdirSync(path.join(root, "lessons", dir), { recursive: true });
    for (const [locale, text] of Object.entries(files)) fs.writeFileSync(path.join(root, "lessons", dir, `${locale}.mdx`), text!);
  }
  for (const [dir, files] of Object.entries(exercises)) {
    fs.mkdirSync(path.join(root, "lessons", dir, "exercises"), { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, "lessons", dir, "exercises", name), text);
  }
  fs.mkdirSync(path.join(root, "glossary"));
  for (const [name, text] of Object.entries(glossary)) fs.writeFileSync(path.join(root, "glossary", name), text);
  if (quizzes) {
    fs.mkdirSync(path.join(root, "quizzes"));
    for (const [name, text] of Object.entries(quizzes)) fs.writeFileSync(path.join(root, "quizzes", name), text);
  }
  // Without a quiz bank the quiz checks are off (the fixtures above are about other rules).
  return checkContent({ lessonsDir: path.join(root, "lessons"), glossaryDir: path.join(root, "glossary"), figures: ["control-plane"], diskCache: null, quizDir: quizzes ? path.join(root, "quizzes") : null, minCheckQuestions: 2 });
}

const good = () => ({
  "01-intro": { ko: mdx(meta({ title: "소개 레슨" }), '## 제목\n\n<Term id="kubelet">kubelet</Term>\n\n<Figure name="control-plane" caption="그림" />\n'), en: mdx(meta(), '## Title\n\n<Term id="kubelet">kubelet</Term>\n\n<Figure name="control-plane" caption="Picture" />\n') },
  "02-next": { ko: mdx(meta({ order: 2, prerequisites: ["intro"] })), en: mdx(meta({ order: 2, prerequisites: ["intro"] })) },
});

describe("checkContent on fixtures", () => {
  it("passes good content", async () => {
    expect(await fixture(good())).toEqual({ problems: [], lessons: 2, files: 4 });
  });

  it("names the file and the field of a bad frontmatter", async () => {
    const { problems } = await fixture({ ...good(), "02-next": { ko: mdx({ ...meta({ order: 2 }), minutes: 500 }), en: mdx(meta({ order: 2 })) } });
    expect(problems).toEqual([expect.stringMatching(/02-next\/ko\.mdx: frontmatter field "minutes": /)]);
  });

  it("finds a missing field, an unknown field and an order that does not match the folder", async () => {
    const { title: _t, ...noTitle } = meta();
    void _t;
    const { problems } = await fixture({
      "01-intro": { ko: mdx(noTitle), en: mdx({ ...meta(), colour: "blue" }) },
      "02-next": { ko: mdx(meta({ order: 3 })), en: mdx(meta({ order: 2 })) },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/01-intro\/ko\.mdx: frontmatter field "title"/),
        expect.stringMatching(/01-intro\/en\.mdx: frontmatter field "\(root\)".*colour/),
        expect.stringMatching(/02-next\/ko\.mdx: frontmatter field "order" is 3 but the folder says 2/),
      ]),
    );
  });

  it("requires both languages", async () => {
    const { problems } = await fixture({ "01-intro": { ko: mdx(meta()) } });
    expect(problems).toEqual([expect.stringMatching(/01-intro\/en\.mdx: missing/)]);
  });

  it("ko and en must agree on minutes, domains, prerequisites and the number of objectives", async () => {
    const { problems } = await fixture({
      "01-intro": { ko: mdx(meta()), en: mdx(meta()) },
      "02-next": {
        ko: mdx(meta({ order: 2, minutes: 25, domains: ["storage"], prerequisites: ["intro"], objectives: ["a b c", "d e f", "g h i"] })),
        en: mdx(meta({ order: 2 })),
      },
    });
    expect(problems).toEqual([
      expect.stringMatching(/02-next: ko\.mdx and en\.mdx disagree on "minutes" \(25 vs 20\)/),
      expect.stringMatching(/disagree on "domains"/),
      expect.stringMatching(/disagree on "prerequisites"/),
      expect.stringMatching(/disagree on "objectives \(count\)" \(3 vs 2\)/),
    ]);
  });

  it("prerequisites must be other lessons that exist", async () => {
    const { problems } = await fixture({
      "01-intro": { ko: mdx(meta({ prerequisites: ["intro"] })), en: mdx(meta({ prerequisites: ["intro"] })) },
      "02-next": { ko: mdx(meta({ order: 2, prerequisites: ["nowhere"] })), en: mdx(meta({ order: 2, prerequisites: ["nowhere"] })) },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/01-intro: prerequisite "intro" is the lesson itself/),
        expect.stringMatching(/02-next\/ko\.mdx: frontmatter field "prerequisites": no lesson with slug "nowhere"/),
      ]),
    );
  });

  it("every Term must be in the glossary, every Figure registered, every FlowPlayer scenario known", async () => {
    const body = '<Term id="etcd">etcd</Term>\n\n<Figure name="nope" caption="x" />\n\n<FlowPlayer scenario="teleport" />\n';
    const { problems } = await fixture({ "01-intro": { ko: mdx(meta(), body), en: mdx(meta(), body) } });
    expect(problems.join("\n")).toMatch(/01-intro\/ko\.mdx:1\d: <Term id="etcd">: no such glossary id/);
    expect(problems.join("\n")).toMatch(/01-intro\/en\.mdx:1\d: <Figure name="nope">: no such figure/);
    expect(problems.join("\n")).toMatch(/<FlowPlayer scenario="teleport">: unknown scenario id/);
  });

  it("a glossary entry needs both languages, and ids are unique across files", async () => {
    const { problems } = await fixture(good(), {
      "a.yaml": glossaryYaml,
      "b.yaml": `${glossaryYaml.replace("kubelet:", "pod:")}\nnode:\n  ko: { term: "노드", definition: "Pod가 실행되는 머신입니다." }\n`,
      "c.yaml": glossaryYaml,
    });
    expect(problems).toEqual([expect.stringMatching(/b\.yaml: glossary "node" field "en"/)]);
    const dup = await fixture(good(), { "a.yaml": glossaryYaml, "b.yaml": glossaryYaml });
    expect(dup.problems).toEqual([expect.stringMatching(/b\.yaml: glossary id "kubelet" is already defined in .*a\.yaml/)]);
  });

  it("ko and en must use the same figures and flows", async () => {
    const { problems } = await fixture({ "01-intro": { ko: mdx(meta(), '<Figure name="control-plane" caption="그림" />\n'), en: mdx(meta()) } });
    expect(problems).toEqual([expect.stringMatching(/01-intro: ko\.mdx and en\.mdx use different figures \(control-plane vs none\)/)]);
  });

  it("a lesson that does not compile fails the check", async () => {
    const { problems } = await fixture({ "01-intro": { ko: mdx(meta(), "<Callout type=\"note\">\n\nopen\n"), en: mdx(meta(), "import x from 'y'\n") } });
    expect(problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx: does not compile: Expected a closing tag for `<Callout>`/),
      expect.stringMatching(/01-intro\/en\.mdx:1\d: imports and exports are not allowed/),
    ]);
  });

  it("folder names and numbers must be well-formed and unique", async () => {
    const { problems } = await fixture({ ...good(), "3-bad": {}, "02-again": { ko: mdx(meta({ order: 2 })), en: mdx(meta({ order: 2 })) }, "03-intro": { ko: mdx(meta({ order: 3 })), en: mdx(meta({ order: 3 })) } });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/3-bad: lesson folders are named NN-slug/),
        expect.stringMatching(/02-next: number 2 is also used by 02-again/),
        expect.stringMatching(/03-intro: slug "intro" is also used by 01-intro/),
      ]),
    );
  });
});

describe("checkContent on <Exercise id>", () => {
  const exercises = () => ({
    "01-intro": { "intro-task.yaml": exerciseYaml("intro-task"), "intro-task.wrong.yaml": "solution: [\"true\"]\nfails: ready\n" },
    "02-next": { "next-task.yaml": exerciseYaml("next-task"), "next-extra.yaml": exerciseYaml("next-extra") },
  });
  const lessons = (intro: { ko: string; en: string }, next = { ko: "", en: "" }) => ({
    "01-intro": { ko: mdx(meta(), `## 제목\n\n${intro.ko}\n`), en: mdx(meta(), `## Title\n\n${intro.en}\n`) },
    "02-next": { ko: mdx(meta({ order: 2 }), `## 제목\n\n${next.ko}\n`), en: mdx(meta({ order: 2 }), `## Title\n\n${next.en}\n`) },
  });
  const embed = (...ids: string[]) => ids.map((id) => `<Exercise id="${id}" />`).join("\n\n");
  const intro = { ko: embed("intro-task"), en: embed("intro-task") };
  const both = { ko: embed("next-task", "next-extra"), en: embed("next-task", "next-extra") };

  it("passes when each lesson embeds its own exercises, the same set in ko and en (order may differ)", async () => {
    const result = await fixture(lessons({ ko: embed("intro-task"), en: embed("intro-task") }, { ko: embed("next-task", "next-extra"), en: embed("next-extra", "next-task") }), undefined, exercises());
    expect(result).toEqual({ problems: [], lessons: 2, files: 4 });
  });

  it("an id with no exercise file is an error in each file that uses it", async () => {
    const { problems } = await fixture(lessons({ ko: embed("intro-task", "no-such-task"), en: embed("intro-task", "no-such-task") }, both), undefined, exercises());
    expect(problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx: <Exercise id="no-such-task">: no such exercise \(content\/lessons\/\*\/exercises\/no-such-task\.yaml\)$/),
      expect.stringMatching(/01-intro\/en\.mdx: <Exercise id="no-such-task">: no such exercise/),
    ]);
  });

  it("an exercise of another lesson is an error, even when the exercise exists", async () => {
    const { problems } = await fixture(lessons({ ko: embed("intro-task", "next-task"), en: embed("intro-task", "next-task") }, both), undefined, exercises());
    expect(problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx: <Exercise id="next-task">: the exercise belongs to lesson 02-next; a lesson embeds only exercises from its own folder \(01-intro\/exercises\/\)$/),
      expect.stringMatching(/01-intro\/en\.mdx: <Exercise id="next-task">: the exercise belongs to lesson 02-next/),
    ]);
  });

  it("ko and en must embed the same set of exercises", async () => {
    const { problems } = await fixture(lessons(intro, { ko: embed("next-task", "next-extra"), en: embed("next-task") }), undefined, exercises());
    expect(problems).toEqual([
      expect.stringMatching(/02-next: ko\.mdx and en\.mdx embed different exercises \(next-extra, next-task vs next-task\)$/),
      expect.stringMatching(/02-next\/en\.mdx: exercise "next-extra" \(02-next\/exercises\/next-extra\.yaml\) is embedded nowhere on its lesson's page/),
    ]);
    const none = await fixture(lessons({ ko: embed("intro-task"), en: "" }, both), undefined, exercises());
    expect(none.problems).toEqual([
      expect.stringMatching(/01-intro: ko\.mdx and en\.mdx embed different exercises \(intro-task vs none\)$/),
      expect.stringMatching(/01-intro\/en\.mdx: exercise "intro-task" .* is embedded nowhere/),
    ]);
  });

  it("an exercise of the lesson's folder that its page does not embed fails, naming the file and the exercise", async () => {
    const { problems } = await fixture(lessons({ ko: "", en: "" }, both), undefined, exercises());
    expect(problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx: exercise "intro-task" \(01-intro\/exercises\/intro-task\.yaml\) is embedded nowhere on its lesson's page; add <Exercise id="intro-task" \/>/),
      expect.stringMatching(/01-intro\/en\.mdx: exercise "intro-task" .* is embedded nowhere/),
    ]);
    // one of two exercises missing is enough to fail
    const partial = await fixture(lessons(intro, { ko: embed("next-task"), en: embed("next-task") }), undefined, exercises());
    expect(partial.problems).toEqual([
      expect.stringMatching(/02-next\/ko\.mdx: exercise "next-extra" .* is embedded nowhere/),
      expect.stringMatching(/02-next\/en\.mdx: exercise "next-extra" .* is embedded nowhere/),
    ]);
  });

  it("a missing or malformed id names the file and line", async () => {
    const { problems } = await fixture(lessons({ ko: `<Exercise />\n\n${embed("intro-task")}`, en: `<Exercise id="Intro Task" />\n\n${embed("intro-task")}` }, both), undefined, exercises());
    expect(problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx:1\d: <Exercise>: attribute "id" is required$/),
      expect.stringMatching(/01-intro\/en\.mdx:1\d: <Exercise id="Intro Task">: not an exercise id/),
    ]);
  });

  it("an exercise file that does not validate is reported with its file and field", async () => {
    const broken = { ...exercises(), "02-next": { "next-task.yaml": exerciseYaml("next-task").replace("difficulty: easy", "difficulty: trivial") } };
    const { problems } = await fixture(lessons({ ko: embed("intro-task"), en: embed("intro-task") }), undefined, broken);
    expect(problems).toEqual([expect.stringMatching(/lessons\/02-next\/exercises\/next-task\.yaml: difficulty: Invalid option/)]);
  });
});

describe("checkContent on quiz items", () => {
  const item = (id: string, slug: string, anchor = { ko: "제목", en: "title" }) =>
    `- id: ${id}\n  type: short\n  competencies: [net-services]\n  lesson: { slug: ${slug}, anchor: { ko: "${anchor.ko}", en: "${anchor.en}" } }\n  difficulty: easy\n` +
    `  stem: { ko: "질문", en: "Question" }\n  accept: [NodePort]\n  explanation: { ko: "설명입니다 설명입니다", en: "Because it is so." }\n`;
  const lessons = (ko: string, en: string) => ({
    "01-intro": { ko: mdx(meta(), `## 제목\n\n${ko}\n`), en: mdx(meta(), `## Title\n\n${en}\n`) },
  });
  const q = (...ids: string[]) => ids.map((id) => `<Quiz id="${id}" />`).join("\n\n");

  it("passes when items link to real headings and each lesson embeds enough of its own items in both languages", async () => {
    const r = await fixture(lessons(q("a-one", "a-two"), q("a-two", "a-one")), undefined, {}, { "bank.yaml": item("a-one", "intro") + item("a-two", "intro") });
    expect(r.problems).toEqual([]);
  });

  it("an anchor that is not a heading, an unknown lesson, an unknown or foreign item, too few, and ko/en disagreeing all fail", async () => {
    const bank = item("a-one", "intro", { ko: "없는-제목", en: "title" }) + item("a-two", "nowhere") + item("a-three", "intro");
    const r = await fixture(lessons(q("a-one", "ghost"), q("a-one", "a-three")), undefined, {}, { "bank.yaml": bank });
    expect(r.problems).toEqual([
      expect.stringMatching(/bank\.yaml: item a-one: lesson\.anchor\.ko "없는-제목" is not a heading of 01-intro\/ko\.mdx/),
      expect.stringMatching(/bank\.yaml: item a-two: lesson "nowhere" does not exist/),
      expect.stringMatching(/01-intro\/ko\.mdx: <Quiz id="ghost">: no such quiz item/),
      expect.stringMatching(/01-intro: ko\.mdx and en\.mdx embed different check-questions \(a-one, ghost vs a-one, a-three\)/),
    ]);
    const few = await fixture(lessons(q("a-one"), q("a-one")), undefined, {}, { "bank.yaml": item("a-one", "intro") });
    expect(few.problems).toEqual([
      expect.stringMatching(/01-intro\/ko\.mdx: embeds 1 check-question\(s\) \(<Quiz id>\); every lesson needs at least 2/),
      expect.stringMatching(/01-intro\/en\.mdx: embeds 1 check-question/),
    ]);
  });

  it("a bank that does not validate is reported with its file and item", async () => {
    const r = await fixture(lessons("", ""), undefined, {}, { "bank.yaml": item("a-one", "intro").replace("net-services", "net-nonsense") });
    expect(r.problems).toEqual([expect.stringMatching(/bank\.yaml: item a-one: unknown competency net-nonsense/)]);
  });
});

describe("the course content", () => {
  it("every lesson passes the content check and compiles in both languages", { timeout: 120_000 }, async () => {
    const root = path.resolve(import.meta.dirname, "../../content");
    const result = await checkContent({ lessonsDir: path.join(root, "lessons"), glossaryDir: path.join(root, "glossary"), figures: Object.keys(figures), diskCache: null });
    expect(result.problems).toEqual([]);
    expect(result.lessons).toBeGreaterThanOrEqual(20);
    expect(result.files).toBe(result.lessons * 2);
  });
});
