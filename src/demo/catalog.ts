import type { EntitlementType } from "../core/domain/entitlement.js";

/** Built-in Entra role template ids (stable across tenants). */
export const ENTRA_ROLES: ReadonlyArray<{ name: string; id: string; privileged: boolean; requestable: boolean }> = [
  { name: "Global Administrator", id: "62e90394-69f5-4237-9190-012177145e10", privileged: true, requestable: true },
  { name: "Privileged Role Administrator", id: "e8611ab8-c189-46e8-94e1-60213ab1f814", privileged: true, requestable: false },
  { name: "Privileged Authentication Administrator", id: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", privileged: true, requestable: false },
  { name: "Security Administrator", id: "194ae4cb-b126-40b2-bd5b-6091b380977d", privileged: true, requestable: true },
  { name: "Conditional Access Administrator", id: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", privileged: true, requestable: true },
  { name: "User Administrator", id: "fe930be7-5e62-47db-91af-98c3a49a38b1", privileged: true, requestable: true },
  { name: "Exchange Administrator", id: "29232cdf-9323-42fd-ade2-1d097af3e4de", privileged: true, requestable: true },
  { name: "SharePoint Administrator", id: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", privileged: true, requestable: true },
  { name: "Teams Administrator", id: "69091246-20e8-4a56-aa4d-066075b2a7a8", privileged: true, requestable: true },
  { name: "Intune Administrator", id: "3a2c62db-5318-420d-8d74-23affee5d9d5", privileged: true, requestable: true },
  { name: "Application Administrator", id: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", privileged: true, requestable: true },
  { name: "Cloud Application Administrator", id: "158c047a-c907-4556-b7ef-446551a6b5f7", privileged: true, requestable: true },
  { name: "Authentication Administrator", id: "c4e39bd9-1100-46d3-8c65-fb160da0071f", privileged: true, requestable: true },
  { name: "Compliance Administrator", id: "17315797-102d-40b4-93e0-432062caca18", privileged: true, requestable: true },
  { name: "Helpdesk Administrator", id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", privileged: false, requestable: true },
  { name: "Security Operator", id: "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", privileged: false, requestable: true },
  { name: "Global Reader", id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", privileged: false, requestable: true },
  { name: "Security Reader", id: "5d6b6bb7-de71-4623-b4af-96380a352509", privileged: false, requestable: true },
  { name: "Reports Reader", id: "4a5d8f65-41da-4de4-8968-e035b65339cf", privileged: false, requestable: true },
  { name: "Billing Administrator", id: "b0f54661-2d74-4c50-afa3-1ec803f12efe", privileged: false, requestable: false },
];

export const VALUE_STREAMS: ReadonlyArray<{ code: string; name: string }> = [
  { code: "PAY", name: "Payments" },
  { code: "LEN", name: "Lending" },
  { code: "DIG", name: "Digital Channels" },
  { code: "DAT", name: "Data & Analytics" },
  { code: "PLT", name: "Platform" },
  { code: "SEC", name: "Security" },
];

/** AZZ-RBAC group shapes per value stream: privileged ones are PIM-managed and for azz accounts only. */
export const RBAC_GROUP_SHAPES: ReadonlyArray<{ suffix: string; type: EntitlementType; pim: boolean; requestable: boolean; what: string }> = [
  { suffix: "PROD-Owner", type: "AZZ_RBAC_PRIV", pim: true, requestable: false, what: "Owner on the production subscriptions" },
  { suffix: "PROD-Contributor", type: "AZZ_RBAC_PRIV", pim: true, requestable: true, what: "Contributor on the production subscriptions" },
  { suffix: "NONPROD-Contributor", type: "AZZ_RBAC_NONPRIV", pim: true, requestable: true, what: "Contributor on the non-production subscriptions" },
  { suffix: "PROD-Reader", type: "AZZ_RBAC_NONPRIV", pim: false, requestable: true, what: "Reader on the production subscriptions" },
];

export const M365_ROLE_GROUPS: ReadonlyArray<{ name: string; privileged: boolean; pim: boolean; what: string }> = [
  { name: "Exchange Organization Management", privileged: true, pim: true, what: "Exchange Online organisation management role group" },
  { name: "Purview Compliance Administrator", privileged: true, pim: true, what: "Microsoft Purview compliance administration" },
  { name: "eDiscovery Manager", privileged: true, pim: true, what: "Purview eDiscovery case management" },
  { name: "Defender Security Operator", privileged: false, pim: true, what: "Microsoft Defender XDR security operations" },
  { name: "Exchange Help Desk", privileged: false, pim: false, what: "Exchange Online help desk role group" },
  { name: "Purview Data Investigator", privileged: false, pim: false, what: "Purview data investigation (read)" },
];

export const PARTNERS: readonly string[] = ["Globant", "Accenture", "Infosys", "Kainos", "Wipro"];
