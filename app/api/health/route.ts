import { isDatabaseReachable } from "#lib/data/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await isDatabaseReachable();
  return Response.json({ status: db ? "ok" : "unavailable", db }, { status: db ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
