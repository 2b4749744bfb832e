// Serving the same instance over Tor as an onion service. A page reached through the onion
// address must not carry absolute links to the clearnet address (a click would leave Tor's
// protection, and the link itself ties the two together), so the base URL is chosen per request;
// and clearnet pages say where the onion service is (`Onion-Location`, which Tor Browser offers).

/** Whether a request's Host header names the onion service. */
export function isOnionRequest(hostHeader: string | undefined, onionUrl: string | null): boolean {
  return onionUrl !== null && hostHeader !== undefined && hostHeader.toLowerCase() === new URL(onionUrl).host;
}

/** The base URL for a request: the onion address for onion requests, else the configured one. */
export function baseUrlFor(hostHeader: string | undefined, config: { baseUrl: string; onionUrl: string | null }): string {
  return isOnionRequest(hostHeader, config.onionUrl) && config.onionUrl !== null ? config.onionUrl : config.baseUrl;
}

/** The page cache keeps onion and clearnet renderings apart (their absolute URLs differ). */
export function pageCacheKey(pathname: string, onion: boolean): string {
  return onion ? `onion:${pathname}` : pathname;
}
