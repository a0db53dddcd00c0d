/**
 * The ceap CDK app: `cdk synth` runs this file (see cdk.json). It adds the data stack and one
 * stack per shipped workflow (realtime, batch, guarded-batch) for `--context prefix=…`, and
 * checks them with cdk-nag's AwsSolutions pack.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addCeapStacks } from './app/ceap-app.js';
import { SHIPPED_SOURCES } from './app/default-sources.js';

const app = new App();
addCeapStacks(app, SHIPPED_SOURCES);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
