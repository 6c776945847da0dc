import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the auth route (lib/auth/handler.ts) and next-auth's callbacks (lib/auth/options.ts) tell each other
 * about one request: next-auth passes neither the client address nor a way to answer with a status of our own.
 */
export type AuthRequestContext = {
  address: string;
  deviceCookie?: string;
  /** Set by authorize(): the account signed in to, so the route can give this browser a device cookie. */
  signedInUserId?: string;
  /** Set by authorize(): the try came too early; the route answers 429 with this Retry-After. */
  retryAfterS?: number;
  /** Set where the database stayed locked; the route answers 503. */
  busy?: boolean;
};

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();
