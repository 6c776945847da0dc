import { describe, expect, it } from "vitest";
import { openTestDatabase } from "#lib/test/db-fixture";
import { matrixActors, runAccessMatrix, type Actor } from "#lib/test/access-matrix";

const { prisma, makeUser } = await openTestDatabase("t");
const cohorts = await import("./cohorts");
const tc = await import("./teach-cohorts");
const teach = await import("./teach");
const tl = await import("./teach-learner");
const te = await import("./teach-export");
const quiz = await import("./quiz");
const handlers = await import("#app/api/_teach/handlers");
const service = await import("#lib/exercise/service");
const { attemptStoreForUser } = await import("./exercises");

const DAY = 86_400_000;

/** A cohort with its instructor, a learner in it, another cohort's instructor, a learner outside, an admin. */
async function world() {
  const instructor = await makeUser("INSTRUCTOR", "Teacher");
  const other = await makeUser("INSTRUCTOR", "Other teacher");
  const admin = await makeUser("ADMIN", "Admin");
  const member = await makeUser("LEARNER", "Member");
  const outsider = await makeUser("LEARNER", "Outsider");
  const c = await cohorts.createCohort(instructor, { name: "Cohort A" });
  await cohorts.createCohort(other, { name: "Cohort B" });
  await cohorts.joinCohortByCode(member, c.joinCode);
  return { instructor, other, admin, member, outsider, cohortId: c.id, joinCode: c.joinCode };
}

const req = (path: string) => new Request(`http://localhost${path}`);

describe("authorisation matrix: anonymous, learner, another cohort's instructor, instructor, admin x every reader and action", () => {
  it("only the cohort's instructors and admins get anything; everyone else gets null / notFound / 401 / 404", { timeout: 60_000 }, async () => {
    const w = await world();
    const settings = tc.CohortSettingsSchema.parse({ name: "Renamed", startsOn: "", endsOn: "", examOn: "", joinCodeExpiresOn: "" });
    const attempt = await prisma.exerciseAttempt.create({ data: { userId: w.member.id, exerciseId: "expose-nodeport", lessonSlug: "services", seed: 1, parameters: "{}" }, select: { id: true } });
    // Readers and actions that change nothing lasting (archive is undone below; removals target nobody real).
    const probes: Record<string, (a: Actor) => Promise<boolean>> = {
      getTaughtCohort: async (a) => (await tc.getTaughtCohort(a, w.cohortId)) !== null,
      updateCohortSettings: async (a) => (await tc.updateCohortSettings(a, w.cohortId, settings)).ok,
      setCohortArchived: async (a) => (await tc.setCohortArchived(a, w.cohortId, false)).ok,
      regenerateJoinCode: async (a) => (await tc.regenerateJoinCode(a, w.cohortId)).ok,
      addCoInstructor: async (a) => (await tc.addCoInstructor(a, w.cohortId, w.instructor.email)).ok,
      removeCoInstructor: async (a) => {
        const r = await tc.removeCoInstructor(a, w.cohortId, "nobody");
        return r.ok || r.error !== "notFound";
      },
      removeLearner: async (a) => {
        const r = await tc.removeLearner(a, w.cohortId, w.member.id);
        if (r.ok) await prisma.cohortMember.create({ data: { cohortId: w.cohortId, userId: w.member.id } });
        return r.ok;
      },
      getLessonHeatmap: async (a) => (await teach.getLessonHeatmap(a, w.cohortId, "en")) !== null,
      getExerciseHeatmap: async (a) => (await teach.getExerciseHeatmap(a, w.cohortId, "en")) !== null,
      getCompetencyHeatmap: async (a) => (await teach.getCompetencyHeatmap(a, w.cohortId)) !== null,
      getExerciseAnalytics: async (a) => (await teach.getExerciseAnalytics(a, w.cohortId, "en")) !== null,
      getItemAnalytics: async (a) => (await teach.getItemAnalytics(a, w.cohortId, "en")) !== null,
      getCohortLearner: async (a) => (await tl.getCohortLearner(a, w.cohortId, w.member.id, "en")) !== null,
      getAttemptReplay: async (a) => (await tl.getAttemptReplay(a, w.cohortId, w.member.id, attempt.id, "en")) !== null,
      getAttemptReplayStep: async (a) => (await tl.getAttemptReplayStep(a, w.cohortId, w.member.id, attempt.id, { step: 0, outputsFrom: 0 })).ok,
      buildCohortExport: async (a) => (await te.buildCohortExport(a, w.cohortId, "roster", "csv", "en")) !== null,
      exportGET: async (a) => (await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/roster?format=json`), { cohortId: w.cohortId, kind: "roster" }, async () => a)).status === 200,
    };
    const actors = matrixActors(w);
    const { seen, onlyTeachers } = await runAccessMatrix(actors, probes);
    expect(seen).toEqual(onlyTeachers);
    // A learner of the cohort is not a teacher of it, and a learner outside the cohort has no learner page.
    expect(await tl.getCohortLearner(actors.instructor, w.cohortId, w.outsider.id, "en")).toBeNull();
    // The route answers 401 to anonymous visitors and 404 to the others, in the request's language.
    const anon = await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/roster?locale=ko`), { cohortId: w.cohortId, kind: "roster" }, async () => null);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.message).toMatch(/로그인/);
    const stranger = await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/roster?locale=en`), { cohortId: w.cohortId, kind: "roster" }, async () => actors.otherInstructor);
    expect(stranger.status).toBe(404);
    const bad = await handlers.exportGET(req(`/api/teach/${w.cohortId}/export/secrets`), { cohortId: w.cohortId, kind: "secrets" }, async () => actors.instructor);
    expect(bad.status).toBe(400);
  });

  it("the cohort list: instructors see theirs (co-taught ones too), admins all, learners none", async () => {
    const w = await world();
    expect((await cohorts.listCohortsForInstructor(w.other)).map((c) => c.name)).toEqual(["Cohort B"]);
    expect((await tc.addCoInstructor(w.instructor, w.cohortId, `  ${w.other.email.toUpperCase()} `)).ok).toBe(true);
    expect((await cohorts.listCohortsForInstructor(w.other)).map((c) => c.name).sort()).toEqual(["Cohort A", "Cohort B"]);
    expect((await cohorts.listCohortsForInstructor(w.admin)).length).toBeGreaterThanOrEqual(2);
    expect(await cohorts.listCohortsForInstructor(w.member)).toEqual([]);
  });
});

describe("managing a cohort", () => {
  it("rename and dates: validated, the end not before the start, a bad day refused", () => {
    expect(tc.CohortSettingsSchema.safeParse({ name: "X", startsOn: "", endsOn: "", examOn: "", joinCodeExpiresOn: "" }).error?.issues[0].message).toBe("nameTooShort");
    expect(tc.CohortSettingsSchema.safeParse({ name: "Ok name", startsOn: "2026-02-30", endsOn: "", examOn: "", joinCodeExpiresOn: "" }).error?.issues[0].message).toBe("badDate");
    const r = tc.CohortSettingsSchema.safeParse({ name: "Ok name", startsOn: "2026-03-10", endsOn: "2026-03-09", examOn: "", joinCodeExpiresOn: "" });
    expect(r.error?.issues[0]).toMatchObject({ message: "endBeforeStart", path: ["endsOn"] });
    expect(tc.CohortSettingsSchema.parse({ name: "Ok name", startsOn: "2026-03-10", endsOn: "2026-03-10", examOn: "", joinCodeExpiresOn: "" }).startsOn).toEqual(new Date("2026-03-10T00:00:00Z"));
  });

  it("an expired code admits nobody new (through the whole expiry day, UTC); a member asking again is still in", async () => {
    const w = await world();
    const settings = tc.CohortSettingsSchema.parse({ name: "Cohort A", startsOn: "", endsOn: "", examOn: "", joinCodeExpiresOn: "2026-12-10" });
    expect(await tc.updateCohortSettings(w.instructor, w.cohortId, settings)).toEqual({ ok: true });
    const late = await makeUser();
    expect(await cohorts.joinCohortByCode(late, w.joinCode, new Date("2026-12-10T23:59:59Z"))).toMatchObject({ ok: true, alreadyMember: false });
    const later = await makeUser();
    expect(await cohorts.joinCohortByCode(later, w.joinCode, new Date("2026-12-11T00:00:00Z"))).toEqual({ ok: false, reason: "codeExpired" });
    expect(await cohorts.joinCohortByCode(w.member, w.joinCode, new Date("2026-12-11T00:00:00Z"))).toMatchObject({ ok: true, alreadyMember: true });
    expect((await tc.getTaughtCohort(w.instructor, w.cohortId, new Date("2026-12-11T00:00:00Z")))).toMatchObject({ joinCodeExpiresOn: "2026-12-10", codeExpired: true });
  });

  it("archive refuses new members and unarchive lets them in; a regenerated code replaces the old one", async () => {
    const w = await world();
    await tc.setCohortArchived(w.instructor, w.cohortId, true);
    const u = await makeUser();
    expect(await cohorts.joinCohortByCode(u, w.joinCode)).toEqual({ ok: false, reason: "cohortArchived" });
    expect((await cohorts.listCohortsForInstructor(w.instructor)).find((c) => c.id === w.cohortId)?.archived).toBe(true);
    await tc.setCohortArchived(w.instructor, w.cohortId, false);
    const r = await tc.regenerateJoinCode(w.instructor, w.cohortId);
    if (!r.ok) throw new Error("regenerate failed");
    expect(r.joinCode).not.toBe(w.joinCode);
    expect(await cohorts.joinCohortByCode(u, w.joinCode)).toEqual({ ok: false, reason: "codeUnknown" });
    expect(await cohorts.joinCohortByCode(u, r.joinCode)).toMatchObject({ ok: true });
  });

  it("co-instructors must be instructors or admins (a learner's address looks unknown); the last instructor stays; a learner can be removed", async () => {
    const w = await world();
    expect(await tc.addCoInstructor(w.instructor, w.cohortId, w.member.email)).toEqual({ ok: false, error: "instructorUnknown", field: "email" });
    expect(await tc.addCoInstructor(w.instructor, w.cohortId, "nobody@example.test")).toEqual({ ok: false, error: "instructorUnknown", field: "email" });
    expect(await tc.addCoInstructor(w.instructor, w.cohortId, "not an email")).toMatchObject({ ok: false, error: "instructorUnknown" });
    expect(await tc.removeCoInstructor(w.instructor, w.cohortId, w.instructor.id)).toEqual({ ok: false, error: "lastInstructor" });
    expect((await tc.addCoInstructor(w.instructor, w.cohortId, w.admin.email)).ok).toBe(true);
    expect((await tc.removeCoInstructor(w.instructor, w.cohortId, w.instructor.id)).ok).toBe(true);
    expect(await tc.canTeachCohort(w.instructor, w.cohortId)).toBe(false);
    expect(await tc.removeLearner(w.admin, w.cohortId, w.member.id)).toEqual({ ok: true });
    expect(await tc.removeLearner(w.admin, w.cohortId, w.member.id)).toEqual({ ok: false, error: "notFound" });
    expect(await cohorts.listMyCohorts(w.member)).toEqual([]);
  });

  it("a member without an exam date is scheduled towards the cohort's; another learner is not", async () => {
    const w = await world();
    const t0 = new Date("2026-12-01T09:00:00Z");
    await prisma.cohort.update({ where: { id: w.cohortId }, data: { examDate: new Date(t0.getTime() + 4 * DAY) } });
    for (const u of [w.member, w.outsider]) {
      await quiz.recordExerciseCheckEvidence(u, "expose-nodeport", [{ id: "c1", passed: false }], "g0", false, t0);
      await quiz.recordExerciseCheckEvidence(u, "expose-nodeport", [{ id: "c1", passed: true }], "g1", false, new Date(t0.getTime() + DAY));
      await quiz.recordExerciseCheckEvidence(u, "expose-nodeport", [{ id: "c1", passed: true }], "g2", false, new Date(t0.getTime() + 3 * DAY));
    }
    const due = async (userId: string) => (await prisma.reviewCard.findFirstOrThrow({ where: { userId }, select: { due: true } })).due.getTime();
    expect(await due(w.member.id)).toBeLessThanOrEqual(t0.getTime() + 4 * DAY);
    expect(await due(w.outsider.id)).toBeGreaterThan(t0.getTime() + 4 * DAY);
  });
});

describe("dashboards", () => {
  it("heat maps, analytics, at-risk, learner page, replay and exports reflect what learners did", { timeout: 60_000 }, async () => {
    const w = await world();
    const now = new Date();
    const b = await makeUser("LEARNER", "Idle learner");
    await cohorts.joinCohortByCode(b, w.joinCode);
    await prisma.cohortMember.update({ where: { cohortId_userId: { cohortId: w.cohortId, userId: b.id } }, data: { joinedAt: new Date(now.getTime() - 10 * DAY) } });
    await prisma.lessonProgress.create({ data: { userId: w.member.id, lessonSlug: "services", percent: 40, status: "IN_PROGRESS" } });

    // The member passes expose-nodeport with real commands, after one failed grading.
    const store = attemptStoreForUser(w.member);
    const { rec } = await service.startAttempt(store, "expose-nodeport", { seed: 7 });
    await service.applyEntry(store, rec.id, { kind: "run", line: "kubectl get nodes" });
    const fail = await service.gradeAttempt(store, rec.id, "en");
    expect(fail.passed).toBe(false);
    const failedCheck = fail.checks.find((c) => !c.passed)!;
    await prisma.gradeResult.create({ data: { attemptId: rec.id, score: 100, passed: true, checks: JSON.stringify(fail.checks.map((c) => ({ id: c.id, passed: true, weight: c.weight }))) } });
    await prisma.exerciseAttempt.update({ where: { id: rec.id }, data: { status: "PASSED", passedAt: new Date(), hintsUsed: 2 } });

    const lessons = (await teach.getLessonHeatmap(w.instructor, w.cohortId, "en"))!;
    const k = lessons.lessons.findIndex((l) => l.slug === "services");
    const row = lessons.rows.find((r) => r.learner.id === w.member.id)!;
    expect(row.cells[k]).toMatchObject({ reading: 40, exercisesPassed: 1 });
    expect(row.cells[k].exercisesTotal).toBeGreaterThanOrEqual(1);
    expect(row.cells[k].checkTotal).toBeGreaterThanOrEqual(3);
    expect(lessons.atRisk.map((r) => [r.learner.name, r.flags.map((f) => f.rule)])).toEqual([["Idle learner", ["inactive"]]]);

    const ex = (await teach.getExerciseHeatmap(w.instructor, w.cohortId, "en"))!;
    const j = ex.exercises.findIndex((e) => e.id === "expose-nodeport");
    expect(ex.rows.find((r) => r.learner.id === w.member.id)!.cells[j]).toEqual({ status: "PASSED", attempts: 1, gradings: 2 });
    expect(ex.rows.find((r) => r.learner.id === b.id)!.cells[j].status).toBe("NOT_STARTED");

    const an = (await teach.getExerciseAnalytics(w.instructor, w.cohortId, "en"))!.find((e) => e.id === "expose-nodeport")!;
    expect(an).toMatchObject({ learners: 1, graded: 1, firstFailShare: 1, medianGradingsToPass: 2, passed: 1, hintsUsed: 2, learnersWithHints: 1, solutionReveals: 0 });
    const check = an.checks.find((c) => c.id === failedCheck.id)!;
    expect(check).toMatchObject({ graded: 1, firstFailShare: 1, failures: 1 });
    expect(check.explanations).toEqual(failedCheck.explanation ? [{ text: failedCheck.explanation, count: 1 }] : []);

    const page = (await tl.getCohortLearner(w.instructor, w.cohortId, w.member.id, "en"))!;
    expect(page.attempts[0]).toMatchObject({ id: rec.id, commands: 1, status: "PASSED" });
    expect(page.attempts[0].grades.map((g) => g.passed)).toEqual([false, true]);
    expect(page.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["lesson", "attempt", "grade"]));

    const replay = (await tl.getAttemptReplay(w.instructor, w.cohortId, w.member.id, rec.id, "en"))!;
    expect(replay.steps).toEqual([{ kind: "run", line: "kubectl get nodes" }]);
    const step = await tl.getAttemptReplayStep(w.instructor, w.cohortId, w.member.id, rec.id, { step: 1, outputsFrom: 0 });
    expect(step.ok && step.steps).toEqual([expect.objectContaining({ index: 0, kind: "run", line: "kubectl get nodes", exitCode: 0, output: expect.stringMatching(/^NAME\s+STATUS/) })]);
    // Another learner's attempt id under this learner is not found.
    expect(await tl.getAttemptReplay(w.instructor, w.cohortId, b.id, rec.id, "en")).toBeNull();

    const csv = (await te.buildCohortExport(w.instructor, w.cohortId, "roster", "csv", "en"))!;
    expect(csv.body.startsWith("\uFEFFname,email,last_activity,")).toBe(true);
    expect(csv.body).toContain(`Member,${w.member.email},`);
    const json = JSON.parse((await te.buildCohortExport(w.instructor, w.cohortId, "exercises", "json", "en"))!.body);
    expect(json.rows.find((r: { check: string }) => r.check === failedCheck.id)).toMatchObject({ email: w.member.email, exercise: "expose-nodeport", gradings: 2, failures: 1, first_passed: false, latest_passed: true });
  });

  it("falling readiness: the latest answers now against those 14 days ago", async () => {
    const w = await world();
    const now = new Date();
    const old = new Date(now.getTime() - 20 * DAY);
    const items = (await import("#lib/quiz/loader")).quizBank().all.slice(0, 4).map((l) => l.item.id);
    let n = 0;
    const answer = (itemId: string, correct: boolean, at: Date) =>
      prisma.quizAnswer.create({ data: { userId: w.member.id, itemId, seed: 1, context: "practice", nonce: `n${n++}`, response: "{}", score: correct ? 1000 : 0, correct, first: false, countsForStats: true, createdAt: at } });
    for (const id of items) await answer(id, true, old);
    for (const id of items.slice(0, 2)) await answer(id, false, new Date(now.getTime() - DAY));
    const h = (await teach.getLessonHeatmap(w.instructor, w.cohortId, "en", "all", now))!;
    expect(h.atRisk.find((r) => r.learner.id === w.member.id)?.flags).toContainEqual({ rule: "readinessFalling", from: 1, to: 0.5 });
  });
});
