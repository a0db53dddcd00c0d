/**
 * The embedded S3 server (s3rver on 127.0.0.1). A separate entry point, so that Lambda bundles
 * of `@ceap/core` never pull in the server.
 */
export {
  EMBEDDED_S3_CREDENTIALS,
  type EmbeddedS3,
  type EmbeddedS3Options,
  startEmbeddedS3,
} from './embedded-s3-server.js';
