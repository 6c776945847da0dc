import { answerPOST } from "#app/api/_quiz/handlers";
import { currentSessionUser } from "#app/api/_exercise/session";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return answerPOST(req, currentSessionUser);
}
