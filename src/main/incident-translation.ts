import type { IncidentRevisionListener } from "../modules/incidents/incident.service";
import { onRevisionWritten } from "../modules/translation/translation.service";

/**
 * Connects incidents to the translation workflow: every save of an incident hands its original
 * title and narrative to the workflow as a revision of the document with the incident's id.
 */
export function incidentTextsToTranslation(claimHours: number): IncidentRevisionListener {
  return (tx, e) =>
    onRevisionWritten(
      { ...tx, claimHours },
      { statementId: e.incidentId, groupId: e.groupId, revision: e.revision, lang: e.lang, title: e.title, body: e.narrative, authorId: e.authorId },
    );
}
