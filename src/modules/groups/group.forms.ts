import { asList } from "../../platform/http/form";
import type { FieldErrors } from "../../platform/http/form";

type Form = Record<string, string | string[]>;
const str = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string) : "");

/** The propose form's flat fields, shaped as the proposeGroupCommand expects. */
export function proposeFormToInput(form: Form) {
  const lang = str(form, "defaultLang");
  const label = str(form, "support_label").trim();
  const need = str(form, "need_item").trim();
  return {
    slug: str(form, "slug"),
    kind: str(form, "kind"),
    defaultLang: lang,
    profiles: [{ lang, name: str(form, "name"), description: str(form, "description") }],
    places: asList(form.places),
    languages: asList(form.languages),
    contact: str(form, "contact"),
    supportChannels:
      label || str(form, "support_url") || str(form, "support_instructions")
        ? [{ lang, label, url: str(form, "support_url"), instructions: str(form, "support_instructions") }]
        : [],
    needs: need ? [{ item: need, priority: str(form, "need_priority") }] : [],
  };
}

export function updateFormToInput(form: Form) {
  return {
    version: str(form, "version"),
    kind: str(form, "kind"),
    places: asList(form.places),
    languages: asList(form.languages),
    contact: str(form, "contact"),
    profile: { lang: str(form, "profile_lang"), name: str(form, "name"), description: str(form, "description") },
  };
}

const FIELD_OF_PATH: Record<string, string> = {
  "profiles.0.name": "name",
  "profiles.0.description": "description",
  "profiles.0.lang": "defaultLang",
  "profile.name": "name",
  "profile.description": "description",
  "profile.lang": "profile_lang",
  "supportChannels.0.label": "support_label",
  "supportChannels.0.url": "support_url",
  "supportChannels.0.instructions": "support_instructions",
  "needs.0.item": "need_item",
  "needs.0.priority": "need_priority",
  "places.0": "places",
  "languages.0": "languages",
};

/** Maps command paths back to the form's field names, so errors sit next to their inputs. */
export function toFormErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, key] of Object.entries(errors)) {
    const field = FIELD_OF_PATH[path] ?? path.replace(/\.\d+$/, "");
    out[field] ??= key;
  }
  return out;
}
