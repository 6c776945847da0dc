import type { Role } from "#lib/auth/roles";
import type { Locale } from "#lib/i18n/routing";

declare module "next-auth" {
  interface User {
    id: string;
    role: Role;
    locale: Locale;
  }
  interface Session {
    user: { id: string; name: string; email: string; role: Role; locale: Locale };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    /** The AuthSession row this cookie belongs to (lib/data/users.ts); tokens without one are refused. */
    sid?: string;
    role: Role;
    locale: Locale;
  }
}
