import fs from "node:fs";

/** Debian's Chromium (or CHROMIUM_PATH); null when neither exists. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const chromiumHelp =
  "No Chromium found for the browser tests.\n" +
  "  Install Debian's: sudo apt-get update && sudo apt-get install -y chromium\n" +
  "  or point CHROMIUM_PATH at a Chromium/Chrome binary.";
