import type { Role } from "#lib/auth/roles";

type Person = { id: string; role: Role };
export type Actor = { id: string; role: Role } | null;

/** The five kinds of visitor an instructor route must tell apart, from a cohort world's people. */
export function matrixActors(w: { member: Person; other: Person; instructor: Person; admin: Person }): Record<"anonymous" | "learner" | "otherInstructor" | "instructor" | "admin", Actor> {
  const as = (u: Person): Actor => ({ id: u.id, role: u.role });
  return { anonymous: null, learner: as(w.member), otherInstructor: as(w.other), instructor: as(w.instructor), admin: as(w.admin) };
}

/**
 * Every probe (true: the actor got something) for every actor, one after another, and what the matrix must be
 * when only the cohort's instructors and admins get anything.
 */
export async function runAccessMatrix(actors: Record<string, Actor>, probes: Record<string, (a: Actor) => Promise<boolean>>) {
  const seen: Record<string, Record<string, boolean>> = {};
  for (const [who, a] of Object.entries(actors)) {
    seen[who] = {};
    for (const [name, probe] of Object.entries(probes)) seen[who][name] = await probe(a);
  }
  const all = (v: boolean) => Object.fromEntries(Object.keys(probes).map((k) => [k, v]));
  return { seen, onlyTeachers: { anonymous: all(false), learner: all(false), otherInstructor: all(false), instructor: all(true), admin: all(true) } };
}
