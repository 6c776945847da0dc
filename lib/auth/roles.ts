export const roles = ["LEARNER", "INSTRUCTOR", "ADMIN"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { LEARNER: 0, INSTRUCTOR: 1, ADMIN: 2 };

/** Roles are ordered: an admin may do what an instructor may, an instructor what a learner may. */
export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

export type AccessDecision = "allow" | "sign-in" | "forbidden";

/** What a guard does for this visitor: let them in, send them to sign in, or answer 403. */
export function decideAccess(user: { role: Role } | null, required: Role): AccessDecision {
  if (!user) return "sign-in";
  return hasRole(user.role, required) ? "allow" : "forbidden";
}

/** A same-site path to come back to after signing in; anything else (other hosts, `//x`, `\\x`) is refused. */
export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 512) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  return value;
}
