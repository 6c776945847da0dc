// curl and wget from the learner's host (the control-plane node) into the simulated network.
import { apiServerRequest } from "../shell/api-http";
import type { Command } from "../shell/types";
import { abs } from "../shell/builtins";

function clusterOf(state: Parameters<Command>[2]) {
  return state.clusters.get(state.currentContext);
}

/** curl from the learner's host into the simulated network. */
export const curl: Command = (argv, io, state) => {
  let url = "";
  let silent = false;
  let head = false;
  let outFile = "";
  let writeOut = "";
  const headers: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-s" || a === "--silent" || a === "-sS" || a === "-S") silent = true;
    else if (a === "-I" || a === "--head") head = true;
    else if (a === "-o" || a === "--output") outFile = argv[++i] ?? "";
    else if (a === "-w" || a === "--write-out") writeOut = argv[++i] ?? "";
    else if (a === "-H" || a === "--header") headers.push(argv[++i] ?? "");
    else if (a === "-m" || a === "--max-time" || a === "--connect-timeout" || a === "-X" || a === "-d") i++;
    else if (a.startsWith("-")) {
      if (/^-[sSvLkfi]+$/.test(a)) silent = silent || a.includes("s");
      else continue;
    } else url = a;
  }
  if (!url) {
    io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const c = clusterOf(state);
  if (!c?.http) {
    io.err(`curl: (6) Could not resolve host: ${url.replace(/^https?:\/\//, "").split(/[/:]/)[0]}\n`);
    return 6;
  }
  // the API server answers REST requests itself (bearer tokens, Status errors); other headers do not change routing
  const r = apiServerRequest(c, url, headers, argv) ?? c.http("host", url);
  if (!r.ok) {
    io.err(`curl: (${r.code ?? 7}) ${r.error ?? "Couldn't connect to server"}\n`);
    return r.code ?? 7;
  }
  const body = head ? `HTTP/1.1 ${r.status} ${r.status === 200 ? "OK" : ""}\n` : (r.body ?? "");
  if (outFile && outFile !== "/dev/null") state.fs.write(abs(state, outFile), body);
  else if (!outFile) io.out(body);
  if (writeOut) io.out(writeOut.replace(/%\{http_code\}/g, String(r.status ?? 0)).replace(/\\n/g, "\n"));
  void silent;
  return 0;
};

/** wget from the learner's host into the simulated network. */
export const wget: Command = (argv, io, state) => {
  let url = "";
  let quiet = false;
  let out = "";
  let timeoutFlag = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-q" || a === "--quiet") quiet = true;
    else if (a === "-O") out = argv[++i] ?? "";
    else if (a.startsWith("-O")) out = a.slice(2);
    else if (a === "-qO-" || a === "-qO" ) {
      quiet = true;
      out = a === "-qO-" ? "-" : (argv[++i] ?? "");
    } else if (a === "-T" || a === "--timeout") {
      i++;
      timeoutFlag = true;
    } else if (a.startsWith("-")) continue;
    else url = a;
  }
  if (!url) {
    io.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    return 1;
  }
  const c = clusterOf(state);
  const host = url.replace(/^https?:\/\//, "").split(/[/:]/)[0];
  if (!c?.http) {
    io.err(`wget: unable to resolve host address '${host}'\n`);
    return 4;
  }
  const r = c.http("host", url);
  void timeoutFlag;
  if (!r.ok) {
    io.err(r.code === 6 ? `wget: unable to resolve host address '${host}'\n` : `Connecting to ${host}... failed: Connection refused.\n`);
    return 4;
  }
  if ((r.status ?? 0) >= 400) {
    io.err(`wget: server returned error: HTTP/1.1 ${r.status}\n`);
    return 8;
  }
  if (out === "-") io.out(r.body ?? "");
  else {
    const name = out || (url.split("/").pop() || "index.html");
    state.fs.write(abs(state, name), r.body ?? "");
    if (!quiet) io.err(`Connecting to ${host}\nsaving to '${name}'\n'${name}' saved\n`);
  }
  return 0;
};
