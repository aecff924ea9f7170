import { defineConfig } from "vitest/config";

// Two tiers (DESIGN.md §5): unit tests need nothing; integration tests need root, real
// namespaces and real FRR/BIRD/GoBGP. They run one file at a time because labs share the host.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
