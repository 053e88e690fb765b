import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { createGraphValidator, type GraphValidator } from "../../../../../vendor/conformance/tools/validate-graph-request.mjs";
import { badRequest } from "./graph-fault.js";

const BATCH_SCHEMA_URL = new URL("../../../../../vendor/conformance/graph-json-batch.schema.json", import.meta.url);

export interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/**
 * Checks what clients send against Graph's own schema, closed: an unknown or misspelt property is a
 * 400 naming it, where real Graph would often ignore it and the bug would ship. Also checks responses
 * the fake produces, so the fake cannot drift from Graph's shapes unnoticed.
 */
export class Conformance {
  private static shared?: Conformance;
  private readonly warmed = new Set<string>();

  /** One per process: compiled schemas are immutable and costly, so every fake in a test run shares them. */
  static instance(): Conformance {
    Conformance.shared ??= new Conformance();
    return Conformance.shared;
  }

  private readonly graph: GraphValidator;
  private readonly batchRequest: ValidateFunction;
  private readonly batchResponse: ValidateFunction;

  constructor() {
    // Groups are an open type: the validator already admits directory extension attributes (extension_<appId>_<name>).
    this.graph = createGraphValidator();
    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema(JSON.parse(readFileSync(BATCH_SCHEMA_URL, "utf8")));
    this.batchRequest = ajv.getSchema("graph-json-batch.schema.json#/definitions/BatchRequest") as ValidateFunction;
    this.batchResponse = ajv.getSchema("graph-json-batch.schema.json#/definitions/BatchResponse") as ValidateFunction;
  }

  /**
   * Compiles the schemas of the operations the fake serves up front (a few seconds of ajv work), so the
   * first request of each kind is not slow enough to trip a client's timeout.
   */
  warmUp(operations: Array<[method: string, path: string]>, responses: boolean): void {
    for (const [method, path] of operations) {
      const key = `${method} ${path} ${responses}`;
      if (this.warmed.has(key)) continue;
      this.warmed.add(key);
      if (method === "POST" || method === "PATCH") this.graph.request(method, path, {});
      if (responses) {
        this.graph.response(method, path, method === "POST" ? 201 : 200, {});
        this.graph.response(method, path, 400, {});
      }
    }
  }

  /** Throws a Graph 400 when the body does not match the operation's schema. */
  checkRequest(method: string, path: string, body: unknown): void {
    if (method === "GET" || method === "DELETE") {
      if (body !== undefined && body !== null && body !== "") throw badRequest(`${method} takes no request body`);
      return;
    }
    const r = this.graph.request(method, path, body);
    if (!r.ok) throw badRequest(`Invalid request body for ${method} ${path}: ${r.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
  }

  /** The `$batch` envelope: schema, then what a schema cannot say (unique ids, existing dependsOn). */
  checkBatch(body: unknown): BatchItem[] {
    if (!this.batchRequest(body)) {
      const errs = (this.batchRequest.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` "${String(e.params.additionalProperty)}"` : ""}`);
      throw badRequest(`Invalid batch request: ${errs.join("; ")}`);
    }
    const items = (body as { requests: BatchItem[] }).requests;
    const ids = new Set<string>();
    for (const item of items) {
      const key = item.id.toLowerCase();
      if (ids.has(key)) throw badRequest(`Invalid batch request: duplicate request id '${item.id}'`);
      ids.add(key);
    }
    for (const item of items) {
      for (const dep of item.dependsOn ?? []) {
        if (!ids.has(dep.toLowerCase()) || dep.toLowerCase() === item.id.toLowerCase()) {
          throw badRequest(`Invalid batch request: request '${item.id}' depends on unknown request '${dep}'`);
        }
      }
    }
    return items;
  }

  responseProblems(method: string, path: string, status: number, body: unknown): string[] {
    if (path === "/$batch") {
      return this.batchResponse(body) ? [] : (this.batchResponse.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    }
    const r = this.graph.response(method, path, status, body);
    return r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`);
  }
}
