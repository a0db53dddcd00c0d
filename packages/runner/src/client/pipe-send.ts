import { createHash } from 'node:crypto';
import { ExecutionStatus } from '../constants.js';
import { ExecutionNotFoundError, RunnerUsageError } from '../errors.js';
import type { ExecutionDescription, ExecutionHandle, StartRequest } from '../execution-types.js';

/** What `send` delivers: SQS message bodies, as a deployed queue's pipe would. */
export interface SendRequest {
  readonly workflow: string;
  /** The message bodies, as sent: text, JSON or not. At least one. */
  readonly bodies: readonly string[];
  /** Called with the execution's state each time a step changes. */
  readonly onProgress?: (description: ExecutionDescription) => void;
}

/** What became of a send. */
export interface SendOutcome {
  /** The execution of these messages: the attempt just started, or the one that succeeded. */
  readonly executionId: string;
  /** The attempt started, or undefined when these messages had already been processed. */
  readonly handle?: ExecutionHandle;
  /** The execution that already processed these messages (nothing was started). */
  readonly processed?: ExecutionDescription;
}

/** How many attempts of one batch of messages `send` starts at most. */
const MAX_ATTEMPTS = 99;

/**
 * The execution input the deployed pipe delivers (`PIPE_INPUT_TEMPLATE` `<$.body>`, in
 * @ceap/infra's workflow-queue): always an array, one element per message; a body that is JSON
 * arrives parsed, any other body as the string it is.
 */
export function pipeInput(bodies: readonly string[]): unknown[] {
  return bodies.map((body) => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  });
}

/**
 * `{workflow}-{16 hex}`: the first 16 hex digits of the SHA-256 of the bodies (as a JSON array
 * of strings), so the same messages always get the same name and a redelivery is recognised.
 */
export function messagesExecutionName(workflow: string, bodies: readonly string[]): string {
  const digest = createHash('sha256').update(JSON.stringify(bodies)).digest('hex');
  return `${workflow}-${digest.slice(0, 16)}`;
}

/** The name of attempt `n` of one batch: the first has the plain name, later ones `-{n}`. */
export function attemptName(name: string, attempt: number): string {
  return attempt === 1 ? name : `${name}-${attempt}`;
}

/** The part of the client `send` uses. */
export interface SendTarget {
  start(request: StartRequest): Promise<ExecutionHandle>;
  describe(executionId: string): Promise<ExecutionDescription>;
}

/**
 * A local stand-in for SQS and an EventBridge Pipe: starts the workflow with the messages in
 * the pipe's shape, under the name derived from them. Once an attempt of these messages has
 * SUCCEEDED nothing more is started (a redelivery); after attempts that did not succeed, the
 * next attempt starts as `{name}-{n}`. One still RUNNING is refused with RunnerUsageError.
 */
export async function sendMessages(target: SendTarget, request: SendRequest): Promise<SendOutcome> {
  if (request.bodies.length === 0) {
    throw new RunnerUsageError('send needs at least one --message');
  }
  const name = messagesExecutionName(request.workflow, request.bodies);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const executionId = attemptName(name, attempt);
    const earlier = await describeIfAny(target, executionId);
    if (earlier === undefined) {
      const handle = await target.start({
        workflow: request.workflow,
        executionId,
        input: pipeInput(request.bodies),
        ...(request.onProgress && { onProgress: request.onProgress }),
      });
      return { executionId, handle };
    }
    if (earlier.status === ExecutionStatus.Succeeded) return { executionId, processed: earlier };
    if (earlier.status === ExecutionStatus.Running) {
      throw new RunnerUsageError(
        `these messages are being processed by execution "${executionId}" (RUNNING); wait for it or stop it before sending them again`,
      );
    }
  }
  throw new RunnerUsageError(
    `these messages failed ${MAX_ATTEMPTS} times (${name} to ${attemptName(name, MAX_ATTEMPTS)}); fix them rather than sending them again`,
  );
}

async function describeIfAny(
  target: SendTarget,
  executionId: string,
): Promise<ExecutionDescription | undefined> {
  try {
    return await target.describe(executionId);
  } catch (error) {
    if (error instanceof ExecutionNotFoundError) return undefined;
    throw error;
  }
}
