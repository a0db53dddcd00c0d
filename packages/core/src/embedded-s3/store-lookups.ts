import { readFileSync, statSync } from 'node:fs';
import type { FilesystemStore } from './filesystem-store.js';

// s3rver ships no types for its models.
const { getConfigModel } = require('s3rver/lib/models/config') as {
  getConfigModel(type: string): new (xml: string) => unknown;
};
const S3Bucket = require('s3rver/lib/models/bucket') as new (
  name: string,
  created: Date,
) => unknown;

/**
 * Replaces the lookups s3rver 3.7 makes on every request with synchronous calls: the bucket's
 * folder, and its CORS and website configurations (two files that usually do not exist). Each
 * asynchronous call cost a hop through libuv's thread pool, three of them before any request
 * reached its handler.
 */
export function replaceStoreLookups(store: FilesystemStore): void {
  store.getBucket = async function getBucket(this: FilesystemStore, bucket) {
    const stat = statSync(this.getBucketPath(bucket), { throwIfNoEntry: false });
    return stat?.isDirectory() ? new S3Bucket(bucket, stat.birthtime) : null;
  };
  store.getSubresource = async function getSubresource(this: FilesystemStore, bucket, key, type) {
    const Model = getConfigModel(type);
    try {
      return new Model(readFileSync(this.getResourcePath(bucket, key, `${type}.xml`), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  store.existsObject = async function existsObject(this: FilesystemStore, bucket, key) {
    return (
      statSync(this.getResourcePath(bucket, key, 'object'), { throwIfNoEntry: false }) !== undefined
    );
  };
}
