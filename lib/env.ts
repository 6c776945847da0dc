import { z } from "zod";

const ServerEnvSchema = z.object({
  DATABASE_URL: z.string().default("file:./prisma/dev.db"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
});
export type ServerEnv = { DATABASE_URL: string; NEXTAUTH_SECRET: string };

let cached: ServerEnv | null = null;

/** Server configuration, validated once. A running server refuses to start without a real secret. */
export function serverEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  if (cached && env === process.env) return cached;
  const parsed = ServerEnvSchema.parse(env);
  const building = env.NEXT_PHASE === "phase-production-build";
  if (!parsed.NEXTAUTH_SECRET && !building && env.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET is not set (npm start writes one to .env.local)");
  }
  const result = { DATABASE_URL: parsed.DATABASE_URL, NEXTAUTH_SECRET: parsed.NEXTAUTH_SECRET ?? "dev-only-insecure-secret-change-me" };
  if (env === process.env) cached = result;
  return result;
}
