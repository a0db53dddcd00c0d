import { createStageHandler } from '@ceap/core';
import { engagementStage } from '../engagement-stage';

/** The Lambda entry of EngagementStage, bundled by the CDK app (infra/app.ts). */
export const handler = createStageHandler(engagementStage);
