import { createLibreTranslateProvider } from "./libretranslate";
import type { MtProvider } from "./mt.provider";

export interface MtConfig {
  url: string | null;
  apiKey: string | null;
}

/**
 * Machine translation is off unless an operator configured a server: statements are only
 * ever sent to a URL someone chose, so no URL means no provider (null), not a default one.
 */
export function createMtProvider(config: MtConfig): MtProvider | null {
  const url = config.url?.trim() ?? "";
  if (url === "") {
    return null;
  }
  return createLibreTranslateProvider({ url, apiKey: config.apiKey });
}
