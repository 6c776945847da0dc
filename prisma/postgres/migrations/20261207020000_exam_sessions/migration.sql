-- CreateTable
CREATE TABLE "ExamSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "blueprintId" TEXT NOT NULL,
    "namedId" TEXT,
    "mode" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "tasks" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" TIMESTAMP(3),
    "extension" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "flags" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3),
    "gradedAt" TIMESTAMP(3),
    "score" DOUBLE PRECISION,
    "passed" BOOLEAN,

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamCommand" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    "task" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamTaskGrade" (
    "sessionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "earned" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ExamTaskGrade_pkey" PRIMARY KEY ("sessionId","taskId")
);

-- CreateTable
CREATE TABLE "ExamCheckGrade" (
    "sessionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "weight" INTEGER NOT NULL,
    "explanation" TEXT,
    "foundIn" TEXT,

    CONSTRAINT "ExamCheckGrade_pkey" PRIMARY KEY ("sessionId","taskId","checkId")
);

-- CreateIndex
CREATE INDEX "ExamSession_userId_startedAt_idx" ON "ExamSession"("userId", "startedAt");

-- CreateIndex
CREATE INDEX "ExamSession_gradedAt_deadline_idx" ON "ExamSession"("gradedAt", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "ExamCommand_sessionId_seq_key" ON "ExamCommand"("sessionId", "seq");

-- CreateIndex
CREATE INDEX "ExamTaskGrade_taskId_idx" ON "ExamTaskGrade"("taskId");

-- CreateIndex
CREATE INDEX "ExamCheckGrade_taskId_checkId_passed_idx" ON "ExamCheckGrade"("taskId", "checkId", "passed");

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamCommand" ADD CONSTRAINT "ExamCommand_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamTaskGrade" ADD CONSTRAINT "ExamTaskGrade_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamCheckGrade" ADD CONSTRAINT "ExamCheckGrade_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

