/**
 * `@ceap/stages/handlers`: the Lambda handler of each stage. Each file under `handlers/` also
 * exports `handler`, the entry a Lambda function (or CDK NodejsFunction) points at.
 */
export { handler as etlHandler } from './etl-handler.js';
export { handler as filterHandler } from './filter-handler.js';
export { handler as qualityHandler } from './quality-handler.js';
export { handler as reactiveHandler } from './reactive-handler.js';
export { handler as scoreHandler } from './score-handler.js';
export { handler as storeHandler } from './store-handler.js';
