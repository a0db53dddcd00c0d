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
 * that ends each prefix is the least a per-execution key layout needs, and is acknowledged
 * for cdk-nag with that reason on `scope`.
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
  for (const prefix of [...readWrite, ...readOnly]) {
    acknowledgeNag(
      scope,
      'IAM5',
      `Objects are keyed per execution below "${prefix}"; the role is limited to that prefix of its own data bucket.`,
      wildcardResourceFinding(scope, objectArn(prefix)),
    );
  }
}
