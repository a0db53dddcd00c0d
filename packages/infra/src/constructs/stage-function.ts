import { type StageAccess, StageEnv } from '@ceap/core';
import { StagesEnv } from '@ceap/stages';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Role } from 'aws-cdk-lib/aws-iam';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';
import {
  assertDataPrefix,
  assertKeyPrefix,
  assertNonEmpty,
  assertStage,
} from '../props-validation.js';
import { EXECUTIONS_FOLDER, grantDataAccess } from './data-access.js';
import { sourceBoundService, TrustedService } from './service-trust.js';
import { sourceConditionArgs } from './source-condition.js';

const DEFAULTS = INFRA_DEFAULTS.stageFunction;

/** Props of {@link StageFunction}. */
export interface StageFunctionProps {
  /** The stage's name: its state name in the workflow and its folder under each execution. */
  readonly stage: string;
  /**
   * The handler file to bundle, e.g. `HANDLER_ENTRIES.FilterStage` from `@ceap/stages`, or your
   * own file whose `handler` is `createStageHandler(yourStage)`.
   */
  readonly entry: string;
  /** The exported handler's name. @default 'handler' */
  readonly handler?: string;
  /** The bucket the stage reads and writes. */
  readonly dataBucket: IBucket;
  /** A key prefix inside the bucket, e.g. `team-a/`. @default '' */
  readonly keyPrefix?: string;
  /**
   * What the stage touches beyond `executions/`, as it declares it next to its code: pass the
   * stage object's `access` (`etlStage.access`). `readPrefixes` (below `keyPrefix`) may be read,
   * `readWritePrefixes` read and written, and `putEvents` lets the role call events:PutEvents
   * on `eventBus` (and nothing else). @default only `executions/`
   */
  readonly access?: StageAccess;
  /**
   * The bus a stage that declares `putEvents` publishes to; `CEAP_EVENT_BUS_NAME` names it.
   * @default the account's default bus (only when `access.putEvents`)
   */
  readonly eventBus?: IEventBus;
  /** Extra environment variables for the stage's own configuration. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default a name CloudFormation generates */
  readonly functionName?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** Keep it at least the step's TimeoutSeconds in the workflow. @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** The pino level (`LOG_LEVEL`). @default 'info' */
  readonly logLevel?: string;
  /** The service name in Powertools-style log settings. @default the stage name */
  readonly serviceName?: string;
  /**
   * Bundling overrides, merged over ceap's: esbuild with the `@ceap/source` export condition
   * inside the ceap repository (the built JavaScript of installed packages elsewhere), minified, with source maps, every dependency bundled. @default ceap's bundling
   */
  readonly bundling?: BundlingOptions;
  /** What happens to the log group when the stack goes. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * One ceap stage as a Lambda function: bundled by esbuild, Node 22 on ARM64, X-Ray tracing on,
 * its own log group, and a role that may read and write only `executions/*` in its data
 * bucket, plus what the stage's `access` declares. Its trust policy names this account as
 * `aws:SourceAccount`.
 *
 * @example
 * const etl = new StageFunction(this, 'ETLStage', {
 *   stage: etlStage.name,
 *   entry: HANDLER_ENTRIES.ETLStage,
 *   access: etlStage.access, // { readPrefixes: ['incoming/'] }
 *   dataBucket,
 * });
 */
export class StageFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly stage: string;

  constructor(scope: Construct, id: string, props: StageFunctionProps) {
    super(scope, id);
    this.stage = assertStage(props.stage, 'StageFunctionProps.stage');
    assertNonEmpty(props.entry, 'StageFunctionProps.entry');
    const keyPrefix = assertKeyPrefix(props.keyPrefix, 'StageFunctionProps.keyPrefix');
    const { readWrite, readOnly } = declaredPrefixes(props.access);
    const eventBus = declaredEventBus(this, props);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? DEFAULTS.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: sourceBoundService(this, TrustedService.Lambda),
      description: `ceap ${this.stage}: its log group, and its own prefixes of the data bucket`,
    });
    this.logGroup.grantWrite(this.role);
    grantDataAccess(this, this.role, props.dataBucket, { keyPrefix, readWrite, readOnly });

    const environment: Record<string, string> = {
      [StageEnv.DataBucket]: props.dataBucket.bucketName,
      [StageEnv.KeyPrefix]: keyPrefix,
      LOG_LEVEL: props.logLevel ?? DEFAULTS.logLevel,
      POWERTOOLS_SERVICE_NAME: props.serviceName ?? this.stage,
      POWERTOOLS_LOG_LEVEL: (props.logLevel ?? DEFAULTS.logLevel).toUpperCase(),
      NODE_OPTIONS: '--enable-source-maps',
      ...(eventBus && { [StagesEnv.EventBusName]: eventBus.eventBusName }),
      ...props.environment,
    };
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? DEFAULTS.handler,
      functionName: props.functionName,
      description: `ceap stage ${this.stage}`,
      runtime: DEFAULTS.runtime,
      architecture: DEFAULTS.architecture,
      memorySize: props.memorySize ?? DEFAULTS.memorySizeMb,
      timeout: props.timeout ?? DEFAULTS.timeout,
      tracing: DEFAULTS.tracing,
      role: this.role,
      logGroup: this.logGroup,
      environment,
      bundling: {
        format: OutputFormat.CJS,
        target: DEFAULTS.esbuildTarget,
        minify: true,
        sourceMap: true,
        externalModules: [],
        esbuildArgs: sourceConditionArgs(),
        ...props.bundling,
      },
    });
    eventBus?.grantPutEventsTo(this.role);

    acknowledgeNag(
      this,
      'IAM5',
      'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this is the tracing CDK adds for Tracing.ACTIVE.',
      'Resource::*',
    );
    acknowledgeNag(
      this,
      'L1',
      'ceap targets the Node.js 22 Lambda runtime on purpose (DESIGN.md); moving to a newer runtime is a tested upgrade, not an automatic one.',
    );
  }
}

/** The prefixes a stage's role may use: `executions/` and what its declaration adds. */
function declaredPrefixes(access: StageAccess | undefined): {
  readWrite: string[];
  readOnly: string[];
} {
  const checked = (prefixes: readonly string[] | undefined, field: string) =>
    (prefixes ?? []).map((prefix, index) =>
      assertDataPrefix(prefix, `StageFunctionProps.access.${field}[${index}]`),
    );
  return {
    readWrite: [EXECUTIONS_FOLDER, ...checked(access?.readWritePrefixes, 'readWritePrefixes')],
    readOnly: checked(access?.readPrefixes, 'readPrefixes'),
  };
}

/** The bus a stage publishes to: only when its declaration says `putEvents`. */
function declaredEventBus(scope: Construct, props: StageFunctionProps): IEventBus | undefined {
  if (props.access?.putEvents !== true) {
    if (props.eventBus !== undefined)
      throw new InfraPropsError(
        `StageFunctionProps.eventBus is set, but access.putEvents is not: ${props.stage} does not declare that it publishes events`,
      );
    return undefined;
  }
  return props.eventBus ?? EventBus.fromEventBusName(scope, 'EventBus', 'default');
}
