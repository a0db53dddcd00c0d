import type { Readable } from 'node:stream';

/** The parts of s3rver 3.7's file-system store (lib/stores/filesystem.js) that ceap replaces. */
export interface FilesystemStore {
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getBucket(bucket: string): Promise<unknown>;
  getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getMetadata(bucket: string, key: string): Promise<ObjectMetadata>;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, unknown>,
    md5?: string,
  ): Promise<void>;
  getObject(bucket: string, key: string, options?: ByteRange): Promise<unknown>;
  putObject(object: StoredObject): Promise<WriteSummary>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<WriteSummary>;
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, unknown> | null,
  ): Promise<ObjectMetadata>;
}

export type ObjectMetadata = Record<string, unknown> & { 'content-length': number };

export interface ByteRange {
  readonly start?: number;
  readonly end?: number;
}

export interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly metadata: Record<string, unknown>;
  readonly content: Buffer | Readable;
}

export interface WriteSummary {
  readonly size: number;
  readonly md5: string;
}

export interface ListOptions {
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly prefix?: string;
  readonly maxKeys?: number;
}

export interface ListResult {
  readonly objects: unknown[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
}

/** The suffix s3rver gives an object's file: `{name}._S3rver_object`. */
export const OBJECT_FILE_SUFFIX = '._S3rver_object';
