-- Shared state (issue 17): anonymous attempts, rate-limit counters, sign-in throttles and due item-statistics
-- refreshes move from one server's memory into the database, so several servers can serve one learner.

-- CreateTable
CREATE TABLE "AnonVisitor" (
    "sid" TEXT NOT NULL,
    "day" TEXT NOT NULL DEFAULT '',
    "dayBytes" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "movingUntil" TIMESTAMP(3),

    CONSTRAINT "AnonVisitor_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "AnonAttempt" (
    "id" TEXT NOT NULL,
    "sid" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "parameters" TEXT NOT NULL,
    "status" "AttemptStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "passedAt" TIMESTAMP(3),
    "hintsUsed" INTEGER NOT NULL DEFAULT 0,
    "solutionRevealedAt" TIMESTAMP(3),
    "logBytes" INTEGER NOT NULL DEFAULT 0,
    "checkpointSeq" INTEGER,
    "checkpoint" TEXT,

    CONSTRAINT "AnonAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnonCommand" (
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,

    CONSTRAINT "AnonCommand_pkey" PRIMARY KEY ("attemptId","seq")
);

-- CreateTable
CREATE TABLE "AnonGrade" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "checks" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnonGrade_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "window" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key","window")
);

-- CreateTable
CREATE TABLE "AuthThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "last" BIGINT NOT NULL,

    CONSTRAINT "AuthThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ItemStatsDue" (
    "key" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemStatsDue_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AnonVisitor_expiresAt_idx" ON "AnonVisitor"("expiresAt");

-- CreateIndex
CREATE INDEX "AnonAttempt_sid_createdAt_idx" ON "AnonAttempt"("sid", "createdAt");

-- CreateIndex
CREATE INDEX "AnonGrade_attemptId_createdAt_idx" ON "AnonGrade"("attemptId", "createdAt");

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

-- AddForeignKey
ALTER TABLE "AnonAttempt" ADD CONSTRAINT "AnonAttempt_sid_fkey" FOREIGN KEY ("sid") REFERENCES "AnonVisitor"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnonCommand" ADD CONSTRAINT "AnonCommand_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AnonAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnonGrade" ADD CONSTRAINT "AnonGrade_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AnonAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

