-- Item statistics per cohort (derived from the members' first quiz answers; replaced on refresh).
CREATE TABLE "CohortItemStats" (
    "cohortId" TEXT NOT NULL PRIMARY KEY,
    "basis" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CohortItemStats_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
