-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "endsAt" TIMESTAMP(3),
ADD COLUMN     "examDate" TIMESTAMP(3),
ADD COLUMN     "joinCodeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "startsAt" TIMESTAMP(3);

