import type { FakeGroup, FakeInstance, FakeRoleDefinition, FakeScheduleKind, FakeScheduleRequest, FakeScheduleTarget, FakeUser } from "./model.js";
import { isRoleTarget, sameTarget } from "./model.js";

/**
 * The fake tenant's data. Handlers run to completion one at a time on Node's single thread, so every
 * change is atomic without locks, which is what lets tests count "exactly once" by reading it back.
 */
export class TenantState {
  readonly users = new Map<string, FakeUser>();
  readonly groups = new Map<string, FakeGroup>();
  readonly roleDefinitions = new Map<string, FakeRoleDefinition>();
  readonly instances = new Map<string, FakeInstance>();
  readonly scheduleRequests: FakeScheduleRequest[] = [];

  constructor(private readonly now: () => Date) {}

  user(id: string): FakeUser | undefined {
    return this.users.get(id.toLowerCase());
  }

  group(id: string): FakeGroup | undefined {
    return this.groups.get(id.toLowerCase());
  }

  addUser(u: FakeUser): void {
    this.users.set(u.id.toLowerCase(), u);
  }

  addGroup(g: FakeGroup): void {
    this.groups.set(g.id.toLowerCase(), g);
  }

  isMember(groupId: string, userId: string): boolean {
    return this.group(groupId)?.members.has(userId.toLowerCase()) ?? false;
  }

  /** Current instances (started, not expired, provisioned), as Graph lists them. */
  currentInstances(kind: FakeScheduleKind): FakeInstance[] {
    const now = this.now().getTime();
    return [...this.instances.values()].filter(
      (i) => i.kind === kind && i.visible && i.hiddenForReads <= 0 && Date.parse(i.startDateTime) <= now && (i.endDateTime === null || Date.parse(i.endDateTime) > now),
    );
  }

  /** Every instance of one principal on one target, provisioned or not, expired excluded. */
  instancesFor(kind: FakeScheduleKind, principalId: string, target: FakeScheduleTarget): FakeInstance[] {
    const now = this.now().getTime();
    return [...this.instances.values()].filter(
      (i) =>
        i.kind === kind &&
        i.principalId.toLowerCase() === principalId.toLowerCase() &&
        sameTarget(i.target, target) &&
        (i.endDateTime === null || Date.parse(i.endDateTime) > now),
    );
  }

  /** A read of instance lists brings delayed instances one read closer to visible. */
  noteInstanceRead(): void {
    for (const i of this.instances.values()) if (i.hiddenForReads > 0) i.hiddenForReads--;
  }

  removeUser(id: string): void {
    const key = id.toLowerCase();
    this.users.delete(key);
    for (const g of this.groups.values()) g.members.delete(key);
    for (const [iid, i] of this.instances) if (i.principalId.toLowerCase() === key) this.instances.delete(iid);
  }

  /** A compact, JSON-friendly view for tests and `GET /_fake/state`. */
  snapshot() {
    return {
      users: this.users.size,
      guests: [...this.users.values()].filter((u) => u.userType === "Guest").length,
      groups: [...this.groups.values()].map((g) => ({ id: g.id, displayName: g.displayName, members: [...g.members].sort() })),
      roleDefinitions: this.roleDefinitions.size,
      instances: [...this.instances.values()].map((i) => ({
        id: i.id,
        kind: i.kind,
        principalId: i.principalId,
        ...(isRoleTarget(i.target) ? { roleDefinitionId: i.target.roleDefinitionId, directoryScopeId: i.target.directoryScopeId } : { groupId: i.target.groupId, accessId: i.target.accessId }),
        startDateTime: i.startDateTime,
        endDateTime: i.endDateTime,
        assignmentType: i.assignmentType,
        visible: i.visible && i.hiddenForReads <= 0,
      })),
      scheduleRequests: this.scheduleRequests.length,
    };
  }
}
