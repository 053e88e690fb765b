import type { CallContext } from "../audit/graph-call-audit.js";
import { errorFromReply } from "../errors/map-graph-error.js";
import type { GraphCaller } from "../graph-caller.js";
import type { GraphRequestSpec } from "../http/graph-reply.js";
import type { DesiredState } from "./plan-change.js";
import { instanceFilter, odataString, SCHEDULE_ENDPOINTS } from "./schedule-endpoints.js";

export interface ReadBack {
  holds: boolean;
  requestIds: string[];
}

/** Instances whose end is this close to the requested end count as extended (Graph rounds to seconds). */
const END_TOLERANCE_MS = 60_000;

/** Reads the tenant to tell whether a desired state holds; every read is a normal, audited Graph call. */
export class StateReader {
  constructor(private readonly caller: GraphCaller) {}

  async holds(desired: DesiredState, ctx: CallContext): Promise<ReadBack> {
    switch (desired.kind) {
      case "schedule": {
        const spec: GraphRequestSpec = {
          method: "GET",
          path: `${SCHEDULE_ENDPOINTS[desired.schedule].instances}?$filter=${instanceFilter(desired.principalId, desired.target)}`,
        };
        const reply = await this.caller.call(spec, ctx);
        if (reply.status !== 200) throw errorFromReply(spec, reply);
        const instances = ((reply.body as { value?: Array<{ endDateTime?: string | null }> })?.value ?? []);
        const wantedEnd = desired.endAt ? Date.parse(desired.endAt) : undefined;
        const matching = instances.filter(
          (i) => wantedEnd === undefined || i.endDateTime == null || Date.parse(i.endDateTime) >= wantedEnd - END_TOLERANCE_MS,
        );
        return { holds: desired.present ? matching.length > 0 : instances.length === 0, requestIds: ids(reply.requestId) };
      }
      case "membership": {
        const spec: GraphRequestSpec = {
          method: "GET",
          path: `/groups/${desired.groupId}/members?$filter=id eq ${odataString(desired.principalId)}&$select=id&$count=true`,
          // Filtering members by id is an advanced query in Graph: it needs eventual consistency and $count.
          headers: { ConsistencyLevel: "eventual" },
        };
        const reply = await this.caller.call(spec, ctx);
        if (reply.status !== 200) throw errorFromReply(spec, reply);
        const found = ((reply.body as { value?: unknown[] })?.value ?? []).length > 0;
        return { holds: found === desired.present, requestIds: ids(reply.requestId) };
      }
      case "user": {
        const spec: GraphRequestSpec = { method: "GET", path: `/users/${desired.principalId}?$select=id` };
        const reply = await this.caller.call(spec, ctx);
        if (reply.status === 404) return { holds: true, requestIds: ids(reply.requestId) };
        if (reply.status !== 200) throw errorFromReply(spec, reply);
        return { holds: false, requestIds: ids(reply.requestId) };
      }
    }
  }
}

function ids(id: string | undefined): string[] {
  return id ? [id] : [];
}
