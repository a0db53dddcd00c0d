/**
 * Test support for stages: a scratch embedded S3 server, one stage run on given records, and
 * JSON Lines helpers. A separate
 * entry point, so that Lambda bundles never include it.
 */

export {
  type Fault,
  type FaultProxy,
  type FaultRule,
  startFaultProxy,
} from './fault-proxy.js';
export { type RunStageOnOptions, runStageOn, type StageTestRun } from './run-stage-on.js';
export { collect, parseJsonLinesText, type ScratchS3, startScratchS3 } from './scratch-s3.js';
