// Lint rules are errors or off, never warnings (STYLE.md rule 13).
import tseslint from "typescript-eslint";

const domainFiles = ["src/modules/**/*.model.ts", "src/modules/**/*.service.ts", "src/modules/**/*.queries.ts", "src/modules/**/*.repo.ts"];

export default tseslint.config(
  { ignores: ["node_modules/**", "data/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      curly: ["error", "all"],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Domain code never imports the HTTP framework, the logger or the process wiring.
    files: domainFiles,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["hono", "hono/*", "@hono/*"], message: "Domain code must not depend on the HTTP framework." },
            { group: ["**/platform/log"], message: "Domain code returns results; logging happens at the edges." },
            { group: ["**/main/*"], message: "Domain code must not import the composition root." },
          ],
        },
      ],
    },
  },
  {
    // Migrations are frozen in time: Kysely<any> and no application code.
    files: ["migrations/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "no-restricted-imports": ["error", { patterns: [{ group: ["../src/*", "../../src/*"], message: "Migrations import no application code." }] }],
    },
  },
);
