import { hintPOST } from "#app/api/_exercise/handlers";
import { currentUserId } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export function POST(req: Request, ctx: { params: Promise<{ attemptId: string }> }) {
  return hintPOST(req, ctx, currentUserId);
}
