/** Go's time.ParseDuration and time.Parse(RFC3339) as kubectl logs --since / --since-time see them. */
import { describe, expect, it } from "vitest";
import { goParseDuration, goParseRFC3339, roundToSeconds } from "./go-time";

describe("goParseDuration (Go time.ParseDuration)", () => {
  it("accepts Go's units, fractions, a sign and a bare 0", () => {
    expect(goParseDuration("5s")).toEqual({ ms: 5000 });
    expect(goParseDuration("1h2m3s")).toEqual({ ms: 3_723_000 });
    expect(goParseDuration("1.5m")).toEqual({ ms: 90_000 });
    expect(goParseDuration(".5s")).toEqual({ ms: 500 });
    expect(goParseDuration("300ms")).toEqual({ ms: 300 });
    expect(goParseDuration("1500us")).toEqual({ ms: 1.5 });
    expect(goParseDuration("-5s")).toEqual({ ms: -5000 });
    expect(goParseDuration("+2m")).toEqual({ ms: 120_000 });
    expect(goParseDuration("0")).toEqual({ ms: 0 });
    expect(goParseDuration("-0")).toEqual({ ms: 0 });
  });

  it("rejects with Go's three messages", () => {
    expect(goParseDuration("")).toEqual({ error: 'time: invalid duration ""' });
    expect(goParseDuration("x")).toEqual({ error: 'time: invalid duration "x"' });
    expect(goParseDuration(".s")).toEqual({ error: 'time: invalid duration ".s"' });
    expect(goParseDuration("5s ")).toEqual({ error: 'time: unknown unit "s " in duration "5s "' }); // the unit runs to the next digit or dot
    expect(goParseDuration("5")).toEqual({ error: 'time: missing unit in duration "5"' });
    expect(goParseDuration("1h5")).toEqual({ error: 'time: missing unit in duration "1h5"' });
    expect(goParseDuration("2d")).toEqual({ error: 'time: unknown unit "d" in duration "2d"' });
    expect(goParseDuration("1S")).toEqual({ error: 'time: unknown unit "S" in duration "1S"' });
  });

  it("rounds to seconds as Duration.Round(time.Second): halves away from zero", () => {
    expect(roundToSeconds(1499)).toBe(1);
    expect(roundToSeconds(1500)).toBe(2);
    expect(roundToSeconds(400)).toBe(0);
    expect(roundToSeconds(-1500)).toBe(-2);
    expect(roundToSeconds(-400)).toBe(-0);
  });
});

describe("goParseRFC3339 (Go time.Parse with time.RFC3339)", () => {
  const ok = (s: string) => (goParseRFC3339(s) as { ms: number }).ms;
  it("parses Z, offsets and fractions (more than nine digits are cut)", () => {
    expect(ok("2026-01-01T00:00:40Z")).toBe(Date.UTC(2026, 0, 1, 0, 0, 40));
    expect(ok("2026-01-01T09:00:40+09:00")).toBe(Date.UTC(2026, 0, 1, 0, 0, 40));
    expect(ok("2025-12-31T19:00:00-05:00")).toBe(Date.UTC(2026, 0, 1));
    expect(ok("2026-01-01T00:00:40.25Z")).toBe(Date.UTC(2026, 0, 1, 0, 0, 40) + 250);
    expect(ok("2026-01-01T00:00:40.1234567891Z")).toBe(Date.UTC(2026, 0, 1, 0, 0, 40) + 123.456789);
    expect(ok("2026-01-01T7:00:00Z")).toBe(Date.UTC(2026, 0, 1, 7)); // stdHour takes one digit
    expect(ok("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29));
  });

  it("fails with time.ParseError's text", () => {
    const L = '"2006-01-02T15:04:05Z07:00"';
    const err = (s: string) => (goParseRFC3339(s) as { error: string }).error;
    expect(err("yesterday")).toBe(`parsing time "yesterday" as ${L}: cannot parse "yesterday" as "2006"`);
    expect(err("2026-01-01")).toBe(`parsing time "2026-01-01" as ${L}: cannot parse "" as "T"`);
    expect(err("2026-1-01T00:00:00Z")).toBe(`parsing time "2026-1-01T00:00:00Z" as ${L}: cannot parse "1-01T00:00:00Z" as "01"`);
    expect(err("2026-01-01T00:00:00")).toBe(`parsing time "2026-01-01T00:00:00" as ${L}: cannot parse "" as "Z07:00"`);
    expect(err("2026-01-01T00:00:00z")).toBe(`parsing time "2026-01-01T00:00:00z" as ${L}: cannot parse "z" as "Z07:00"`);
    expect(err("2026-01-01T00:00:00+0900")).toBe(`parsing time "2026-01-01T00:00:00+0900" as ${L}: cannot parse "+0900" as "Z07:00"`);
    expect(err("2026-00-01T00:00:00Z")).toBe('parsing time "2026-00-01T00:00:00Z": month out of range');
    expect(err("2025-02-29T00:00:00Z")).toBe('parsing time "2025-02-29T00:00:00Z": day out of range');
    expect(err("2026-01-01T24:00:00Z")).toBe('parsing time "2026-01-01T24:00:00Z": hour out of range');
    expect(err("2026-01-01T00:60:00Z")).toBe('parsing time "2026-01-01T00:60:00Z": minute out of range');
    expect(err("2026-01-01T00:00:00Z ")).toBe('parsing time "2026-01-01T00:00:00Z ": extra text: " "');
  });
});
