// curl and wget from the learner's host (the control-plane node) into the simulated network.
import { apiServerRequest } from "../shell/api-http";
import type { Command } from "../shell/types";
import { abs } from "../shell/builtins";

function clusterOf(state: Parameters<Command>[2]) {
  return state.clusters.get(state.currentContext);
}

/** nginx's reason phrases (the servers behind most simulated Services). */
const REASONS: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Moved Temporarily", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Timeout" };

/**
 * curl from the learner's host into the simulated network. Errors go to stderr unless -s (--silent)
 * hides them; -S (--show-error) shows them again with -s; -f (--fail) turns an HTTP status of 400 or more
 * into exit 22 without the body. The progress meter curl draws when its output is not a terminal is not
 * simulated.
 */
export const curl: Command = (argv, io, state) => {
  let url = "";
  let silent = false;
  let showError = false;
  let failOnError = false;
  let head = false;
  let outFile = "";
  let writeOut = "";
  const headers: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--silent") silent = true;
    else if (a === "--show-error") showError = true;
    else if (a === "--fail") failOnError = true;
    else if (a === "-I" || a === "--head") head = true;
    else if (a === "-o" || a === "--output") outFile = argv[++i] ?? "";
    else if (a === "-w" || a === "--write-out") writeOut = argv[++i] ?? "";
    else if (a === "-H" || a === "--header") headers.push(argv[++i] ?? "");
    else if (a === "-m" || a === "--max-time" || a === "--connect-timeout" || a === "-X" || a === "--request" || a === "-d" || a === "--data" || a === "-A" || a === "--user-agent") i++;
    else if (/^-[sSfIvLki]+$/.test(a)) {
      // bundled short options: -sS, -fsSL, -sI ...
      if (a.includes("s")) silent = true;
      if (a.includes("S")) showError = true;
      if (a.includes("f")) failOnError = true;
      if (a.includes("I")) head = true;
    } else if (a.startsWith("-")) continue;
    else url = a;
  }
  if (!url) {
    io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const quietErrors = silent && !showError;
  const c = clusterOf(state);
  if (!c?.http) {
    if (!quietErrors) io.err(`curl: (6) Could not resolve host: ${url.replace(/^https?:\/\//, "").split(/[/:]/)[0]}\n`);
    return 6;
  }
  // the API server answers REST requests itself (bearer tokens, Status errors); other headers do not change routing
  const r = apiServerRequest(c, url, headers, argv) ?? c.http("host", url);
  if (!r.ok) {
    if (!quietErrors) io.err(`curl: (${r.code ?? 7}) ${r.error ?? "Couldn't connect to server"}\n`);
    return r.code ?? 7;
  }
  const status = r.status ?? 0;
  if (failOnError && status >= 400) {
    if (!quietErrors) io.err(`curl: (22) The requested URL returned error: ${status}\n`);
    if (writeOut) io.out(writeOut.replace(/%\{http_code\}/g, String(status)).replace(/\\n/g, "\n"));
    return 22;
  }
  const body = head ? `HTTP/1.1 ${status} ${REASONS[status] ?? ""}\n` : (r.body ?? "");
  if (outFile && outFile !== "/dev/null") state.fs.write(abs(state, outFile), body);
  else if (!outFile) io.out(body);
  if (writeOut) io.out(writeOut.replace(/%\{http_code\}/g, String(status)).replace(/\\n/g, "\n"));
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
