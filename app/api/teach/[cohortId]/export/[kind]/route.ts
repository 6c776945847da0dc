import { exportGET } from "#app/api/_teach/handlers";
import { currentQuizUser } from "#app/api/_quiz/session";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ cohortId: string; kind: string }> }) {
  return exportGET(req, await ctx.params, currentQuizUser);
}
