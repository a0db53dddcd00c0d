import { GetJobCommand, type GlueClient } from '@aws-sdk/client-glue';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { GlueLogGroup, glueJobLogFolder } from '@ceap/core';
import { stateTarget } from '../progress/step-rows.js';
import { callAws } from './aws-errors.js';
import { type TaskAttempt, taskAttempts } from './task-attempts.js';

/** Where some of a step's logs are: one log group, narrowed to this execution's runs. */
export interface LogSource {
  readonly step: string;
  readonly logGroupName: string;
  /** A Glue job run's log streams are named after its run id. */
  readonly logStreamNamePrefix?: string;
  /** A Lambda's lines: those naming its request ids or the execution id. */
  readonly filterPattern?: string;
  /** Epoch milliseconds. */
  readonly startTime: number;
  /** Epoch milliseconds; absent while a run goes on. */
  readonly endTime?: number;
}

/** CloudWatch Logs takes a filter pattern of at most 1,024 characters. */
const MAX_PATTERN = 1024;
/** Lines reach CloudWatch a little after the task that wrote them has ended. */
const LATE_MS = 60_000;

/**
 * Finds the log groups of an execution's steps from its history: a Lambda step's (and a Map
 * iteration's) function's log group, read from its LoggingConfig (infra gives each stage
 * function a log group of its own; Lambda's default is `/aws/lambda/{function}`), filtered to
 * the request ids of its invocations and the execution id; a Glue step's job run's `output`
 * and `error` groups (core's `glueJobLogFolder`, by which infra creates them), with the run's
 * id as the stream prefix.
 */
export class LogSources {
  private readonly functionGroups = new Map<string, Promise<string>>();
  private readonly jobGroups = new Map<string, Promise<string[]>>();

  constructor(private readonly clients: { lambda: () => LambdaClient; glue: () => GlueClient }) {}

  async of(executionId: string, history: readonly HistoryEvent[], step?: string) {
    const sources: LogSource[] = [];
    const lambdas = new Map<string, { step: string; group: string; attempts: TaskAttempt[] }>();
    for (const attempt of taskAttempts(history)) {
      const owner = stateTarget(attempt.state)?.step;
      if (owner === undefined || (step !== undefined && owner !== step)) continue;
      if (attempt.resourceType === 'lambda') {
        const group = await this.functionGroup(String(attempt.parameters.FunctionName));
        const key = `${owner}\n${group}`;
        const entry = lambdas.get(key) ?? { step: owner, group, attempts: [] };
        entry.attempts.push(attempt);
        lambdas.set(key, entry);
      } else if (attempt.resourceType === 'glue') {
        const runId = jobRunIdOf(attempt);
        if (!runId) continue;
        for (const logGroupName of await this.jobGroup(String(attempt.parameters.JobName))) {
          sources.push({
            step: owner,
            logGroupName,
            logStreamNamePrefix: runId,
            ...window([attempt]),
          });
        }
      }
    }
    for (const { step: owner, group, attempts } of lambdas.values()) {
      const terms = [executionId, ...attempts.flatMap(requestIdsOf)];
      const pattern = terms.map((term) => `?"${term}"`).join(' ');
      sources.push({
        step: owner,
        logGroupName: group,
        filterPattern: pattern.length <= MAX_PATTERN ? pattern : `"${executionId}"`,
        ...window(attempts),
      });
    }
    return sources;
  }

  private functionGroup(functionName: string): Promise<string> {
    let group = this.functionGroups.get(functionName);
    if (!group) {
      group = callAws({ operation: 'GetFunctionConfiguration', resource: functionName }, () =>
        this.clients
          .lambda()
          .send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
      ).then(
        (config) => config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionNameOf(functionName)}`,
      );
      this.functionGroups.set(functionName, group);
    }
    return group;
  }

  private jobGroup(jobName: string): Promise<string[]> {
    let groups = this.jobGroups.get(jobName);
    if (!groups) {
      groups = callAws({ operation: 'GetJob', resource: `Glue job ${jobName}` }, () =>
        this.clients.glue().send(new GetJobCommand({ JobName: jobName })),
      ).then(({ Job: job }) => {
        const folder = glueJobLogFolder({
          glueVersion: job?.GlueVersion,
          defaultArguments: job?.DefaultArguments,
          securityConfiguration: job?.SecurityConfiguration,
          // GetJob gives the role's ARN or its name; the folder holds its name.
          roleName: job?.Role?.split('/').at(-1),
        });
        return [`${folder}/${GlueLogGroup.Output}`, `${folder}/${GlueLogGroup.Error}`];
      });
      this.jobGroups.set(jobName, groups);
    }
    return groups;
  }
}

/** `arn:aws:lambda:…:function:NAME[:qualifier]`, or a plain name, → NAME. */
function functionNameOf(functionName: string): string {
  const parts = functionName.split(':');
  const at = parts.indexOf('function');
  return (at >= 0 && parts[at + 1]) || functionName;
}

/** lambda:invoke's response metadata, as Step Functions records it in TaskSucceeded. */
function requestIdsOf(attempt: TaskAttempt): string[] {
  return attempt.outputs.flatMap((output) => {
    const metadata = output.SdkResponseMetadata as { RequestId?: unknown } | undefined;
    const headers = (output.SdkHttpMetadata as { HttpHeaders?: Record<string, unknown> })
      ?.HttpHeaders;
    const id = metadata?.RequestId ?? headers?.['x-amzn-RequestId'];
    return typeof id === 'string' ? [id] : [];
  });
}

/** glue:startJobRun(.sync)'s run id: `JobRunId` when submitted, `Id` in the finished run. */
function jobRunIdOf(attempt: TaskAttempt): string | undefined {
  for (const output of attempt.outputs) {
    const id = output.JobRunId ?? output.Id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

function window(attempts: readonly TaskAttempt[]): { startTime: number; endTime?: number } {
  const startTime = Math.min(...attempts.map((a) => a.scheduledAt.getTime())) - 1000;
  if (attempts.some((a) => a.endedAt === undefined)) return { startTime };
  return {
    startTime,
    endTime: Math.max(...attempts.map((a) => a.endedAt?.getTime() ?? 0)) + LATE_MS,
  };
}
