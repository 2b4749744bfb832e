import type { ErrorCode } from "../../platform/errors";
import { exhaustiveCheck } from "../../platform/result";
import type { IncidentError } from "./incident.service";

/** The catalogued error for a service failure (API codes and error pages). */
export function incidentErrorCode(e: IncidentError): ErrorCode {
  switch (e.type) {
    case "not-found":
      return "ERR_NOT_FOUND";
    case "forbidden":
      return "ERR_FORBIDDEN";
    case "group-not-found":
      return "ERR_GROUP_NOT_FOUND";
    case "group-not-publishing":
      return "ERR_GROUP_NOT_PUBLISHING";
    case "statement-not-found":
      return "ERR_STATEMENT_NOT_FOUND";
    case "edit-conflict":
      return "ERR_EDIT_CONFLICT";
    case "invalid":
    case "archive-failed":
      return "ERR_VALIDATION";
    default:
      return exhaustiveCheck(e);
  }
}
