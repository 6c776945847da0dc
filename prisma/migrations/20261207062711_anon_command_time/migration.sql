-- The wall time an anonymous attempt's entry was recorded (as AttemptCommand and ExamCommand have): the learner's
-- think time before the next entry is measured from it by whichever server takes that entry (lib/exercise/service.ts).
-- Nullable: rows written before this migration have none (their next entry then counts from the attempt's start).
ALTER TABLE "AnonCommand" ADD COLUMN "createdAt" DATETIME;
