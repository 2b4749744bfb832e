// Public surface of the provenance module.
export { createProvenance, type Provenance } from "./provenance.service";
export { provenanceSummary, type ProvenanceSummary } from "./provenance.queries";
export { ProvenancePanel } from "./views/provenance-panel";
export { groupSigningCustody } from "./keys.service";
