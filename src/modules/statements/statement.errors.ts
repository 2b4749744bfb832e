import type { ErrorCode } from "../../platform/errors";
import { exhaustiveCheck } from "../../platform/result";
import type { StatementError } from "./statement.service";

/** The stable error code of each statement failure, shared by pages and the JSON API. */
export function statementErrorCode(e: StatementError): ErrorCode {
  switch (e.type) {
    case "group-not-found":
      return "ERR_GROUP_NOT_FOUND";
    case "not-found":
      return "ERR_STATEMENT_NOT_FOUND";
    case "forbidden":
      return "ERR_FORBIDDEN";
    case "group-not-publishing":
      return "ERR_GROUP_NOT_PUBLISHING";
    case "retracted":
      return "ERR_STATEMENT_RETRACTED";
    case "stale":
      return "ERR_PRECONDITION_FAILED";
    case "signature-required":
      return "ERR_SIGNATURE_REQUIRED";
    case "signature-invalid":
      return "ERR_SIGNATURE_INVALID";
    default:
      return exhaustiveCheck(e);
  }
}
