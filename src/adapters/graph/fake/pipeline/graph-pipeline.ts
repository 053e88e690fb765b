import { setTimeout as delay } from "node:timers/promises";
import type { FaultInjector, FiredFault } from "../faults/fault-injector.js";
import type { FakeIds } from "../state/fake-ids.js";
import type { Conformance } from "./conformance.js";
import { defaultFaultText, errorEnvelope, GraphFault } from "./graph-fault.js";
import type { RequestLog } from "./request-log.js";
import type { FakeRequest, FakeResponse, Router } from "./router.js";

export interface IncomingCall {
  method: string;
  /** Path after the version segment, query included. */
  url: string;
  headers: Record<string, string | undefined>;
  body: unknown;
  origin: string;
  versionSegment: string;
}

/** What the HTTP layer must do: answer, hold the connection, or drop it. */
export type PipelineResult = { kind: "response"; response: FakeResponse } | { kind: "hang"; ms?: number } | { kind: "reset" };

export interface PipelineDeps {
  router: Router;
  conformance: Conformance;
  faults: FaultInjector;
  log: RequestLog;
  ids: FakeIds;
  now: () => Date;
  token: string;
  validateResponses: boolean;
  /** Resolves when the fake is closing; hung calls end then. */
  closing: Promise<void>;
}

/**
 * Every call, whether it arrived over HTTP or inside a `$batch`, goes through the same steps: token,
 * faults, route, conformance of the body, handler, response checks, log. Batch items skip the token
 * check (Graph authenticates the batch once) and are faulted with scope "item".
 */
export class GraphPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  handleHttp(call: IncomingCall): Promise<PipelineResult> {
    return this.process(call, undefined);
  }

  async handleItem(call: IncomingCall, batchSeq: number): Promise<FakeResponse> {
    const r = await this.process(call, batchSeq);
    if (r.kind === "response") return r.response;
    if (r.kind === "hang") {
      await Promise.race([this.deps.closing, ...(r.ms !== undefined ? [delay(r.ms)] : [])]);
      return this.errorResponse(504, "GatewayTimeout", "The request timed out.", this.deps.ids.next(), call.headers["client-request-id"]);
    }
    return this.errorResponse(503, "ServiceUnavailable", "The connection to the backend was reset.", this.deps.ids.next(), call.headers["client-request-id"]);
  }

  private async process(call: IncomingCall, batchSeq: number | undefined): Promise<PipelineResult> {
    const d = this.deps;
    const seq = d.log.nextSeq();
    const requestId = d.ids.next();
    const clientRequestId = call.headers["client-request-id"];
    const [rawPath = "/", queryText = ""] = splitUrl(call.url);
    const path = normalisePath(rawPath);
    const method = call.method.toUpperCase();
    const loggedUrl = `${path}${queryText ? `?${safeDecode(queryText)}` : ""}`;
    let faultRuleId: string | undefined;
    const finish = (response: FakeResponse): PipelineResult => {
      const headers: Record<string, string> = { "request-id": requestId, "client-request-id": clientRequestId ?? requestId, ...response.headers };
      if (response.body !== undefined) headers["Content-Type"] = "application/json";
      d.log.add({ seq, method, url: loggedUrl, path, body: call.body, status: response.status, requestId, batchSeq, faultRuleId });
      return { kind: "response", response: { ...response, headers } };
    };
    const fail = (f: GraphFault) => finish(this.errorResponse(f.status, f.code, f.message, requestId, clientRequestId, f.headers));

    if (batchSeq === undefined && call.headers["authorization"] !== `Bearer ${d.token}`) {
      return fail(
        new GraphFault(401, "InvalidAuthenticationToken", call.headers["authorization"] ? "Access token validation failure. Invalid audience." : "Access token is empty."),
      );
    }

    const decision = d.faults.decide({ method, path, scope: batchSeq === undefined ? "request" : "item" });
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    const fault = decision.fault;
    if (fault) faultRuleId = fault.ruleId;
    if (fault && !fault.applyThenFail) {
      if (fault.effect.kind === "hang" || fault.effect.kind === "reset") {
        d.log.add({ seq, method, url: loggedUrl, path, body: call.body, status: 0, requestId, batchSeq, faultRuleId });
        return fault.effect.kind === "hang" ? { kind: "hang", ms: fault.effect.ms } : { kind: "reset" };
      }
      return fail(this.faultError(fault));
    }

    const route = d.router.match(method, path);
    if (route === undefined) return fail(new GraphFault(400, "BadRequest", `Resource not found for the segment '${path.split("/").filter(Boolean).pop() ?? ""}'.`));
    if (route === "methodNotAllowed") return fail(new GraphFault(405, "Request_BadRequest", `The ${method} method is not allowed on ${path}.`));

    const apiRoot = `${call.origin}/${call.versionSegment}`;
    const req: FakeRequest = {
      method,
      path,
      query: new URLSearchParams(queryText),
      params: route.params,
      headers: call.headers,
      body: call.body,
      selfUrl: `${apiRoot}${path}`,
      apiRoot,
      requestId,
      seq,
    };
    let response: FakeResponse;
    try {
      if ((call.body as { __unparsable?: boolean } | undefined)?.__unparsable) throw new GraphFault(400, "BadRequest", "Unable to read JSON request payload.");
      if (path !== "/$batch") d.conformance.checkRequest(method, path, call.body);
      response = await route.handler(req);
    } catch (e) {
      if (e instanceof GraphFault) return fail(e);
      throw e;
    }
    if (fault?.applyThenFail) return fail(this.faultError(fault));
    if (d.validateResponses) {
      const problems = d.conformance.responseProblems(method, path, response.status, response.body);
      if (problems.length) return fail(new GraphFault(500, "FakeTenantNonConformantResponse", `The fake's own response does not match Graph's schema: ${problems.join("; ")}`));
    }
    return finish(response);
  }

  private faultError(fault: FiredFault): GraphFault {
    if (fault.effect.kind !== "error") throw new Error("only error faults produce an answer");
    const status = fault.status ?? 503;
    const text = defaultFaultText(status);
    const headers: Record<string, string> = {};
    if (fault.effect.retryAfter !== undefined) headers["Retry-After"] = fault.effect.retryAfter;
    if (fault.effect.retryAfterDateInMs !== undefined) {
      headers["Retry-After"] = new Date(Math.ceil((this.deps.now().getTime() + fault.effect.retryAfterDateInMs) / 1000) * 1000).toUTCString();
    }
    return new GraphFault(status, fault.effect.code ?? text.code, fault.effect.message ?? text.message, headers);
  }

  private errorResponse(status: number, code: string, message: string, requestId: string, clientRequestId: string | undefined, headers: Record<string, string> = {}): FakeResponse {
    return { status, headers, body: errorEnvelope(code, message, requestId, clientRequestId, this.deps.now()) };
  }
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf("?");
  return i < 0 ? [url, ""] : [url.slice(0, i), url.slice(i + 1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function normalisePath(p: string): string {
  const withSlash = p.startsWith("/") ? p : `/${p}`;
  try {
    return decodeURIComponent(withSlash).replace(/\/+$/, "") || "/";
  } catch {
    return withSlash;
  }
}
