import { zxcvbn, zxcvbnOptions } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/**
 * zxcvbn's score runs 0-4 by estimated guesses (10^3, 10^6, 10^8, 10^10); 3 means "safely unguessable"
 * for an online attacker and a fair margin offline, the level zxcvbn recommends for new passwords.
 */
export const MIN_PASSWORD_SCORE = 3;
// Words any kubeclass password is likely to be built from.
const SITE_WORDS = ["kubeclass", "kubernetes", "kubectl", "k8s", "cka"];

let configured = false;

/** True when the password is too easy to guess, also given the account's own email and name (offline: bundled dictionaries). */
export function isGuessablePassword(password: string, userInputs: string[] = []): boolean {
  if (!configured) {
    zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
    configured = true;
  }
  // The whole input, its parts, and the parts run together ("Minsu Kim" -> minsu, kim, minsukim).
  const variants = userInputs.flatMap((s) => {
    const parts = s.toLowerCase().split(/[@.\s_+-]+/);
    return [s, ...parts, parts.join(""), s.split("@")[0].replace(/[^\p{L}\p{N}]/gu, "")];
  });
  const inputs = [...SITE_WORDS, ...variants.filter((v) => v.length >= 3)];
  return zxcvbn(password, inputs).score < MIN_PASSWORD_SCORE;
}
