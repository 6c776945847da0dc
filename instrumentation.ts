// Next runs register() once per server process before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installClientAddressHook } = await import("#lib/auth/client-address-hook");
  installClientAddressHook(process.env.TRUSTED_PROXIES);
}
