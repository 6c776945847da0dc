-- Mock exams on the worker pool (issue 12): the latest checkpoint of an exam session.

-- CreateTable
CREATE TABLE "ExamCheckpoint" (
    "sessionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamCheckpoint_pkey" PRIMARY KEY ("sessionId")
);

-- AddForeignKey
ALTER TABLE "ExamCheckpoint" ADD CONSTRAINT "ExamCheckpoint_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
