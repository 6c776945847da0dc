-- Mock exams on the worker pool (issue 12): the latest checkpoint of an exam session (every cluster and the
-- shell after `seq` log entries), so a rebuild replays at most a few entries after restoring it.
CREATE TABLE "ExamCheckpoint" (
    "sessionId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamCheckpoint_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
