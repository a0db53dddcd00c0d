// s3rver ships no types for its models; the metadata it keeps is its own list.
const { ALLOWED_METADATA } = require('s3rver/lib/models/object') as {
  ALLOWED_METADATA: readonly string[];
};

/** What s3rver stores of a request's metadata: the headers S3 keeps, and the user's own. */
export function storedMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of ALLOWED_METADATA) if (name in metadata) kept[name] = metadata[name];
  for (const [name, value] of Object.entries(metadata))
    if (name.startsWith('x-amz-meta-')) kept[name] = value;
  return kept;
}
