import { exportGET } from "#app/api/_teach/handlers";
import { currentSessionUser } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ cohortId: string; kind: string }> }) {
  return exportGET(req, await ctx.params, currentSessionUser);
}
