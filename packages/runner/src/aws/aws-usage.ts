import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { LambdaSizing } from '../cost/billing-units.js';
import type { RecordedUsage } from '../cost/execution-cost.js';
import { usageOf } from '../cost/execution-usage.js';
import type { LambdaArchitecture } from '../cost/price-table.js';
import { fromHistory } from '../progress/aws-history-adapter.js';
import { parseObject } from '../progress/json-text.js';
import { callAws } from './aws-errors.js';

/**
 * An AWS execution's usage from its history (the same fold as the local target's, through the
 * AWS adapter), and the memory and architecture of each function its Lambda task states
 * invoked: the FunctionName of their TaskScheduled events, looked up once each with
 * GetFunctionConfiguration (the deployed configuration).
 */
export async function awsUsage(
  executionId: string,
  events: readonly HistoryEvent[],
  lambda: LambdaClient,
): Promise<RecordedUsage> {
  const usage = usageOf(fromHistory(events, Date.now()));
  const functions = lambdaFunctionsByState(events);
  const sizes = new Map<string, Promise<LambdaSizing>>();
  const lambdas: Record<string, LambdaSizing> = {};
  for (const [state, functionName] of functions) {
    let sizing = sizes.get(functionName);
    if (!sizing) {
      sizing = functionSizing(executionId, lambda, functionName);
      sizes.set(functionName, sizing);
    }
    lambdas[state] = await sizing;
  }
  return { usage, lambdas };
}

/** Each Lambda task state's function: the FunctionName its TaskScheduled events carry. */
export function lambdaFunctionsByState(events: readonly HistoryEvent[]): Map<string, string> {
  const stateOf = new Map<number, string>();
  const found = new Map<string, string>();
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const entered = event.stateEnteredEventDetails?.name;
    const state = entered ?? stateOf.get(event.previousEventId ?? -1);
    if (state !== undefined) stateOf.set(event.id ?? 0, state);
    const scheduled = event.taskScheduledEventDetails;
    if (state === undefined || scheduled?.resourceType !== 'lambda') continue;
    const name = parseObject(scheduled.parameters)?.FunctionName;
    if (typeof name === 'string' && name) found.set(state, name);
  }
  return found;
}

async function functionSizing(
  executionId: string,
  lambda: LambdaClient,
  functionName: string,
): Promise<LambdaSizing> {
  const config = await callAws(
    { executionId, operation: 'GetFunctionConfiguration', resource: functionName },
    () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
  );
  // Lambda's default, when a function names none, is x86_64.
  const architecture: LambdaArchitecture =
    config.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64';
  return { memoryMb: config.MemorySize ?? 128, architecture, functionName };
}
