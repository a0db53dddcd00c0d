import { Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { acknowledgeNag, wildcardResourceFinding } from '../nag-acknowledgements.js';

/** The folder under the key prefix where every execution keeps its stage outputs. */
export const EXECUTIONS_FOLDER = 'executions/';

/** Object actions a stage needs to stream its input, write its output and clean up uploads. */
export const OBJECT_READ_WRITE_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
] as const;

/** Which key prefixes (below the deployment's key prefix) a role may use. */
export interface DataAccessOptions {
  /** Prefixes read and written, e.g. `executions/`. */
  readonly readWrite: readonly string[];
  /** Prefixes only read, e.g. `incoming/`. */
  readonly readOnly: readonly string[];
  /** The deployment's key prefix, e.g. `team-a/`, or ''. */
  readonly keyPrefix: string;
}

/**
 * Grants a role object access to named prefixes of one bucket, and ListBucket only with an
 * `s3:prefix` condition on those prefixes. Never `s3:*`, never the whole bucket. The wildcard
 * that ends each prefix is acknowledged for cdk-nag on `scope`, with the reason that holds for
 * that prefix (see {@link wildcardReason}).
 */
export function grantDataAccess(
  scope: IConstruct,
  role: IRole,
  bucket: IBucket,
  options: DataAccessOptions,
): void {
  const readWrite = options.readWrite.map((prefix) => `${options.keyPrefix}${prefix}`);
  const readOnly = options.readOnly.map((prefix) => `${options.keyPrefix}${prefix}`);
  const objectArn = (prefix: string) => bucket.arnForObjects(`${prefix}*`);
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadWriteStageObjects',
      effect: Effect.ALLOW,
      actions: [...OBJECT_READ_WRITE_ACTIONS],
      resources: readWrite.map(objectArn),
    }),
  );
  if (readOnly.length > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadInputObjects',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: readOnly.map(objectArn),
      }),
    );
  }
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ListOwnPrefixes',
      effect: Effect.ALLOW,
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: {
        StringLike: { 's3:prefix': [...readWrite, ...readOnly].map((prefix) => `${prefix}*`) },
      },
    }),
  );
  bucket.encryptionKey?.grantEncryptDecrypt(role);
  const prefixes = [
    ...options.readWrite.map((prefix) => ({ prefix, readOnly: false })),
    ...options.readOnly.map((prefix) => ({ prefix, readOnly: true })),
  ];
  for (const { prefix, readOnly: onlyRead } of prefixes) {
    const full = `${options.keyPrefix}${prefix}`;
    acknowledgeNag(
      scope,
      'IAM5',
      wildcardReason(prefix, full, onlyRead),
      wildcardResourceFinding(scope, objectArn(full)),
    );
  }
}

/**
 * Why a prefix's grant ends in a wildcard. Only `executions/` is keyed per execution; a
 * declared read-only prefix (ETL's `incoming/`, the producer's drop zone
 * `incoming/dt={logicalDate}/`) holds what others write, and a declared read-write prefix
 * (Store's `datasets/`) holds outputs that outlive the execution.
 */
function wildcardReason(prefix: string, full: string, onlyRead: boolean): string {
  const limit = `the grant is limited to that prefix of the role's own data bucket.`;
  if (prefix === EXECUTIONS_FOLDER) {
    return `Stage outputs are keyed per execution below "${full}" ({executionId}/{StageName}/...), and an execution's id exists only at run time; ${limit}`;
  }
  if (onlyRead) {
    return `Read-only input: the stage declares "${prefix}" in access.readPrefixes, where others (a producer's drop zone such as incoming/dt={logicalDate}/) write objects under names chosen at run time; it may only s3:GetObject there, and ${limit}`;
  }
  return `The stage declares "${prefix}" in access.readWritePrefixes for outputs that outlive the execution (such as datasets/), under keys it derives at run time; ${limit}`;
}
