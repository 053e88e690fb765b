/**
 * Who performs a use case. Humans are checked against the policy; system and API actors were
 * authorised at the edge (job identity, API app role) and are trusted for what they were allowed.
 */
export type Actor =
  | { kind: "human"; humanId: string; channel?: "teams" | "slack" | "cli" }
  | { kind: "system"; name: string }
  | { kind: "api"; clientId: string };

export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case "human":
      return actor.humanId;
    case "system":
      return `system:${actor.name}`;
    case "api":
      return `api:${actor.clientId}`;
  }
}

export function humanActor(humanId: string, channel?: "teams" | "slack" | "cli"): Actor {
  return { kind: "human", humanId, channel };
}

export const SYSTEM = {
  scheduler: { kind: "system", name: "scheduler" } as Actor,
  outbox: { kind: "system", name: "outbox" } as Actor,
  policy: { kind: "system", name: "policy" } as Actor,
};
