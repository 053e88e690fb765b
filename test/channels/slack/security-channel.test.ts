import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SECURITY_CHANNEL } from "../../acceptance/slack-driver.js";
import { buttonsOf, visibleText } from "../../fakes/slack/index.js";
import { startSlackWorld, type SlackWorld } from "./support/slack-world.js";

describe("Slack security channel", () => {
  let s: SlackWorld;
  beforeEach(async () => {
    s = await startSlackWorld();
  });
  afterEach(async () => {
    await s?.close();
  });

  it("posts a provisioning failure with Retry, and its copy follows the retry to Active", async () => {
    const subject = await s.request();
    const fault = s.w.tenant.faults.add({ path: "^/identityGovernance/", effect: { kind: "error", status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges" } });
    await s.w.driver.press("owner", subject, "Approve");
    await s.w.settle();
    expect((await s.w.latestRequest("requester")).state).toBe("failed");

    const alert = s.copy(SECURITY_CHANNEL, subject)!;
    expect(visibleText(alert.blocks)).toMatch(/Provisioning failed/);
    expect(buttonsOf(alert.blocks).map((b) => b.label)).toContain("Retry provisioning");
    expect((await s.w.driver.inbox("requester")).join("\n")).toMatch(/could not be applied/);

    s.w.tenant.faults.remove(fault);
    const retried = await s.w.driver.press("securityOwner", subject, "Retry provisioning");
    expect(retried.refused).toBe(false);
    await s.w.settle();
    expect((await s.w.latestRequest("requester")).state).toBe("active");
    const after = s.copy(SECURITY_CHANNEL, subject)!;
    expect(visibleText(after.blocks)).toContain("Active");
    expect(buttonsOf(after.blocks).map((b) => b.label)).not.toContain("Retry provisioning");
  });
});
