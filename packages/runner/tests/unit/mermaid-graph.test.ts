import {
  compileWorkflow,
  defineWorkflow,
  glue,
  lambda,
  map,
  parallelStateName,
  s3Sensor,
  wait,
} from '@ceap/core/workflow';
import { batchWorkflow, guardedBatchWorkflow, realtimeWorkflow } from '@ceap/stages';
import { mermaidDag } from '../../src/graph/mermaid-dag.js';
import { mermaidFlowchart } from '../../src/graph/mermaid-graph.js';

/** The lines of a flowchart that declare a node or draw an edge from `id`. */
const linesOf = (graph: string, id: string) =>
  graph.split('\n').filter((line) => line.trimStart().startsWith(id));

describe('Mermaid graph of the workflow DAG', () => {
  it('draws the realtime chain from start to end', () => {
    // Arrange / Act
    const graph = mermaidDag(realtimeWorkflow);

    // Assert
    expect(graph.startsWith('flowchart TD\n')).toBe(true);
    expect(graph).toContain('__start --> ETLStage');
    expect(graph).toContain('ETLStage --> FilterStage');
    expect(graph).toContain('ReactiveStage --> __end');
    expect(graph).toContain('ScoreStage["ScoreStage<br/>Lambda"]');
  });

  it('draws the Glue job and the Map over its parts', () => {
    // Arrange / Act
    const graph = mermaidDag(batchWorkflow);

    // Assert
    expect(graph).toContain('HeavyETLStage[/"HeavyETLStage<br/>Glue job: HeavyETLStage"/]');
    expect(graph).toContain(
      'ScoreStage[["ScoreStage<br/>map ScoreStage over each part of HeavyETLStage<br/>up to 10 at once"]]',
    );
    expect(graph).toContain('HeavyETLStage -->|"each part"| ScoreStage');
    expect(graph).toContain('ScoreStage --> StoreStage');
  });

  it('draws the sensor, the short-circuit with its condition, the fan-out and the join', () => {
    // Arrange / Act
    const graph = mermaidDag(guardedBatchWorkflow);

    // Assert
    expect(linesOf(graph, 'InputReady{{')).toEqual([
      '  InputReady{{"InputReady<br/>S3 sensor: incoming/dt={logicalDate}/_SUCCESS<br/>every 300 s, for up to 7200 s"}}',
    ]);
    expect(graph).toContain('HasCandidates{"HasCandidates<br/>branch"}');
    expect(graph).toContain('HasCandidates -->|"ETLStage.records #gt; 0"| FilterStage');
    expect(graph).toContain('HasCandidates -->|"ETLStage.records #gt; 0"| QualityStage');
    expect(graph).toContain('ScoreStage --> StoreStage');
    expect(graph).toContain('QualityStage --> StoreStage');
    expect(graph).toContain('__start --> InputReady');
    expect(linesOf(graph, 'ReactiveStage -->')).toEqual(['  ReactiveStage --> __end']);
  });

  it('gives each kind its shape, an all_done step dotted edges, and safe node ids', () => {
    // Arrange
    const workflow = defineWorkflow({
      name: 'shapes',
      type: 'STANDARD',
      steps: [
        wait('end', { seconds: 30 }),
        s3Sensor('Ready', { after: ['end'], prefix: 'in/', intervalSeconds: 5, softFail: true }),
        lambda('Extract', { after: ['Ready'] }),
        glue('Heavy-Job', { after: ['Extract'] }),
        map('Score', { over: 'Heavy-Job', maxConcurrency: 2, toleratedFailureCount: 1 }),
        lambda('Audit', { after: ['Score'], triggerRule: 'all_done' }),
      ],
    });

    // Act
    const graph = mermaidDag(workflow);

    // Assert
    expect(graph).toContain('end_(["end<br/>wait 30 s"])');
    expect(graph).toContain('every 5 s, for up to 900 s, then skips"}}');
    expect(graph).toContain('Heavy_Job[/"Heavy-Job<br/>Glue job: Heavy-Job"/]');
    expect(graph).toContain('up to 2 at once, tolerates 1 failed"]]');
    expect(graph).toContain('Score -.-> Audit');
    expect(graph).toContain('Audit<br/>Lambda<br/>runs when all upstreams are done');
  });
});

describe('Mermaid graph of the compiled state machine', () => {
  it('draws each state, retries and the Map iteration as a subgraph', () => {
    // Arrange
    const definition = compileWorkflow(batchWorkflow);

    // Act
    const graph = mermaidFlowchart(definition);

    // Assert
    expect(graph).toContain('__start --> _start');
    expect(graph).toContain('HeavyETLStage["HeavyETLStage<br/>Glue (.sync)"]');
    expect(graph).toContain('HeavyETLStage --> HeavyETLStage_output');
    expect(graph).toContain('HeavyETLStage -. "retry 2x from 300s, x2" .-> HeavyETLStage');
    expect(graph).toContain('ScoreStage_items["ScoreStage.items<br/>S3 listObjectsV2"]');
    expect(graph).toContain('subgraph ScoreStage_each["ScoreStage: each item"]');
    expect(graph).toContain('ScoreStage -. "each item" .-> ScoreStage_iteration');
    expect(graph).toContain('ScoreStage_itemsCheck -->|"otherwise"| ScoreStage');
  });

  it('draws Parallel branches as subgraphs that lead to the join', () => {
    // Arrange
    const definition = compileWorkflow(guardedBatchWorkflow);

    // Act
    const graph = mermaidFlowchart(definition);

    // Assert
    expect(graph).toContain(`subgraph _parallel1_branch0["${parallelStateName(1)} branch 1"]`);
    expect(graph).toContain('_parallel1 --> FilterStage_guard');
    expect(graph).toContain('_parallel1 --> QualityStage_guard');
    expect(graph).toContain('ScoreStage --> StoreStage');
    expect(graph).toContain('QualityStage --> StoreStage');
  });
});
