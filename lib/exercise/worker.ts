// Entry of an exercise worker thread (piscina): one SessionHost per thread. pool.ts bundles this file with
// esbuild at start-up (the server's own bundle has no file a worker could load).
import { workerData } from "node:worker_threads";
import type { HostOptions, HostRequest, HostReply } from "./host";
import { exerciseCatalogue } from "./loader";
import { threadHost } from "./pool";
import { startSession } from "./session";
import { examContent } from "#lib/exam/loader";

const share = (workerData ?? {}) as { host?: HostOptions; exams?: HostOptions };
const host = threadHost({ host: share.host ?? { maxEntries: 200, maxBytes: 256 * 1024 * 1024 }, exams: share.exams ?? { maxEntries: 50, maxBytes: 192 * 1024 * 1024 } });

// Load the catalogue and kubectl's schema now, not inside a learner's first command.
const first = exerciseCatalogue().all[0];
if (first) startSession(first.exercise, 1);
// and the exam pool, not inside a learner's first exam request
examContent();

/** Handles one request of the main thread (piscina calls the default export). */
export default function handle(req: HostRequest): HostReply {
  return host.handle(req);
}
