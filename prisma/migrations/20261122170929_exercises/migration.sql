-- CreateTable
CREATE TABLE "ExerciseAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "parameters" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "passedAt" DATETIME,
    "hintsUsed" INTEGER NOT NULL DEFAULT 0,
    "solutionRevealedAt" DATETIME,
    CONSTRAINT "ExerciseAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttemptCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AttemptCommand_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExerciseAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GradeResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "checks" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GradeResult_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExerciseAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttemptCheckpoint" (
    "attemptId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AttemptCheckpoint_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExerciseAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LessonProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NOT_STARTED',
    "percent" INTEGER NOT NULL DEFAULT 0,
    "timeSpentSec" INTEGER NOT NULL DEFAULT 0,
    "completedAt" DATETIME,
    "passedExercises" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LessonProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LessonProgress" ("completedAt", "id", "lessonSlug", "percent", "status", "timeSpentSec", "updatedAt", "userId") SELECT "completedAt", "id", "lessonSlug", "percent", "status", "timeSpentSec", "updatedAt", "userId" FROM "LessonProgress";
DROP TABLE "LessonProgress";
ALTER TABLE "new_LessonProgress" RENAME TO "LessonProgress";
CREATE INDEX "LessonProgress_lessonSlug_idx" ON "LessonProgress"("lessonSlug");
CREATE UNIQUE INDEX "LessonProgress_userId_lessonSlug_key" ON "LessonProgress"("userId", "lessonSlug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ExerciseAttempt_userId_exerciseId_createdAt_idx" ON "ExerciseAttempt"("userId", "exerciseId", "createdAt");

-- CreateIndex
CREATE INDEX "ExerciseAttempt_exerciseId_status_idx" ON "ExerciseAttempt"("exerciseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AttemptCommand_attemptId_seq_key" ON "AttemptCommand"("attemptId", "seq");

-- CreateIndex
CREATE INDEX "GradeResult_attemptId_createdAt_idx" ON "GradeResult"("attemptId", "createdAt");

