import { getTranslations } from "next-intl/server";
import type { CohortDetailDto } from "#lib/data/teach-cohorts";
import { ActionButton, AddInstructorForm, CohortSettingsForm } from "./manage-forms";

/** Settings, join code, archive, co-instructors. Learners are removed from their own page. */
export async function ManageCohort({ cohort }: { cohort: CohortDetailDto }) {
  const t = await getTranslations("teach.manage");
  return (
    <div className="space-y-10">
      <section aria-labelledby="settings-title">
        <h2 id="settings-title" className="mb-3 text-xl font-semibold">{t("settings")}</h2>
        <CohortSettingsForm cohortId={cohort.id} initial={{ name: cohort.name, startsOn: cohort.startsOn ?? "", endsOn: cohort.endsOn ?? "", examOn: cohort.examOn ?? "", joinCodeExpiresOn: cohort.joinCodeExpiresOn ?? "" }} />
      </section>
      <section aria-labelledby="code-title">
        <h2 id="code-title" className="mb-3 text-xl font-semibold">{t("joinCode")}</h2>
        <p className="mb-2">
          <span className="font-mono text-lg" data-testid="join-code">{cohort.joinCode}</span>{" "}
          {cohort.codeExpired ? <span className="text-sm text-red-700 dark:text-red-400">{t("codeExpired")}</span> : cohort.joinCodeExpiresOn ? <span className="text-sm">{t("codeValidUntil", { day: cohort.joinCodeExpiresOn })}</span> : null}
        </p>
        <div className="flex flex-wrap gap-3">
          <ActionButton kind="regenerate" cohortId={cohort.id} label={t("regenerate")} confirm={t("regenerateConfirm")} />
          <ActionButton kind="archive" cohortId={cohort.id} archived={!cohort.archived} label={cohort.archived ? t("unarchive") : t("archive")} confirm={cohort.archived ? undefined : t("archiveConfirm")} />
        </div>
      </section>
      <section aria-labelledby="instructors-title">
        <h2 id="instructors-title" className="mb-3 text-xl font-semibold">{t("instructors")}</h2>
        <ul className="mb-4 space-y-1">
          {cohort.instructors.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-3">
              <span>{i.name} <span className="text-sm text-slate-500">({i.email})</span></span>
              {cohort.instructors.length > 1 && <ActionButton kind="removeInstructor" cohortId={cohort.id} userId={i.id} label={t("removeInstructor")} />}
            </li>
          ))}
        </ul>
        <AddInstructorForm cohortId={cohort.id} />
      </section>
    </div>
  );
}
