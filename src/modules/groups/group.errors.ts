import type { ErrorCode } from "../../platform/errors";
import { exhaustiveCheck } from "../../platform/result";
import type { GroupError } from "./group.service";

/** The stable error code of each group failure, shared by pages and the JSON API. */
export function groupErrorCode(e: GroupError): ErrorCode {
  switch (e.type) {
    case "not-found":
      return "ERR_GROUP_NOT_FOUND";
    case "forbidden":
      return "ERR_FORBIDDEN";
    case "slug-taken":
      return "ERR_SLUG_TAKEN";
    case "already-vouched":
      return "ERR_ALREADY_VOUCHED";
    case "status-transition":
      return "ERR_STATUS_TRANSITION";
    case "edit-conflict":
      return "ERR_EDIT_CONFLICT";
    case "user-not-found":
      return "ERR_USER_NOT_FOUND";
    case "already-member":
      return "ERR_ALREADY_MEMBER";
    default:
      return exhaustiveCheck(e);
  }
}
