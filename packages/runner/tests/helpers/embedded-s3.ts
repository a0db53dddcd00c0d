import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';

export { collect, parseJsonLinesText as parseLines } from '@ceap/core/testing';

export const TEST_BUCKET = 'ceap-runner-test';
export type TestS3 = ScratchS3;

/** s3rver on 127.0.0.1, a free port and a temporary folder; `stop()` removes the folder. */
export const startTestS3 = (): Promise<TestS3> => startScratchS3({ bucket: TEST_BUCKET });
