import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules", "dist", "data", "coverage", "manifest/build", ".tmp", "vendor"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // botbuilder and teams-ai may only be used inside the Teams channel, so the SDK can be swapped.
    files: ["src/**/*.ts"],
    ignores: ["src/channels/teams/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["botbuilder*", "@microsoft/teams-ai", "botframework-*"], message: "Bot Framework is imported only inside src/channels/teams." }],
      }],
    },
  },
  {
    // The core is the product: it must not reach outward to channels, adapters or SDKs.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/channels/**", "**/adapters/**", "**/http/**", "**/jobs/**", "**/cli/**", "**/config/**"], message: "src/core depends on nothing outside src/core." },
          { group: ["botbuilder*", "botframework-*", "@microsoft/teams-ai", "@slack/*", "@microsoft/microsoft-graph-client", "@azure/*", "lowdb", "lowdb/*", "fastify", "pino"], message: "src/core must stay SDK-free." },
        ],
      }],
    },
  },
);
