import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const render = (md: string) => renderToStaticMarkup(createElement(Markdown, null, md));

describe("task Markdown", () => {
  it("renders emphasis, code and lists", () => {
    const html = render("Create `web` with **2 replicas**:\n\n1. one\n2. two");
    expect(html).toContain("<strong>2 replicas</strong>");
    expect(html).toContain(">web</code>");
    expect(html).toContain("<ol");
  });

  it("drops raw HTML, images and script URLs", () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) ![i](http://example.test/i.png)');
    expect(html).not.toMatch(/<script|<img|onerror|javascript:/);
  });
});
