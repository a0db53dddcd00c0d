import {
  type GlueJobSpec,
  GlueJobSpecError,
  GlueJobType,
  validateGlueJobSpec,
} from '@ceap/glue-jobs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnJob, type CfnJobProps, type CfnSecurityConfiguration } from 'aws-cdk-lib/aws-glue';
import { Role } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { assertKeyPrefix, assertNonEmpty } from '../props-validation.js';
import { createGlueJobEncryption, grantGlueJobRole } from './glue-job-access.js';
import { createGlueJobLogs, type GlueJobLogs, planGlueJobLogs } from './glue-job-logs.js';
import { sourceBoundService, TrustedService } from './service-trust.js';

/** Props of {@link HeavyEtlGlueJob}. */
export interface HeavyEtlGlueJobProps {
  /**
   * The job spec, e.g. `heavyEtlJobSpec({ prefix })` from `@ceap/glue-jobs`. Its
   * `securityConfiguration` is replaced by the one this construct creates.
   */
  readonly spec: GlueJobSpec;
  /** The script file, uploaded as an S3 asset. @default spec.assets.script */
  readonly scriptPath?: string;
  /**
   * A folder of pure Python the script imports, zipped as an asset and passed with
   * `--extra-py-files`. @default spec.assets.pythonModules (none if unset)
   */
  readonly pythonDir?: string;
  /** Paths (globs) left out of the `pythonDir` zip. @default [] */
  readonly pythonExclude?: readonly string[];
  /**
   * Files for `--extra-files`, each uploaded as an asset. Glue copies an asset into the working
   * directory under its asset name (`<hash>.csv`), so each is also passed by that name in
   * `--extraFileNames` (comma-separated, same order). @default spec.assets.extraFiles
   */
  readonly extraFiles?: readonly string[];
  /** The bucket the job reads and writes, only below `executions/`. */
  readonly dataBucket: IBucket;
  /** @default '' */
  readonly keyPrefix?: string;
  /** What happens to the job's KMS key when the stack goes. @default RemovalPolicy.DESTROY */
  readonly keyRemovalPolicy?: RemovalPolicy;
  /** How long the job's run-time log groups keep their events. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** What happens to the job's log groups when the stack goes. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The heavy-ETL Glue (Spark) job: its script and Python core as S3 assets, a role that may read
 * only those assets and `executions/*` in the data bucket (and that only Glue, for this account,
 * may assume), a security configuration that encrypts its logs and bookmarks with its own KMS
 * key, and the log groups it writes to at run time, created up front so that they expire.
 */
export class HeavyEtlGlueJob extends Construct {
  public readonly job: CfnJob;
  public readonly role: Role;
  public readonly scriptAsset: Asset;
  public readonly pythonAsset?: Asset;
  public readonly extraFileAssets: readonly Asset[];
  public readonly encryptionKey: Key;
  public readonly securityConfiguration: CfnSecurityConfiguration;
  /** The log groups the job writes to at run time (see `createGlueJobLogs`), each with a retention. */
  public readonly logGroups: readonly LogGroup[];
  /** The job's name, for `definitionSubstitutions` and IAM. */
  public readonly jobName: string;
  /** `arn:…:glue:region:account:job/name`. */
  public readonly jobArn: string;

  constructor(scope: Construct, id: string, props: HeavyEtlGlueJobProps) {
    super(scope, id);
    const spec = checkSpec(props.spec);
    this.jobName = spec.name;
    const scriptPath = assertNonEmpty(
      props.scriptPath ?? spec.assets?.script,
      'HeavyEtlGlueJobProps.scriptPath',
    );
    const pythonDir = props.pythonDir ?? spec.assets?.pythonModules;
    const extraFiles = props.extraFiles ?? spec.assets?.extraFiles ?? [];
    const keyPrefix = assertKeyPrefix(props.keyPrefix, 'HeavyEtlGlueJobProps.keyPrefix');
    const logPlan = planGlueJobLogs(spec, SPEC_PROP);
    this.jobArn = Stack.of(this).formatArn({
      service: 'glue',
      resource: 'job',
      resourceName: this.jobName,
    });

    this.scriptAsset = new Asset(this, 'Script', { path: scriptPath });
    this.pythonAsset = pythonDir
      ? new Asset(this, 'PythonCore', {
          path: pythonDir,
          exclude: [...(props.pythonExclude ?? [])],
        })
      : undefined;
    this.extraFileAssets = extraFiles.map(
      (path, index) => new Asset(this, `ExtraFile${index}`, { path }),
    );

    this.role = new Role(this, 'Role', {
      assumedBy: sourceBoundService(this, TrustedService.Glue),
      description: `ceap Glue job ${this.jobName}: its assets, its logs and executions/* of the data bucket`,
    });
    grantGlueJobRole(this, this.role, {
      dataBucket: props.dataBucket,
      keyPrefix,
      assets: [this.scriptAsset, this.pythonAsset, ...this.extraFileAssets].filter(
        (asset): asset is Asset => asset !== undefined,
      ),
    });
    const encryption = createGlueJobEncryption(
      this,
      this.role,
      this.jobName,
      props.keyRemovalPolicy ?? RemovalPolicy.DESTROY,
    );
    this.encryptionKey = encryption.key;
    this.securityConfiguration = encryption.securityConfiguration;
    const logs = createGlueJobLogs(this, {
      plan: logPlan,
      securityConfigurationName: this.securityConfiguration.name,
      role: this.role,
      key: this.encryptionKey,
      retention: props.logRetention ?? INFRA_DEFAULTS.glueJob.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.logGroups = logs.logGroups;
    this.job = new CfnJob(this, 'Job', this.jobProperties(spec, logs));
    // The groups exist, with their retention, before the first run could create them.
    for (const logGroup of this.logGroups) this.job.node.addDependency(logGroup);
  }

  private jobProperties(spec: GlueJobSpec, logs: GlueJobLogs): CfnJobProps {
    return {
      name: this.jobName,
      description: spec.description ?? 'ceap heavy ETL (Spark)',
      role: this.role.roleArn,
      command: {
        name: spec.jobType,
        pythonVersion: spec.pythonVersion ?? '3',
        scriptLocation: this.scriptAsset.s3ObjectUrl,
      },
      glueVersion: spec.glueVersion,
      workerType: spec.workerType,
      numberOfWorkers: spec.numberOfWorkers,
      timeout: spec.timeoutMinutes,
      maxRetries: spec.maxRetries,
      executionProperty: {
        maxConcurrentRuns: spec.maxConcurrentRuns ?? INFRA_DEFAULTS.glueJob.maxConcurrentRuns,
      },
      securityConfiguration: this.securityConfiguration.ref,
      defaultArguments: {
        '--enable-continuous-cloudwatch-log': 'true',
        '--enable-metrics': 'true',
        ...spec.defaultArguments,
        ...logs.arguments,
        ...(this.pythonAsset && { '--extra-py-files': this.pythonAsset.s3ObjectUrl }),
        ...(this.extraFileAssets.length > 0 && {
          '--extra-files': this.extraFileAssets.map((asset) => asset.s3ObjectUrl).join(','),
          '--extraFileNames': this.extraFileAssets
            .map((asset) => asset.s3ObjectKey.split('/').pop())
            .join(','),
        }),
      },
    };
  }
}

const SPEC_PROP = 'HeavyEtlGlueJobProps.spec';

/**
 * The spec, checked by glue-jobs' own `validateGlueJobSpec` (the one set of Glue spec rules),
 * its error restated under the prop's name. This construct builds a Spark job (workers, no
 * `MaxCapacity`) that Step Functions waits for, so it also takes only `glueetl`.
 */
function checkSpec(spec: GlueJobSpec): GlueJobSpec {
  if (spec.jobType !== GlueJobType.Etl) {
    throw new InfraPropsError(
      `${SPEC_PROP}.jobType must be "${GlueJobType.Etl}" (a Spark batch job), got ${JSON.stringify(spec.jobType)}`,
    );
  }
  try {
    return validateGlueJobSpec(spec);
  } catch (error) {
    if (!(error instanceof GlueJobSpecError)) throw error;
    throw new InfraPropsError(`${SPEC_PROP}: ${error.message}`, { cause: error });
  }
}
