import { pageOf, selectFields } from "../odata/collection.js";
import { badRequest, notFound } from "../pipeline/graph-fault.js";
import type { Router } from "../pipeline/router.js";
import type { FakeUser } from "../state/model.js";
import { metadata, type RouteContext } from "./context.js";

const USER_DEFAULTS = ["id", "displayName", "givenName", "surname", "mail", "userPrincipalName"] as const;

export function userEntity(u: FakeUser): Record<string, unknown> {
  return {
    id: u.id,
    displayName: u.displayName,
    givenName: u.givenName,
    surname: u.surname,
    mail: u.mail,
    userPrincipalName: u.userPrincipalName,
    userType: u.userType,
    accountEnabled: u.accountEnabled,
    createdDateTime: u.createdDateTime,
    externalUserState: u.externalUserState,
    // Graph returns signInActivity only when selected; selectFields takes care of that.
    signInActivity: {
      lastSignInDateTime: u.lastSignInDateTime ?? null,
      lastSignInRequestId: null,
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: u.lastSignInDateTime ?? null,
      lastSuccessfulSignInRequestId: null,
    },
  };
}

export function registerUserRoutes(router: Router, ctx: RouteContext): void {
  router.add("GET", "/users", (req) => ({
    status: 200,
    body: pageOf(
      [...ctx.state.users.values()].map(userEntity),
      { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, "users"), defaultPageSize: ctx.pageSize },
      (e) => selectFields(e, req.query, USER_DEFAULTS),
    ),
  }));

  router.add("GET", "/users/{user-id}", (req) => {
    const u = ctx.state.user(req.params["user-id"] as string);
    if (!u) throw notFound(req.params["user-id"] as string);
    return { status: 200, body: { "@odata.context": metadata(req.apiRoot, "users/$entity"), ...selectFields(userEntity(u), req.query, USER_DEFAULTS) } };
  });

  router.add("GET", "/users/{user-id}/manager", (req) => {
    const u = ctx.state.user(req.params["user-id"] as string);
    if (!u) throw notFound(req.params["user-id"] as string);
    const m = u.managerId ? ctx.state.user(u.managerId) : undefined;
    if (!m) throw notFound("manager");
    return {
      status: 200,
      body: {
        "@odata.context": metadata(req.apiRoot, "directoryObjects/$entity"),
        "@odata.type": "#microsoft.graph.user",
        ...selectFields(userEntity(m), req.query, USER_DEFAULTS),
      },
    };
  });

  router.add("DELETE", "/users/{user-id}", (req) => {
    const id = req.params["user-id"] as string;
    if (!ctx.state.user(id)) throw notFound(id);
    ctx.state.removeUser(id);
    return { status: 204 };
  });

  router.add("POST", "/invitations", (req) => {
    const b = (req.body ?? {}) as { invitedUserEmailAddress?: string; inviteRedirectUrl?: string; invitedUserDisplayName?: string; sendInvitationMessage?: boolean };
    if (!b.invitedUserEmailAddress) throw badRequest("Property 'invitedUserEmailAddress' is required.");
    if (!b.inviteRedirectUrl) throw badRequest("Property 'inviteRedirectUrl' is required.");
    const email = b.invitedUserEmailAddress;
    // Inviting an address that already has a guest returns that guest, which makes the call safe to repeat.
    let guest = [...ctx.state.users.values()].find((u) => u.mail?.toLowerCase() === email.toLowerCase());
    if (!guest) {
      guest = {
        id: ctx.ids.next(),
        displayName: b.invitedUserDisplayName ?? email,
        userPrincipalName: `${email.replace("@", "_")}#EXT#@${ctx.initialDomain}`,
        mail: email,
        givenName: null,
        surname: null,
        userType: "Guest",
        accountEnabled: true,
        createdDateTime: ctx.now().toISOString(),
        externalUserState: "PendingAcceptance",
      };
      ctx.state.addUser(guest);
    }
    return {
      status: 201,
      body: {
        "@odata.context": metadata(req.apiRoot, "invitations/$entity"),
        id: ctx.ids.next(),
        inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(guest.id)}`,
        inviteRedirectUrl: b.inviteRedirectUrl,
        invitedUserDisplayName: guest.displayName,
        invitedUserEmailAddress: email,
        invitedUserType: "Guest",
        sendInvitationMessage: b.sendInvitationMessage ?? false,
        resetRedemption: false,
        status: guest.externalUserState === "Accepted" ? "Completed" : "PendingAcceptance",
        invitedUser: { id: guest.id },
      },
    };
  });
}
