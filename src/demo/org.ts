import type { Entitlement, EntitlementTarget, GrantKind } from "../core/domain/entitlement.js";
import type { Human, Identity } from "../core/domain/identity.js";
import { azzAccountName, b2bBaseGroupName, b2bDisplayName } from "../core/domain/identity.js";
import { ENTRA_ROLES, M365_ROLE_GROUPS, PARTNERS, RBAC_GROUP_SHAPES, VALUE_STREAMS } from "./catalog.js";
import { pick, seededRandom, seededUuid } from "./random.js";

export const DEMO_TENANT_ID = "8d3f2b1e-5c4a-4e7b-9f60-2a1b3c4d5e6f";
export const DEMO_DOMAIN = "contoso.com";
export const DEMO_TENANT_CODE = "CONTOSO-PROD";

/** Pre-existing holdings in the tenant (for reviews and "my access"), not produced by any request. */
export interface DemoExistingGrant {
  identityId: string;
  entitlementId: string;
  kind: GrantKind;
  startAt: string;
  endAt: string;
  lastActivationAt?: string;
}

export interface DemoOrg {
  tenantId: string;
  domain: string;
  humans: Human[];
  identities: Identity[];
  entitlements: Entitlement[];
  existingGrants: DemoExistingGrant[];
  /** Last interactive sign-in per identity object id. */
  lastSignIn: Record<string, string>;
  /** Well-known people for demos, the Playground and tests. */
  personas: Record<PersonaName, string>;
}

export type PersonaName =
  | "ceo"
  | "ciso"
  | "secOpsLead"
  | "platformHead"
  | "identityManager"
  | "collabManager"
  | "requester"
  | "noAzzEngineer"
  | "bystander"
  | "oncallSre"
  | "securityAnalyst";

interface PersonSpec {
  staffId: string;
  first: string;
  last: string;
  title: string;
  department: string;
  manager?: string;
  azz: boolean;
  persona?: PersonaName;
}

const FIXED: PersonSpec[] = [
  { staffId: "10000", first: "Robert", last: "Keane", title: "Chief Executive Officer", department: "Executive", azz: false, persona: "ceo" },
  { staffId: "10001", first: "Amelia", last: "Hart", title: "Chief Information Security Officer", department: "Security", manager: "10000", azz: true, persona: "ciso" },
  { staffId: "10002", first: "Daniel", last: "Okafor", title: "Head of Security Operations", department: "Security", manager: "10001", azz: true, persona: "secOpsLead" },
  { staffId: "10003", first: "Priya", last: "Raman", title: "Head of Platform Engineering", department: "Platform", manager: "10000", azz: true, persona: "platformHead" },
  { staffId: "10004", first: "Marcus", last: "Lindqvist", title: "Identity Platform Manager", department: "Platform", manager: "10003", azz: true, persona: "identityManager" },
  { staffId: "10005", first: "Grace", last: "Mbeki", title: "Head of Payments Technology", department: "Payments", manager: "10000", azz: true },
  { staffId: "10006", first: "Oliver", last: "Brennan", title: "Head of Lending Technology", department: "Lending", manager: "10000", azz: true },
  { staffId: "10007", first: "Hannah", last: "Schultz", title: "Head of Digital Channels", department: "Digital Channels", manager: "10000", azz: true },
  { staffId: "10008", first: "Luis", last: "Ortega", title: "Head of Data", department: "Data & Analytics", manager: "10000", azz: true },
  { staffId: "10009", first: "Aisha", last: "Karim", title: "Collaboration Services Manager", department: "Platform", manager: "10003", azz: true, persona: "collabManager" },
  { staffId: "12345", first: "Jane", last: "Smith", title: "Cloud Engineer", department: "Platform", manager: "10004", azz: true, persona: "requester" },
  { staffId: "12346", first: "Tom", last: "Becker", title: "Platform Engineer", department: "Platform", manager: "10004", azz: false, persona: "noAzzEngineer" },
  { staffId: "12347", first: "Sara", last: "Novak", title: "Finance Analyst", department: "Finance", manager: "10005", azz: false, persona: "bystander" },
  { staffId: "12348", first: "Ken", last: "Watanabe", title: "Site Reliability Engineer", department: "Platform", manager: "10004", azz: true, persona: "oncallSre" },
  { staffId: "12349", first: "Emma", last: "Duarte", title: "Security Analyst", department: "Security", manager: "10002", azz: true, persona: "securityAnalyst" },
];

const FIRST = ["Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Zara", "Mateo", "Chloe", "Arjun", "Leah", "Finn", "Nora", "Kofi", "Ines", "Omar", "Ruth", "Yusuf", "Elena", "Jonas", "Freya", "Tariq", "Maeve", "Ivan", "Sofia", "Dev", "Clara", "Sean", "Anya", "Hugo", "Lena", "Ravi", "Erin", "Marco", "Tess", "Kai", "Niamh", "Pavel", "Greta"];
const LAST = ["Murphy", "Kelly", "Walsh", "Byrne", "Ryan", "Nolan", "Garcia", "Patel", "Nguyen", "Kowalski", "Fischer", "Rossi", "Silva", "Haddad", "Ito", "Larsen", "Dubois", "Moreno", "Chen", "Osei", "Bauer", "Costa", "Doyle", "Sharma", "Novak", "Quinn", "Berg", "Lynch", "Ahmed", "Reyes"];
const TEAMS: ReadonlyArray<{ head: string; department: string; titles: string[] }> = [
  { head: "10005", department: "Payments", titles: ["Software Engineer", "Senior Software Engineer", "DevOps Engineer", "QA Engineer"] },
  { head: "10006", department: "Lending", titles: ["Software Engineer", "Data Engineer", "DevOps Engineer", "Business Analyst"] },
  { head: "10007", department: "Digital Channels", titles: ["Frontend Engineer", "Mobile Engineer", "DevOps Engineer", "Product Owner"] },
  { head: "10008", department: "Data & Analytics", titles: ["Data Engineer", "Data Scientist", "Analytics Engineer", "BI Developer"] },
  { head: "10003", department: "Platform", titles: ["Platform Engineer", "Cloud Engineer", "Site Reliability Engineer", "Network Engineer"] },
  { head: "10002", department: "Security", titles: ["Security Engineer", "Security Analyst", "Threat Hunter", "GRC Analyst"] },
];
const ENGINEERING = /Engineer|DevOps|Reliability|Threat|Scientist|Developer/;

export interface DemoOrgOptions {
  now: Date;
  seed?: number;
  /** Generated staff beyond the named personas. */
  staffCount?: number;
  guestCount?: number;
}

/** Builds the demo organisation: deterministic for a given seed, dates relative to `now`. */
export function buildDemoOrg(opts: DemoOrgOptions): DemoOrg {
  const rand = seededRandom(opts.seed ?? 20261123);
  const nowMs = opts.now.getTime();
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const humans: Human[] = [];
  const identities: Identity[] = [];
  const personas = {} as Record<PersonaName, string>;
  const usedMail = new Set<string>();
  const lastSignIn: Record<string, string> = {};

  const mailFor = (first: string, last: string, domain: string) => {
    const base = `${first[0]}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    let mail = `${base}@${domain}`;
    for (let n = 2; usedMail.has(mail); n++) mail = `${base}${n}@${domain}`;
    usedMail.add(mail);
    return mail;
  };

  const addStaff = (p: PersonSpec) => {
    const id = `hum_${p.staffId}`;
    const email = mailFor(p.first, p.last, DEMO_DOMAIN);
    humans.push({
      id, version: 1, staffId: p.staffId, firstName: p.first, lastName: p.last, displayName: `${p.first} ${p.last}`,
      email, managerHumanId: p.manager ? `hum_${p.manager}` : undefined, department: p.department, jobTitle: p.title, active: true,
    });
    const staffObj = seededUuid(rand);
    identities.push({ id: `idn_${p.staffId}_staff`, version: 1, humanId: id, type: "staff", userPrincipalName: email, displayName: `${p.first} ${p.last}`, objectId: staffObj, mail: email, accountEnabled: true });
    lastSignIn[staffObj] = iso(nowMs - Math.floor(rand() * 5) * day - Math.floor(rand() * day));
    if (p.azz) {
      const azzObj = seededUuid(rand);
      identities.push({
        id: `idn_${p.staffId}_azz`, version: 1, humanId: id, type: "azz", userPrincipalName: `${azzAccountName(p.staffId)}@${DEMO_DOMAIN}`,
        displayName: `${p.first} ${p.last} (Admin)`, objectId: azzObj, accountEnabled: true,
      });
      lastSignIn[azzObj] = iso(nowMs - Math.floor(rand() * 120) * day);
    }
    if (p.persona) personas[p.persona] = id;
  };
  FIXED.forEach(addStaff);

  // Generated staff: team leads under each head, engineers under the leads.
  let next = 20000;
  const staffCount = opts.staffCount ?? 300;
  const leads: string[] = [];
  TEAMS.forEach((team) => {
    for (let i = 0; i < 3; i++) {
      const staffId = String(next++);
      leads.push(staffId);
      addStaff({ staffId, first: pick(rand, FIRST), last: pick(rand, LAST), title: `${team.department} Team Lead`, department: team.department, manager: team.head, azz: true });
    }
  });
  while (humans.length < FIXED.length + staffCount) {
    const team = pick(rand, TEAMS);
    const title = pick(rand, team.titles);
    const leadIdx = TEAMS.indexOf(team) * 3 + Math.floor(rand() * 3);
    addStaff({
      staffId: String(next++), first: pick(rand, FIRST), last: pick(rand, LAST), title, department: team.department,
      manager: leads[leadIdx], azz: ENGINEERING.test(title) && rand() < 0.45,
    });
  }

  // B2B guests, sponsored by team leads, some correlated to a staff ID.
  const guestCount = opts.guestCount ?? 40;
  for (let g = 0; g < guestCount; g++) {
    const partner = PARTNERS[g % PARTNERS.length] as string;
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const domain = `${partner.toLowerCase()}.com`;
    const mail = mailFor(first, last, domain);
    const id = `hum_b2b_${String(g + 1).padStart(3, "0")}`;
    const sponsor = `hum_${pick(rand, leads)}`;
    const staffId = g % 4 === 0 ? String(30000 + g) : undefined;
    const start = nowMs - Math.floor(30 + rand() * 300) * day;
    const end = nowMs + Math.floor(-20 + rand() * 200) * day;
    humans.push({
      id, version: 1, staffId, firstName: first, lastName: last, displayName: b2bDisplayName(first, last, partner), email: mail,
      managerHumanId: sponsor, department: `Partner: ${partner}`, jobTitle: "Contractor", active: true,
    });
    const obj = seededUuid(rand);
    identities.push({
      id: `idn_b2b_${String(g + 1).padStart(3, "0")}`, version: 1, humanId: id, type: "b2b",
      userPrincipalName: `${mail.replace("@", "_")}#EXT#@contoso.onmicrosoft.com`, displayName: b2bDisplayName(first, last, partner),
      objectId: obj, mail, accountEnabled: true,
      b2b: { partner, sponsorHumanId: sponsor, startDate: iso(start).slice(0, 10), endDate: iso(end).slice(0, 10) },
    });
    lastSignIn[obj] = iso(nowMs - Math.floor(rand() * 150) * day);
  }

  const entitlements = buildCatalog(rand, opts.now, leads);
  const existingGrants = buildExistingGrants(rand, nowMs, identities, entitlements);
  return { tenantId: DEMO_TENANT_ID, domain: DEMO_DOMAIN, humans, identities, entitlements, existingGrants, lastSignIn, personas };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function buildCatalog(rand: () => number, now: Date, leads: string[]): Entitlement[] {
  const syncedAt = now.toISOString();
  const out: Entitlement[] = [];
  const add = (e: Omit<Entitlement, "id" | "version" | "lastSyncAt" | "tenant"> & { tenant?: string }) =>
    out.push({ id: `ent_${slug(e.code)}`, version: 1, lastSyncAt: syncedAt, tenant: e.tenant ?? DEMO_TENANT_CODE, ...e });

  for (const r of ENTRA_ROLES) {
    const security = /Security|Conditional|Authentication|Compliance/.test(r.name);
    // Reports Reader deliberately has no owner: its approvals fall back to the security owners.
    const unowned = r.name === "Reports Reader";
    const target: EntitlementTarget = { mechanism: "entraRole", roleDefinitionId: r.id, directoryScopeId: "/" };
    add({
      code: r.name, displayName: r.name, description: `Microsoft Entra built-in role ${r.name}`, type: "ENTRA_ROLE", valueStream: security ? "Security" : "Platform",
      privileged: r.privileged, requestable: r.requestable, ownerStaffId: unowned ? undefined : security ? "10002" : "10004",
      deputyStaffId: unowned ? undefined : security ? "10001" : "10003", graphObjectId: r.id, target,
    });
  }
  VALUE_STREAMS.forEach((vs, i) => {
    const head = ["10005", "10006", "10007", "10008", "10003", "10002"][i] as string;
    for (const shape of RBAC_GROUP_SHAPES) {
      const groupId = seededUuid(rand);
      const code = `AZZ-RBAC-${vs.code}-${shape.suffix}`;
      add({
        code, displayName: code, description: `${shape.what} of ${vs.name}`, type: shape.type, valueStream: vs.name,
        privileged: shape.type === "AZZ_RBAC_PRIV", requestable: shape.requestable, ownerStaffId: head, deputyStaffId: leads[i * 3] ?? "10004",
        graphObjectId: groupId, target: shape.pim ? { mechanism: "pimGroup", groupId, accessId: "member" } : { mechanism: "group", groupId },
      });
    }
  });
  for (const rg of M365_ROLE_GROUPS) {
    const groupId = seededUuid(rand);
    add({
      code: rg.name, displayName: rg.name, description: rg.what, type: "M365_ROLE", valueStream: "Collaboration", privileged: rg.privileged,
      requestable: true, ownerStaffId: "10009", deputyStaffId: "10004", graphObjectId: groupId,
      target: rg.pim ? { mechanism: "pimGroup", groupId, accessId: "member" } : { mechanism: "group", groupId },
    });
  }
  for (const partner of PARTNERS) {
    const groupId = seededUuid(rand);
    const code = b2bBaseGroupName(partner);
    add({
      code, displayName: code, description: `Base group for ${partner} guests (Conditional Access scoping)`, type: "B2B_BASE", valueStream: "Partners",
      privileged: false, requestable: false, ownerStaffId: "10004", deputyStaffId: "10002", graphObjectId: groupId, target: { mechanism: "group", groupId },
    });
  }
  return out;
}

function buildExistingGrants(rand: () => number, nowMs: number, identities: Identity[], entitlements: Entitlement[]): DemoExistingGrant[] {
  const day = 86_400_000;
  const out: DemoExistingGrant[] = [];
  const azz = identities.filter((i) => i.type === "azz");
  const staff = identities.filter((i) => i.type === "staff");
  const guests = identities.filter((i) => i.type === "b2b");
  const privileged = entitlements.filter((e) => e.privileged && e.target.mechanism !== "group");
  const nonPriv = entitlements.filter((e) => !e.privileged && e.type !== "B2B_BASE");
  const grant = (identity: Identity, e: Entitlement, kind: GrantKind) => {
    const start = nowMs - Math.floor(20 + rand() * 400) * day;
    const inactiveDays = Math.floor(rand() * 200);
    out.push({
      identityId: identity.id, entitlementId: e.id, kind, startAt: new Date(start).toISOString(),
      endAt: new Date(nowMs + Math.floor(30 + rand() * 300) * day).toISOString(),
      lastActivationAt: kind === "eligible" && rand() < 0.85 ? new Date(nowMs - inactiveDays * day).toISOString() : undefined,
    });
  };
  for (const identity of azz.slice(0, 60)) grant(identity, pick(rand, privileged), "eligible");
  for (const identity of staff.slice(20, 60)) {
    const e = pick(rand, nonPriv);
    grant(identity, e, e.target.mechanism === "group" ? "active" : "eligible");
  }
  for (const g of guests) {
    const base = entitlements.find((e) => e.type === "B2B_BASE" && e.code.endsWith(g.b2b?.partner ?? "?"));
    if (base) grant(g, base, "active");
  }
  return dedupeGrants(out);
}

function dedupeGrants(grants: DemoExistingGrant[]): DemoExistingGrant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.identityId}|${g.entitlementId}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
