-- Item statistics per cohort (derived from the members' first quiz answers; replaced on refresh).

-- CreateTable
CREATE TABLE "CohortItemStats" (
    "cohortId" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CohortItemStats_pkey" PRIMARY KEY ("cohortId")
);

-- AddForeignKey
ALTER TABLE "CohortItemStats" ADD CONSTRAINT "CohortItemStats_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;
