-- Log caps (lib/exercise/API.md): bytes per attempt and per account per UTC day, kept as counters so the
-- append (one statement on the hot path) can check them without summing the log.

-- AlterTable
ALTER TABLE "ExerciseAttempt" ADD COLUMN "logBytes" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ExerciseLogUsage" (
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "day")
);

-- Existing logs count towards their attempts.
UPDATE "ExerciseAttempt" SET "logBytes" = COALESCE((SELECT SUM(length(CAST(c."payload" AS BLOB))) FROM "AttemptCommand" c WHERE c."attemptId" = "ExerciseAttempt"."id"), 0);

-- Every inserted entry (a command, an import of an anonymous visitor's attempts) adds its payload's bytes to
-- its attempt and to its owner's day (the day of the row's createdAt, stored as ISO text or epoch ms).
CREATE TRIGGER "AttemptCommand_logBytes" AFTER INSERT ON "AttemptCommand" BEGIN
    UPDATE "ExerciseAttempt" SET "logBytes" = "logBytes" + length(CAST(NEW."payload" AS BLOB)) WHERE "id" = NEW."attemptId";
    INSERT INTO "ExerciseLogUsage" ("userId", "day", "bytes")
        SELECT "userId",
               CASE WHEN typeof(NEW."createdAt") = 'integer' THEN date(NEW."createdAt" / 1000, 'unixepoch') ELSE substr(NEW."createdAt", 1, 10) END,
               length(CAST(NEW."payload" AS BLOB))
        FROM "ExerciseAttempt" WHERE "id" = NEW."attemptId"
        ON CONFLICT ("userId", "day") DO UPDATE SET "bytes" = "bytes" + excluded."bytes";
END;
