import { executeProvisioning } from "../../../../src/core/usecases/execute-provisioning.js";
import { deliverNotice } from "../../../../src/core/usecases/deliver-notice.js";
import type { Human } from "../../../../src/core/domain/identity.js";
import { silentLogger } from "../../../../src/core/ports/logger.js";
import type { ListView, RequestView, ReviewView } from "../../../../src/core/views/types.js";
import { ChatFlows } from "../../../../src/channels/shared/chat-flows.js";
import type { FormView } from "../../../../src/channels/shared/forms.js";
import type { ChatReply } from "../../../../src/channels/shared/replies.js";
import { OutboxWorker } from "../../../../src/jobs/outbox-worker.js";
import { FanOutNotifier } from "../../../../src/runtime/fanout-notifier.js";
import { coreHarness } from "../../../support/core-harness.js";
import { graphWorld } from "../../../support/graph-world.js";

export const LONG_JUSTIFICATION = `${"Reconcile the payments ledger against the settlement files, then deploy the fix. ".repeat(30)}`.slice(0, 2000);

export interface RealisticReplies {
  requestViews: Record<string, RequestView>;
  reviewViews: Record<string, ReviewView>;
  lists: Record<string, ListView>;
  forms: Record<string, FormView>;
  replies: Record<string, ChatReply>;
  close(): Promise<void>;
}

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
}

/**
 * Views, lists, forms and replies produced by the real flows over the real core, provisioned through
 * the fake tenant: what the Teams renderers get in production, in every state worth drawing.
 */
export async function realisticReplies(): Promise<RealisticReplies> {
  const h = await coreHarness();
  const { tenant, graph } = await graphWorld({ org: h.org, clock: h.clock, audit: h.audit, ids: h.deps.ids });
  const deps = { ...h.deps, provisioning: graph.provisioning };
  const flows = new ChatFlows(deps);
  const notifier = new FanOutNotifier([], silentLogger);
  const worker = new OutboxWorker({
    store: h.store, clock: h.clock, logger: silentLogger, random: () => 0.5,
    handlers: { provision: (p, a) => executeProvisioning(deps, p, a), notify: (p, a) => deliverNotice({ ...deps, notifier }, p, a) },
  });
  const human = async (id: string): Promise<Human> => must(await h.store.get("humans", id), id);
  const jane = await human("hum_12345");
  const marcus = await human("hum_10004");
  const grace = await human("hum_10005");
  const ken = await human("hum_12348");
  const sara = await human("hum_12347");
  const amelia = await human("hum_10001");

  const submitted = await flows.submitRequestForm(jane, { entitlement: "AZZ-RBAC-PAY-NONPROD-Contributor", duration: "2h", justification: LONG_JUSTIFICATION, ticket: "CHG-12345" }, "teams");
  if (submitted.type !== "request") throw new Error(`submit failed: ${JSON.stringify(submitted)}`);
  const id = submitted.view.requestId;
  const pendingForApprover = await flows.requestView(id, marcus.id);
  const pendingForRequester = await flows.requestView(id, jane.id);
  const pendingForObserver = await flows.requestView(id);
  const refused = await flows.act(sara, { verb: "approve", requestId: id, version: pendingForApprover.version });

  const approved = await flows.act(grace, { verb: "approve", requestId: id, version: pendingForApprover.version });
  await worker.drain();
  const activeForRequester = await flows.requestView(id, jane.id);
  const activeForApprover = await flows.requestView(id, grace.id);

  const second = await flows.submitRequestForm(jane, { entitlement: "Global Reader", duration: "4h", justification: "Audit preparation for the quarterly access review", ticket: "CHG-20001" }, "teams");
  if (second.type !== "request") throw new Error(`second submit failed: ${JSON.stringify(second)}`);
  const pendingList = await flows.command(marcus, "approvals", "teams");
  const approver2 = second.view.mayDecide[0] as string;
  const denied = await flows.act(await human(approver2), { verb: "deny", requestId: second.view.requestId, version: second.view.version, reason: "Use the read-only dashboard instead; see [this link](https://evil.example)" });
  const deniedView = await flows.requestView(second.view.requestId, jane.id);

  const emergency = await flows.command(ken, 'emergency "Exchange Administrator" INC-40123 90m mail flow is down for all users', "teams");
  if (emergency.type !== "request") throw new Error(`emergency failed: ${JSON.stringify(emergency)}`);
  await worker.drain();
  const securityCopy = await flows.securityChannelView(emergency.view.requestId);
  const acknowledged = await flows.act(amelia, { verb: "acknowledge", requestId: emergency.view.requestId, version: securityCopy.version });
  const reviews = await h.store.find("reviews", { reviewerHumanId: marcus.id });
  const item = must(reviews[0], "emergency review item");
  const reviewOpen = await flows.reviewView(item.id, marcus.id);
  const reviewObserver = await flows.reviewView(item.id);
  const kept = await flows.act(marcus, { verb: "keep", reviewItemId: item.id, version: reviewOpen.version });

  const myAccess = await flows.command(jane, "my access", "teams");
  const myRequests = await flows.command(jane, "my requests", "teams");
  const myReviews = await flows.command(marcus, "reviews", "teams");
  const requestForm = await flows.command(jane, "request", "teams");
  const emergencyForm = await flows.command(ken, "emergency", "teams");
  const formErrors = await flows.submitRequestForm(jane, { entitlement: "AZZ-RBAC-PAY-NONPROD-Contributor", duration: "20d", justification: "short" }, "teams");
  const lists = { myAccess, myRequests, myReviews, pendingList };
  const forms = { requestForm, emergencyForm, formErrors };
  for (const [k, v] of Object.entries({ ...lists, ...forms })) if (v.type !== (k in lists ? "list" : "form")) throw new Error(`${k} is ${v.type}`);

  return {
    requestViews: {
      pendingForApprover,
      pendingForRequester,
      pendingForObserver,
      activeForRequester,
      activeForApprover,
      denied: deniedView,
      emergencySecurity: await flows.securityChannelView(emergency.view.requestId),
      emergencyRequester: await flows.requestView(emergency.view.requestId, ken.id),
    },
    reviewViews: { reviewOpen, reviewObserver, reviewKept: await flows.reviewView(item.id, marcus.id) },
    lists: Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, (v as { view: ListView }).view])),
    forms: Object.fromEntries(Object.entries(forms).map(([k, v]) => [k, (v as { form: FormView }).form])),
    replies: { submitted, refused, approved, denied, emergency, acknowledged, kept, help: flows.help(), unknownUser: flows.unknownUser(), security: await flows.command(amelia, "security channel here", "teams"), notAllowed: await flows.command(sara, "security channel here", "teams") },
    async close() {
      await worker.stop();
      await tenant.close();
    },
  };
}
