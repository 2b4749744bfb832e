// Public surface of the translation glossary.
export { glossaryService, type GlossaryDeps, type GlossaryError } from "./glossary.service";
export { getGlossaryTerm, listGlossary, termsForPair } from "./glossary.queries";
export { glossaryPermissions, normalizeTerm, MAX_RENDERINGS, type GlossaryTerm } from "./glossary.model";
export { createGlossaryTermCommand, glossaryTermCommand, updateGlossaryTermCommand, type GlossaryTermCommand } from "./glossary.commands";
export { findTermsInSegment, type TermMatch } from "./glossary.match";
export { DNT_NOTE, MAX_TBX_BYTES, exportTbx, importTbx, type TbxImportError, type TbxImportSummary } from "./glossary.tbx";
