import {
  branch,
  defineWorkflow,
  glue,
  lambda,
  map,
  s3Sensor,
  shortCircuit,
  type Workflow,
  type WorkflowStep,
  wait,
} from '../../src/workflow/index.js';

/** Small DAGs that exercise each step kind; compiled, validated and executed by the tests. */
const standard = (name: string, steps: WorkflowStep[]): Workflow =>
  defineWorkflow({ name, type: 'STANDARD', steps });

/** Extract fans out to Clean → Score and Quality, which join in Store. */
export const fanOut = standard('fan-out', [
  lambda('Extract'),
  lambda('Clean', { after: ['Extract'] }),
  lambda('Score', { after: ['Clean'] }),
  lambda('Quality', { after: ['Extract'] }),
  lambda('Store', { after: ['Score', 'Quality'] }),
]);

/** Skips Score and Store when Extract wrote no records. */
export const gated = standard('gated', [
  lambda('Extract'),
  shortCircuit('HasRecords', { step: 'Extract', follow: ['Score'] }),
  lambda('Score', { after: ['HasRecords'] }),
  lambda('Store', { after: ['Score'] }),
]);

/** Routes to Big or Small by Extract's count; Join follows both under a trigger rule. */
export const routed = (triggerRule: 'all_success' | 'all_done') =>
  standard(`routed-${triggerRule.replace('_', '-')}`, [
    lambda('Extract'),
    branch('BySize', {
      after: ['Extract'],
      routes: [
        { when: { step: 'Extract', field: 'records', op: '>', value: 100 }, follow: ['Big'] },
      ],
      otherwise: ['Small'],
    }),
    lambda('Big', { after: ['BySize'] }),
    lambda('Small', { after: ['BySize'] }),
    lambda('Join', { after: ['Big', 'Small'], triggerRule }),
  ]);

/** Cleanup runs after Publish and Audit whatever happened to them. */
export const cleanup = standard('cleanup', [
  lambda('Extract'),
  lambda('Load', { after: ['Extract'] }),
  lambda('Audit', { after: ['Extract'] }),
  lambda('Publish', { after: ['Load'] }),
  lambda('Cleanup', { after: ['Publish', 'Audit'], triggerRule: 'all_done' }),
]);

/** Maps ScoreStage over the Glue step's part files, tolerating some failed iterations. */
export const mapped = (tolerated: number) =>
  standard(`mapped-${tolerated}`, [
    lambda('Extract'),
    glue('Heavy', { after: ['Extract'] }),
    map('ScoreStage', { name: 'ScoreEach', over: 'Heavy', toleratedFailureCount: tolerated }),
    lambda('Store', { after: ['ScoreEach'] }),
  ]);

/** Waits for the day's _SUCCESS marker before Extract. */
export const sensed = (softFail: boolean) =>
  standard(`sensed-${softFail}`, [
    s3Sensor('DataArrived', {
      prefix: 'incoming/dt={logicalDate}/_SUCCESS',
      intervalSeconds: 60,
      timeoutSeconds: 300,
      softFail,
    }),
    lambda('Extract', { after: ['DataArrived'] }),
  ]);

/** Waits 30 s, then until the input's notBefore, then runs Extract. */
export const paced = standard('paced', [
  wait('Cooldown', { seconds: 30 }),
  wait('NotBefore', { after: ['Cooldown'], untilInputField: 'notBefore' }),
  lambda('Extract', { after: ['NotBefore'] }),
]);

/** Not series-parallel: C needs A, D needs A and B. */
export const nShape = standard('n-shape', [
  lambda('A'),
  lambda('B'),
  lambda('C', { after: ['A'] }),
  lambda('D', { after: ['A', 'B'] }),
]);
