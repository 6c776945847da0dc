-- Quiz attempts and answers, review cards and their log; a learner's exam date.
ALTER TABLE "User" ADD COLUMN "examDate" DATETIME;

CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "QuizAttempt_userId_createdAt_idx" ON "QuizAttempt"("userId", "createdAt");

CREATE TABLE "QuizAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "attemptId" TEXT,
    "itemId" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "first" BOOLEAN NOT NULL,
    "countsForStats" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuizAnswer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuizAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "QuizAnswer_userId_nonce_key" ON "QuizAnswer"("userId", "nonce");
CREATE INDEX "QuizAnswer_userId_itemId_createdAt_idx" ON "QuizAnswer"("userId", "itemId", "createdAt");
CREATE INDEX "QuizAnswer_itemId_first_idx" ON "QuizAnswer"("itemId", "first");
CREATE INDEX "QuizAnswer_attemptId_idx" ON "QuizAnswer"("attemptId");

CREATE TABLE "ReviewCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "competency" TEXT NOT NULL,
    "due" DATETIME NOT NULL,
    "fsrs" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReviewCard_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ReviewCard_userId_kind_ref_key" ON "ReviewCard"("userId", "kind", "ref");
CREATE INDEX "ReviewCard_userId_due_idx" ON "ReviewCard"("userId", "due");

CREATE TABLE "ReviewLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cardId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "reviewedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewLog_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "ReviewCard" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ReviewLog_cardId_reviewedAt_idx" ON "ReviewLog"("cardId", "reviewedAt");
