import { seededRandom } from "../../../../demo/random.js";
import { FaultRuleSchema, type FaultEffect, type FaultRule, type FaultRuleInput } from "./fault-rule.js";

export interface CallInfo {
  method: string;
  path: string;
  scope: "request" | "item";
}

export interface FiredFault {
  ruleId: string;
  effect: FaultEffect;
  applyThenFail: boolean;
  /** Chosen status when the rule lists several. */
  status?: number;
}

interface ActiveRule {
  rule: FaultRule & { id: string };
  regex?: RegExp;
  matched: number;
  fired: number;
}

/**
 * Decides, call by call, which faults fire. Deterministic for a seed: the same calls in the same order
 * meet the same faults. Latency rules add up and do not stop later rules; the first other rule to fire wins.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private rand: () => number;
  private counter = 0;

  constructor(seed = 1) {
    this.rand = seededRandom(seed);
  }

  add(input: FaultRuleInput): string {
    const rule = FaultRuleSchema.parse(input);
    const id = rule.id ?? `fault-${++this.counter}`;
    this.rules.push({ rule: { ...rule, id }, regex: rule.path ? new RegExp(rule.path, "i") : undefined, matched: 0, fired: 0 });
    return id;
  }

  remove(id: string): void {
    this.rules = this.rules.filter((r) => r.rule.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  reseed(seed: number): void {
    this.rand = seededRandom(seed);
  }

  list() {
    return this.rules.map((r) => ({ ...r.rule, matched: r.matched, fired: r.fired }));
  }

  /** Every fault that fires for this call: latencies first, then at most one terminal fault. */
  decide(call: CallInfo): { latencyMs: number; fault?: FiredFault } {
    let latencyMs = 0;
    for (const r of this.rules) {
      if (!this.matches(r, call)) continue;
      r.matched++;
      if (r.rule.times !== undefined && r.fired >= r.rule.times) continue;
      const fires = r.rule.nth !== undefined ? r.matched === r.rule.nth : r.rule.fraction !== undefined ? this.rand() < r.rule.fraction : true;
      if (!fires) continue;
      r.fired++;
      const effect = r.rule.effect;
      if (effect.kind === "latency") {
        latencyMs += effect.ms;
        continue;
      }
      const status = effect.kind === "error" ? pick(effect.status, this.rand) : undefined;
      return { latencyMs, fault: { ruleId: r.rule.id, effect, applyThenFail: r.rule.applyThenFail, status } };
    }
    return { latencyMs };
  }

  private matches(r: ActiveRule, call: CallInfo): boolean {
    if (r.rule.scope !== "any" && r.rule.scope !== call.scope) return false;
    if (r.rule.method && r.rule.method.toUpperCase() !== call.method.toUpperCase()) return false;
    return !r.regex || r.regex.test(call.path);
  }
}

function pick(status: number | number[], rand: () => number): number {
  return Array.isArray(status) ? (status[Math.floor(rand() * status.length)] as number) : status;
}
