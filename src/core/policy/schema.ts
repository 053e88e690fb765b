import { z } from "zod/v4";
import { ENTITLEMENT_TYPES, GRANT_KINDS } from "../domain/entitlement.js";
import { IDENTITY_TYPES } from "../domain/identity.js";

const staffId = z.string().regex(/^\d{5}$/, "a staff ID is exactly 5 digits");
const regexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

export const ApproverRefSchema = z.union([
  z.enum(["manager", "owner", "deputy", "securityOwner"]),
  z.object({ group: z.string().min(1) }).strict(),
  z.object({ staffId }).strict(),
]);
export type ApproverRef = z.infer<typeof ApproverRefSchema>;

export const StageSchema = z
  .object({
    name: z.string().min(1).max(60),
    /** "any N of": how many distinct approvals this stage needs. */
    anyOf: z.number().int().min(1).max(10).default(1),
    approvers: z.array(ApproverRefSchema).min(1),
  })
  .strict();

export const ApprovalSchema = z
  .object({
    stages: z.array(StageSchema).min(1).max(5),
    deadlineHours: z.number().positive().max(24 * 30),
    reminderEveryHours: z.number().positive().max(24 * 7),
    escalateAfterHours: z.number().positive().max(24 * 30),
    /** Someone who holds a pending request for the same entitlement may not approve another. */
    separationOfDuties: z.boolean(),
  })
  .strict();

export const DurationSchema = z
  .object({
    defaultMinutes: z.number().int().min(5).max(60 * 24 * 366),
    maxMinutes: z.number().int().min(5).max(60 * 24 * 366),
  })
  .strict()
  .refine((d) => d.defaultMinutes <= d.maxMinutes, { message: "defaultMinutes must not exceed maxMinutes" });

export const RulesSchema = z
  .object({
    approval: ApprovalSchema,
    duration: DurationSchema,
    grantKinds: z.array(z.enum(GRANT_KINDS)).min(1),
    defaultGrantKind: z.enum(GRANT_KINDS),
    justification: z.object({ minLength: z.number().int().min(0).max(500) }).strict(),
    ticket: z.object({ required: z.boolean(), pattern: regexSource }).strict(),
    identityTypes: z.array(z.enum(IDENTITY_TYPES)).min(1),
    extension: z.object({ allowed: z.boolean(), maxTotalMinutes: z.number().int().positive().optional() }).strict(),
    /** How long before the end the holder is offered Extend / Release. */
    expiringNoticeMinutes: z.number().int().min(1).max(24 * 60),
  })
  .strict();
export type Rules = z.infer<typeof RulesSchema>;

/** Overrides replace whole sub-objects they name (e.g. a new `approval` replaces the default chain). */
export const RulesOverrideSchema = z
  .object({
    approval: ApprovalSchema.partial().strict().optional(),
    duration: z
      .object({ defaultMinutes: z.number().int().min(5).optional(), maxMinutes: z.number().int().min(5).optional() })
      .strict()
      .optional(),
    grantKinds: z.array(z.enum(GRANT_KINDS)).min(1).optional(),
    defaultGrantKind: z.enum(GRANT_KINDS).optional(),
    justification: z.object({ minLength: z.number().int().min(0).max(500) }).strict().optional(),
    ticket: z.object({ required: z.boolean().optional(), pattern: regexSource.optional() }).strict().optional(),
    identityTypes: z.array(z.enum(IDENTITY_TYPES)).min(1).optional(),
    extension: z.object({ allowed: z.boolean().optional(), maxTotalMinutes: z.number().int().positive().optional() }).strict().optional(),
    expiringNoticeMinutes: z.number().int().min(1).max(24 * 60).optional(),
  })
  .strict();
export type RulesOverride = z.infer<typeof RulesOverrideSchema>;

export const AutoApproveRuleSchema = z
  .object({
    name: z.string().min(1),
    /** The requester must be on this certified list with an expiry date in the future. */
    certifiedList: z.string().min(1),
    entitlementTypes: z.array(z.enum(ENTITLEMENT_TYPES)).optional(),
    entitlements: z.array(z.string().min(1)).optional(),
    grantKinds: z.array(z.enum(GRANT_KINDS)).optional(),
    maxMinutes: z.number().int().positive().optional(),
    /** Never auto-approve privileged entitlements unless the rule says so explicitly. */
    includePrivileged: z.boolean().default(false),
    reason: z.string().min(1),
  })
  .strict();
export type AutoApproveRule = z.infer<typeof AutoApproveRuleSchema>;

export const EmergencySchema = z
  .object({
    enabled: z.boolean(),
    allowed: z.object({ groups: z.array(z.string()).default([]), staffIds: z.array(staffId).default([]) }).strict(),
    entitlementTypes: z.array(z.enum(ENTITLEMENT_TYPES)).default([]),
    entitlements: z.array(z.string()).default([]),
    defaultMinutes: z.number().int().min(5).max(24 * 60).default(240),
    maxMinutes: z.number().int().min(5).max(24 * 60).default(240),
    incidentPattern: regexSource,
    justificationMinLength: z.number().int().min(0).default(10),
    /** Who reviews the grant afterwards: the requester's manager, else a security owner (never the requester). */
    reviewer: z.enum(["manager", "securityOwner"]).default("manager"),
    reviewDueHours: z.number().positive().default(72),
  })
  .strict()
  .refine((e) => e.defaultMinutes <= e.maxMinutes, { message: "defaultMinutes must not exceed maxMinutes" });
export type EmergencyPolicy = z.infer<typeof EmergencySchema>;

export const CertificationSchema = z.object({ staffId, expires: z.iso.date() }).strict();

export const PolicySchema = z
  .object({
    version: z.literal(1),
    securityOwners: z.object({ staffIds: z.array(staffId).min(1) }).strict(),
    groups: z.record(z.string(), z.array(staffId)).default({}),
    defaults: RulesSchema,
    types: z.partialRecord(z.enum(ENTITLEMENT_TYPES), RulesOverrideSchema).default({}),
    entitlements: z.record(z.string(), RulesOverrideSchema).default({}),
    certifications: z.record(z.string(), z.array(CertificationSchema)).default({}),
    autoApprove: z.array(AutoApproveRuleSchema).default([]),
    emergency: EmergencySchema,
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;
