import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataBucket, type DataBucketProps } from '../../src/constructs/data-bucket';
import { InfraPropsError } from '../../src/errors';
import { nagViolations, newTestApp, shippedApp } from '../helpers/cdk-test-app';

interface LifecycleRule {
  Id: string;
  Prefix?: string;
  ExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  ExpiredObjectDeleteMarker?: boolean;
}

/** The data bucket's properties: the bucket that has a BucketName (the access-log one has none). */
function dataBucketOf(stack: Stack, dataBucket: DataBucket): Record<string, unknown> {
  return Template.fromStack(stack).toJSON().Resources[
    stack.getLogicalId(dataBucket.bucket.node.defaultChild as never)
  ].Properties;
}

const rulesOf = (bucket: Record<string, unknown>) =>
  (bucket.LifecycleConfiguration as { Rules: LifecycleRule[] }).Rules;

/** Another team's data bucket below its own key prefix. */
function teamBucket(props: DataBucketProps = {}): { stack: Stack; data: DataBucket } {
  const stack = new Stack(newTestApp(), 'OrdersStack');
  const data = new DataBucket(stack, 'Data', { keyPrefix: 'orders/', ...props });
  return { stack, data };
}

describe('the data bucket keeps what a stage deletes, for a few days', () => {
  it('shipped app: the data bucket is versioned; previous versions and stray delete markers expire after 7 days', () => {
    // Arrange
    const { data } = shippedApp();
    // Act
    const bucket = dataBucketOf(data, data.dataBucket);
    const rules = rulesOf(bucket);
    // Assert
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'expire-previous-versions',
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        ExpiredObjectDeleteMarker: true,
      }),
    );
    // Bucket-wide, and no shorter rule for noncurrent versions below executions/.
    const previous = rules.filter((rule) => rule.NoncurrentVersionExpiration !== undefined);
    expect(previous.map((rule) => rule.Prefix)).toEqual([undefined]);
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'executions/', ExpirationInDays: 30 }),
    );
  });

  it('a custom stack: DataBucket below a key prefix is versioned too, with its own window, and cdk-nag has nothing new', () => {
    // Arrange / Act
    const { stack, data } = teamBucket({ noncurrentVersionExpirationDays: 3 });
    const bucket = dataBucketOf(stack, data);
    // Assert
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(rulesOf(bucket)).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 3 } }),
    );
    expect(rulesOf(bucket)).toContainEqual(
      expect.objectContaining({ Prefix: 'orders/executions/', ExpirationInDays: 30 }),
    );
    expect(nagViolations(stack)).toEqual([]);
  });

  it('versioned: false leaves the bucket unversioned, with no rule for versions', () => {
    // Arrange / Act
    const { stack, data } = teamBucket({ versioned: false });
    const bucket = dataBucketOf(stack, data);
    // Assert
    expect(bucket.VersioningConfiguration).toBeUndefined();
    expect(rulesOf(bucket).map((rule) => rule.Id)).toEqual([
      'expire-execution-outputs',
      'abort-incomplete-uploads',
    ]);
  });

  it.each([
    [
      'a version window on an unversioned bucket',
      { versioned: false, noncurrentVersionExpirationDays: 3 },
      'DataBucketProps.noncurrentVersionExpirationDays is set, but versioned is false: an unversioned bucket keeps no previous versions',
    ],
    [
      'a version window of 0 days',
      { noncurrentVersionExpirationDays: 0 },
      'DataBucketProps.noncurrentVersionExpirationDays must be a whole number of at least 1, got 0',
    ],
  ])('refuses %s, naming the prop', (_why, props, message) => {
    // Arrange / Act
    const act = () => teamBucket(props);
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });
});
