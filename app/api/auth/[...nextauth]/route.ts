import { handleAuthRequest } from "#lib/auth/handler";

type Ctx = { params: Promise<{ nextauth?: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  return handleAuthRequest(req, (await ctx.params).nextauth ?? []);
}
export { handler as GET, handler as POST };
