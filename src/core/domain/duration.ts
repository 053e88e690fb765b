/**
 * Durations as people type them: "90m", "4h", "1h30m", "2d", "PT4H", or a bare number of hours
 * (the REST contract's `duration` is in hours). Returns minutes, or undefined when unreadable.
 */
export function parseDurationMinutes(input: string | number): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) && input > 0 ? Math.round(input * 60) : undefined;
  const s = input.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return parseDurationMinutes(Number(s));
  const iso = /^pt(?:(\d+)h)?(?:(\d+)m)?$/.exec(s);
  if (iso && (iso[1] || iso[2])) return Number(iso[1] ?? 0) * 60 + Number(iso[2] ?? 0);
  const re = /(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)/g;
  let total = 0;
  let consumed = "";
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    const unit = (m[2] ?? "m")[0];
    total += unit === "d" ? n * 1440 : unit === "h" ? n * 60 : n;
    consumed += m[0];
  }
  if (consumed.replace(/\s+/g, "") !== s.replace(/\s+/g, "") || total <= 0) return undefined;
  return Math.round(total);
}

export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes >= 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  return `${minutes} min`;
}

/** ISO 8601 duration for Graph's `scheduleInfo.expiration.duration`. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ""}${m > 0 || h === 0 ? `${m}M` : ""}`;
}

export function addMinutes(iso: string | Date, minutes: number): string {
  const t = typeof iso === "string" ? Date.parse(iso) : iso.getTime();
  return new Date(t + minutes * 60_000).toISOString();
}
