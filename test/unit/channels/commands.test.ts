import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/channels/shared/commands.js";

describe("chat commands", () => {
  it("parses a one-line request with a quoted entitlement, duration, ticket and justification", () => {
    expect(parseCommand('request "Global Reader" 4h CHG-12345 audit preparation for Q4')).toEqual({
      kind: "request",
      oneLine: { entitlement: "Global Reader", durationMinutes: 240, ticket: "CHG-12345", justification: "audit preparation for Q4" },
    });
  });

  it("takes the words before the duration as the entitlement when unquoted", () => {
    const c = parseCommand("request Security Reader 90m look at the sign-in anomalies");
    expect(c).toMatchObject({ kind: "request", oneLine: { entitlement: "Security Reader", durationMinutes: 90, ticket: undefined, justification: "look at the sign-in anomalies" } });
  });

  it("explains the format when the duration is missing", () => {
    const c = parseCommand("request Global Reader please");
    expect(c.kind).toBe("request");
    expect((c as { problem?: string }).problem).toMatch(/entitlement, the duration and why/);
  });

  it("opens the form for a bare request", () => {
    expect(parseCommand("  Request ")).toEqual({ kind: "request" });
  });

  it("parses an emergency with incident and minutes", () => {
    expect(parseCommand('emergency "Exchange Administrator" inc-40123 90m mail flow down')).toEqual({
      kind: "emergency",
      oneLine: { entitlement: "Exchange Administrator", incident: "INC-40123", minutes: 90, justification: "mail flow down" },
    });
  });

  it.each([
    ["my access", "myAccess"],
    ["approvals", "approvals"],
    ["reviews", "reviews"],
    ["help", "help"],
    ["", "help"],
    ["security channel here", "securityChannelHere"],
  ])("recognises %j", (text, kind) => {
    expect(parseCommand(text).kind).toBe(kind);
  });

  it("answers free text with unknown (the channel then shows help, never silence)", () => {
    expect(parseCommand("hello bot")).toEqual({ kind: "unknown", text: "hello bot" });
  });
});
