-- Cohort management: archive, join-code expiry, course dates and the cohort's exam date.
ALTER TABLE "Cohort" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Cohort" ADD COLUMN "joinCodeExpiresAt" DATETIME;
ALTER TABLE "Cohort" ADD COLUMN "startsAt" DATETIME;
ALTER TABLE "Cohort" ADD COLUMN "endsAt" DATETIME;
ALTER TABLE "Cohort" ADD COLUMN "examDate" DATETIME;
