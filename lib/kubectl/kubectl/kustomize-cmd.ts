// kubectl kustomize DIR, and -k DIR for apply / create / delete / get / diff (cli-runtime's KustomizeVisitor:
// the build's YAML is read like one -f stream whose source is the directory as typed).
import { abs } from "../shell/builtins";
import { bool, list, str, type FlagSpec, type Parsed } from "./args";
import { fail, readFiles, type Ctx, type FileDocs } from "./ctx";
import { kustomizeBuild, kustomizeYaml, type KustomizeFs } from "./kustomize";

export const KUSTOMIZE_FLAG: FlagSpec = { name: "kustomize", short: "k", type: "array" };

export const KUSTOMIZE_FLAGS: FlagSpec[] = [
  { name: "output", short: "o", type: "string" },
  { name: "enable-helm", type: "bool" },
  { name: "enable-alpha-plugins", type: "bool" },
  { name: "load-restrictor", type: "string" },
];

function fsOf(ctx: Ctx): KustomizeFs {
  const fs = ctx.state.fs;
  return {
    isDir: (p) => fs.isDir(p),
    isFile: (p) => fs.isFile(p),
    read: (p) => {
      const r = fs.read(p);
      return r.ok ? r.value : null;
    },
  };
}

/** Build one kustomization directory; prints kustomize's warnings, returns the documents or an exit code. */
function build(ctx: Ctx, dir: string) {
  if (/^(https?:\/\/|git@|github\.com\/)/.test(dir)) return fail(ctx, `kustomize: remote targets are not available in this simulated shell (no network): ${dir}`);
  const r = kustomizeBuild(fsOf(ctx), abs(ctx.state, dir), dir);
  for (const w of r.warnings) ctx.io.err(w + "\n");
  if (!r.ok) return fail(ctx, r.error);
  return r.docs;
}

/** kubectl kustomize [DIR] */
export function cmdKustomize(ctx: Ctx, p: Parsed): number {
  if (p.args.length > 1) return fail(ctx, "specify one path to kustomization.yaml");
  const restrictor = str(p, "load-restrictor");
  if (restrictor && restrictor !== "LoadRestrictionsRootOnly") return fail(ctx, `--load-restrictor=${restrictor} is not available in this simulated kubectl`);
  if (bool(p, "enable-helm")) return fail(ctx, "helm charts are not available in this simulated kubectl");
  const docs = build(ctx, p.args[0] ?? ".");
  if (typeof docs === "number") return docs;
  const text = kustomizeYaml(docs);
  const out = str(p, "output");
  if (!out) {
    ctx.io.out(text);
    return 0;
  }
  const w = ctx.state.fs.write(abs(ctx.state, out), text);
  return w.ok ? 0 : fail(ctx, w.error);
}

/** The -k directory of a command (kubectl's flag is a string: the last one wins), or "". */
export function kustomizeDir(p: Parsed): string {
  const k = list(p, "kustomize");
  return k.length ? k[k.length - 1] : "";
}

/** The objects of -f or -k (FilenameOptions: not both, and -k not with -R). */
export function readFilesOrKustomize(ctx: Ctx, p: Parsed): FileDocs[] | number {
  const dir = kustomizeDir(p);
  if (!dir) return readFiles(ctx, list(p, "filename"), bool(p, "recursive"));
  if (list(p, "filename").length) return fail(ctx, "only one of -f or -k can be specified");
  if (bool(p, "recursive")) return fail(ctx, "the -k flag can't be used with -f or -R");
  const docs = build(ctx, dir);
  if (typeof docs === "number") return docs;
  return [{ source: dir, docs }];
}
