-- The wall time an anonymous attempt's entry was recorded (see the SQLite migration of the same name).
ALTER TABLE "AnonCommand" ADD COLUMN "createdAt" TIMESTAMP(3);
