// Public surface of the distribution module.
export { distributionRoutes } from "./distribution.routes";
export { FeedLinks, GroupHead, StatementHead } from "./views/head";
export { canonicalPath, canonicalUrl, languageAlternates } from "./links";
export type { FeedScope } from "./feed.model";
