// Public surface of the federation module.
export { createFederation, type FederationService } from "./federation.service";
export { FediverseLine, type FediverseSummary } from "./views/fediverse-line";
export { fediverseSummary } from "./fediverse-summary";
