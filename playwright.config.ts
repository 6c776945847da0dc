import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// Several work trees (or helpers) can run the suite at once with their own E2E_PORT and NEXT_DIST_DIR.
// E2E_DATABASE=postgresql (scripts/e2e-server.mjs) runs the journeys on PostgreSQL; its results go beside SQLite's.
const outputDir = [process.env.NEXT_DIST_DIR ? `test-results/${process.env.NEXT_DIST_DIR}` : "test-results", process.env.E2E_DATABASE].filter(Boolean).join("-");

export default defineConfig({
  testDir: "e2e",
  outputDir,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: { baseURL: `http://localhost:${port}`, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
