import type { Context } from "hono";
import type { z } from "zod";

/** Field name → translation key of the first problem with that field. */
export type FieldErrors = Record<string, string>;

/** Form fields as strings; repeated fields (checkboxes) as arrays. */
export async function readForm(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      out[key] = value.filter((v): v is string => typeof v === "string");
    } else if (typeof value === "string") {
      out[key] = value;
    }
  }
  return out;
}

/** Always an array, for checkbox groups that may send zero, one or many values. */
export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** The first message (a translation key) for each failing field, ready for the form view. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "_form";
    if (!(field in out)) {
      out[field] = issue.message.startsWith("error.") ? issue.message : "error.validation";
    }
  }
  return out;
}
