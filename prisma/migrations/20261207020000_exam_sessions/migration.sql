-- Mock exams (issue 12): sessions, their command log, and grades per task and per check.
CREATE TABLE "ExamSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "blueprintId" TEXT NOT NULL,
    "namedId" TEXT,
    "mode" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "tasks" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME,
    "extension" REAL NOT NULL DEFAULT 1,
    "flags" TEXT NOT NULL DEFAULT '[]',
    "notes" TEXT NOT NULL DEFAULT '',
    "submittedAt" DATETIME,
    "gradedAt" DATETIME,
    "score" REAL,
    "passed" BOOLEAN,
    CONSTRAINT "ExamSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ExamSession_userId_startedAt_idx" ON "ExamSession"("userId", "startedAt");
CREATE INDEX "ExamSession_gradedAt_deadline_idx" ON "ExamSession"("gradedAt", "deadline");

CREATE TABLE "ExamCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    "task" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamCommand_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ExamCommand_sessionId_seq_key" ON "ExamCommand"("sessionId", "seq");

CREATE TABLE "ExamTaskGrade" (
    "sessionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "earned" REAL NOT NULL,
    PRIMARY KEY ("sessionId", "taskId"),
    CONSTRAINT "ExamTaskGrade_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ExamTaskGrade_taskId_idx" ON "ExamTaskGrade"("taskId");

CREATE TABLE "ExamCheckGrade" (
    "sessionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "weight" INTEGER NOT NULL,
    "explanation" TEXT,
    "foundIn" TEXT,
    PRIMARY KEY ("sessionId", "taskId", "checkId"),
    CONSTRAINT "ExamCheckGrade_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ExamCheckGrade_taskId_checkId_passed_idx" ON "ExamCheckGrade"("taskId", "checkId", "passed");
