// Builds a small instance for benchmarks: a vouched group and a typical Arabic statement.
import { accountService } from "../src/modules/accounts/account.service";
import { groupService } from "../src/modules/groups";
import { statementService } from "../src/modules/statements";
import type { AppDeps } from "../src/main/deps";

const PARAGRAPH =
  "يواصل فريق الدفاع المدني عمليات البحث والإنقاذ في الأحياء المتضررة من القصف، ويطالب المجلس المحلي بفتح ممرات آمنة لإيصال الوقود والدواء إلى المستشفى الوطني، حيث يعمل الكادر الطبي منذ أيام دون انقطاع.";

export async function seedStatement(deps: AppDeps): Promise<string> {
  const mk = async (handle: string, role: "reader" | "editor") => {
    const r = await accountService.createUser(deps, { handle, password: "bench passphrase 1", role, email: null });
    if (!r.ok) {
      throw new Error(r.error.type);
    }
    return r.value;
  };
  const owner = await mk("bench_owner", "reader");
  const g = await groupService.propose(deps, owner, {
    slug: "bench-council",
    kind: "local_council",
    defaultLang: "ar",
    profiles: [{ lang: "ar", name: "المجلس المحلي", description: "مجلس محلي منتخب." }],
    places: ["SY-ID-idlib"],
    languages: ["ar", "en"],
    contact: "",
    supportChannels: [],
    needs: [{ item: "وقود", priority: "urgent" }],
  });
  if (!g.ok) {
    throw new Error(g.error.type);
  }
  for (const handle of ["bench_ed1", "bench_ed2"]) {
    await groupService.vouch(deps, await mk(handle, "editor"), "bench-council", "bench");
  }
  const body = Array.from({ length: 8 }, (_, i) => `${i + 1}. ${PARAGRAPH}`).join("\n\n");
  const s = await statementService.publish(deps, owner, "bench-council", { kind: "appeal", lang: "ar", title: "نداء عاجل من المجلس المحلي", body });
  if (!s.ok) {
    throw new Error(s.error.type);
  }
  return s.value.statementId;
}
