// Edges of the kubectl / API server wording fixed in fidelity round 3 (lib/testdata/fidelity README): each
// rule at and around its boundary, on a fresh single-node session (no time needs to pass for these).
import { describe, expect, it } from "vitest";
import { createSimSession } from "./sim-adapter";

function session(...setup: string[]) {
  const sh = createSimSession({ preset: "single" });
  for (const c of setup) expect(sh.run(c).exitCode, c).toBe(0);
  return sh;
}

describe("kubectl annotate --overwrite (annotate.go validateNoAnnotationOverwrites)", () => {
  it("lists every clashing key in one error, lets the same value and the change-cause through, and changes nothing when refused", () => {
    const sh = session("kubectl create configmap c", "kubectl annotate configmap c a=1 b=2 kubernetes.io/change-cause=first");
    const r = sh.run("kubectl annotate configmap c a=9 b=8");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (1); 'b' already has a value (2)\n");
    expect(sh.run("kubectl annotate configmap c a=1").stdout).toBe("configmap/c annotated\n");
    expect(sh.run("kubectl annotate configmap c kubernetes.io/change-cause=second").exitCode).toBe(0);
    expect(sh.run("kubectl get configmap c -o jsonpath='{.metadata.annotations}'").stdout).toBe('{"a":"1","b":"2","kubernetes.io/change-cause":"second"}');
  });
});

describe("kubectl create token --duration (create_token.go, ValidateTokenRequest)", () => {
  it("accepts exactly 10 minutes and refuses one second less, a negative or sub-second duration, and a missing account", () => {
    const sh = session("kubectl create serviceaccount bot");
    expect(sh.run("kubectl create token bot --duration=10m").exitCode).toBe(0);
    expect(sh.run("kubectl create token bot --duration=599s").stderr).toBe('error: failed to create token: TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes\n');
    expect(sh.run("kubectl create token bot --duration=-1s").stderr).toBe("error: --duration must be greater than or equal to 0\n");
    expect(sh.run("kubectl create token bot --duration=1500ms").stderr).toBe("error: --duration cannot be expressed in units less than seconds\n");
    expect(sh.run("kubectl create token ghost").stderr).toBe('error: failed to create token: serviceaccounts "ghost" not found\n');
  });
  it("writes the requested lifetime into the token's exp claim", () => {
    const sh = session("kubectl create serviceaccount bot");
    const claims = (d: string) => JSON.parse(atob(sh.run(`kubectl create token bot --duration=${d}`).stdout.trim().split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    const c = claims("2h");
    expect(c.exp - c.iat).toBe(7200);
  });
});

describe("kubectl create configmap --from-env-file (env_file.go, IsEnvVarName)", () => {
  it("skips comments and blank lines, keeps a value's inner blanks, takes a bare key from kubectl's environment, refuses bad keys", () => {
    const sh = session("printf '  # note\\n\\nA=1 2\\nFROM_ENV\\n' > ok.env", "export FROM_ENV=shell", "kubectl create configmap ok --from-env-file=ok.env");
    expect(sh.run("kubectl get configmap ok -o jsonpath='{.data}'").stdout).toBe('{"A":"1 2","FROM_ENV":"shell"}');
    sh.run("printf '1BAD=x\\n' > bad.env");
    expect(sh.run("kubectl create configmap bad --from-env-file=bad.env").stderr).toMatch(/^error: "1BAD" is not a valid key name: a valid environment variable name must consist of .* \(e\.g\. 'my\.env-name',  or 'MY_ENV\.NAME',  or 'MyEnvName1', regex used for validation is '\[-\._a-zA-Z\]\[-\._a-zA-Z0-9\]\*'\)\n$/);
    sh.run("printf '..x=1\\n' > dots.env");
    expect(sh.run("kubectl create configmap dots --from-env-file=dots.env").stderr).toBe(`error: "..x" is not a valid key name: must not start with '..'\n`);
    expect(sh.run("kubectl get configmap bad dots").exitCode).toBe(1);
  });
});

describe("Ingress paths (networking validation validateHTTPIngressPath)", () => {
  const ingress = (pathType: string, path: string) => `kubectl create -f - <<'Y'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  rules:
  - http:
      paths:
      - {path: "${path}", pathType: ${pathType}, backend: {service: {name: s, port: {number: 80}}}}
Y`;
  it("accepts absolute Exact/Prefix paths and refuses relative ones, //, /./ and a /.. ending", () => {
    const sh = session();
    expect(sh.run(ingress("Prefix", "/a/b")).exitCode).toBe(0);
    sh.run("kubectl delete ingress i");
    expect(sh.run(ingress("Exact", "a")).stderr).toContain('spec.rules[0].http.paths[0].path: Invalid value: "a": must be an absolute path');
    expect(sh.run(ingress("Prefix", "/a//b")).stderr).toContain(`Invalid value: "/a//b": must not contain '//'`);
    expect(sh.run(ingress("Prefix", "/a/./b")).stderr).toContain(`must not contain '/./'`);
    expect(sh.run(ingress("Exact", "/a/..")).stderr).toContain(`cannot end with '/..'`);
    expect(sh.run(ingress("ImplementationSpecific", "x")).stderr).toContain('"x": must be an absolute path');
    expect(sh.run("kubectl get ingress").stderr).toBe("No resources found in default namespace.\n");
  });
});

describe("PriorityClass value (scheduling validation ValidatePriorityClass)", () => {
  it("allows a user class at exactly 1000000000 and refuses one above", () => {
    const sh = session();
    expect(sh.run("kubectl create priorityclass top --value=1000000000").exitCode).toBe(0);
    expect(sh.run("kubectl create priorityclass over --value=1000000001").stderr).toBe('error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "over" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000\n');
  });
});

describe("kubectl set env --list (set_env.go, envresolve.GetEnvVarRefString)", () => {
  it("names field and resource references, and --resolve reads the object's own fields and requests", () => {
    const sh = session(
      "kubectl create deployment d --image=nginx:1.27",
      `kubectl patch deployment d --type=json -p='[{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"M","valueFrom":{"resourceFieldRef":{"containerName":"nginx","resource":"requests.cpu"}}}]}]'`,
    );
    expect(sh.run("kubectl set env deployment/d --list").stdout).toBe("# Deployment d, container nginx\n# N from field path metadata.name\n# M from resource field nginx/requests.cpu\n");
    expect(sh.run("kubectl set env deployment/d --list --resolve").stdout).toContain("N=d\n");
  });
});

describe("kubectl patch and set resources errors", () => {
  it("a JSON patch that does not apply is an Invalid request without the operation's words; set resources wraps the API error", () => {
    const sh = session("kubectl create deployment d --image=nginx:1.27");
    const r = sh.run(`kubectl patch deployment d --type=json -p='[{"op":"replace","path":"/spec/nothing","value":1}]'`);
    expect([r.exitCode, r.stderr]).toEqual([1, "The request is invalid: the server rejected our request due to an error in our request\n"]);
    expect(sh.run("kubectl set resources deployment d --limits=memory=10Mi --requests=memory=20Mi").stderr).toBe('error: failed to patch resources update to pod template Deployment.apps "d" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "20Mi": must be less than or equal to memory limit of 10Mi\n');
    expect(sh.run("kubectl set resources deployment d --limits=memory=10Mi").stdout).toBe("deployment.apps/d resource requirements updated\n");
    expect(sh.run("kubectl set resources deployment d --limits=memory=10Mi").stdout).toBe("");
  });
});

describe("kubectl -o custom-columns (customcolumn.go PrintObj)", () => {
  it("prints the header then the parser's error for a path that does not parse; --no-headers prints only the error", () => {
    const sh = session("kubectl create configmap c");
    const r = sh.run("kubectl get configmap c -o custom-columns=NAME:.metadata.name,X:.data[0");
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([1, "NAME   X\n", "error: unterminated array\n"]);
    expect(sh.run("kubectl get configmap c --no-headers -o custom-columns=X:.data[0").stdout).toBe("");
  });
});

describe("kubectl run --dry-run=client -o yaml (kubernetes#130989)", () => {
  it("omits the zero creationTimestamp, and a template without labels has metadata: {}", () => {
    const sh = session();
    expect(sh.run("kubectl run p --image=nginx --dry-run=client -o yaml").stdout).not.toContain("creationTimestamp");
    expect(sh.run("kubectl create job j --image=busybox --dry-run=client -o yaml").stdout).toContain("  template:\n    metadata: {}\n");
  });
});

describe("kubectl create secret tls / generic missing files", () => {
  it("words a missing certificate as create_secret_tls.go readFile does, a missing --from-file as create_secret.go does", () => {
    const sh = session("echo cert > tls.crt");
    expect(sh.run("kubectl create secret tls t --cert=tls.crt --key=nope.key").stderr).toBe("error: Cannot read file nope.key, open nope.key: no such file or directory\n");
    expect(sh.run("kubectl create secret generic g --from-file=nope.txt").stderr).toBe("error: error reading nope.txt: no such file or directory\n");
    expect(sh.run("kubectl get secrets -o name").stdout).toBe("");
  });
});

describe("kubectl scale authorization (scale.go ScaleSimple, the scale subresource)", () => {
  it("needs patch on <resource>/scale (get and update with --current-replicas), not update on the object", () => {
    const sh = session(
      "kubectl create namespace apps",
      "kubectl create deployment web -n apps --image=nginx:1.27",
      "kubectl create role objects -n apps --verb=get,list,update --resource=deployments",
      "kubectl create rolebinding objects -n apps --role=objects --user=ann",
      "kubectl create role scaler -n apps --verb=get,patch --resource=deployments,deployments/scale",
      "kubectl create rolebinding scaler -n apps --role=scaler --user=bob",
    );
    const ann = sh.run("kubectl scale deployment web -n apps --replicas=2 --as=ann");
    expect([ann.exitCode, ann.stderr]).toEqual([1, 'Error from server (Forbidden): deployments.apps "web" is forbidden: User "ann" cannot patch resource "deployments/scale" in API group "apps" in the namespace "apps"\n']);
    expect(sh.run("kubectl scale deployment web -n apps --replicas=2 --as=bob").stdout).toBe("deployment.apps/web scaled\n");
    // with a precondition kubectl GETs and PUTs the scale: bob may get it but not update it
    expect(sh.run("kubectl scale deployment web -n apps --current-replicas=2 --replicas=3 --as=bob").stderr).toBe('Error from server (Forbidden): deployments.apps "web" is forbidden: User "bob" cannot update resource "deployments/scale" in API group "apps" in the namespace "apps"\n');
    expect(sh.run("kubectl get deployment web -n apps -o jsonpath='{.spec.replicas}'").stdout).toBe("2");
  });
});
