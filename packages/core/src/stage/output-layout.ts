import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Pointer } from '../records/record-types.js';
import { deleteObjectsUnder, SUCCESS_MARKER } from '../records/s3-objects.js';
import { partFileName } from '../s3-keys.js';
import { OutputLayout } from './stage-contract.js';

/** Where a stage writes in a layout, and whether the writer must clear stale parts itself. */
export interface LayoutTarget {
  readonly pointer: S3Pointer;
  readonly removeStaleParts: boolean;
}

/**
 * Where one Map iteration writes: its own part of the step's folder. The other iterations'
 * parts are left alone, and nothing is cleared.
 */
export function iterationTarget(pointer: S3Pointer, part: number): LayoutTarget {
  return {
    pointer: { bucket: pointer.bucket, key: `${pointer.key}/${partFileName(part)}` },
    removeStaleParts: false,
  };
}

/**
 * Makes room for one write of `pointer` in `layout`, so readers see exactly this write:
 * - `object`: the object at the key (an earlier folder write's parts stay, unread);
 * - `parts`: `{key}/part-00000.json`, after removing a single object at the key and any parts.
 */
export async function prepareLayout(
  s3: S3Client,
  pointer: S3Pointer,
  layout: OutputLayout,
): Promise<LayoutTarget> {
  // A reader takes the object at the key before any parts under it, so stale parts from an
  // earlier folder write cannot be read, and need no listing to remove.
  if (layout === OutputLayout.Object) return { pointer, removeStaleParts: false };
  await s3.send(new DeleteObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
  await deleteObjectsUnder(s3, pointer.bucket, `${pointer.key}/`);
  return {
    pointer: { bucket: pointer.bucket, key: `${pointer.key}/${partFileName(0)}` },
    removeStaleParts: false,
  };
}

/** Leaves `_SUCCESS` beside a folder output's parts, as Spark does once every part is stored. */
export async function markComplete(s3: S3Client, folder: S3Pointer): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: folder.bucket,
      Key: `${folder.key}/${SUCCESS_MARKER}`,
      Body: Buffer.alloc(0),
      ContentLength: 0,
    }),
  );
}
