import { InvalidWorkflowError } from '../../src/index.js';
import {
  compileWorkflow,
  GLUE_STEP_RETRY,
  glue,
  lambda,
  MAX_STEPS,
  map,
  s3Sensor,
  type Workflow,
  type WorkflowStep,
  wait,
} from '../../src/workflow/index.js';
import { realtimeWorkflow } from '../helpers/test-workflows.js';

const base: Workflow = realtimeWorkflow;
const standard = (steps: readonly WorkflowStep[]): Workflow => ({
  ...base,
  name: 'checked',
  type: 'STANDARD',
  timeoutSeconds: 3600,
  steps,
});
const extract = lambda('Extract');

describe('validateWorkflow refuses, naming the step and field', () => {
  it.each<[string, Workflow, string]>([
    ['a bad workflow name', { ...base, name: 'Bad Name' }, 'workflow.name "Bad Name"'],
    ['no steps', { ...base, steps: [] }, 'steps must not be empty'],
    [
      'a trigger under executions/',
      { ...base, trigger: { objectCreated: { prefix: 'executions/x/' } } },
      'trigger.objectCreated.prefix',
    ],
    [
      'a trigger prefix with a wildcard',
      { ...base, trigger: { objectCreated: { prefix: 'landing/*/' } } },
      'is a prefix, not a pattern',
    ],
    ['an Express timeout over 300 s', { ...base, timeoutSeconds: 301 }, 'at most 300'],
    ['a duplicate name', standard([extract, extract]), 'steps[1].name "Extract" appears twice'],
    ['a bad step name', standard([lambda('a/b')]), 'steps[0].name'],
    [
      'an unknown step kind',
      standard([{ kind: 'docker', name: 'A' } as never]),
      'steps[0].kind must be lambda, glue, map, branch, wait or s3-sensor',
    ],
    [
      'an unknown upstream',
      standard([extract, lambda('Load', { after: ['Extrct'] })]),
      'step "Load" (steps[1]).after names "Extrct", which is not a step',
    ],
    [
      'a step that needs itself',
      standard([lambda('Loop', { after: ['Loop'] })]),
      'step "Loop" (steps[0]).after names the step itself',
    ],
    [
      'a cycle',
      standard([
        lambda('A', { after: ['C'] }),
        lambda('B', { after: ['A'] }),
        lambda('C', { after: ['B'] }),
      ]),
      'steps form a cycle: A -> B -> C -> A',
    ],
    [
      'a Glue step in EXPRESS',
      { ...base, steps: [extract, glue('Heavy', { after: ['Extract'] })] },
      'step "Heavy" (steps[1]): a glue step needs .sync, which EXPRESS workflows do not support',
    ],
    [
      'a Glue step with no upstream output',
      standard([glue('Heavy')]),
      'a glue step reads exactly one upstream step',
    ],
    [
      'a map over a step that produces no list',
      standard([extract, map('Score', { over: 'Extract' })]),
      'step "Score" (steps[1]).over "Extract" produces no list',
    ],
    [
      'a map whose list is not among its upstreams',
      standard([
        extract,
        glue('Heavy', { after: ['Extract'] }),
        map('Score', { over: 'Heavy', after: ['Extract'] }),
      ]),
      '.over "Heavy" must also be in its after',
    ],
    [
      'a route to a step that does not follow the branch',
      standard([
        extract,
        {
          kind: 'branch',
          name: 'Gate',
          after: ['Extract'],
          routes: [
            { when: { step: 'Extract', field: 'records', op: '>', value: 0 }, follow: ['Load'] },
          ],
        },
        lambda('Load', { after: ['Extract'] }),
      ]),
      'step "Gate" (steps[1]) routes to "Load", whose after must name "Gate"',
    ],
    [
      'a condition on a step that is not upstream',
      standard([
        extract,
        lambda('Other'),
        {
          kind: 'branch',
          name: 'Gate',
          after: ['Extract'],
          routes: [
            { when: { step: 'Other', field: 'records', op: '>', value: 0 }, follow: ['Load'] },
          ],
        },
        lambda('Load', { after: ['Gate'] }),
      ]),
      '.routes[0].when.step "Other" must be an upstream stage, Glue or Map step',
    ],
    [
      'a condition on an unknown field',
      standard([
        extract,
        {
          kind: 'branch',
          name: 'Gate',
          after: ['Extract'],
          routes: [
            { when: { step: 'Extract', field: 'rows', op: '>', value: 0 }, follow: ['Load'] },
          ],
        },
        lambda('Load', { after: ['Gate'] }),
      ]),
      'routes[0].when.field must be records, rejected, filtered, received, bytes or metrics.NAME',
    ],
    [
      'a wait with neither duration nor field',
      standard([wait('Pause', {})]),
      'give exactly one of seconds and untilInputField',
    ],
    [
      'a sensor that polls less often than its timeout',
      standard([
        s3Sensor('Marker', { prefix: 'incoming/', intervalSeconds: 600, timeoutSeconds: 60 }),
      ]),
      'step "Marker" (steps[0]).intervalSeconds 600 must not exceed its timeout of 60 s',
    ],
    [
      'a retry with no errors',
      standard([
        lambda('A', {
          retry: [{ errors: [], intervalSeconds: 1, maxAttempts: 1, backoffRate: 1 }],
        }),
      ]),
      'steps[0].retry[0].errors must not be empty',
    ],
    [
      'a fractional retry count',
      standard([
        lambda('A', {
          retry: [{ errors: ['X'], intervalSeconds: 1, maxAttempts: 1.5, backoffRate: 1 }],
        }),
      ]),
      'steps[0].retry[0].maxAttempts must be a whole number, got 1.5',
    ],
    [
      'a zero task timeout',
      standard([lambda('A', { timeoutSeconds: 0 })]),
      'steps[0].timeoutSeconds',
    ],
    [
      'more steps than the state can carry',
      standard(Array.from({ length: MAX_STEPS + 1 }, (_, i) => lambda(`S${i}`))),
      `steps must be at most ${MAX_STEPS}`,
    ],
  ])('%s', (_label, workflow, message) => {
    // Arrange / Act
    const attempt = () => compileWorkflow(workflow);
    // Assert
    expect(attempt).toThrow(InvalidWorkflowError);
    expect(attempt).toThrow(message);
  });
});

describe('validateWorkflow checks that every task fits inside the workflow timeout', () => {
  it('refuses a Glue step whose retries outlast the workflow, with the arithmetic', () => {
    // Arrange: 3 attempts of 7,200 s and 300 + 600 s of backoff, in a 6-hour workflow.
    const workflow: Workflow = {
      ...standard([
        extract,
        glue('Heavy', { after: ['Extract'], timeoutSeconds: 7200, retry: [GLUE_STEP_RETRY] }),
      ]),
      timeoutSeconds: 21_600,
    };
    // Act / Assert
    expect(() => compileWorkflow(workflow)).toThrow(
      'workflow "checked": step "Heavy" (steps[1]): its attempts can outlast the workflow: 3 attempts × 7200 s timeoutSeconds + 900 s of retry backoff = 22500 s, more than the workflow\'s timeoutSeconds 21600',
    );
  });

  it('adds up every rule of the step and caps each delay at its maxDelaySeconds', () => {
    // Arrange: 1 + 3 + 1 attempts of 600 s; backoff 10 + 20 + 20 (capped) + 60 = 110 s.
    const retry = [
      { errors: ['A'], intervalSeconds: 10, maxAttempts: 3, backoffRate: 10, maxDelaySeconds: 20 },
      { errors: ['B'], intervalSeconds: 60, maxAttempts: 1, backoffRate: 2 },
    ];
    const heavy = glue('Heavy', { after: ['Extract'], timeoutSeconds: 600, retry });
    const workflow = (timeoutSeconds: number): Workflow => ({
      ...standard([extract, heavy]),
      timeoutSeconds,
    });
    // Act / Assert
    expect(() => compileWorkflow(workflow(3110))).not.toThrow();
    expect(() => compileWorkflow(workflow(3109))).toThrow(
      '5 attempts × 600 s timeoutSeconds + 110 s of retry backoff = 3110 s',
    );
  });

  it('refuses a sensor that would poke past the workflow timeout', () => {
    // Arrange
    const sensor = s3Sensor('Ready', {
      prefix: 'in/_SUCCESS',
      intervalSeconds: 60,
      timeoutSeconds: 7200,
    });
    // Act / Assert
    expect(() => compileWorkflow(standard([sensor]))).toThrow(
      'step "Ready" (steps[0]): its attempts can outlast the workflow: 1 attempts × 7200 s',
    );
  });
});
