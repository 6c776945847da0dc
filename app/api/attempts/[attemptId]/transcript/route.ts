import { transcriptGET } from "#app/api/_exercise/handlers";
import { currentUserId } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export function GET(req: Request, ctx: { params: Promise<{ attemptId: string }> }) {
  return transcriptGET(req, ctx, currentUserId);
}
