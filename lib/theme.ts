export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];
export const THEME_COOKIE = "theme";

export function parseTheme(value: unknown): Theme {
  return themes.includes(value as Theme) ? (value as Theme) : "system";
}

/** The class on <html> that the `dark:` variant in globals.css keys on. */
export function themeClass(theme: Theme): string {
  return theme === "dark" ? "dark" : theme === "system" ? "theme-system" : "";
}
