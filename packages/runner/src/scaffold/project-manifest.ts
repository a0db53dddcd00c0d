import {
  CEAP_PACKAGES,
  SCAFFOLD_CDK_DEPENDENCIES,
  SCAFFOLD_DEV_DEPENDENCIES,
} from './scaffold-versions.js';

/** The workflow `ceap init` scaffolds; its `start` script runs it. */
export const SCAFFOLD_WORKFLOW = 'candidates';

/** The npm name a project in this folder gets: the folder's name made valid, or a default. */
export function projectNameOf(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-.]+$/g, '')
    .slice(0, 214);
  return name.length > 0 ? name : 'ceap-pipeline';
}

/**
 * The scaffolded project's package.json: every ceap package at `ceapVersion` (this runner's own,
 * since they are released together), the tools pinned exactly, and the scripts its README uses.
 */
export function projectManifest(name: string, ceapVersion: string): Record<string, unknown> {
  const ceap = Object.fromEntries(CEAP_PACKAGES.map((pkg) => [pkg, ceapVersion]));
  return {
    name,
    version: '0.1.0',
    private: true,
    description: 'A ceap data pipeline',
    engines: { node: '>=20' },
    scripts: {
      start: `ceap start --workflow ${SCAFFOLD_WORKFLOW} --input examples/input.json`,
      test: 'jest',
      validate: 'ceap validate',
      typecheck: 'tsc',
      synth: 'cdk synth --quiet --no-notices',
    },
    dependencies: sorted({ ...ceap, ...SCAFFOLD_CDK_DEPENDENCIES }),
    devDependencies: sorted(SCAFFOLD_DEV_DEPENDENCIES),
  };
}

function sorted(versions: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}
