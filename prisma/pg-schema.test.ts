import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain .mjs script (no types)
import { historyMismatch, migrationNames, pgSchemaPath, sqliteSchemaPath, toPostgres } from "./pg-schema.mjs";

const sqlite = `// a model\ngenerator client {\n  provider = "prisma-client"\n  output   = "../lib/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n  url      = "file:./dev.db"\n}\n\nmodel A {\n  id String @id\n  provider String\n}\n`;

describe("the PostgreSQL schema generated from the SQLite one", () => {
  it("changes only the provider, the URL placeholder and the client's output; models are copied as they are", () => {
    const pg = toPostgres(sqlite);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../../lib/generated/prisma-pg"');
    expect(pg).not.toContain('"sqlite"');
    expect(pg).toContain("model A {\n  id String @id\n  provider String\n}\n");
    expect(pg.startsWith("// GENERATED")).toBe(true);
  });

  it("refuses native column types (they would not be portable) and a schema without its two blocks", () => {
    expect(() => toPostgres(sqlite.replace("id String @id", "id String @id @db.Text"))).toThrow(/not portable/);
    expect(() => toPostgres("model A { id String @id }")).toThrow(/expected one/);
  });

  it("the checked-in prisma/postgres/schema.prisma is what the generator makes of prisma/schema.prisma", () => {
    expect(fs.readFileSync(pgSchemaPath, "utf8")).toBe(toPostgres(fs.readFileSync(sqliteSchemaPath, "utf8")));
  });
});

describe("the two migration histories", () => {
  it("name a missing or extra PostgreSQL migration, and nothing when the names agree", () => {
    expect(historyMismatch(["1_a", "2_b"], ["1_a", "2_b"])).toEqual([]);
    expect(historyMismatch(["1_a", "2_b"], ["1_a"])).toEqual(["prisma/postgres/migrations/2_b is missing (write its PostgreSQL counterpart)"]);
    expect(historyMismatch(["1_a"], ["1_a", "3_c"])).toEqual(["prisma/postgres/migrations/3_c has no SQLite migration of that name"]);
  });

  it("have the same names today", () => {
    const root = path.resolve(import.meta.dirname);
    expect(migrationNames(path.join(root, "postgres/migrations"))).toEqual(migrationNames(path.join(root, "migrations")));
  });
});
