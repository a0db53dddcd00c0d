import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  GetScheduleCommand,
  type GetScheduleOutput,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { DEFAULT_DEPLOYMENT_PREFIX } from '@ceap/core';
import {
  ScheduleState,
  type ScheduleStore,
  type StoredSchedule,
} from '../schedule/schedule-types.js';
import { callAws } from './aws-errors.js';
import { StateMachineArns } from './state-machine-arns.js';

/** What the AWS schedule store needs: the deployment and, in tests, its clients. */
export interface AwsScheduleStoreOptions {
  /** @default 'dev' */
  readonly prefix?: string;
  readonly region?: string;
  readonly clients?: {
    readonly scheduler?: SchedulerClient;
    readonly cloudFormation?: CloudFormationClient;
  };
}

/**
 * Schedules on AWS: the EventBridge Scheduler schedule each workflow stack deployed, found by
 * the stack's `ScheduleName` output. It reads GetSchedule; pausing or resuming is an
 * UpdateSchedule with State DISABLED or ENABLED. UpdateSchedule replaces the whole schedule,
 * so every field GetSchedule returned is passed back unchanged.
 */
export class AwsScheduleStore implements ScheduleStore {
  private readonly scheduler: SchedulerClient;
  private readonly stacks: StateMachineArns;

  constructor(options: AwsScheduleStoreOptions = {}) {
    const { region } = options;
    this.scheduler = options.clients?.scheduler ?? new SchedulerClient({ region });
    const cloudFormation = options.clients?.cloudFormation ?? new CloudFormationClient({ region });
    this.stacks = new StateMachineArns(cloudFormation, options.prefix ?? DEFAULT_DEPLOYMENT_PREFIX);
  }

  async read(workflow: string, _declared?: unknown): Promise<StoredSchedule> {
    return storedOf(await this.get(workflow));
  }

  async setState(
    workflow: string,
    _declared: unknown,
    state: ScheduleState,
  ): Promise<StoredSchedule> {
    const current = await this.get(workflow);
    const wanted = state === ScheduleState.Paused ? 'DISABLED' : 'ENABLED';
    const { Name, ScheduleExpression, Target, FlexibleTimeWindow } = current;
    await callAws({ operation: 'UpdateSchedule', resource: `schedule ${Name}` }, () =>
      this.scheduler.send(
        new UpdateScheduleCommand({
          Name,
          GroupName: current.GroupName,
          ScheduleExpression,
          ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
          StartDate: current.StartDate,
          EndDate: current.EndDate,
          Description: current.Description,
          KmsKeyArn: current.KmsKeyArn,
          ActionAfterCompletion: current.ActionAfterCompletion,
          Target,
          FlexibleTimeWindow,
          State: wanted,
        }),
      ),
    );
    return storedOf({ ...current, State: wanted });
  }

  private async get(workflow: string): Promise<GetScheduleOutput> {
    const name = await this.stacks.scheduleName(workflow);
    return callAws({ operation: 'GetSchedule', resource: `schedule ${name}` }, () =>
      this.scheduler.send(new GetScheduleCommand({ Name: name })),
    );
  }
}

function storedOf(schedule: GetScheduleOutput): StoredSchedule {
  return {
    expression: schedule.ScheduleExpression ?? '',
    timeZone: schedule.ScheduleExpressionTimezone ?? 'UTC',
    state: schedule.State === 'DISABLED' ? ScheduleState.Paused : ScheduleState.Active,
    ...(schedule.Name !== undefined && { scheduleName: schedule.Name }),
  };
}
