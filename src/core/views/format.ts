const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Mon 23 Nov 2026, 14:05 UTC": unambiguous for people in every time zone and locale. */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "nobody";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

export function stateLabel(state: string): string {
  const labels: Record<string, string> = {
    draft: "Draft",
    pending: "Waiting for approval",
    approved: "Approved, applying…",
    provisioning: "Approved, applying…",
    active: "Active",
    expired: "Expired",
    revoked: "Revoked",
    denied: "Denied",
    cancelled: "Cancelled",
    timed_out: "Timed out",
    failed: "Failed",
  };
  return labels[state] ?? state;
}
