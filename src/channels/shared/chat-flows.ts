import type { Human } from "../../core/domain/identity.js";
import { ErrorCodes, isPimError } from "../../core/errors.js";
import { emergencyCovers } from "../../core/policy/emergency.js";
import { acknowledgeEmergency } from "../../core/usecases/acknowledge-emergency.js";
import { approveRequest } from "../../core/usecases/approve-request.js";
import { cancelRequest } from "../../core/usecases/cancel-request.js";
import { decideReview } from "../../core/usecases/decide-review.js";
import { denyRequest } from "../../core/usecases/deny-request.js";
import { extendGrant } from "../../core/usecases/extend-grant.js";
import { getRequestView, getReviewView, getSecurityChannelView } from "../../core/usecases/queries/get-views.js";
import { listMyAccess, listMyRequests, listMyReviews, listPendingApprovals } from "../../core/usecases/queries/list-views.js";
import { resolveChatUser } from "../../core/usecases/queries/resolve-chat-user.js";
import { searchCatalog } from "../../core/usecases/queries/search-catalog.js";
import { requestEmergency } from "../../core/usecases/request-emergency.js";
import { retryProvisioning } from "../../core/usecases/retry-provisioning.js";
import { revokeGrant } from "../../core/usecases/revoke-grant.js";
import { humanActor } from "../../core/usecases/shared/actor.js";
import type { CoreDeps } from "../../core/usecases/shared/deps.js";
import { parseInput } from "../../core/usecases/shared/input.js";
import { submitRequest } from "../../core/usecases/submit-request.js";
import type { CatalogOptionView } from "../../core/views/types.js";
import { CardActionSchema, isReviewAction } from "./actions.js";
import { COMMAND_HELP, parseCommand } from "./commands.js";
import { emergencyForm, EmergencyFormSchema, issuesByField, requestForm, RequestFormSchema } from "./forms.js";
import { buildOverview, type OverviewView } from "./overview.js";
import type { ChatReply } from "./replies.js";

export type ChatSource = "teams" | "slack";

/**
 * Every conversation flow, once, for every channel: text command → use case → neutral reply.
 * Channels translate their events into these calls and render the replies; they decide nothing.
 */
export class ChatFlows {
  constructor(private readonly deps: CoreDeps) {}

  identify(who: { aadObjectId?: string; email?: string }): Promise<Human | undefined> {
    return resolveChatUser(this.deps.store, who);
  }

  unknownUser(): ChatReply {
    return { type: "text", tone: "warning", text: "I don't know who you are in the access system yet, so I can't act for you. Ask the service desk to link your chat account to your staff record." };
  }

  help(): ChatReply {
    return { type: "help", intro: "I handle privileged access: requests, approvals, emergency access and access reviews. You can type:", items: COMMAND_HELP };
  }

  async command(human: Human, text: string, source: ChatSource): Promise<ChatReply> {
    const cmd = parseCommand(text);
    return this.guard(async () => {
      switch (cmd.kind) {
        case "help":
          return this.help();
        case "unknown":
          return { ...this.help(), intro: `I didn't understand "${cmd.text}". Here is what I can do:` } as ChatReply;
        case "request":
          if (cmd.problem) return { type: "error", code: ErrorCodes.VALIDATION_FAILED, message: cmd.problem, issues: [] };
          if (!cmd.oneLine) return { type: "form", form: requestForm(await this.search(human, "", 100)) };
          return this.submitRequest(human, { entitlement: cmd.oneLine.entitlement, justification: cmd.oneLine.justification, ticket: cmd.oneLine.ticket, durationMinutes: cmd.oneLine.durationMinutes }, source);
        case "emergency":
          if (cmd.problem) return { type: "error", code: ErrorCodes.VALIDATION_FAILED, message: cmd.problem, issues: [] };
          if (!cmd.oneLine) return { type: "form", form: emergencyForm(await this.emergencyOptions(human), this.deps.policy.emergency.maxMinutes) };
          return this.emergency(human, { entitlement: cmd.oneLine.entitlement, incident: cmd.oneLine.incident, minutes: cmd.oneLine.minutes, justification: cmd.oneLine.justification }, source);
        case "myAccess":
          return { type: "list", view: await listMyAccess(this.deps, human.id) };
        case "myRequests":
          return { type: "list", view: await listMyRequests(this.deps, human.id) };
        case "approvals":
          return { type: "list", view: await listPendingApprovals(this.deps, human.id) };
        case "reviews":
          return { type: "list", view: await listMyReviews(this.deps, human.id) };
        case "securityChannelHere":
          if (!human.staffId || !this.deps.policy.securityOwners.staffIds.includes(human.staffId)) {
            return { type: "error", code: ErrorCodes.NOT_ALLOWED, message: "Only a security owner can choose the security channel.", issues: [] };
          }
          return { type: "registerSecurityChannel", note: "This channel now receives emergency grants, provisioning failures and violations." };
      }
    });
  }

  /** Typeahead: entitlements matching the query, each with whether and why (not) requestable. */
  search(human: Human, query: string, limit = 15): Promise<CatalogOptionView[]> {
    return searchCatalog(this.deps, { humanId: human.id, query, limit });
  }

  /** Typeahead for the emergency form: only entitlements break-glass covers. */
  async searchEmergency(human: Human, query: string, limit = 15): Promise<CatalogOptionView[]> {
    return (await this.emergencyOptions(human, query)).slice(0, limit);
  }

  private async emergencyOptions(human: Human, query = ""): Promise<CatalogOptionView[]> {
    const all = await this.deps.store.find("entitlements");
    const covered = new Set(all.filter((e) => emergencyCovers(this.deps.policy, e)).map((e) => e.id));
    return (await this.search(human, query, 200)).filter((o) => covered.has(o.entitlementId));
  }

  async submitRequestForm(human: Human, raw: unknown, source: ChatSource): Promise<ChatReply> {
    const values = raw && typeof raw === "object" ? (raw as Record<string, string>) : {};
    let data;
    try {
      data = parseInput(RequestFormSchema, raw);
    } catch (e) {
      if (!isPimError(e)) throw e;
      return { type: "form", form: requestForm(await this.search(human, "", 100), values, issuesByField(e.issues), "Please fix the highlighted fields.") };
    }
    const reply = await this.submitRequest(human, {
      entitlement: data.entitlement,
      identityType: data.identity === "auto" ? undefined : data.identity,
      grantKind: data.grantKind === "auto" ? undefined : data.grantKind,
      durationMinutes: data.duration,
      justification: data.justification,
      ticket: data.ticket || undefined,
    }, source);
    if (reply.type !== "error") return reply;
    return { type: "form", form: requestForm(await this.search(human, "", 100), values, issuesByField(reply.issues.length > 0 ? reply.issues : [{ field: "entitlement", message: reply.message }]), reply.issues.length > 0 ? "Please fix the highlighted fields." : undefined) };
  }

  async submitEmergencyForm(human: Human, raw: unknown, source: ChatSource): Promise<ChatReply> {
    const values = raw && typeof raw === "object" ? (raw as Record<string, string>) : {};
    const max = this.deps.policy.emergency.maxMinutes;
    let data;
    try {
      data = parseInput(EmergencyFormSchema, raw);
    } catch (e) {
      if (!isPimError(e)) throw e;
      return { type: "form", form: emergencyForm(await this.emergencyOptions(human), max, values, issuesByField(e.issues), "Please fix the highlighted fields.") };
    }
    const reply = await this.emergency(human, { entitlement: data.entitlement, incident: data.incident, minutes: data.duration, justification: data.justification }, source);
    if (reply.type !== "error") return reply;
    return { type: "form", form: emergencyForm(await this.emergencyOptions(human), max, values, issuesByField(reply.issues.length > 0 ? reply.issues : [{ field: "entitlement", message: reply.message }]), reply.message) };
  }

  private submitRequest(human: Human, input: { entitlement: string; identityType?: "staff" | "azz" | "b2b"; grantKind?: "eligible" | "active"; durationMinutes?: number; justification: string; ticket?: string }, source: ChatSource): Promise<ChatReply> {
    return this.guard(async () => {
      const res = await submitRequest(this.deps, { requesterHumanId: human.id, source, ...input });
      return { type: "request", view: res.view, note: res.message };
    });
  }

  private emergency(human: Human, input: { entitlement: string; incident: string; minutes?: number; justification?: string }, source: ChatSource): Promise<ChatReply> {
    return this.guard(async () => {
      const res = await requestEmergency(this.deps, { requesterHumanId: human.id, source, ...input });
      return { type: "request", view: res.view, note: res.message };
    });
  }

  /** A button on a card. The payload is parsed strictly; the right to act is decided by the core. */
  async act(human: Human, raw: unknown): Promise<ChatReply> {
    return this.guard(async () => {
      const action = parseInput(CardActionSchema, raw);
      if (isReviewAction(action)) {
        const res = await decideReview(this.deps, { reviewItemId: action.reviewItemId, actorHumanId: human.id, decision: action.verb, reason: action.reason, reassignTo: action.reassignTo, expectedVersion: action.version });
        return { type: "review", view: res.view, note: res.message };
      }
      const base = { requestId: action.requestId, actorHumanId: human.id };
      switch (action.verb) {
        case "approve": {
          const r = await approveRequest(this.deps, { ...base, expectedVersion: action.version });
          return { type: "request", view: r.view, note: r.message };
        }
        case "deny": {
          const r = await denyRequest(this.deps, { ...base, expectedVersion: action.version, reason: action.reason });
          return { type: "request", view: r.view, note: r.message };
        }
        case "cancel": {
          const r = await cancelRequest(this.deps, base);
          return { type: "request", view: r.view, note: r.message };
        }
        case "extend": {
          const r = await extendGrant(this.deps, { ...base, minutes: action.minutes ?? 60 });
          return { type: "request", view: r.view, note: r.message };
        }
        case "release": {
          const r = await revokeGrant(this.deps, humanActor(human.id), { requestId: action.requestId, reason: action.reason || "Released by the holder" });
          return { type: "request", view: r.view, note: r.message };
        }
        case "acknowledge": {
          const r = await acknowledgeEmergency(this.deps, base);
          return { type: "request", view: r.view, note: r.message };
        }
        case "retry": {
          const r = await retryProvisioning(this.deps, humanActor(human.id), action.requestId);
          return { type: "request", view: await getRequestView(this.deps, action.requestId, human.id), note: r.message };
        }
      }
    }, raw, human.id);
  }

  requestView(requestId: string, viewerHumanId?: string) {
    return getRequestView(this.deps, requestId, viewerHumanId);
  }

  securityChannelView(requestId: string) {
    return getSecurityChannelView(this.deps, requestId);
  }

  reviewView(reviewItemId: string, viewerHumanId?: string) {
    return getReviewView(this.deps, reviewItemId, viewerHumanId);
  }

  /** One person's dashboard: approvals and reviews waiting for them, their access and requests. */
  overview(human: Human): Promise<OverviewView> {
    return buildOverview(this.deps, human.id);
  }

  /** Typed errors become replies people can act on; with a stale card, the current state comes along. */
  private async guard(fn: () => Promise<ChatReply>, raw?: unknown, viewerHumanId?: string): Promise<ChatReply> {
    try {
      return await fn();
    } catch (e) {
      if (!isPimError(e)) throw e;
      let current;
      const subject = raw && typeof raw === "object" ? (raw as { requestId?: unknown; reviewItemId?: unknown }) : {};
      if ((e.code === ErrorCodes.STALE_VERSION || e.code === ErrorCodes.NOT_AN_APPROVER) && typeof subject.requestId === "string") {
        current = await getRequestView(this.deps, subject.requestId, viewerHumanId).catch(() => undefined);
      }
      if (e.code === ErrorCodes.STALE_VERSION && typeof subject.reviewItemId === "string") {
        current = await getReviewView(this.deps, subject.reviewItemId, viewerHumanId).catch(() => undefined);
      }
      return { type: "error", code: e.code, message: e.message, issues: e.issues, current };
    }
  }
}
