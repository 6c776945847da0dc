"use client";
import clsx from "clsx";
import type { ReactNode } from "react";
import { Link, usePathname } from "#lib/i18n/navigation";

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const active = href === "/" ? pathname === "/" || pathname.startsWith("/lessons") : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "block whitespace-nowrap rounded-md px-3 py-1.5",
        active
          ? "bg-brand-50 font-semibold text-brand-700 dark:bg-slate-800 dark:text-brand-100"
          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white",
      )}
    >
      {children}
    </Link>
  );
}
