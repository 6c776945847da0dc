import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";

const { prisma, makeUser } = await openTestDatabase("c");
const cohorts = await import("./cohorts");

describe("join codes", () => {
  it("are XXXX-XXXX from an alphabet without look-alike letters, evenly drawn", () => {
    for (let i = 0; i < 200; i++) expect(cohorts.newJoinCode()).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    // bytes >= 248 are rejected so that every letter has the same chance
    const bytes = [255, 248, 0, 30, 31, 247, 1, 2, 3, 4];
    expect(cohorts.newJoinCode(() => Uint8Array.from(bytes))).toBe("A9A9-BCDE");
  });

  it("are matched case- and space-insensitively; anything else is unknown", async () => {
    const teacher = await makeUser("INSTRUCTOR");
    const c = await cohorts.createCohort(teacher, { name: "Spring class" });
    expect(await cohorts.getCohortNameByCode(`  ${c.joinCode.toLowerCase()} `)).toEqual({ name: "Spring class" });
    for (const bad of ["", "   ", "x".repeat(25), "DEMO K8S", "ABCD_1234", `${c.joinCode}X`]) expect(await cohorts.getCohortNameByCode(bad)).toBeNull();
  });
});

describe("creating and joining cohorts (real SQLite)", () => {
  it("an instructor creates a cohort they teach; a learner cannot; names are trimmed and bounded", async () => {
    const teacher = await makeUser("INSTRUCTOR");
    const c = await cohorts.createCohort(teacher, { name: "  Evening CKA  " });
    expect(c).toMatchObject({ name: "Evening CKA", memberCount: 0 });
    expect(await cohorts.listCohortsForInstructor(teacher)).toEqual([c]);
    const learner = await makeUser("LEARNER");
    await expect(cohorts.createCohort(learner, { name: "Mine" })).rejects.toThrow(/instructors only/);
    await expect(cohorts.createCohort(teacher, { name: " x " })).rejects.toThrow(/nameTooShort/);
    await expect(cohorts.createCohort(teacher, { name: "y".repeat(81) })).rejects.toThrow(/nameTooLong/);
    expect(await prisma.cohort.count({ where: { instructors: { some: { id: teacher.id } } } })).toBe(1);
  });

  it("a learner joins by code once; joining again is harmless; an unknown code changes nothing", async () => {
    const teacher = await makeUser("INSTRUCTOR", "Ms Kim");
    const c = await cohorts.createCohort(teacher, { name: "Weekend" });
    const learner = await makeUser();
    expect(await cohorts.joinCohortByCode(learner, "NOPE-NOPE")).toEqual({ ok: false, reason: "codeUnknown" });
    expect(await cohorts.listMyCohorts(learner)).toEqual([]);
    expect(await cohorts.joinCohortByCode(learner, c.joinCode.toLowerCase())).toEqual({ ok: true, cohortId: c.id, name: "Weekend", alreadyMember: false });
    expect(await cohorts.joinCohortByCode(learner, c.joinCode)).toMatchObject({ ok: true, alreadyMember: true });
    expect(await cohorts.listMyCohorts(learner)).toEqual([{ id: c.id, name: "Weekend", joinedAt: expect.any(String), instructors: ["Ms Kim"] }]);
    expect((await cohorts.listCohortsForInstructor(teacher))[0].memberCount).toBe(1);
  });
});
