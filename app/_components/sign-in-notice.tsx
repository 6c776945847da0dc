import { Link } from "#lib/i18n/navigation";

/** The "sign in to keep …" band at the top of a page, linking to sign-in and back to `returnTo` (a full path). */
export function SignInNotice({ text, linkLabel, returnTo, className = "mb-6" }: { text: string; linkLabel: string; returnTo?: string; className?: string }) {
  return (
    <p className={`${className} rounded-lg border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-700 dark:border-slate-700 dark:bg-slate-900 dark:text-brand-100`}>
      {text}{" "}
      <Link href={returnTo ? { pathname: "/signin", query: { callbackUrl: returnTo } } : "/signin"} className="font-semibold underline">
        {linkLabel}
      </Link>
    </p>
  );
}
