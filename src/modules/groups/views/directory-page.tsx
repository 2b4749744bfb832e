import { CONTENT_LANGUAGES } from "../../../platform/i18n/languages";
import { GOVERNORATES, placeName } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { DirectoryFilter } from "../group.commands";
import { GROUP_KINDS, type GroupStatus } from "../group.model";
import type { DirectoryResult } from "../group.queries";
import { GroupCard } from "./group-card";

export function DirectoryPage(props: { ctx: PageCtx; filter: DirectoryFilter; result: DirectoryResult; statusChoices: GroupStatus[] }) {
  const { ctx, filter, result } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("directory.title")}>
      <h1>{i.t("directory.title")}</h1>
      <p>
        {i.t("directory.count", { count: result.counts.total })} · <a href={href(ctx, "/groups/new")}>{i.t("directory.propose")}</a> ·{" "}
        <a href={href(ctx, "/groups.csv")}>{i.t("directory.download_csv")}</a>
      </p>
      <div class="layout-2">
        <form method="get" action={href(ctx, "/groups")} class="filters" aria-label={i.t("directory.filters")}>
          <fieldset>
            <legend>{i.t("field.kind")}</legend>
            <select name="kind" aria-label={i.t("field.kind")}>
              <option value="">{i.t("directory.any")}</option>
              {GROUP_KINDS.map((k) => (
                <option value={k} selected={filter.kind === k}>
                  {i.t(`group_kind.${k}`)} ({i.number(result.counts.kind[k] ?? 0)})
                </option>
              ))}
            </select>
          </fieldset>
          <fieldset>
            <legend>{i.t("field.place")}</legend>
            <select name="place" aria-label={i.t("field.place")}>
              <option value="">{i.t("directory.any")}</option>
              {GOVERNORATES.map((g) => (
                <option value={g.code} selected={filter.place === g.code}>
                  {placeName(g.code, i.lang)} ({i.number(result.counts.place[g.code] ?? 0)})
                </option>
              ))}
            </select>
          </fieldset>
          <fieldset>
            <legend>{i.t("field.language")}</legend>
            <select name="lang" aria-label={i.t("field.language")}>
              <option value="">{i.t("directory.any")}</option>
              {CONTENT_LANGUAGES.map((l) => (
                <option value={l.code} selected={filter.lang === l.code}>
                  {l.autonym} ({i.number(result.counts.lang[l.code] ?? 0)})
                </option>
              ))}
            </select>
          </fieldset>
          {props.statusChoices.length > 2 ? (
            <fieldset>
              <legend>{i.t("field.status")}</legend>
              <select name="status" aria-label={i.t("field.status")}>
                <option value="">{i.t("directory.listed")}</option>
                {props.statusChoices.map((s) => (
                  <option value={s} selected={filter.status === s}>
                    {i.t(`group_status.${s}`)}
                  </option>
                ))}
              </select>
            </fieldset>
          ) : null}
          <button type="submit">{i.t("directory.apply")}</button>
        </form>
        <div>
          {result.groups.length === 0 ? (
            <p class="muted">{i.t("directory.empty")}</p>
          ) : (
            <ul class="cards">
              {result.groups.map((g) => (
                <GroupCard ctx={ctx} group={g} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </Layout>
  );
}
