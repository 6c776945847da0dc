/** Internal helpers re-exported for tests. */
export { parseQuantity, parseSelectorString, matchesSelector } from "./util";
export { piDigits as piDigitsForTest } from "./shell";
