// bash's shell arithmetic (bash(1) "ARITHMETIC EVALUATION"; bash's expr.c): `$(( expr ))`, `(( expr ))` and `let`.
// 64-bit two's complement integers (intmax_t: BigInt.asIntN(64) after every operation), bash's precedence and
// associativity, short-circuit && || ?: (the side not taken is parsed but not evaluated, as expr.c's `noeval`),
// assignments to shell variables, and a variable that holds an expression evaluated in turn. Errors are worded as
// expr.c's evalerror: `EXPR: MESSAGE (error token is "REST")`, REST being the text from the token where it failed.

/** An arithmetic error; `message` is bash's text without the `bash: ` prefix. */
export class ArithError extends Error {}

/** The variables arithmetic reads and assigns. */
export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** A variable's value evaluated in turn at most this deep (bash's own bound is 1024, "expression recursion level exceeded"). */
const MAX_RECURSION = 100;

const wrap = (v: bigint) => BigInt.asIntN(64, v);
const INT_MIN = -(2n ** 63n);

// longest first, so `**=` is read before `**` and `*`
const OPS = ["<<=", ">>=", "**", "<=", ">=", "==", "!=", "&&", "||", "++", "--", "<<", ">>", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "^", "|", "?", ":", "=", "(", ")", ","];

type Tok = { t: "num"; v: bigint } | { t: "id"; name: string } | { t: "op"; v: string } | { t: "end" };

/** Evaluate an arithmetic expression; throws ArithError with bash's message. */
export function evalArith(expr: string, vars: ArithVars, level = 0): bigint {
  if (level > MAX_RECURSION) throw new ArithError(`${expr}: expression recursion level exceeded (error token is "${expr}")`);
  // bash strips leading blanks from the expression it reports (expr.c evalexp, a trailing blank stays)
  const text = expr.replace(/^[ \t\n]+/, "");
  let pos = 0;
  /** where the current token starts (expr.c lasttp; not moved at the end of the text) */
  let tokAt = 0;
  let tok: Tok = { t: "end" };
  let noeval = 0;
  const fail = (msg: string, at = tokAt): never => {
    throw new ArithError(`${text}: ${msg} (error token is "${text.slice(at)}")`);
  };

  const next = () => {
    while (pos < text.length && " \t\n".includes(text[pos])) pos++;
    if (pos >= text.length) {
      tok = { t: "end" };
      return;
    }
    tokAt = pos;
    const c = text[pos];
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos))!;
      pos += m[0].length;
      tok = { t: "id", name: m[0] };
      return;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9A-Za-z_#@]+/.exec(text.slice(pos))!;
      pos += m[0].length;
      tok = { t: "num", v: parseNumber(m[0]) };
      return;
    }
    const op = OPS.find((o) => text.startsWith(o, pos));
    if (!op) fail("syntax error: invalid arithmetic operator", pos);
    pos += op!.length;
    tok = { t: "op", v: op! };
  };

  /** expr.c strlong: decimal, 0x hex, 0 octal, BASE#DIGITS (2..64: 0-9 a-z A-Z @ _; up to 36 letters either case) */
  const parseNumber = (s: string): bigint => {
    let base = 10;
    let digits = s;
    const hash = s.indexOf("#");
    if (hash >= 0) {
      const b = s.slice(0, hash);
      base = /^[0-9]+$/.test(b) ? Number(b) : 0;
      if (base < 2 || base > 64) fail("invalid arithmetic base", tokAt);
      digits = s.slice(hash + 1);
      if (!digits) fail("invalid integer constant", tokAt);
    } else if (/^0[xX]/.test(s)) {
      base = 16;
      digits = s.slice(2);
    } else if (s.length > 1 && s[0] === "0") {
      base = 8;
      digits = s.slice(1);
    }
    let v = 0n;
    for (const ch of digits) {
      let d: number;
      if (ch >= "0" && ch <= "9") d = ch.charCodeAt(0) - 48;
      else if (ch >= "a" && ch <= "z") d = ch.charCodeAt(0) - 87;
      else if (ch >= "A" && ch <= "Z") d = base <= 36 ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 29;
      else if (ch === "@") d = 62;
      else if (ch === "_") d = 63;
      else d = 99;
      if (d >= base) fail("value too great for base", tokAt);
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  };

  const varValue = (name: string): bigint => {
    const raw = vars.get(name);
    if (raw === undefined || raw.trim() === "") return 0n;
    return evalArith(raw, vars, level + 1);
  };
  const isOp = (v: string) => tok.t === "op" && tok.v === v;

  const assignment = (): bigint => {
    const startAt = tokAt;
    const startPos = pos;
    const startTok = tok;
    if (tok.t === "id") {
      const name = tok.name;
      next();
      const t = tok as Tok;
      if (t.t === "op" && ["=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="].includes(t.v)) {
        const op = t.v;
        next();
        const rhs = assignment();
        if (noeval) return rhs;
        const v = op === "=" ? rhs : binary(op.slice(0, -1), varValue(name), rhs, startAt);
        vars.set(name, String(v));
        return v;
      }
      // not an assignment: read again from the name
      pos = startPos;
      tokAt = startAt;
      tok = startTok;
    }
    const v = conditional();
    if (tok.t === "op" && /^(=|\*=|\/=|%=|\+=|-=|<<=|>>=|&=|\^=|\|=)$/.test(tok.v)) fail("attempted assignment to non-variable");
    return v;
  };

  const conditional = (): bigint => {
    const c = logical(0);
    if (!isOp("?")) return c;
    next();
    if (c === 0n) noeval++;
    const a = comma();
    if (c === 0n) noeval--;
    if (!isOp(":")) fail("`:' expected for conditional expression");
    next();
    if (c !== 0n) noeval++;
    const b = conditional();
    if (c !== 0n) noeval--;
    return c !== 0n ? a : b;
  };

  // binary operators by precedence, loosest first (bash(1) ARITHMETIC EVALUATION)
  const LEVELS = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<=", ">=", "<", ">"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
  const logical = (lv: number): bigint => {
    if (lv >= LEVELS.length) return power();
    let a = logical(lv + 1);
    for (;;) {
      const t = tok;
      if (t.t !== "op" || !LEVELS[lv].includes(t.v)) return a;
      const op = t.v;
      next();
      const rhsAt = tokAt;
      if (op === "&&" || op === "||") {
        const skip = op === "&&" ? a === 0n : a !== 0n;
        if (skip) noeval++;
        const b = logical(lv + 1);
        if (skip) noeval--;
        a = skip ? (op === "||" ? 1n : 0n) : b !== 0n ? 1n : 0n;
        continue;
      }
      const b = logical(lv + 1);
      a = noeval ? 0n : binary(op, a, b, rhsAt);
    }
  };

  const power = (): bigint => {
    const a = unary();
    if (!isOp("**")) return a;
    next();
    const rhsAt = tokAt;
    const b = power();
    return noeval ? 0n : binary("**", a, b, rhsAt);
  };

  const unary = (): bigint => {
    if (tok.t === "op") {
      const op = tok.v;
      if (op === "-" || op === "+" || op === "!" || op === "~") {
        next();
        const v = unary();
        return op === "-" ? wrap(-v) : op === "+" ? v : op === "!" ? (v === 0n ? 1n : 0n) : wrap(~v);
      }
      if (op === "++" || op === "--") {
        next();
        const target = tok as Tok;
        if (target.t !== "id") return fail("syntax error: operand expected");
        const name = target.name;
        next();
        if (noeval) return 0n;
        const v = wrap(varValue(name) + (op === "++" ? 1n : -1n));
        vars.set(name, String(v));
        return v;
      }
    }
    return primary();
  };

  const primary = (): bigint => {
    const t = tok;
    if (t.t === "num") {
      next();
      return t.v;
    }
    if (t.t === "id") {
      next();
      if (isOp("++") || isOp("--")) {
        const inc = (tok as { v: string }).v === "++" ? 1n : -1n;
        next();
        if (noeval) return 0n;
        const v = varValue(t.name);
        vars.set(t.name, String(wrap(v + inc)));
        return v;
      }
      return noeval ? 0n : varValue(t.name);
    }
    if (isOp("(")) {
      next();
      const v = comma();
      if (!isOp(")")) fail("missing `)'");
      next();
      return v;
    }
    return fail("syntax error: operand expected");
  };

  const binary = (op: string, a: bigint, b: bigint, rhsAt: number): bigint => {
    switch (op) {
      case "+":
        return wrap(a + b);
      case "-":
        return wrap(a - b);
      case "*":
        return wrap(a * b);
      case "/":
      case "%":
        // expr.c: the error token is the divisor's text onward
        if (b === 0n) fail("division by 0", rhsAt);
        // INTMAX_MIN / -1 overflows in C; bash answers INTMAX_MIN and 0
        if (a === INT_MIN && b === -1n) return op === "/" ? INT_MIN : 0n;
        return op === "/" ? a / b : a % b;
      case "**": {
        if (b < 0n) fail("exponent less than 0");
        let r = 1n;
        let base = a;
        for (let e = b; e > 0n; e >>= 1n) {
          if (e & 1n) r = wrap(r * base);
          base = wrap(base * base);
        }
        return r;
      }
      // x86-64 shifts take the count modulo 64
      case "<<":
        return wrap(a << (b & 63n));
      case ">>":
        return a >> (b & 63n);
      case "&":
        return a & b;
      case "^":
        return a ^ b;
      case "|":
        return a | b;
      case "==":
        return a === b ? 1n : 0n;
      case "!=":
        return a !== b ? 1n : 0n;
      case "<":
        return a < b ? 1n : 0n;
      case ">":
        return a > b ? 1n : 0n;
      case "<=":
        return a <= b ? 1n : 0n;
      default:
        return a >= b ? 1n : 0n;
    }
  };

  const comma = (): bigint => {
    let v = assignment();
    while (isOp(",")) {
      next();
      v = assignment();
    }
    return v;
  };

  next();
  if (tok.t === "end") return 0n;
  const v = comma();
  if ((tok as Tok).t !== "end") fail("syntax error in expression");
  return v;
}
