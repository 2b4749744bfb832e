// Public surface of translation/qa: pure checks of one segment translation against its source.
export { runQaChecks, QA_CODES, QA_BLOCKING, type QaCode, type QaIssue, type QaInput, type QaGlossaryEntry } from "./qa.model";
export { QA_MESSAGES } from "./qa.messages";
export { LENGTH_BAND } from "./qa-format.model";
export { extractNumbers } from "./qa-numbers.model";
