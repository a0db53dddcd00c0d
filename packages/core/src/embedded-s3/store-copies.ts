import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FilesystemStore } from './filesystem-store.js';
import { objectMd5 } from './store-reads.js';
import { storedMetadata } from './stored-metadata.js';

/**
 * Replaces s3rver 3.7's CopyObject. With replaced metadata (`MetadataDirective: REPLACE`) it
 * copied the bytes but not their checksum file, so a copy over an existing object answered
 * with the old object's ETag. The copy's checksum is now always the source's.
 */
export function replaceStoreCopies(store: FilesystemStore): void {
  store.copyObject = async function copyObject(
    this: FilesystemStore,
    srcBucket,
    srcKey,
    destBucket,
    destKey,
    replacementMetadata,
  ) {
    const source = this.getResourcePath(srcBucket, srcKey, 'object');
    const target = this.getResourcePath(destBucket, destKey, 'object');
    const md5 = objectMd5(source);
    const metadata =
      replacementMetadata == null
        ? readFileSync(this.getResourcePath(srcBucket, srcKey, 'metadata.json'), 'utf8')
        : JSON.stringify(storedMetadata(replacementMetadata), null, 2);
    if (source !== target) {
      mkdirSync(dirname(target), { recursive: true });
      // One call that the kernel can serve without the bytes passing through this process.
      await copyFile(source, target);
    }
    writeFileSync(`${target}.md5`, md5);
    writeFileSync(this.getResourcePath(destBucket, destKey, 'metadata.json'), metadata);
    return this.getMetadata(destBucket, destKey);
  };
}
