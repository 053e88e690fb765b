/** One request as the fake received it; items of a `$batch` appear too, pointing at their batch. */
export interface LoggedRequest {
  seq: number;
  method: string;
  /** Path after the version segment, query included, e.g. `/groups?$filter=…`. */
  url: string;
  path: string;
  body: unknown;
  status: number;
  requestId: string;
  /** `seq` of the `$batch` request that carried this one. */
  batchSeq?: number;
  /** Which fault rule answered, if one did. */
  faultRuleId?: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** How many requests were logged so far; with `since`, lets a poller look at new ones only. */
  get size(): number {
    return this.entries.length;
  }

  /** Requests logged after the first `count`, in the order they completed. */
  since(count: number): LoggedRequest[] {
    return this.entries.slice(count);
  }

  all(): LoggedRequest[] {
    return [...this.entries].sort((a, b) => a.seq - b.seq);
  }

  /** HTTP requests only (batch items excluded): what a client actually sent over the wire. */
  httpRequests(): LoggedRequest[] {
    return this.all().filter((e) => e.batchSeq === undefined);
  }

  /** Writes that reached the tenant, whether sent alone or inside a batch. */
  writes(): LoggedRequest[] {
    return this.all().filter((e) => e.method !== "GET" && e.path !== "/$batch");
  }

  clear(): void {
    this.entries = [];
  }
}
