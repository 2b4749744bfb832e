export type { MtError, MtProvider } from "./mt.provider";
export { describeMtError } from "./mt.provider";
export type { LibreTranslateOptions } from "./libretranslate";
export { createLibreTranslateProvider } from "./libretranslate";
export type { MtConfig } from "./mt.factory";
export { createMtProvider } from "./mt.factory";
