// pflag-style argument parsing with kubectl's error texts.

export type FlagType = "bool" | "string" | "int" | "strings" | "array";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
}

export type FlagValues = Record<string, string | boolean | number | string[] | undefined>;

export interface Parsed {
  flags: FlagValues;
  /** flags the user actually set */
  set: Set<string>;
  args: string[];
  /** everything after `--` */
  dash: string[] | null;
  /** each flag occurrence in command-line order with its value as pflag hands it to ParseAll's callback */
  seen?: { name: string; raw: string }[];
}

/** A flag or command-line error printed as `Error: …` (cobra). */
export class UsageError extends Error {}

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "namespace", short: "n", type: "string" },
  { name: "context", type: "string" },
  { name: "kubeconfig", type: "string" },
  { name: "cluster", type: "string" },
  { name: "user", type: "string" },
  { name: "as", type: "string" },
  { name: "as-group", type: "array" },
  { name: "as-uid", type: "string" },
  { name: "v", short: "v", type: "string" },
  { name: "request-timeout", type: "string" },
  { name: "server", short: "s", type: "string" },
  { name: "token", type: "string" },
  { name: "insecure-skip-tls-verify", type: "bool" },
  { name: "certificate-authority", type: "string" },
  { name: "client-certificate", type: "string" },
  { name: "client-key", type: "string" },
  { name: "cache-dir", type: "string" },
  { name: "match-server-version", type: "bool" },
  { name: "warnings-as-errors", type: "bool" },
  { name: "disable-compression", type: "bool" },
  { name: "tls-server-name", type: "string" },
  { name: "username", type: "string" },
  { name: "password", type: "string" },
  { name: "profile", type: "string" },
  { name: "profile-output", type: "string" },
  { name: "log-flush-frequency", type: "string" },
  { name: "help", short: "h", type: "bool" },
];

/** Parse argv (after the command words) against the command's flags plus the global ones. */
export function parseArgs(argv: string[], specs: FlagSpec[], cmdPath: string, interspersed = true): Parsed {
  const all = [...GLOBAL_FLAGS, ...specs];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: FlagValues = {};
  const set = new Set<string>();
  const args: string[] = [];
  let dash: string[] | null = null;
  const see = `\nSee '${cmdPath} --help' for usage.`;

  const seen: { name: string; raw: string }[] = [];
  const assign = (spec: FlagSpec, raw: string, shown: string) => {
    set.add(spec.name);
    seen.push({ name: spec.name, raw });
    switch (spec.type) {
      case "bool": {
        const v = raw.toLowerCase();
        if (!["true", "false", "1", "0", "t", "f"].includes(v)) throw new UsageError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax${see}`);
        flags[spec.name] = v === "true" || v === "1" || v === "t";
        break;
      }
      case "int": {
        if (!/^[-+]?[0-9]+$/.test(raw)) throw new UsageError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax${see}`);
        flags[spec.name] = parseInt(raw, 10);
        break;
      }
      case "strings": {
        const prev = (flags[spec.name] as string[] | undefined) ?? [];
        flags[spec.name] = [...prev, ...(raw === "" ? [] : raw.split(","))];
        break;
      }
      case "array": {
        const prev = (flags[spec.name] as string[] | undefined) ?? [];
        flags[spec.name] = [...prev, raw];
        break;
      }
      default:
        flags[spec.name] = raw;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      dash = argv.slice(i + 1);
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}${see}`);
      // pflag names a flag with its shorthand in errors: "-r, --replicas"
      const shown = spec.short ? `-${spec.short}, --${name}` : `--${name}`;
      if (eq >= 0) assign(spec, a.slice(eq + 1), shown);
      else if (spec.type === "bool") assign(spec, "true", shown);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}${see}`);
        assign(spec, argv[++i], shown);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // shorthand cluster, e.g. -it, -n default, -ndefault, -n=default
      let j = 1;
      while (j < a.length) {
        const ch = a[j];
        const spec = byShort.get(ch);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${ch}' in ${a}${see}`);
        if (spec.type === "bool") {
          if (a[j + 1] === "=") {
            assign(spec, a.slice(j + 2), `-${ch}, --${spec.name}`);
            j = a.length;
          } else {
            assign(spec, "true", `-${ch}`);
            j++;
          }
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith("=")) rest = rest.slice(1);
        if (rest !== "" || a[j + 1] === "=") assign(spec, rest, `-${ch}, --${spec.name}`);
        else {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${ch}' in -${ch}${see}`);
          assign(spec, argv[++i], `-${ch}, --${spec.name}`);
        }
        break;
      }
      continue;
    }
    if (!interspersed) {
      args.push(...argv.slice(i));
      break;
    }
    args.push(a);
  }
  return { flags, set, args, dash, seen };
}

/** A string flag value. */
export function str(p: Parsed, name: string, def = ""): string {
  const v = p.flags[name];
  return typeof v === "string" ? v : def;
}

/** A boolean flag value. */
export function bool(p: Parsed, name: string, def = false): boolean {
  const v = p.flags[name];
  return typeof v === "boolean" ? v : def;
}

/** An integer flag value. */
export function int(p: Parsed, name: string, def: number): number {
  const v = p.flags[name];
  return typeof v === "number" ? v : def;
}

/** A repeatable or comma-separated flag's values. */
export function list(p: Parsed, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : [];
}
