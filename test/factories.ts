import type { AppDeps } from "../src/main/deps";
import type { Role, Viewer } from "../src/modules/accounts/account.model";
import { accountService } from "../src/modules/accounts/account.service";
import { proposeGroupCommand, type ProposeGroupCommand } from "../src/modules/groups/group.commands";
import { groupService } from "../src/modules/groups";
import { statementService } from "../src/modules/statements";
import type { CreateStatementCommand } from "../src/modules/statements/statement.commands";

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export const PASSWORD = "correct horse battery staple";

/** Factories that go through the real services, so every row is one the app could write. */
export function factories(deps: AppDeps) {
  const make = {
    async user(opts: { role?: Role; handle?: string } = {}): Promise<Viewer> {
      const r = await accountService.createUser(deps, { handle: opts.handle ?? unique("u"), password: PASSWORD, role: opts.role ?? "reader", email: null });
      if (!r.ok) {
        throw new Error(r.error.type);
      }
      return r.value;
    },

    groupInput(overrides: Partial<ProposeGroupCommand> = {}): ProposeGroupCommand {
      return proposeGroupCommand.parse({
        slug: unique("g-"),
        kind: "civil_defence",
        defaultLang: "ar",
        profiles: [{ lang: "ar", name: "الدفاع المدني في إدلب", description: "فرق إنقاذ تعمل في المستشفيات والأحياء." }],
        places: ["SY-ID-idlib"],
        languages: ["ar"],
        contact: "",
        ...overrides,
      });
    },

    async group(owner: Viewer, overrides: Partial<ProposeGroupCommand> = {}) {
      const r = await groupService.propose(deps, owner, make.groupInput(overrides));
      if (!r.ok) {
        throw new Error(r.error.type);
      }
      return r.value;
    },

    /** A group vouched by two fresh editors, owned by `owner`. */
    async vouchedGroup(owner: Viewer, overrides: Partial<ProposeGroupCommand> = {}) {
      const g = await make.group(owner, overrides);
      for (let i = 0; i < 2; i++) {
        const editor = await make.user({ role: "editor" });
        const v = await groupService.vouch(deps, editor, g.slug, "I know their work");
        if (!v.ok) {
          throw new Error(v.error.type);
        }
      }
      return g;
    },

    async statement(publisher: Viewer, groupSlug: string, overrides: Partial<CreateStatementCommand> = {}) {
      const r = await statementService.publish(deps, publisher, groupSlug, { kind: "statement", lang: "ar", title: "بيان", body: "نص البيان.", ...overrides });
      if (!r.ok) {
        throw new Error(r.error.type);
      }
      return r.value;
    },
  };
  return make;
}
