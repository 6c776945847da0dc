// Idempotent demo data: three accounts (password "kubeclass") and one cohort with the learner in it.
// `tsx prisma/seed.ts --if-empty` does nothing when any user exists (used by npm start).
import { hash } from "@node-rs/argon2";
import { createPrismaClient } from "../lib/db-client";

export const DEMO_PASSWORD = "kubeclass";
export const demoUsers = [
  { email: "learner@kubeclass.local", name: "Demo Learner", role: "LEARNER", locale: "ko" },
  { email: "instructor@kubeclass.local", name: "Demo Instructor", role: "INSTRUCTOR", locale: "ko" },
  { email: "admin@kubeclass.local", name: "Demo Admin", role: "ADMIN", locale: "ko" },
] as const;
export const DEMO_COHORT = { name: "Demo cohort", joinCode: "DEMO-K8S" };

async function main() {
  const prisma = createPrismaClient();
  try {
    if (process.argv.includes("--if-empty") && (await prisma.user.count()) > 0) {
      console.log("seed: users exist, nothing to do");
      return;
    }
    const passwordHash = await hash(DEMO_PASSWORD);
    const ids: Record<string, string> = {};
    for (const u of demoUsers) {
      const row = await prisma.user.upsert({
        where: { email: u.email },
        create: { ...u, passwordHash },
        update: {},
        select: { id: true },
      });
      ids[u.role] = row.id;
    }
    await prisma.cohort.upsert({
      where: { joinCode: DEMO_COHORT.joinCode },
      create: {
        ...DEMO_COHORT,
        instructors: { connect: [{ id: ids.INSTRUCTOR }] },
        members: { create: [{ userId: ids.LEARNER }] },
      },
      update: {},
    });
    console.log(`seed: ${demoUsers.length} demo accounts and "${DEMO_COHORT.name}" are in place`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
