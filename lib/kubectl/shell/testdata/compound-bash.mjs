// Records what GNU bash answers for the compound-command cases, once, into compound-bash.json; compound.test.ts
// holds the learner's shell to those answers without needing bash at test time.
// Run: node lib/kubectl/shell/testdata/compound-bash.mjs   (bash 5.2.15 on Debian 12 made the committed file)
// A `line` is typed at an interactive bash (so syntax errors read `bash: syntax error …`); a `script` runs as
// `bash script.sh` (errors read `script.sh: line N: …`). Each case runs in its own empty directory.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const lines = [
  // arithmetic: $(( )), (( )), let
  "echo $((2+3*4))",
  'echo "$((7/2)) $((-7/2)) $((-7%3)) $((2**10))"',
  "echo $(( (1+2)*3 )) $((10-2-3)) $((2**3**2)) $((-2**2))",
  "echo $((1/0)); echo after",
  "echo a; echo $((5%0)); echo b",
  "echo $((5/(2-2)))",
  "echo $((1/0 + 3))",
  "echo $((2 +)); echo not",
  "echo $(( 1 + ))",
  "echo $((1 +* 2))",
  "echo $((1 2))",
  "echo $((3=4))",
  "echo $((2**-1))",
  "echo $((9223372036854775807+1)) $((-9223372036854775808/-1)) $((2**63)) $((3**40))",
  "echo $((x)) $((x+1)); x=; echo $((x*2))",
  "a=3+4; echo $((a*2)) $((a))",
  "x=5; echo $((x++)) $x $((++x)) $((x+=3)) $x $((x--)) $((--x)) $x",
  "n=10; echo $((n-=3)) $((n*=2)) $((n/=4)) $((n%=2)) $((n<<=4)) $((n>>=2)) $((n|=1)) $((n&=6)) $((n^=7)) $n",
  "echo $((y=y+1)) $y",
  'echo "$((3>2)) $((1&&0)) $((0||2)) $((! 0)) $((~5)) $((1<<3)) $((-8>>1)) $((6&3)) $((6|3)) $((6^3))"',
  "echo $((2<=2)) $((3>=4)) $((1==1)) $((1!=1)) $((1<2)) $((2>1))",
  "echo $(( 1 ? 2 : 3 )) $((0 ? 2 : 3)) $((0 ? 1 : 0 ? 5 : 6))",
  "x=0; echo $((0 && (x=5))) $x $((1 || x++)) $x $((1 ? 7 : x/0))",
  "echo $((0x1f)) $((0X10)) $((010)) $((2#101)) $((16#ff)) $((36#z)) $((64#@)) $((64#_)) $((0x))",
  "echo $((08))",
  "echo $((1#1))",
  "echo $((2#12))",
  "echo $((a b))",
  "echo $(( $(echo 3) + 1 )) $(( $((2*3)) + 1 ))",
  "i=4; echo $(( $i * 2 )) ${i} $((i,i+1))",
  'echo "sum: $((1 + 2))"',
  "echo $(( ))",
  "for i in 1 2 3; do echo $((i*i)); done",
  "for i in 1 2; do echo $((i/0)); echo in; done; echo out",
  "x=$((1/0)); echo after $?",
  "true && echo $((1/0)) || echo or; echo next",
  "(( 0 )); echo $?; (( 5 )); echo $?; ((1/0)); echo $?",
  "i=0; while (( i < 3 )); do echo $i; (( i++ )); done",
  "(( x = 2 + 3 )); echo $x",
  "((1 +)); echo $?",
  "let x=2+3 y=x*2; echo $x $y $?",
  "let 0; echo $?",
  "echo $((2147483647 * 2147483647)) $((-1 << 63)) $((1 << 64))",
  "echo $((1 @ 2))",
  // subshells
  "cd /; (cd /tmp && pwd); pwd",
  "(exit 3); echo $?",
  "(echo a; exit 4; echo b); echo st $?",
  "x=1; (x=2; echo $x); echo $x",
  "(export Y=in; echo $Y); echo \"[$Y]\"",
  "(echo a; echo b) | wc -l",
  "(echo out) > o.txt; cat o.txt",
  "( (echo nested; false); echo $? ); echo $?",
  "(touch made.txt); ls",
  "()",
  "(echo a",
  "(echo a) b",
  "(false) || echo failed",
  "! (false); echo $?",
  "(cd /nonexistent); echo $?",
  "cd /tmp; (cd /; pwd; cd /tmp; pwd); (cd /); pwd",
  "(alias ll=ls; alias ll); alias ll",
  "(echo a; break); echo $?",
  "for i in 1 2; do (echo $i; break); echo after$i; done",
  "(echo x >&2) 2>/dev/null; echo done",
  "echo e >&2 | wc -l; { echo f >&2; } 2>/dev/null; echo g 2>e.txt >&2; cat e.txt",
  "echo $( (echo sub) )",
  "(exit); echo $?",
  "false; (exit); echo $?",
  "(echo $((1/0)); echo in); echo out $?",
  "(echo one\necho two)",
  "printf 'a\\nb\\n' | (read x; echo got $x)",
  "(i=5; while (( i > 3 )); do echo $i; (( i-- )); done); echo $i.",
  // case
  "case foo in f*) echo yes;; esac",
  "case foo in bar) echo bar;; *) echo other;; esac",
  "case foo in bar) echo bar;; esac; echo $?",
  "false; case x in y) echo y;; esac; echo $?",
  "case abc in a?c) echo q;; esac; case b in [abc]) echo br;; esac; case d in [!abc]) echo neg;; esac; case - in [a-]) echo dash;; esac",
  "case yes in y|yes|Y) echo affirmative;; n|no) echo negative;; esac",
  "case x in (x) echo paren;; esac",
  "case a in a) echo one;& b) echo two;; c) echo three;; esac",
  "case a in a) echo one;;& *) echo star;;& b) echo b;; esac",
  "case a in a) false;; esac; echo $?",
  "case a in a) ;; esac; echo $?",
  "v=web-1; case $v in web-*) echo \"web pod $v\";; db-*) echo db;; esac",
  "p='*'; case abc in $p) echo glob;; esac; case abc in \"$p\") echo literal;; *) echo nomatch;; esac",
  "case '*' in \"*\") echo star;; esac; case 'a b' in 'a b') echo spaced;; esac",
  "case \"\" in '') echo empty;; esac",
  "case [ in [) echo bracket;; esac",
  "case x in\n  x)\n    echo multi\n    ;;\n  *)\n    echo no\n    ;;\nesac",
  "for f in a.yaml b.txt c.yml; do case $f in *.yaml|*.yml) echo \"yaml $f\";; *) echo \"skip $f\";; esac; done",
  "case a in a) echo in;; esac > c.txt; cat c.txt",
  "case a in a) echo x;; esac | wc -l",
  "case a in a) echo x; esac",
  "case a in a echo;; esac",
  "case a in esac; echo $?",
  "case a b in a) echo;; esac",
  "case a in a) echo x;;",
  "esac",
  "echo case esac in",
  "for i in 1 2 3; do case $i in 2) continue;; 3) break;; esac; echo $i; done",
  "bash -c 'echo a; echo $((1/0)); echo b'; echo $?",
  "bash -c 'echo a\necho $((1/0))\necho b'; echo $?",
  "cat <<EOF\nv=$((1+2)) $(( (2) * 4 ))\nEOF",
  "if [ -f /nonexistent/x ]; then echo ok; else echo missing; fi",
  "if true; then echo yes; fi",
  'if false; then echo yes; fi; echo "status $?"',
  "if false; then :; elif false; then :; else echo else; fi",
  "if false; then echo a; elif true; then echo b; else echo c; fi",
  "if ! false; then echo negated; fi",
  "if true; then false; fi; echo $?",
  "if true; then echo a; fi | cat",
  "if true; then echo a; fi > h.txt; cat h.txt",
  "if [ 1 = 2 ]; then echo x; fi; echo after $?",
  "for i in 1 2 3; do echo $i; done",
  "for i in $(seq 1 3); do echo n$i; done | grep n2",
  "for i in; do echo never; done; echo $?",
  "for i in a b; do false; done; echo $?",
  'for x in "a b" c; do echo "[$x]"; done',
  "for i in a b; do :; done; echo $i",
  "for i in 1 2 3; do for j in a b; do echo $i$j; done; done",
  "for i in 1 2 3; do for j in a b c; do if [ $j = b ]; then continue 2; fi; echo $i$j; done; done",
  "for i in 1 2 3; do for j in a b; do [ $i = 2 ] && break 2; echo $i$j; done; done; echo end",
  "for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done",
  "for i in 1 2 3; do echo $i; break 5; done",
  "for i in 1 2 3; do echo $i; done > out.txt; cat out.txt",
  "for i in c a b; do echo $i; done | sort | head -2",
  "for i in 1 2; do echo $i; done && echo and",
  "false || for i in x; do echo $i; done",
  "{ echo one; echo two; } > g.txt; cat g.txt",
  "{ echo one; echo two; } | grep two",
  "{ echo out; cat /nonexistent; } 2>/dev/null; echo $?",
  "! { false; }; echo $?",
  "while [ ! -f done.txt ]; do echo tick; touch done.txt; done",
  "until [ -f u.txt ]; do echo waiting; touch u.txt; done; echo ready",
  "while false; do echo never; done; echo $?",
  "until true; do echo never; done; echo $?",
  "while true; do echo once; break; done",
  "i=a; while true; do echo $i; if [ $i = aaa ]; then break; fi; i=${i}a; done",
  "while true; do while true; do echo inner; break 2; done; echo not; done; echo out",
  'printf "a b c\nd e\n" | while read x y; do echo "[$x][$y]"; done',
  'printf "one\ntwo" | while read l; do echo "<$l>"; done; echo $?',
  'printf "  lead  trail  \n" | while read -r l; do echo "<$l>"; done',
  "echo 'a\\b c' > f; while read l; do echo \"<$l>\"; done < f; while read -r l; do echo \"<$l>\"; done < f",
  'printf "p1\np2\n" > f; while read p; do echo got $p; done < f',
  'printf "a\nb\n" | { read x; read y; echo "$y$x"; }',
  'printf "x 1\ny 2\n" | while read n v; do if [ $v = 2 ]; then echo "$n is two"; fi; done',
  "break; echo after",
  "continue 2; echo after",
  "for i in 1 2; do break 0; done; echo $?",
  "for 1 in a; do echo; done",
  "echo a; fi",
  "if true; then fi",
  "if; then echo; fi",
  "for i in 1 2; do done",
  "{ }",
  "if true; then echo a; fi foo",
  "then echo",
  "true && done",
  "while true; do",
  "if true; then echo",
  "for i in 1 2",
  "{ echo a;",
];

const scripts = [
  "case $(echo Running) in\n  Running|Succeeded)\n    echo ok ;;\n  *)\n    echo bad ;;\nesac\ncase x in\n  y) echo y\nesac\n",
  "echo a\necho $((1/0))\necho b $?\nn=3\nwhile (( n > 0 )); do\n  echo $n\n  let n--\ndone\n",
  "for i in 1 2\ndo\n  echo \"item $i\"\ndone\n",
  "# a verify script\nif [ -f /nonexistent ]; then\n  echo found\nelif [ -d / ]; then\n  for d in a b; do\n    echo \"dir $d\"\n  done\nelse\n  echo none\nfi\n",
  "for i in 1 2\ndo\n  echo $i; fi\ndone\n",
  "if true\nthen echo\n",
  "until [ -f ready ]\ndo\n  echo wait\n  touch ready\ndone\n{\n  echo grouped\n} > g.txt\ncat g.txt\n",
];

const bash = execFileSync("bash", ["--version"], { encoding: "utf8" }).split("\n")[0];
const run = (kind, src) => {
  const dir = mkdtempSync(path.join(tmpdir(), "compound-"));
  try {
    const env = { PATH: process.env.PATH, HOME: dir, LANG: "C", PS1: "", PS2: "" };
    let r;
    if (kind === "line") {
      r = spawnSync("bash", ["--norc", "--noprofile", "--noediting", "-i"], { cwd: dir, env, input: src + "\n", encoding: "utf8" });
      // an interactive bash without a terminal: two job-control notes first, and `exit` at the end of input
      const err = r.stderr.split("\n");
      if (!/terminal process group/.test(err[0]) || r.stderr.slice(-5) !== "exit\n") throw new Error(`unexpected stderr for ${src}: ${r.stderr}`);
      r.stderr = err.slice(2).join("\n").slice(0, -5);
    } else {
      writeFileSync(path.join(dir, "script.sh"), src);
      r = spawnSync("bash", ["script.sh"], { cwd: dir, env, encoding: "utf8" });
    }
    return { [kind]: src, stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const cases = [...lines.map((l) => run("line", l)), ...scripts.map((s) => run("script", s))];
writeFileSync(new URL("./compound-bash.json", import.meta.url), JSON.stringify({ bash, cases }, null, 2) + "\n");
console.log(`${cases.length} cases from ${bash}`);
