/**
 * The exact versions a scaffolded project pins for its tools: the versions this repository
 * builds and tests ceap with (the root package.json and @ceap/infra's), so a new project starts
 * on a combination known to work together. `tests/unit/scaffold-versions.test.ts` fails when
 * they drift from those pins.
 */
export const SCAFFOLD_DEV_DEPENDENCIES = {
  '@types/jest': '30.0.0',
  '@types/node': '20.19.43',
  'aws-cdk': '2.1148.1',
  esbuild: '0.28.2',
  jest: '30.5.2',
  'ts-jest': '29.4.15',
  tsx: '4.23.15',
  typescript: '5.9.3',
} as const;

/** The CDK libraries the scaffold's app imports, pinned as @ceap/infra pins them. */
export const SCAFFOLD_CDK_DEPENDENCIES = {
  'aws-cdk-lib': '2.276.0',
  constructs: '10.8.1',
} as const;

/** The ceap packages a scaffolded project depends on; they are versioned together. */
export const CEAP_PACKAGES = ['@ceap/core', '@ceap/infra', '@ceap/runner', '@ceap/stages'] as const;
