// `kubectl config view` output: the session's kubeconfig (server = the control-plane node's
// address, as kubeadm writes admin.conf) or, with --kubeconfig FILE, that file; secrets shown as
// kubectl shows them (clientcmd/api/latest: DATA+OMITTED for embedded data, REDACTED for tokens,
// unless --raw), printed as YAML, JSON or a JSONPath template.
import type { Json } from "../cluster-api";
import { abs } from "../shell/builtins";
import { bool, str, type Parsed } from "./args";
import { fail, type Ctx } from "./ctx";
import { kubeconfigUser } from "./credentials";
import { executeTemplate, JsonPathError, JsonPathExecError } from "./jsonpath";
import { parseManifests, toYaml } from "./yaml";

/** The session's kubeconfig as `kubectl config view` shows it. */
export function sessionKubeconfig(ctx: Ctx, minify: boolean, current = ctx.state.currentContext): Json {
  const st = ctx.state;
  const ctxs = (minify ? st.contexts.filter((c) => c.name === current) : [...st.contexts]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const server = (cl: string, i: number) => {
    const c = st.contexts.find((x) => x.cluster === cl);
    return (c && st.clusters.get(c.name)?.controlPlane?.server()) || `https://192.168.${i}.10:6443`;
  };
  return {
    apiVersion: "v1",
    clusters: [...new Set(ctxs.map((c) => c.cluster))].sort().map((cl, i) => ({ cluster: { "certificate-authority-data": "DATA+OMITTED", server: server(cl, i) }, name: cl })),
    contexts: ctxs.map((c) => ({ context: { cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}), user: c.user }, name: c.name })),
    "current-context": current,
    kind: "Config",
    preferences: {},
    users: [...new Set([...ctxs.map((c) => c.user), ...(minify ? [] : (st.kubeUsers ?? []).map((u) => u.name))])].sort().map((u) => {
      const own = st.kubeUsers?.find((x) => x.name === u);
      return { name: u, user: own ? kubeconfigUser(own) : { "client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED" } };
    }),
  };
}

const OMIT = new Set(["certificate-authority-data", "client-certificate-data", "client-key-data"]);

function redact(v: Json): Json {
  if (Array.isArray(v)) return v.map(redact);
  if (!v || typeof v !== "object") return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) out[k] = OMIT.has(k) ? "DATA+OMITTED" : k === "token" || k === "password" ? "REDACTED" : redact(x);
  return out;
}

/** kubectl config view [--kubeconfig FILE] [--minify] [--raw] [-o yaml|json|jsonpath=…] */
export function configView(ctx: Ctx, p: Parsed): number {
  let cfg: Json;
  const file = str(p, "kubeconfig");
  const minify = bool(p, "minify");
  // --minify keeps what --context names, else the current context (view.go: config.CurrentContext = o.Context,
  // then clientcmdapi.MinifyConfig, whose error for a context that is not there is "cannot locate context NAME")
  const wanted = minify ? str(p, "context") : "";
  if (file) {
    const r = ctx.state.fs.read(abs(ctx.state, file));
    if (!r.ok) return fail(ctx, `stat ${file}: no such file or directory`);
    const parsed = parseManifests(r.value, file);
    if (!parsed.ok || !parsed.docs[0] || typeof parsed.docs[0] !== "object") return fail(ctx, `error loading config file "${file}": couldn't get version/kind; json parse error`);
    cfg = parsed.docs[0];
    if (minify) {
      const cur = wanted || cfg["current-context"];
      const c = (cfg.contexts ?? []).find((x: Json) => x.name === cur);
      if (!c && wanted) return fail(ctx, `cannot locate context ${wanted}`);
      cfg = { ...cfg, "current-context": cur, contexts: c ? [c] : [], clusters: (cfg.clusters ?? []).filter((x: Json) => x.name === c?.context?.cluster), users: (cfg.users ?? []).filter((x: Json) => x.name === c?.context?.user) };
    }
    if (!bool(p, "raw")) cfg = redact(cfg);
  } else {
    if (wanted && !ctx.state.contexts.some((c) => c.name === wanted)) return fail(ctx, `cannot locate context ${wanted}`);
    cfg = sessionKubeconfig(ctx, minify, wanted || ctx.state.currentContext);
  }
  const o = str(p, "output");
  if (o === "json") ctx.io.out(JSON.stringify(cfg, null, 4) + "\n");
  else if (o.startsWith("jsonpath=") || o.startsWith("jsonpath-as-json=")) {
    const tpl = o.slice(o.indexOf("=") + 1);
    try {
      ctx.io.out(executeTemplate(tpl, cfg, true));
    } catch (e) {
      if (e instanceof JsonPathError || e instanceof JsonPathExecError) return fail(ctx, `error parsing jsonpath ${tpl}, ${e.message}`);
      throw e;
    }
  } else ctx.io.out(toYaml(cfg));
  return 0;
}
