import { isoNow, type Clock } from "../../platform/clock";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import { accountService } from "../accounts/account.service";
import type { DbContext } from "../database";
import { placeByCode } from "../places/gazetteer";
import { indexDocument, removeDocument } from "../search";
import type { InviteMemberCommand, ProposeGroupCommand, UpdateGroupCommand } from "./group.commands";
import { groupPermissions, statusAfterVouch, type GroupStatus, type MemberRole } from "./group.model";
import { membershipOf } from "./group.queries";
import { groupRepo } from "./group.repo";
import type { GroupStatusChangesTable } from "./group.schema";

export interface GroupDeps extends DbContext {
  clock: Clock;
  /** Provenance: a status change is recorded in the transparency log, inside its transaction. */
  groupStatusChanged?: (tx: DbContext & { clock: Clock }, change: { groupId: string; status: GroupStatus; at: string }) => Promise<void>;
}

/** Keeps who, when and why of a status change, and tells the transparency log. */
async function recordStatusChange(tx: GroupDeps, row: GroupStatusChangesTable): Promise<void> {
  await groupRepo.insertStatusChange(tx.db, row);
  // A proposal is not public yet: the log starts with the first decision about the group.
  if (row.from_status !== null) {
    await tx.groupStatusChanged?.(tx, { groupId: row.group_id, status: row.to_status as GroupStatus, at: row.created_at });
  }
}

export type GroupError =
  | { type: "not-found" }
  | { type: "forbidden" }
  | { type: "slug-taken" }
  | { type: "already-vouched" }
  | { type: "status-transition"; from: GroupStatus; to: GroupStatus }
  | { type: "edit-conflict"; currentVersion: number }
  | { type: "user-not-found" }
  | { type: "already-member" };

type GroupRow = NonNullable<Awaited<ReturnType<typeof groupRepo.findBySlug>>>;

/** Rebuilds the search documents of a group, one per profile language. */
async function reindexGroup(ctx: DbContext, groupId: string): Promise<void> {
  await removeDocument(ctx, "group", groupId);
  const [profiles, places] = await Promise.all([
    ctx.db.selectFrom("group_profiles").selectAll().where("group_id", "=", groupId).execute(),
    ctx.db.selectFrom("group_places").select("place_code").where("group_id", "=", groupId).execute(),
  ]);
  const placeText = places.map((p) => [placeByCode(p.place_code)?.en, placeByCode(p.place_code)?.ar].join(" ")).join(" ");
  for (const p of profiles) {
    await indexDocument(ctx, { refType: "group", refId: groupId, lang: p.lang, text: `${p.name}\n${p.description}\n${placeText}` });
  }
}

/** Runs `fn` in a transaction on a group found by slug, with the viewer's membership. */
async function withGroup<T>(
  deps: GroupDeps,
  slug: string,
  fn: (tx: GroupDeps, group: GroupRow) => Promise<Result<T, GroupError>>,
): Promise<Result<T, GroupError>> {
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const group = await groupRepo.findBySlug(trx, slug);
    if (!group) {
      return err({ type: "not-found" as const });
    }
    return fn(tx, group);
  });
}

export const groupService = {
  /** Anyone signed in proposes a group; it starts pending and the proposer is its first admin. */
  async propose(deps: GroupDeps, viewer: Viewer, cmd: ProposeGroupCommand): Promise<Result<{ id: string; slug: string }, GroupError>> {
    if (!groupPermissions.propose(viewer)) {
      return err({ type: "forbidden" });
    }
    const now = isoNow(deps.clock);
    const id = newId();
    try {
      return await deps.db.transaction().execute(async (trx) => {
        if (await groupRepo.findBySlug(trx, cmd.slug)) {
          return err({ type: "slug-taken" as const });
        }
        await groupRepo.insertGroup(trx, {
          id,
          slug: cmd.slug,
          kind: cmd.kind,
          status: "pending",
          default_lang: cmd.defaultLang,
          contact: cmd.contact,
          proposed_by: viewer.id,
          version: 1,
          created_at: now,
          updated_at: now,
        });
        for (const profile of cmd.profiles) {
          await groupRepo.upsertProfile(trx, id, profile);
        }
        await groupRepo.replacePlaces(trx, id, cmd.places);
        await groupRepo.replaceLanguages(trx, id, cmd.languages);
        for (const [position, s] of cmd.supportChannels.entries()) {
          await groupRepo.insertSupportChannel(trx, { id: newId(), group_id: id, position, ...s });
        }
        for (const n of cmd.needs) {
          await groupRepo.insertNeed(trx, { id: newId(), group_id: id, item: n.item, priority: n.priority, updated_at: now });
        }
        await recordStatusChange(
          { ...deps, db: trx },
          {
            id: newId(),
            group_id: id,
            from_status: null,
            to_status: "pending",
            actor_id: viewer.id,
            reason: "proposed",
            created_at: now,
          },
        );
        await groupRepo.insertMember(trx, { group_id: id, user_id: viewer.id, role: "admin", invited_by: viewer.id, invited_at: now, accepted_at: now });
        await reindexGroup({ ...deps, db: trx }, id);
        return ok({ id, slug: cmd.slug });
      });
    } catch (e) {
      // A concurrent proposal took the slug between our check and our insert.
      if (await groupRepo.findBySlug(deps.db, cmd.slug)) {
        return err({ type: "slug-taken" });
      }
      throw e;
    }
  },

  /** Profile and facts; refused with the current version when someone else saved first. */
  update(deps: GroupDeps, viewer: Viewer, slug: string, cmd: UpdateGroupCommand): Promise<Result<void, GroupError>> {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.edit(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" });
      }
      const saved = await groupRepo.updateIfVersion(tx.db, group.id, cmd.version, {
        kind: cmd.kind,
        contact: cmd.contact,
        updated_at: isoNow(tx.clock),
      });
      if (!saved) {
        return err({ type: "edit-conflict", currentVersion: group.version });
      }
      await groupRepo.upsertProfile(tx.db, group.id, cmd.profile);
      await groupRepo.replacePlaces(tx.db, group.id, cmd.places);
      await groupRepo.replaceLanguages(tx.db, group.id, cmd.languages);
      await reindexGroup(tx, group.id);
      return ok(undefined);
    });
  },

  addSupportChannel(deps: GroupDeps, viewer: Viewer, slug: string, input: { lang: string; label: string; url: string | null; instructions: string | null }) {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.edit(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" as const });
      }
      const position = await groupRepo.countSupportChannels(tx.db, group.id);
      await groupRepo.insertSupportChannel(tx.db, { id: newId(), group_id: group.id, position, ...input });
      await groupRepo.bumpVersion(tx.db, group.id, isoNow(tx.clock));
      return ok(undefined);
    });
  },

  removeSupportChannel(deps: GroupDeps, viewer: Viewer, slug: string, channelId: string) {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.edit(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" as const });
      }
      const result = await groupRepo.deleteSupportChannel(tx.db, group.id, channelId);
      if (Number(result.numDeletedRows) === 0) {
        return err({ type: "not-found" as const });
      }
      await groupRepo.bumpVersion(tx.db, group.id, isoNow(tx.clock));
      return ok(undefined);
    });
  },

  addNeed(deps: GroupDeps, viewer: Viewer, slug: string, input: { item: string; priority: string }) {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.edit(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" as const });
      }
      const now = isoNow(tx.clock);
      await groupRepo.insertNeed(tx.db, { id: newId(), group_id: group.id, item: input.item, priority: input.priority, updated_at: now });
      await groupRepo.bumpVersion(tx.db, group.id, now);
      return ok(undefined);
    });
  },

  removeNeed(deps: GroupDeps, viewer: Viewer, slug: string, needId: string) {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.edit(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" as const });
      }
      const result = await groupRepo.deleteNeed(tx.db, group.id, needId);
      if (Number(result.numDeletedRows) === 0) {
        return err({ type: "not-found" as const });
      }
      await groupRepo.bumpVersion(tx.db, group.id, isoNow(tx.clock));
      return ok(undefined);
    });
  },

  /** An editor vouches once; the second vouch makes a pending group vouched. */
  vouch(deps: GroupDeps, viewer: Viewer, slug: string, reason: string): Promise<Result<{ status: GroupStatus; vouches: number }, GroupError>> {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.vouch(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" });
      }
      const current = group.status as GroupStatus;
      if (current === "suspended") {
        return err({ type: "status-transition", from: current, to: "vouched" });
      }
      if (await groupRepo.hasVouched(tx.db, group.id, viewer.id)) {
        return err({ type: "already-vouched" });
      }
      const now = isoNow(tx.clock);
      await groupRepo.insertVouch(tx.db, { group_id: group.id, user_id: viewer.id, reason, created_at: now });
      const vouches = await groupRepo.countVouches(tx.db, group.id);
      const next = statusAfterVouch(current, vouches);
      if (next !== current) {
        await groupRepo.setStatus(tx.db, group.id, next, now);
        await recordStatusChange(tx, {
          id: newId(),
          group_id: group.id,
          from_status: current,
          to_status: next,
          actor_id: viewer.id,
          reason,
          created_at: now,
        });
      }
      return ok({ status: next, vouches });
    });
  },

  /** Admins verify, suspend or reinstate; every change keeps who, when and why. */
  setStatus(deps: GroupDeps, viewer: Viewer, slug: string, to: GroupStatus, reason: string): Promise<Result<void, GroupError>> {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.setStatus(viewer)) {
        return err({ type: "forbidden" });
      }
      const from = group.status as GroupStatus;
      if (from === to) {
        return err({ type: "status-transition", from, to });
      }
      const now = isoNow(tx.clock);
      await groupRepo.setStatus(tx.db, group.id, to, now);
      await recordStatusChange(tx, {
        id: newId(),
        group_id: group.id,
        from_status: from,
        to_status: to,
        actor_id: viewer.id,
        reason,
        created_at: now,
      });
      return ok(undefined);
    });
  },

  /** Group admins invite by handle; the person becomes a member only once they accept. */
  invite(deps: GroupDeps, viewer: Viewer, slug: string, cmd: InviteMemberCommand): Promise<Result<{ handle: string; role: MemberRole }, GroupError>> {
    return withGroup(deps, slug, async (tx, group) => {
      if (!groupPermissions.manageMembers(viewer, await membershipOf(tx, group.id, viewer.id))) {
        return err({ type: "forbidden" });
      }
      const invitee = await accountService.findByHandle(tx, cmd.handle);
      if (!invitee) {
        return err({ type: "user-not-found" });
      }
      if (await groupRepo.findMembership(tx.db, group.id, invitee.id)) {
        return err({ type: "already-member" });
      }
      await groupRepo.insertMember(tx.db, {
        group_id: group.id,
        user_id: invitee.id,
        role: cmd.role,
        invited_by: viewer.id,
        invited_at: isoNow(tx.clock),
        accepted_at: null,
      });
      return ok({ handle: invitee.handle, role: cmd.role });
    });
  },

  respondToInvite(deps: GroupDeps, viewer: Viewer, slug: string, accept: boolean): Promise<Result<void, GroupError>> {
    return withGroup(deps, slug, async (tx, group) => {
      const membership = await groupRepo.findMembership(tx.db, group.id, viewer.id);
      if (!membership || membership.accepted_at !== null) {
        return err({ type: "not-found" });
      }
      if (accept) {
        await groupRepo.acceptMembership(tx.db, group.id, viewer.id, isoNow(tx.clock));
      } else {
        await groupRepo.deleteMembership(tx.db, group.id, viewer.id);
      }
      return ok(undefined);
    });
  },
};
