import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "#app/_components/page-header";
import { requireRole } from "#lib/auth/session";
import { listUsersForAdmin } from "#lib/data/users";
import type { Locale } from "#lib/i18n/routing";
import { RoleForm } from "./role-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("title") };
}

export default async function AdminPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireRole("ADMIN", locale, "/admin");
  const t = await getTranslations("admin");
  const format = await getFormatter();
  const users = await listUsersForAdmin(actor);

  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro", { count: users.length })} />
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="py-2 pr-4">{t("name")}</th>
              <th scope="col" className="py-2 pr-4">{t("email")}</th>
              <th scope="col" className="py-2 pr-4">{t("created")}</th>
              <th scope="col" className="py-2">{t("role")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-b border-slate-100 align-middle dark:border-slate-900" data-testid={`user-row-${u.email}`}>
                <td className="py-2 pr-4">{u.name}</td>
                <td className="py-2 pr-4">{u.email}</td>
                <td className="py-2 pr-4 tabular-nums">{format.dateTime(new Date(u.createdAt), { dateStyle: "medium" })}</td>
                <td className="py-2">
                  <RoleForm userId={u.id} role={u.role} email={u.email} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
