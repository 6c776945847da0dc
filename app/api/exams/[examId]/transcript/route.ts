import { examTranscriptGET } from "#app/api/_exam/handlers";
import { currentUserId } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export function GET(req: Request, ctx: { params: Promise<{ examId: string }> }) {
  return examTranscriptGET(req, ctx, currentUserId);
}
