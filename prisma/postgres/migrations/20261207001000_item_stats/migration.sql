-- CreateTable
CREATE TABLE "ItemStat" (
    "itemId" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "facility" DOUBLE PRECISION NOT NULL,
    "sd" DOUBLE PRECISION NOT NULL,
    "discrimination" DOUBLE PRECISION,
    "ciLow" DOUBLE PRECISION,
    "ciHigh" DOUBLE PRECISION,
    "efficiency" DOUBLE PRECISION,
    "flags" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemStat_pkey" PRIMARY KEY ("itemId")
);

