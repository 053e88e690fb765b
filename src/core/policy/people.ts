import type { Human } from "../domain/identity.js";

/** The lookups policy evaluation needs about people, prepared by the use case from the store. */
export interface People {
  byId(humanId: string): Human | undefined;
  byStaffId(staffId: string): Human | undefined;
}

export function peopleFrom(humans: readonly Human[]): People {
  const byId = new Map(humans.map((h) => [h.id, h]));
  const byStaff = new Map(humans.filter((h) => h.staffId).map((h) => [h.staffId as string, h]));
  return { byId: (id) => byId.get(id), byStaffId: (s) => byStaff.get(s) };
}
