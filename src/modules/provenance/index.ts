// Public surface of the provenance module.
export { createProvenance, type Provenance } from "./provenance.service";
