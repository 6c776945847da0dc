// A tiny arithmetic language for derived quiz parameters: numbers, earlier parameters, + - * / % ( ),
// and ceil floor round min max abs. Recursive descent; no eval, no access to anything else.

const FUNCTIONS: Record<string, (...xs: number[]) => number> = {
  ceil: Math.ceil,
  floor: Math.floor,
  round: Math.round,
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
};

export class ExprError extends Error {}

/** Evaluates `source` with the given variables; throws ExprError on anything malformed or unknown. */
export function evaluate(source: string, vars: Record<string, string | number>): number {
  const tokens = source.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}|[-+*/%(),])/gy);
  if (!tokens || tokens.join("").replace(/\s/g, "") !== source.replace(/\s/g, "")) throw new ExprError(`cannot read expression: ${source}`);
  const toks = tokens.map((t) => t.trim().replace(/^\{\{\s*|\s*\}\}$/g, ""));
  let i = 0;
  const peek = () => toks[i];
  const take = (t?: string) => {
    const x = toks[i];
    if (t !== undefined && x !== t) throw new ExprError(`expected ${t} in: ${source}`);
    i++;
    return x;
  };
  const primary = (): number => {
    const t = take();
    if (t === undefined) throw new ExprError(`unexpected end of: ${source}`);
    if (t === "(") {
      const v = sum();
      take(")");
      return v;
    }
    if (t === "-") return -primary();
    if (/^\d/.test(t)) return Number(t);
    if (peek() === "(" && t in FUNCTIONS) {
      take("(");
      const args = [sum()];
      while (peek() === ",") {
        take(",");
        args.push(sum());
      }
      take(")");
      return FUNCTIONS[t](...args);
    }
    if (t in vars) {
      const v = Number(vars[t]);
      if (!Number.isFinite(v)) throw new ExprError(`parameter ${t} is not a number`);
      return v;
    }
    throw new ExprError(`unknown name ${t} in: ${source}`);
  };
  const product = (): number => {
    let v = primary();
    while (peek() === "*" || peek() === "/" || peek() === "%") {
      const op = take();
      const r = primary();
      v = op === "*" ? v * r : op === "/" ? v / r : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === "+" || peek() === "-") v = take() === "+" ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (i !== toks.length) throw new ExprError(`unexpected ${toks[i]} in: ${source}`);
  if (!Number.isFinite(v)) throw new ExprError(`not a finite number: ${source}`);
  return v;
}
