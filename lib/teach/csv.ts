// CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Korean correctly), and text cells that a
// spreadsheet would run as a formula neutralised (OWASP "CSV injection": cells starting with = + - @, tab or CR).
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet (a leading apostrophe keeps it text); numbers stay numbers. */
export function neutralise(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A CSV document with a BOM, a header row and CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return "\uFEFF" + stringify([header.map(neutralise), ...rows.map((r) => r.map(neutralise))], { record_delimiter: "windows" });
}
