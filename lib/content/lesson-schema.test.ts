import { describe, expect, it } from "vitest";
import { parseLessonFrontmatter } from "./lessons";
import { parseLessonDir } from "./lesson-schema";

const fm = (yaml: string) => `---\n${yaml}\n---\n# Body\n`;
const good = `title: "Pods"\nsummary: "What a Pod is and why it is the smallest unit."\norder: 8\nminutes: 20\ndomains: [workloads]\nobjectives: ["one thing", "another thing"]\nprerequisites: []`;

describe("lesson frontmatter", () => {
  it("parses a valid lesson and takes the slug from the folder", () => {
    const meta = parseLessonFrontmatter("content/lessons/08-pods/en.mdx", fm(good), "08-pods");
    expect(meta).toMatchObject({ slug: "pods", order: 8, domains: ["workloads"] });
  });

  it("names the file and the field that is wrong", () => {
    expect(() => parseLessonFrontmatter("f.mdx", fm(good.replace("minutes: 20", "minutes: 200")), "08-pods")).toThrow(/^f\.mdx: frontmatter field "minutes"/);
    expect(() => parseLessonFrontmatter("f.mdx", fm(good.replace("[workloads]", "[cooking]")), "08-pods")).toThrow(/field "domains\.0"/);
    expect(() => parseLessonFrontmatter("f.mdx", fm(good + "\nextra: 1"), "08-pods")).toThrow(/f\.mdx: frontmatter field/);
  });

  it("order must match the folder number", () => {
    expect(() => parseLessonFrontmatter("f.mdx", fm(good), "09-pods")).toThrow(/"order" is 8 but the folder says 9/);
  });

  it("a file without frontmatter or with broken YAML is an error", () => {
    expect(() => parseLessonFrontmatter("f.mdx", "# no frontmatter", "08-pods")).toThrow(/missing frontmatter/);
    expect(() => parseLessonFrontmatter("f.mdx", fm("title: [unclosed"), "08-pods")).toThrow(/not valid YAML/);
  });

  it("folder names are NN-slug", () => {
    expect(parseLessonDir("01-cluster-architecture")).toEqual({ order: 1, slug: "cluster-architecture" });
    expect(parseLessonDir("1-x")).toBeNull();
    expect(parseLessonDir("01-Bad_Name")).toBeNull();
  });
});
