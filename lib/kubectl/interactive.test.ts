// `kubectl exec -it POD -- sh` attaches the prompt to the container until `exit`.
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";

describe("interactive exec", () => {
  it("runs lines in the container until exit", () => {
    const shell = createSimSession();
    shell.run("kubectl run web --image=nginx");
    expect(shell.prompt()).toBe("controlplane:~$ ");
    expect(shell.run("kubectl exec -it web -- sh").exitCode).toBe(0);
    expect(shell.prompt()).toBe("/ # ");
    expect(shell.run("hostname").stdout).toBe("web\n");
    expect(shell.run("ls /nope").exitCode).not.toBe(0);
    expect(shell.run("exit").exitCode).toBe(0);
    expect(shell.prompt()).toBe("controlplane:~$ ");
    expect(shell.run("hostname").stdout).toBe("controlplane\n");
  });
});
