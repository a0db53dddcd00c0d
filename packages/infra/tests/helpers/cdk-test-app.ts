import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addCeapStacks, type CeapStacks } from '../../src/app/ceap-app';
import { SHIPPED_SOURCES } from '../../src/app/default-sources';

/** Small files the tests hand to the constructs instead of the shipped stages and Glue job. */
export const FIXTURES = {
  validateOrdersHandler: join(__dirname, 'fixtures', 'validate-orders-handler.ts'),
  priceOrdersHandler: join(__dirname, 'fixtures', 'price-orders-handler.ts'),
  publishOrdersHandler: join(__dirname, 'fixtures', 'publish-orders-handler.ts'),
  glueScript: join(__dirname, 'fixtures', 'glue_job.py'),
  pythonDir: join(__dirname, 'fixtures', 'python'),
} as const;

/**
 * An App that skips esbuild bundling and CDK's built-in CloudFormation schema validation (about
 * 4 s a synth here): the tests assert on templates and on cdk-nag, not on bundles. `cdk synth`
 * runs both.
 */
export function newTestApp(context: Record<string, unknown> = {}): App {
  return new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** cdk-nag's AwsSolutions report on a stack: only findings nobody acknowledged. */
export function nagViolations(
  stack: Stack,
): { ruleName: string; severity: string; paths: string[] }[] {
  return new AwsSolutionsChecks(stack).validateScope(stack).violations.map((violation) => ({
    ruleName: violation.ruleName,
    severity: violation.severity ?? 'error',
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? '?'),
  }));
}

/** Every acknowledgement (id and reason) recorded in a construct tree. */
export function acknowledgements(stack: Stack): { path: string; id: string; reason: string }[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** Resources of one type in a template, as [logicalId, resource]. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)) as [
    string,
    { Properties: Record<string, unknown> },
  ][];
}

/** The shipped app (data, realtime and batch stacks) with the real stages and Glue job, unbundled. */
export function shippedApp(context: Record<string, unknown> = {}): CeapStacks & { app: App } {
  const app = newTestApp(context);
  return { app, ...addCeapStacks(app, SHIPPED_SOURCES) };
}
