/** /etc/hostname in a container: containerd's setupSandboxFiles writes hostname + "\n". */
import { describe, expect, it, vi } from "vitest";
import { cka, pod } from "./test-helpers";

vi.setConfig({ testTimeout: 60_000 });

describe("/etc/hostname", () => {
  it("holds the Pod's hostname and a newline (spec.hostname, else the Pod name)", () => {
    const c = cka();
    c.create(pod("a", { image: "busybox:1.36", command: ["sleep", "3600"] }));
    const named = pod("b", { image: "busybox:1.36", command: ["sleep", "3600"] });
    named.spec.hostname = "db-0";
    c.create(named);
    c.advance(20_000);
    const run = (p: string, cmd: string) => {
      const r = c.exec({ pod: p, command: ["sh", "-c", cmd] });
      if (!r.ok) throw new Error(r.status.message);
      return r.stdout;
    };
    expect(run("a", "cat /etc/hostname")).toBe("a\n");
    expect(run("a", "ls -l /etc/hostname")).toMatch(/ 2 \w+ +\d+ [\d:]+ \/etc\/hostname\n$/); // busybox ls -l: the size is 2
    expect(run("b", "cat /etc/hostname; echo end")).toBe("db-0\nend\n");
  });
});
