import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PersonaKey } from "./driver.js";
import { EMERGENCY_ENTITLEMENT, PERSONAS, SCENARIO_ENTITLEMENT } from "./personas.js";
import { startWorld, type AcceptanceWorld, type ChannelKit } from "./world.js";

const JUSTIFICATION = "Deploy the payments reconciliation fix to non-production";

/** The one acceptance suite: every channel runs exactly these scenarios through its own driver. */
export function runAcceptanceScenarios(kit: ChannelKit): void {
  describe(`acceptance over ${kit.name}`, () => {
    let w: AcceptanceWorld;
    beforeEach(async () => {
      w = await startWorld(kit);
    });
    afterEach(async () => {
      await w?.close();
    });

    async function requestAndWaitForCards() {
      const form = await w.driver.submitRequestForm("requester", { entitlement: SCENARIO_ENTITLEMENT, duration: "2h", justification: JUSTIFICATION });
      expect(form.errors).toEqual({});
      await w.settle();
      const request = await w.latestRequest("requester");
      expect(request.state).toBe("pending");
      return { requestId: request.id };
    }

    function groupInstances(who: PersonaKey) {
      const ent = w.org.entitlements.find((e) => e.code === SCENARIO_ENTITLEMENT)!;
      const identity = w.org.identities.find((i) => i.humanId === w.humanId(who) && i.type === "staff")!;
      return w.tenant.state.instancesFor("groupAssignment", identity.objectId, { groupId: ent.graphObjectId, accessId: "member" });
    }

    it("request → approval cards → owner approves → every copy updated → granted → expires and is removed", async () => {
      const subject = await requestAndWaitForCards();
      for (const approver of ["manager", "owner", "deputy"] as const) {
        const copy = await w.driver.copyOf(approver, subject);
        expect(copy, `${approver} got an approval card`).toBeDefined();
        expect(copy!.actions).toEqual(expect.arrayContaining(["Approve", "Deny"]));
        expect(copy!.text).toContain(SCENARIO_ENTITLEMENT);
      }
      const pressed = await w.driver.press("owner", subject, "Approve");
      expect(pressed.refused).toBe(false);
      await w.settle();

      for (const who of ["manager", "owner", "deputy", "requester"] as const) {
        const copy = await w.driver.copyOf(who, subject);
        expect(copy?.text, `${who}'s copy shows the decision`).toContain(`Approved by ${PERSONAS.owner.name}`);
        expect(copy?.actions ?? []).not.toContain("Approve");
      }
      expect(groupInstances("requester")).toHaveLength(1);
      expect((await w.driver.inbox("requester")).join("\n")).toMatch(/active until/i);

      await w.advance(125);
      expect((await w.latestRequest("requester")).state).toBe("expired");
      expect(groupInstances("requester")).toHaveLength(0);
      expect((await w.driver.inbox("requester")).join("\n")).toMatch(/has ended/i);
    });

    it("refuses a bystander who replays the owner's Approve, and changes nothing", async () => {
      const subject = await requestAndWaitForCards();
      const before = await w.driver.copyOf("owner", subject);
      const forged = await w.driver.forge("bystander", "owner", subject, "Approve");
      expect(forged.refused).toBe(true);
      expect(forged.text).toMatch(/not an approver/i);
      await w.settle();
      expect((await w.latestRequest("requester")).state).toBe("pending");
      expect((await w.driver.copyOf("owner", subject))?.actions).toEqual(before?.actions);
      expect(groupInstances("requester")).toHaveLength(0);
    });

    it("refuses self-approval", async () => {
      const subject = await requestAndWaitForCards();
      const forged = await w.driver.forge("requester", "owner", subject, "Approve");
      expect(forged.refused).toBe(true);
      expect(forged.text).toMatch(/your own request/i);
      expect((await w.latestRequest("requester")).state).toBe("pending");
    });

    it("shows field errors in the form and creates nothing", async () => {
      const form = await w.driver.submitRequestForm("requester", { entitlement: SCENARIO_ENTITLEMENT, duration: "20d", justification: "short" });
      expect(Object.keys(form.errors).sort()).toEqual(["duration", "justification"]);
      expect(await w.app.deps.store.find("requests")).toEqual([]);
    });

    it("emergency: granted at once, announced to security, acknowledged, reviewed by a second person", async () => {
      await w.driver.setupSecurityChannel("securityOwner");
      const answers = await w.driver.say("oncall", `emergency "${EMERGENCY_ENTITLEMENT}" INC-40123 90m mail flow is down for all users`);
      expect(answers.join("\n")).toMatch(/Emergency access/i);
      await w.settle();
      const request = await w.latestRequest("oncall");
      expect(request.state).toBe("active");
      const azz = w.org.identities.find((i) => i.humanId === w.humanId("oncall") && i.type === "azz")!;
      const role = w.org.entitlements.find((e) => e.code === EMERGENCY_ENTITLEMENT)!;
      expect(w.tenant.state.instancesFor("roleAssignment", azz.objectId, { roleDefinitionId: role.graphObjectId, directoryScopeId: "/" })).toHaveLength(1);

      const subject = { requestId: request.id };
      const alert = await w.driver.copyOf("securityChannel", subject);
      expect(alert?.text).toContain("INC-40123");
      expect(alert?.text).toContain(PERSONAS.oncall.name);
      const ack = await w.driver.press("securityOwner", subject, "Acknowledge");
      expect(ack.refused).toBe(false);
      await w.settle();
      expect((await w.driver.copyOf("securityChannel", subject))?.text).toContain(`Acknowledged by ${PERSONAS.securityOwner.name}`);

      const review = await w.latestReview("manager");
      expect(review?.kind).toBe("emergency_retro");
      const reviewSubject = { reviewItemId: review!.id };
      const card = await w.driver.copyOf("manager", reviewSubject);
      expect(card?.actions).toEqual(expect.arrayContaining(["Keep", "Remove"]));
      const kept = await w.driver.press("manager", reviewSubject, "Keep");
      expect(kept.refused).toBe(false);
      await w.settle();
      expect((await w.driver.copyOf("manager", reviewSubject))?.text).toContain(`Kept by ${PERSONAS.manager.name}`);
      await expect(w.app.deps.store.get("reviews", review!.id)).resolves.toMatchObject({ state: "decided" });
    });

    it("answers free text with help instead of silence", async () => {
      const answers = await w.driver.say("bystander", "what can you do?");
      expect(answers.join("\n")).toMatch(/request/i);
      expect(answers.join("\n")).toMatch(/approvals/i);
    });
  });
}
