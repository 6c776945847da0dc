-- Shared state (issue 17): anonymous attempts, rate-limit counters, sign-in throttles and due item-statistics
-- refreshes move from one server's memory into the database, so several servers can serve one learner.

-- CreateTable
CREATE TABLE "AnonVisitor" (
    "sid" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL DEFAULT '',
    "dayBytes" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "movingUntil" DATETIME
);

-- CreateTable
CREATE TABLE "AnonAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sid" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "parameters" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "createdAt" DATETIME NOT NULL,
    "passedAt" DATETIME,
    "hintsUsed" INTEGER NOT NULL DEFAULT 0,
    "solutionRevealedAt" DATETIME,
    "logBytes" INTEGER NOT NULL DEFAULT 0,
    "checkpointSeq" INTEGER,
    "checkpoint" TEXT,
    CONSTRAINT "AnonAttempt_sid_fkey" FOREIGN KEY ("sid") REFERENCES "AnonVisitor" ("sid") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnonCommand" (
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,

    PRIMARY KEY ("attemptId", "seq"),
    CONSTRAINT "AnonCommand_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AnonAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnonGrade" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "checks" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "AnonGrade_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AnonAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "window" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("key", "window")
);

-- CreateTable
CREATE TABLE "AuthThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "last" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "ItemStatsDue" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "dueAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AnonVisitor_expiresAt_idx" ON "AnonVisitor"("expiresAt");

-- CreateIndex
CREATE INDEX "AnonAttempt_sid_createdAt_idx" ON "AnonAttempt"("sid", "createdAt");

-- CreateIndex
CREATE INDEX "AnonGrade_attemptId_createdAt_idx" ON "AnonGrade"("attemptId", "createdAt");

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

