// Golden transcripts: every testdata/*.sh runs on a fresh session and must print exactly
// testdata/<name>.golden. Regenerate with UPDATE_GOLDEN=1 (then review the diff). Header comments choose the
// session: `# preset: single|cka|ha`, `# contexts: a,b`, `# time: real|settle` (lib/kubectl TimeMode; default settle).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";
import { runTranscript } from "./transcript";

const dir = path.join(import.meta.dirname, "testdata");
const update = process.env.UPDATE_GOLDEN === "1";

describe("golden transcripts", () => {
  const scripts = readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();
  it("has scripts", () => {
    expect(scripts.length).toBeGreaterThan(5);
  });
  for (const f of scripts) {
    it(f, () => {
      const src = readFileSync(path.join(dir, f), "utf8");
      const preset = /^# preset: (single|cka|ha)/m.exec(src)?.[1] as "single" | "cka" | "ha" | undefined;
      const contexts = (/^# contexts: (.+)$/m.exec(src)?.[1] ?? "").split(",").filter(Boolean).map((name) => ({ name: name.trim() }));
      const time = /^# time: (real|settle)/m.exec(src)?.[1] as "real" | "settle" | undefined;
      const shell = createSimSession({ preset: preset ?? "cka", seed: 1, contexts, ...(time ? { time } : {}) });
      const got = runTranscript(shell, src);
      const goldenPath = path.join(dir, f.replace(/\.sh$/, ".golden"));
      if (update || !existsSync(goldenPath)) {
        writeFileSync(goldenPath, got);
        if (!update) throw new Error(`wrote missing golden ${path.basename(goldenPath)}; review it and re-run`);
        return;
      }
      expect(got).toBe(readFileSync(goldenPath, "utf8"));
    });
  }
});
