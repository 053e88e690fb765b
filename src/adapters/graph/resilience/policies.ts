import {
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type GeneratorFn,
  type IBackoff,
  type IRetryBackoffContext,
} from "cockatiel";
import type { EndpointFamily } from "./endpoint-family.js";
import { TransientGraphFailure, isOutageFailure, isRetryableFailure } from "./transient.js";

export interface RetrySettings {
  /** Retries after the first try. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited out here: the error goes back (retryable) and the outbox reschedules. */
  maxRetryAfterMs: number;
}

export type BreakerSettings =
  | { kind: "consecutive"; threshold: number; halfOpenAfterMs: number }
  | { kind: "sampling"; threshold: number; samplingDurationMs: number; minimumRps?: number; halfOpenAfterMs: number };

/** Circuits: one per endpoint family, plus one for the `$batch` front door that carries them all. */
export type CircuitKey = EndpointFamily | "batch";

export interface PolicyDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * Retry and circuit breaking with cockatiel. cockatiel waits between retries with its own setTimeout,
 * which tests cannot control, so it is given a zero delay and the real delay (Retry-After, or capped
 * exponential backoff with jitter) is slept through the injected `sleep` just before the next try.
 */
export class ResiliencePolicies {
  private readonly breakers = new Map<CircuitKey, CircuitBreakerPolicy>();

  constructor(
    private readonly retrySettings: RetrySettings,
    private readonly breakerSettings: BreakerSettings,
    private readonly deps: PolicyDeps,
  ) {}

  breaker(key: CircuitKey): CircuitBreakerPolicy {
    let b = this.breakers.get(key);
    if (!b) {
      const s = this.breakerSettings;
      b = circuitBreaker(handleWhen(isOutageFailure), {
        halfOpenAfter: s.halfOpenAfterMs,
        breaker:
          s.kind === "consecutive"
            ? new ConsecutiveBreaker(s.threshold)
            : new SamplingBreaker({ threshold: s.threshold, duration: s.samplingDurationMs, minimumRps: s.minimumRps }),
      });
      this.breakers.set(key, b);
    }
    return b;
  }

  isOpen(key: CircuitKey): boolean {
    return this.breaker(key).state === CircuitState.Open;
  }

  /**
   * Runs `attempt` with retries inside the circuit of `key`. `firstDelayMs` is waited before the first
   * try (a batch item that was told to come back later); `attemptOffset` numbers tries for the audit.
   */
  async execute<T>(
    key: CircuitKey,
    attempt: (attemptNo: number) => Promise<T>,
    opts: { firstDelayMs?: number; attemptOffset?: number } = {},
  ): Promise<T> {
    const s = this.retrySettings;
    let pendingDelay = opts.firstDelayMs ?? 0;
    const exponential = new ExponentialBackoff({
      initialDelay: s.initialDelayMs,
      maxDelay: s.maxDelayMs,
      exponent: 2,
      generator: halfJitter(this.deps.random),
    });
    let step: IBackoff<unknown> | undefined;
    const retryPolicy = retry(
      handleWhen((e) => isRetryableFailure(e) && !(e instanceof TransientGraphFailure && (e.retryAfterMs ?? 0) > s.maxRetryAfterMs)),
      {
        maxAttempts: s.maxRetries,
        backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) => {
          step = step ? step.next(undefined) : exponential.next();
          const err = "error" in ctx.result ? ctx.result.error : undefined;
          const retryAfter = err instanceof TransientGraphFailure ? err.retryAfterMs : undefined;
          pendingDelay = retryAfter ?? step.duration;
          return 0;
        }),
      },
    );
    return wrap(retryPolicy, this.breaker(key)).execute(async ({ attempt: n }) => {
      if (pendingDelay > 0) {
        const d = pendingDelay;
        pendingDelay = 0;
        await this.deps.sleep(d);
      }
      return attempt(n + (opts.attemptOffset ?? 0));
    });
  }

  /**
   * Feeds the outcome of a request that travelled inside a JSON batch into its family's circuit, so a
   * family failing inside batches opens its circuit as if it had been called directly.
   */
  async record(key: CircuitKey, failure?: unknown): Promise<void> {
    await this.breaker(key)
      .execute(() => {
        if (failure !== undefined) throw failure;
      })
      .catch(() => undefined);
  }
}

/** Exponential delay with half jitter: never below half the step, so retries spread without collapsing to zero. */
function halfJitter(random: () => number): GeneratorFn<number> {
  return (attempt = 0, options) => {
    const base = Math.min(options.maxDelay, options.initialDelay * options.exponent ** attempt);
    return [Math.floor(base / 2 + (random() * base) / 2), attempt + 1];
  };
}
