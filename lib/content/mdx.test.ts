import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ReactElement, ReactNode } from "react";
import * as jsxRuntime from "react/jsx-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ContentError } from "./errors";
import { compileMdx, getCompiledLesson, type KnownNames } from "./mdx";

const known: KnownNames = {
  terms: new Set(["kubelet", "etcd"]),
  figures: new Set(["control-plane"]),
  scenarios: new Set(["deployment-create"]),
};
const fm = `---\ntitle: "A test lesson"\n---\n\n`;
const compile = (body: string, file = "content/lessons/99-test/en.mdx") => compileMdx(fm + body, { file, known });

/** Renders compiled output the way the lesson page does, with stand-ins for the kit. */
function render(code: string): string {
  const mod = new Function("_jsx_runtime", code)(jsxRuntime) as { default: (p: { components: object }) => ReactNode };
  const stub = (name: string) => (props: { children?: ReactNode; [k: string]: unknown }) =>
    jsxRuntime.jsx(`x-${name.toLowerCase()}` as "div", { "data-props": JSON.stringify({ ...props, children: undefined }), children: props.children });
  const components = Object.fromEntries(["Callout", "Term", "Figure", "Steps", "Step", "Compare", "FlowPlayer"].map((n) => [n, stub(n)]));
  return renderToStaticMarkup(mod.default({ components }) as ReactElement);
}

async function compileError(body: string): Promise<string> {
  try {
    await compile(body);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as Error).message;
  }
  throw new Error("expected a ContentError");
}

describe("compileMdx", () => {
  it("renders GFM, gives headings ids and collects the table of contents", async () => {
    const out = await compile("## First part\n\nText with ~~strike~~.\n\n### A detail\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n## 두 번째 부분\n");
    expect(out.toc).toEqual([
      { depth: 2, id: "first-part", text: "First part" },
      { depth: 3, id: "a-detail", text: "A detail" },
      { depth: 2, id: "두-번째-부분", text: "두 번째 부분" },
    ]);
    const html = render(out.code);
    expect(html).toContain('<h2 id="first-part">First part</h2>');
    expect(html).toContain("<del>strike</del>");
    expect(html).toMatch(/<table>.*<td>1<\/td>/s);
  });

  it("highlights code at compile time: coloured spans in the output, no highlighter in it", async () => {
    const out = await compile("```yaml\napiVersion: v1\nkind: Pod\n```\n\n```\nplain text\n```\n");
    const html = render(out.code);
    expect(html).toMatch(/<pre class="shiki shiki-themes github-light github-dark"[^>]*data-language="yaml"/);
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">apiVersion<\/span>/);
    expect(html).toContain('data-language="text"');
    expect(out.code).not.toMatch(/require\(|import\(|createHighlighter|codeToHast|oniguruma/);
  });

  it("makes Korean emphasis next to Hangul bold (CJK-friendly emphasis)", async () => {
    const html = render((await compile('**<Term id="kubelet">큐블릿</Term>**은 노드 에이전트이고 **원하는 상태(desired state)**를 맞춥니다.\n')).code);
    expect(html).toMatch(/<strong><x-term[^>]*>큐블릿<\/x-term><\/strong>은/);
    expect(html).toContain("<strong>원하는 상태(desired state)</strong>를");
  });

  it("passes the allowed components through and records what the lesson uses", async () => {
    const out = await compile(
      [
        '<Callout type="exam-tip">\n\nUse `--dry-run=client`.\n\n</Callout>',
        '<Term id="etcd">etcd</Term> and <Term id="kubelet">kubelet</Term> and <Term id="etcd">etcd</Term>',
        '<Figure name="control-plane" caption="The map" />',
        '<Steps>\n<Step title="One">\n\nFirst.\n\n</Step>\n</Steps>',
        '<Compare headers={["x", "y"]} rows={[["a", "b"]]} />',
        '<FlowPlayer scenario="deployment-create" />\n\n1. first\n2. second',
        "{/* a comment is fine */}",
      ].join("\n\n"),
    );
    expect(out.usage).toEqual({ terms: ["etcd", "kubelet"], figures: ["control-plane"], scenarios: ["deployment-create"], exercises: [], quizzes: [] });
    const html = render(out.code);
    expect(html).toContain('<x-callout data-props="{&quot;type&quot;:&quot;exam-tip&quot;}">');
    expect(html).toContain("<x-flowplayer");
  });

  it.each([
    ["<Foo />", /en\.mdx:5: unknown component <Foo>/],
    ['import X from "./x"', /en\.mdx:5: imports and exports are not allowed/],
    ["export const a = 1", /imports and exports are not allowed/],
    ['<div class="x">hi</div>', /raw HTML <div> is not allowed/],
    ["![diagram](x.png)", /images are not allowed/],
    ["{1 + 1}", /JavaScript expressions are not allowed/],
    ['<Term id="nope">nope</Term>', /<Term id="nope">: no such glossary id/],
    ['<Term id="etcd" />', /needs the text to show/],
    ['<Figure name="nope" caption="c" />', /<Figure name="nope">: no such figure/],
    ['<Figure name="control-plane" />', /<Figure>: attribute "caption" is required/],
    ['<FlowPlayer scenario="nope" />', /<FlowPlayer scenario="nope">: unknown scenario id/],
    ['<Callout type="danger">\n\nx\n\n</Callout>', /type "danger" is not one of note, warning, exam-tip/],
    ['<Callout type="note" tone="loud">\n\nx\n\n</Callout>', /unknown attribute "tone"/],
    ['<Compare headers={["a", "b"]} rows={[["only one"]]} />', /row 1 has 1 cells but there are 2 headers/],
    ["<Compare headers={cols} rows={[]} />", /array literals/],
    ['<Step title="x">\n\ny\n\n</Step>', /<Step> must be directly inside <Steps>/],
    ["<Term {...props}>x</Term>", /spread attributes are not allowed/],
    ["<Exercise />", /<Exercise>: attribute "id" is required/],
    ['<Exercise id="" />', /<Exercise>: attribute "id" is required/],
    ["<Exercise id={name} />", /<Exercise>: attribute "id" must be a quoted string/],
    ['<Exercise id="Expose NodePort" />', /<Exercise id="Expose NodePort">: not an exercise id/],
    ['<Exercise id="../secrets" />', /<Exercise id="\.\.\/secrets">: not an exercise id/],
  ])("refuses %s, naming the file and line", async (body, expected) => {
    const message = await compileError(body);
    expect(message).toMatch(/^content\/lessons\/99-test\/en\.mdx:\d+: /);
    expect(message).toMatch(expected);
  });

  it("collects the exercises a lesson embeds, once each and in order", async () => {
    const out = await compile('<Exercise id="b-two" />\n\n<Exercise id="a-one" />\n\n<Exercise id="b-two" />\n');
    expect(out.usage.exercises).toEqual(["b-two", "a-one"]);
  });

  it("reports every problem in a file, not just the first", async () => {
    const message = await compileError("<Foo />\n\n<Bar />\n");
    expect(message.split("\n")).toHaveLength(2);
  });

  it("a syntax error names the file", async () => {
    expect(await compileError("<Callout type=\"note\">\n\nnever closed\n")).toMatch(/^content\/lessons\/99-test\/en\.mdx: does not compile: Expected a closing tag for `<Callout>` \(5:1-5:22\)$/);
  });

  it("caches by content hash in memory and on disk", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeclass-mdx-"));
    const file = path.join(dir, "en.mdx");
    fs.writeFileSync(file, fm + "## Cached\n");
    const cacheDir = path.join(dir, "cache");
    const a = await getCompiledLesson(file, known, { diskCache: cacheDir });
    expect(await getCompiledLesson(file, known, { diskCache: cacheDir })).toBe(a);
    expect(fs.readdirSync(cacheDir)).toHaveLength(1);
    fs.writeFileSync(file, fm + "## Changed\n");
    const b = await getCompiledLesson(file, known, { diskCache: cacheDir });
    expect(b.toc[0].text).toBe("Changed");
    expect(fs.readdirSync(cacheDir)).toHaveLength(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
