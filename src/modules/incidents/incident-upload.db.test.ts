import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { incidentService } from "./incident.service";
import { incidentInput } from "./incidents.testkit";
import { streamedUpload } from "../media/media.testkit";

const h = useHarness();

describe("incident source uploads", () => {
  it("refuses a signed-in account that may not add sources before reading the body; the group's members pass", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner, { kind: "human_rights" });
    const created = await incidentService.create({ ...h.deps, dataDir: h.deps.config.dataDir }, owner, incidentInput({ group: g.slug }));
    if (!created.ok) {
      throw new Error(created.error.type);
    }
    const total = 8 * 1024 * 1024;
    const post = async (handle: string) => {
      const client = await h.signInAs(handle);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const upload = streamedUpload(total);
      const res = await h.app.request(
        new Request(`http://sada.test/en/incidents/${created.value.id}/sources`, {
          method: "POST",
          body: upload.body,
          duplex: "half",
          headers: { "content-type": "multipart/form-data; boundary=x", cookie },
        } as RequestInit),
      );
      await upload.body.cancel().catch(() => undefined);
      return { status: res.status, pulled: upload.state.pulled };
    };
    const stranger = await h.make.user({ role: "translator" });
    const refused = await post(stranger.handle);
    expect(refused.status).toBe(403);
    expect(refused.pulled).toBeLessThan(512 * 1024);
    // A member of the documenting group gets past the gate: the body is read (and then checked).
    const member = await post(owner.handle);
    expect(member.pulled).toBeGreaterThan(total / 2);
  });
});
