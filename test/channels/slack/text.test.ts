import { describe, expect, it } from "vitest";
import { clip, escapeMrkdwn, mrkdwnSafe, plain } from "../../../src/channels/slack/render/text.js";

describe("Slack text helpers", () => {
  it("shortens with an ellipsis and never exceeds the limit", () => {
    expect(clip("abcdef", 10)).toBe("abcdef");
    expect(clip("abcdefghijkl", 6)).toBe("abcde…");
    expect(clip("abcdefghijkl", 6)).toHaveLength(6);
  });

  it("does not split an emoji (surrogate pair) when shortening", () => {
    const cut = clip("ab🔒🔒🔒", 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("escapes Slack's control characters so typed mentions do not ping", () => {
    expect(escapeMrkdwn("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("fits escaped text into the limit without cutting an entity in half", () => {
    const raw = "&".repeat(50);
    for (const max of [7, 10, 24, 75]) {
      const out = mrkdwnSafe(raw, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(/&amp;/g, "")).toMatch(/^…?$/);
    }
  });

  it("gives up cleanly when nothing fits", () => {
    expect(mrkdwnSafe("<<<", 0)).toBe("");
  });

  it("never sends an empty text object", () => {
    expect(plain("   ", 10).text).toBe("–");
  });
});
