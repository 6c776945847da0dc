// The learner's virtual file system: a flat map of absolute paths, bounded in size.

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
export const MAX_FILES = 2000;

export type FsResult<T> = { ok: true; value: T } | { ok: false; error: string };

interface Node {
  dir: boolean;
  content: string;
  mtime: number;
}

/** Normalise a path against a working directory, resolving `.`, `..` and `~`. */
export function resolvePath(cwd: string, p: string, home: string): string {
  if (p === "~" || p.startsWith("~/")) p = home + p.slice(1);
  const parts = (p.startsWith("/") ? p : cwd + "/" + p).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (!part || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/** An in-memory POSIX-like file tree. */
export class VirtualFs {
  private nodes = new Map<string, Node>();
  private total = 0;
  /** bumped on every change, so watchers can skip work when nothing changed */
  generation = 0;
  /** characters held in files (what MAX_TOTAL_BYTES bounds), for callers that account memory */
  get totalBytes(): number {
    return this.total;
  }

  constructor() {
    this.nodes.set("/", { dir: true, content: "", mtime: 0 });
  }

  exists(p: string): boolean {
    return this.nodes.has(p);
  }
  isDir(p: string): boolean {
    return this.nodes.get(p)?.dir === true;
  }
  isFile(p: string): boolean {
    const n = this.nodes.get(p);
    return !!n && !n.dir;
  }

  mkdirp(p: string, mtime = 0): FsResult<void> {
    const parts = p.split("/").filter(Boolean);
    let cur = "";
    for (const part of parts) {
      cur += "/" + part;
      const n = this.nodes.get(cur);
      if (n && !n.dir) return { ok: false, error: `cannot create directory '${p}': Not a directory` };
      if (!n) {
        if (this.nodes.size >= MAX_FILES) return { ok: false, error: `cannot create directory '${p}': No space left on device` };
        this.nodes.set(cur, { dir: true, content: "", mtime });
      }
    }
    return { ok: true, value: undefined };
  }

  mkdir(p: string, mtime = 0): FsResult<void> {
    if (this.nodes.has(p)) return { ok: false, error: `cannot create directory '${p}': File exists` };
    if (!this.isDir(parentOf(p))) return { ok: false, error: `cannot create directory '${p}': No such file or directory` };
    return this.mkdirp(p, mtime);
  }

  read(p: string): FsResult<string> {
    const n = this.nodes.get(p);
    if (!n) return { ok: false, error: `${p}: No such file or directory` };
    if (n.dir) return { ok: false, error: `${p}: Is a directory` };
    return { ok: true, value: n.content };
  }

  write(p: string, content: string, append = false, mtime = 0): FsResult<void> {
    const n = this.nodes.get(p);
    if (n?.dir) return { ok: false, error: `${p}: Is a directory` };
    if (!n && !this.isDir(parentOf(p))) return { ok: false, error: `${p}: No such file or directory` };
    const next = append && n ? n.content + content : content;
    if (next.length > MAX_FILE_BYTES) return { ok: false, error: `${p}: File too large` };
    const delta = next.length - (n?.content.length ?? 0);
    if (this.total + delta > MAX_TOTAL_BYTES || (!n && this.nodes.size >= MAX_FILES)) {
      return { ok: false, error: `${p}: No space left on device` };
    }
    this.total += delta;
    this.generation++;
    this.nodes.set(p, { dir: false, content: next, mtime });
    return { ok: true, value: undefined };
  }

  remove(p: string, recursive = false): FsResult<void> {
    const n = this.nodes.get(p);
    if (!n || p === "/") return { ok: false, error: `cannot remove '${p}': No such file or directory` };
    if (n.dir) {
      const kids = this.list(p);
      if (!recursive) return { ok: false, error: `cannot remove '${p}': Is a directory` };
      for (const k of kids) this.remove(p === "/" ? "/" + k : p + "/" + k, true);
    } else {
      this.total -= n.content.length;
    }
    this.nodes.delete(p);
    this.generation++;
    return { ok: true, value: undefined };
  }

  /** Names directly inside directory p, sorted. */
  list(p: string): string[] {
    const prefix = p === "/" ? "/" : p + "/";
    const names: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key !== p && key.startsWith(prefix) && !key.slice(prefix.length).includes("/")) names.push(key.slice(prefix.length));
    }
    return names.sort();
  }

  /** Every file under directory p (recursive), sorted by path. */
  walk(p: string): string[] {
    const prefix = p === "/" ? "/" : p + "/";
    return [...this.nodes.entries()]
      .filter(([k, v]) => !v.dir && k.startsWith(prefix))
      .map(([k]) => k)
      .sort();
  }

  size(p: string): number {
    return this.nodes.get(p)?.content.length ?? 0;
  }

  mtime(p: string): number {
    return this.nodes.get(p)?.mtime ?? 0;
  }

  /** Expand a simple glob (`*`, `?`) in the last path components; returns [] if nothing matches. */
  glob(pattern: string): string[] {
    const parts = pattern.split("/");
    let bases: string[] = [pattern.startsWith("/") ? "/" : ""];
    for (let idx = 0; idx < parts.length; idx++) {
      const part = parts[idx];
      if (part === "" && idx === 0) continue;
      if (part === "") continue;
      const next: string[] = [];
      for (const b of bases) {
        if (!/[*?]/.test(part)) {
          next.push(join(b, part));
          continue;
        }
        const re = new RegExp("^" + part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
        for (const name of this.list(b || "/")) {
          if (name.startsWith(".") && !part.startsWith(".")) continue;
          if (re.test(name)) next.push(join(b, name));
        }
      }
      bases = next;
    }
    return bases.filter((b) => this.exists(b)).sort();
  }
}

function join(base: string, name: string): string {
  if (base === "") return name;
  if (base === "/") return "/" + name;
  return base + "/" + name;
}

/** The directory part of an absolute path. */
export function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

/** The last component of a path. */
export function baseName(p: string): string {
  const i = p.lastIndexOf("/");
  return p.slice(i + 1);
}
