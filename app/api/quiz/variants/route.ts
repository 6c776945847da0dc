import { variantPOST } from "#app/api/_quiz/handlers";
import { currentQuizUser } from "#app/api/_quiz/session";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return variantPOST(req, currentQuizUser);
}
