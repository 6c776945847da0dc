import { examCheckPOST } from "#app/api/_exam/handlers";
import { currentUserId } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export function POST(req: Request, ctx: { params: Promise<{ examId: string }> }) {
  return examCheckPOST(req, ctx, currentUserId);
}
