import { z } from "zod/v4";

/** Where a `pim.ask.*` button was pressed, so the answer and the card update go back there. */
export type ActionOrigin = { kind: "message"; channel: string; ts: string } | { kind: "home" };

const OriginSchema = z.union([
  z.object({ kind: z.literal("message"), channel: z.string().regex(/^[CDG][A-Z0-9]{2,30}$/), ts: z.string().regex(/^\d{1,12}\.\d{1,9}$/) }).strict(),
  z.object({ kind: z.literal("home") }).strict(),
]);

/** The action-input modal's private_metadata: the pressed action (validated again by ChatFlows.act) and its origin. */
const InputMetadataSchema = z.object({ action: z.record(z.string(), z.unknown()), origin: OriginSchema }).strict();
export type InputMetadata = z.infer<typeof InputMetadataSchema>;

export function encodeInputMetadata(m: InputMetadata): string {
  return JSON.stringify(m);
}

export function decodeInputMetadata(text: unknown): InputMetadata | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const parsed = InputMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
