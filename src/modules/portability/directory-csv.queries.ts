import type { DbContext } from "../database";
import type { DirectoryFilter } from "../groups/group.commands";
import { LISTED_STATUSES } from "../groups/group.model";
import { profileFor } from "../groups";
import { placeAndChildren, placeName } from "../places/gazetteer";
import { compareText } from "./portability.model";
import { CSV_BOM, csvRow } from "./csv.model";
import { PAGE_SIZE } from "./export-directory.queries";

/** Column names of the directory CSV (docs/data.md, "Directory CSV"); stable, in English. */
export const CSV_COLUMNS = [
  "slug",
  "name",
  "description",
  "kind",
  "status",
  "place_codes",
  "place_names",
  "languages",
  "contact",
  "support_urls",
  "needs",
  "vouched_since",
  "url",
] as const;

const NEED_ORDER = ["urgent", "high", "normal"];

/** Multi-valued cells: codes and names joined by "; ", free text (URLs, needs) one per line. */
const list = (xs: string[]) => xs.join("; ");
const lines = (xs: string[]) => xs.join("\n");

/**
 * The public directory as CSV rows for journalists: the listed groups (vouched or verified),
 * filtered like the directory page, by slug, with name and description in `lang` (else the
 * group's own language). Yields the BOM and header first, then a page of groups at a time.
 */
export async function* directoryCsv(ctx: DbContext, opts: { lang: string; baseUrl: string; filter: DirectoryFilter }): AsyncGenerator<string> {
  yield CSV_BOM + csvRow([...CSV_COLUMNS]);
  let after: string | null = null;
  for (;;) {
    let q = ctx.db.selectFrom("groups").selectAll().where("status", "in", LISTED_STATUSES);
    if (opts.filter.kind) {
      q = q.where("kind", "=", opts.filter.kind);
    }
    if (opts.filter.place) {
      q = q.where("id", "in", ctx.db.selectFrom("group_places").select("group_id").where("place_code", "in", placeAndChildren(opts.filter.place)));
    }
    if (opts.filter.lang) {
      q = q.where("id", "in", ctx.db.selectFrom("group_languages").select("group_id").where("lang", "=", opts.filter.lang));
    }
    if (after !== null) {
      q = q.where("slug", ">", after);
    }
    const groups = await q.orderBy("slug").limit(PAGE_SIZE).execute();
    if (groups.length === 0) {
      return;
    }
    const ids = groups.map((g) => g.id);
    const [profiles, places, languages, support, needs, vouched] = await Promise.all([
      ctx.db.selectFrom("group_profiles").selectAll().where("group_id", "in", ids).execute(),
      ctx.db.selectFrom("group_places").selectAll().where("group_id", "in", ids).execute(),
      ctx.db.selectFrom("group_languages").selectAll().where("group_id", "in", ids).execute(),
      ctx.db.selectFrom("group_support_channels").selectAll().where("group_id", "in", ids).where("url", "is not", null).orderBy("position").execute(),
      ctx.db.selectFrom("group_needs").selectAll().where("group_id", "in", ids).execute(),
      ctx.db
        .selectFrom("group_status_changes")
        .select(["group_id", (eb) => eb.fn.min("created_at").as("since")])
        .where("group_id", "in", ids)
        .where("to_status", "in", LISTED_STATUSES)
        .groupBy("group_id")
        .execute(),
    ]);
    let chunk = "";
    for (const g of groups) {
      const own = <R extends { group_id: string }>(rows: R[]) => rows.filter((r) => r.group_id === g.id);
      const profile = profileFor({ profiles: own(profiles), defaultLang: g.default_lang }, opts.lang);
      const codes = own(places)
        .map((p) => p.place_code)
        .sort(compareText);
      const since = own(vouched)[0]?.since ?? null;
      chunk += csvRow([
        g.slug,
        profile.name,
        profile.description,
        g.kind,
        g.status,
        list(codes),
        list(codes.map((code) => placeName(code, opts.lang))),
        list(
          own(languages)
            .map((l) => l.lang)
            .sort(compareText),
        ),
        g.contact,
        lines(own(support).map((s) => s.url ?? "")),
        lines(
          own(needs)
            .sort((a, b) => NEED_ORDER.indexOf(a.priority) - NEED_ORDER.indexOf(b.priority) || compareText(a.item, b.item))
            .map((n) => `${n.priority}: ${n.item}`),
        ),
        since === null ? "" : String(since).slice(0, 10),
        `${opts.baseUrl}/${opts.lang}/groups/${g.slug}`,
      ]);
    }
    yield chunk;
    if (groups.length < PAGE_SIZE) {
      return;
    }
    after = groups[groups.length - 1]?.slug ?? null;
  }
}
