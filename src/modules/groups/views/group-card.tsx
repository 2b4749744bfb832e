import { directionOf } from "../../../platform/i18n/languages";
import { placeName } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { profileFor, type GroupSummary } from "../group.queries";

/** A group in a list: name in the reader's language where the group wrote one. */
export function GroupCard(props: { ctx: PageCtx; group: GroupSummary }) {
  const { ctx, group } = props;
  const { i } = ctx;
  const profile = profileFor(group, i.lang);
  const governorates = [...new Set(group.places.map((p) => p.split("-").slice(0, 2).join("-")))];
  return (
    <li class="card">
      <h3 lang={profile.lang} dir={directionOf(profile.lang)}>
        <a href={href(ctx, `/groups/${group.slug}`)}>{profile.name}</a>
      </h3>
      <p class="meta">
        {i.t(`group_kind.${group.kind}`)} · {governorates.map((g) => placeName(g, i.lang)).join(i.t("list.separator"))}{" "}
        <span class={`badge ${group.status}`}>{i.t(`group_status.${group.status}`)}</span>
      </p>
    </li>
  );
}
