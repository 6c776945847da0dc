import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SecretDeliveryFigure } from "#app/_components/mdx/figures/secret-delivery";

// Regression checks on the text of the real lessons: corrections that were made once and must not come back.

const lessonsDir = path.join(import.meta.dirname, "../../content/lessons");
const lessonFolders = fs.readdirSync(lessonsDir).filter((d) => /^\d\d-/.test(d)).sort();
const read = (folder: string, file: string) => fs.readFileSync(path.join(lessonsDir, folder, file), "utf8");

type CodeLine = { lang: string; line: number; text: string };

/** Every line inside a fenced code block, with the block's language and the 1-based line number in the file. */
function codeLines(mdx: string): CodeLine[] {
  const out: CodeLine[] = [];
  let lang: string | null = null;
  mdx.split("\n").forEach((text, i) => {
    const fence = /^\s*```(\S*)/.exec(text);
    if (fence) {
      lang = lang === null ? fence[1] || "" : null;
      return;
    }
    if (lang !== null) out.push({ lang, line: i + 1, text });
  });
  return out;
}

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * `#` comments in a Korean lesson's code that are English prose ("# Create the deployment"): no Hangul and two
 * lowercase English words in a row. Command output pasted as comments (tables, `yes`, `deployment.apps/web
 * created`) has no such pair; `text` blocks hold output, not comments, and are skipped.
 */
function englishComments(mdx: string): CodeLine[] {
  return codeLines(mdx).filter(({ lang, text }) => {
    if (lang === "text") return false;
    const m = /(?:^|\s)#\s?(.*)$/.exec(text);
    if (!m || HANGUL.test(m[1])) return false;
    return /(?:^|\s)[A-Za-z][a-z]* [a-z]{2,}(?=$|[\s,.;:)])/.test(m[1]);
  });
}

describe("englishComments", () => {
  const block = (lang: string, body: string) => "Intro\n\n```" + lang + "\n" + body + "\n```\n";

  it("flags English prose comments in bash and yaml blocks", () => {
    expect(englishComments(block("bash", "kubectl apply -f d.yaml   # Create the deployment")).map((c) => c.line)).toEqual([4]);
    expect(englishComments(block("yaml", "port: 8080        # number or a named container port"))).toHaveLength(1);
    expect(englishComments(block("bash", "# running containers (add -a for exited ones)"))).toHaveLength(1);
    expect(englishComments(block("bash", "crictl pods   # Pod sandboxes"))).toHaveLength(1);
  });

  it("accepts Korean comments, output pasted as comments, and text blocks", () => {
    expect(englishComments(block("bash", "crictl pods   # Pod 샌드박스"))).toEqual([]);
    expect(englishComments(block("bash", "# NAME   READY   STATUS    RESTARTS   AGE\n# db-0   1/1     Running   0          60s"))).toEqual([]);
    expect(englishComments(block("bash", "kubectl auth can-i list pods --as=jane   # yes"))).toEqual([]);
    expect(englishComments(block("bash", "# horizontalpodautoscaler.autoscaling/web autoscaled"))).toEqual([]);
    expect(englishComments(block("bash", "cat /var/lib/kubelet/config.yaml   # KubeletConfiguration"))).toEqual([]);
    expect(englishComments(block("text", "# inside a Pod, the output of ip addr"))).toEqual([]);
  });

  it("ignores prose outside code blocks and a # that is not a comment", () => {
    expect(englishComments("# A heading in plain English\n\nSome text with # a hash in it.\n")).toEqual([]);
    expect(englishComments(block("bash", "curl http://web/#section-two"))).toEqual([]);
  });
});

/** `etcdctl snapshot status|restore`, gone in etcd 3.6 (https://etcd.io/docs/v3.6/op-guide/recovery/): etcdutl does both. */
const REMOVED_ETCDCTL = /\betcdctl\b[^\n`]*\bsnapshot (status|restore)\b/;

describe("REMOVED_ETCDCTL", () => {
  it("matches etcdctl snapshot status and restore, with or without flags in between", () => {
    expect(REMOVED_ETCDCTL.test("etcdctl snapshot status /opt/backup/s.db")).toBe(true);
    expect(REMOVED_ETCDCTL.test("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=ca.crt snapshot restore s.db")).toBe(true);
  });
  it("leaves etcdctl snapshot save and etcdutl alone", () => {
    expect(REMOVED_ETCDCTL.test("etcdctl --cacert=ca.crt snapshot save /opt/backup/s.db")).toBe(false);
    expect(REMOVED_ETCDCTL.test("etcdutl snapshot restore s.db --data-dir /var/lib/etcd-new")).toBe(false);
    expect(REMOVED_ETCDCTL.test("etcdutl snapshot status s.db")).toBe(false);
  });
});

describe("the lessons", () => {
  it("finds the lesson folders", () => {
    expect(lessonFolders.length).toBeGreaterThanOrEqual(19);
  });

  it("Korean lessons comment their code in Korean", () => {
    const found = lessonFolders.flatMap((f) => englishComments(read(f, "ko.mdx")).map((c) => `${f}/ko.mdx:${c.line}: ${c.text.trim()}`));
    expect(found).toEqual([]);
  });

  it("no lesson or exercise uses etcdctl for snapshot status or restore (removed in etcd 3.6; etcdutl does both)", () => {
    const removed = REMOVED_ETCDCTL;
    const used: string[] = [];
    for (const f of lessonFolders) {
      for (const lang of ["ko", "en"]) {
        for (const c of codeLines(read(f, `${lang}.mdx`))) if (removed.test(c.text)) used.push(`${f}/${lang}.mdx:${c.line}`);
      }
      const exDir = path.join(lessonsDir, f, "exercises");
      if (!fs.existsSync(exDir)) continue;
      for (const file of fs.readdirSync(exDir).filter((n) => n.endsWith(".yaml") && !n.endsWith(".wrong.yaml"))) {
        const ex = parseYaml(fs.readFileSync(path.join(exDir, file), "utf8")) as { task: Record<string, string>; hints?: Record<string, string>[]; solution?: unknown[] };
        const texts = [...Object.values(ex.task), ...(ex.hints ?? []).flatMap((h) => Object.values(h)), ...(ex.solution ?? []).map(String)];
        if (texts.some((t) => removed.test(t))) used.push(`${f}/exercises/${file}`);
      }
    }
    expect(used).toEqual([]);
  });

  it("lesson 14 does not say Secrets are encrypted in etcd by default (caption and figure text)", () => {
    const folder = lessonFolders.find((f) => f.endsWith("-configmaps-secrets"));
    expect(folder).toBeDefined();
    for (const lang of ["ko", "en"] as const) {
      const caption = /<Figure name="secret-delivery" caption="([^"]*)"/.exec(read(folder!, `${lang}.mdx`))?.[1];
      expect(caption, `${lang}.mdx caption`).toBeDefined();
      expect(caption).toContain("base64");
      expect(caption).not.toMatch(/encrypted in etcd|etcd에서는 암호화/i);

      const svg = renderToStaticMarkup(createElement(SecretDeliveryFigure, { locale: lang }));
      const aria = /aria-label="([^"]*)"/.exec(svg)?.[1] ?? "";
      expect(aria).toContain("base64");
      expect(aria).toContain("EncryptionConfiguration");
      expect(aria).not.toMatch(/which encrypts|암호화해 etcd/);
      expect(svg).not.toMatch(/EncryptionConfiguration → (encrypted|암호화)/);
    }
  });
});
