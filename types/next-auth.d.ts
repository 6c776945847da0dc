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
    role: Role;
    locale: Locale;
  }
}
