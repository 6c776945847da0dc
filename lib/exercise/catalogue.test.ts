import { describe, expect, it } from "vitest";
import { CatalogueFilterSchema, filterCatalogue, type CatalogueEntry } from "./catalogue";

const e = (id: string, lessonSlug: string, domain: CatalogueEntry["domain"], difficulty: CatalogueEntry["difficulty"], status: CatalogueEntry["status"]): CatalogueEntry => ({ id, lessonSlug, domain, difficulty, status });
const all = [
  e("a", "services", "networking", "easy", "PASSED"),
  e("b", "services", "troubleshooting", "medium", "IN_PROGRESS"),
  e("c", "storage", "storage", "hard", "NOT_STARTED"),
];
const ids = (f: Record<string, unknown>) => filterCatalogue(all, CatalogueFilterSchema.parse(f)).map((x) => x.id);

describe("exercise catalogue filters", () => {
  it("no filter lists everything; each filter narrows; filters combine", () => {
    expect(ids({})).toEqual(["a", "b", "c"]);
    expect(ids({ lesson: "services" })).toEqual(["a", "b"]);
    expect(ids({ domain: "storage" })).toEqual(["c"]);
    expect(ids({ difficulty: "medium" })).toEqual(["b"]);
    expect(ids({ status: "PASSED" })).toEqual(["a"]);
    expect(ids({ lesson: "services", difficulty: "easy" })).toEqual(["a"]);
    expect(ids({ lesson: "services", domain: "storage" })).toEqual([]);
  });

  it("unknown, empty, repeated or malformed values are ignored instead of failing the page", () => {
    expect(CatalogueFilterSchema.parse({ domain: "security", difficulty: "", status: "DONE", lesson: "../../etc" })).toEqual({});
    expect(CatalogueFilterSchema.parse({ difficulty: ["hard", "easy"] })).toEqual({ difficulty: "hard" });
    expect(ids({ lesson: "x".repeat(81) })).toEqual(["a", "b", "c"]);
  });

  it("without statuses (not signed in) the status filter keeps everything", () => {
    const anon = all.map((x) => ({ ...x, status: null }));
    expect(filterCatalogue(anon, { status: "PASSED" }).map((x) => x.id)).toEqual(["a", "b", "c"]);
  });
});
