import "server-only";
import { problem, requestLocale } from "#lib/http/guard";
import { buildCohortExport, ExportFormatSchema, ExportKindSchema } from "#lib/data/teach-export";
import type { TeachActor } from "#lib/data/teach-cohorts";

/**
 * GET /api/teach/:cohortId/export/:kind?format=csv|json: a cohort's export for its instructors and admins.
 * Anonymous: 401; anyone else, or an unknown cohort: 404 (a cohort's existence is not revealed).
 */
export async function exportGET(req: Request, params: { cohortId: string; kind: string }, currentUser: () => Promise<TeachActor>): Promise<Response> {
  const locale = requestLocale(req);
  const kind = ExportKindSchema.safeParse(params.kind);
  const format = ExportFormatSchema.safeParse(new URL(req.url).searchParams.get("format") ?? "csv");
  if (!kind.success || !format.success) return problem(400, "badRequest", locale);
  const actor = await currentUser();
  if (!actor) return problem(401, "signInRequired", locale);
  const file = await buildCohortExport(actor, params.cohortId.slice(0, 64), kind.data, format.data, locale);
  if (!file) return problem(404, "notFound", locale);
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
