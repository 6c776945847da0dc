import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "#lib/auth/session";
import { hasRole } from "#lib/auth/roles";
import { Link } from "#lib/i18n/navigation";
import type { Locale } from "#lib/i18n/routing";
import type { Theme } from "#lib/theme";
import { AccountMenu } from "./account-menu";
import { LocaleSwitcher } from "./locale-switcher";
import { NavLink } from "./nav-link";
import { ThemeToggle } from "./theme-toggle";

export async function SiteHeader({ locale, theme }: { locale: Locale; theme: Theme }) {
  const t = await getTranslations("nav");
  const user = await getCurrentUser();
  const links = [
    { href: "/", label: t("lessons") },
    { href: "/exercises", label: t("exercises") },
    { href: "/quiz", label: t("quiz") },
    ...(user ? [{ href: "/review", label: t("review") }] : []),
    { href: "/exam", label: t("exam") },
    ...(user ? [{ href: "/me", label: t("me") }] : []),
    ...(user && hasRole(user.role, "INSTRUCTOR") ? [{ href: "/teach", label: t("teach") }] : []),
    ...(user && hasRole(user.role, "ADMIN") ? [{ href: "/admin", label: t("admin") }] : []),
  ];

  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-brand-600 dark:text-brand-100">
          <Wheel />
          {t("brand")}
        </Link>
        <nav aria-label={t("primary")} className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
          <ul className="flex gap-1 text-sm">
            {links.map((l) => (
              <li key={l.href}>
                <NavLink href={l.href}>{l.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <LocaleSwitcher current={locale} signedIn={Boolean(user)} />
          <ThemeToggle theme={theme} />
          {user ? (
            <AccountMenu name={user.name} email={user.email} locale={locale} />
          ) : (
            <Link href="/signin" className="rounded-md bg-brand-500 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600">
              {t("signIn")}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

function Wheel() {
  // A seven-spoked helm, drawn here rather than copied.
  const spokes = Array.from({ length: 7 }, (_, i) => (i * 360) / 7);
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="h-6 w-6">
      <circle cx="12" cy="12" r="10" className="fill-brand-500" />
      <circle cx="12" cy="12" r="5.5" fill="none" stroke="white" strokeWidth="1.6" />
      {spokes.map((deg) => (
        <line key={deg} x1="12" y1="12" x2="12" y2="3.8" stroke="white" strokeWidth="1.6" strokeLinecap="round" transform={`rotate(${deg} 12 12)`} />
      ))}
      <circle cx="12" cy="12" r="1.8" fill="white" />
    </svg>
  );
}
