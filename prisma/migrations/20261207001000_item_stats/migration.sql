-- Item statistics (derived from first quiz answers; rebuilt on refresh).
CREATE TABLE "ItemStat" (
    "itemId" TEXT NOT NULL PRIMARY KEY,
    "n" INTEGER NOT NULL,
    "facility" REAL NOT NULL,
    "sd" REAL NOT NULL,
    "discrimination" REAL,
    "ciLow" REAL,
    "ciHigh" REAL,
    "efficiency" REAL,
    "flags" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
