import "server-only";
import type { PrismaClient } from "#lib/generated/prisma/client";
import { createPrismaClient } from "#lib/db-client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** The one Prisma client. Only lib/data/*, prisma/seed.ts and test fixtures import it. */
export const prisma = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
