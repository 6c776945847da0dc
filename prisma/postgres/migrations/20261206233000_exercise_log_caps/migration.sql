-- Log caps (lib/exercise/API.md): bytes per attempt and per account per UTC day, kept as counters so the
-- append (one statement on the hot path) can check them without summing the log.

-- AlterTable
ALTER TABLE "ExerciseAttempt" ADD COLUMN     "logBytes" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ExerciseLogUsage" (
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ExerciseLogUsage_pkey" PRIMARY KEY ("userId","day")
);

-- Existing logs count towards their attempts (octet_length: bytes, as SQLite's length(CAST(... AS BLOB))).
UPDATE "ExerciseAttempt" SET "logBytes" = COALESCE((SELECT SUM(octet_length(c."payload")) FROM "AttemptCommand" c WHERE c."attemptId" = "ExerciseAttempt"."id"), 0);

-- Every inserted entry (a command, an import of an anonymous visitor's attempts) adds its payload's bytes to
-- its attempt and to its owner's UTC day (the SQLite trigger of the same name, as a PL/pgSQL row trigger).
CREATE FUNCTION "AttemptCommand_logBytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ExerciseAttempt" SET "logBytes" = "logBytes" + octet_length(NEW."payload") WHERE "id" = NEW."attemptId";
    INSERT INTO "ExerciseLogUsage" ("userId", "day", "bytes")
        SELECT "userId", to_char(NEW."createdAt", 'YYYY-MM-DD'), octet_length(NEW."payload")
        FROM "ExerciseAttempt" WHERE "id" = NEW."attemptId"
        ON CONFLICT ("userId", "day") DO UPDATE SET "bytes" = "ExerciseLogUsage"."bytes" + excluded."bytes";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "AttemptCommand_logBytes" AFTER INSERT ON "AttemptCommand" FOR EACH ROW EXECUTE FUNCTION "AttemptCommand_logBytes"();
