import { GLUE_LOG_ROOT, GlueLogArgument, GlueLogGroup, glueDriverLogFolder } from '@ceap/core';
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { InfraPropsError } from '../errors.js';

/** Where a job's logs go, read from its spec: the log groups' names up to the role's name. */
export interface GlueLogPlan {
  /** Glue 5.0 and later: the folder of the `output` and `error` log groups. */
  readonly logGroupPrefix?: string;
  /** Glue 4.0 and earlier: the continuous log group as the job names it, when it is on. */
  readonly continuousLogGroup?: string;
}

/**
 * Reads where a job's logs go from its Glue version and its spec's `defaultArguments`, each
 * defaulting to the job's own folder `/aws-glue/jobs/{jobName}`. A log group the spec names
 * must lie below `/aws-glue/`, the only place the job's role may write logs; anything else is
 * refused, naming the argument.
 *
 * @param prop the spec's prop name for messages, e.g. `HeavyEtlGlueJobProps.spec`
 */
export function planGlueJobLogs(
  spec: {
    readonly name: string;
    readonly glueVersion: string;
    readonly defaultArguments?: Readonly<Record<string, string>>;
  },
  prop: string,
): GlueLogPlan {
  const args = spec.defaultArguments ?? {};
  const named = (argument: string) => {
    const value = args[argument] ?? `${GLUE_LOG_ROOT}jobs/${spec.name}`;
    if (!value.startsWith(GLUE_LOG_ROOT)) {
      throw new InfraPropsError(
        `${prop}.defaultArguments["${argument}"] ${JSON.stringify(value)} must start with "${GLUE_LOG_ROOT}": the job's role may write logs only there`,
      );
    }
    return value.replace(/\/+$/, '');
  };
  if (Number.parseFloat(spec.glueVersion) >= 5) {
    return { logGroupPrefix: named(GlueLogArgument.LogGroupPrefix) };
  }
  if (args[GlueLogArgument.ContinuousLogging] === 'false') return {};
  return { continuousLogGroup: named(GlueLogArgument.ContinuousLogGroup) };
}

/** What the job's log groups are created with. */
export interface GlueJobLogOptions {
  readonly plan: GlueLogPlan;
  /** The job's own security configuration, which encrypts its logs with `key`. */
  readonly securityConfigurationName: string;
  readonly role: IRole;
  readonly key: IKey;
  readonly retention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The log groups created for a job, and the job arguments that point Glue at them. */
export interface GlueJobLogs {
  readonly logGroups: readonly LogGroup[];
  readonly arguments: Readonly<Record<string, string>>;
}

/**
 * Creates every log group the job writes to before its first run, with a retention and the
 * job's KMS key, so Glue creates none without an expiry. The names are core's (`GlueLogGroup`,
 * `glueDriverLogFolder`), by which `ceap logs --target aws` finds the groups again:
 *
 * - Glue 5.0 and later: `{--custom-logGroup-prefix}/output` and `…/error`.
 * - Glue 4.0 and earlier, with a security configuration: the driver's
 *   `/aws-glue/jobs/{securityConfiguration}-role/{role}/output` and `…/error`, and the continuous
 *   log group, which Glue names `{--continuous-log-logGroup}-{securityConfiguration}`.
 */
export function createGlueJobLogs(scope: Construct, options: GlueJobLogOptions): GlueJobLogs {
  const { plan } = options;
  const group = (id: string, logGroupName: string) =>
    new LogGroup(scope, id, {
      logGroupName,
      retention: options.retention,
      encryptionKey: options.key,
      removalPolicy: options.removalPolicy,
    });
  if (plan.logGroupPrefix !== undefined) {
    const prefix = plan.logGroupPrefix;
    return {
      logGroups: [
        group('OutputLogs', `${prefix}/${GlueLogGroup.Output}`),
        group('ErrorLogs', `${prefix}/${GlueLogGroup.Error}`),
      ],
      arguments: { [GlueLogArgument.LogGroupPrefix]: prefix },
    };
  }
  const driver = glueDriverLogFolder(options.securityConfigurationName, options.role.roleName);
  const logGroups = [
    group('OutputLogs', `${driver}/${GlueLogGroup.Output}`),
    group('ErrorLogs', `${driver}/${GlueLogGroup.Error}`),
  ];
  if (plan.continuousLogGroup === undefined) return { logGroups, arguments: {} };
  const continuous = `${plan.continuousLogGroup}-${options.securityConfigurationName}`;
  logGroups.push(group('ContinuousLogs', continuous));
  return {
    logGroups,
    arguments: {
      [GlueLogArgument.ContinuousLogging]: 'true',
      [GlueLogArgument.ContinuousLogGroup]: plan.continuousLogGroup,
    },
  };
}
