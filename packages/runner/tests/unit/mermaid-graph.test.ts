import { compileWorkflow } from '@ceap/core/workflow';
import { batchWorkflow, realtimeWorkflow } from '@ceap/stages';
import { mermaidFlowchart } from '../../src/graph/mermaid-graph.js';

describe('Mermaid graph', () => {
  it('draws the realtime chain from start to end', () => {
    // Arrange
    const definition = compileWorkflow(realtimeWorkflow);

    // Act
    const graph = mermaidFlowchart(definition);

    // Assert
    expect(graph.startsWith('flowchart TD\n')).toBe(true);
    expect(graph).toContain('__start --> ETLStage');
    expect(graph).toContain('ETLStage --> FilterStage');
    expect(graph).toContain('ReactiveStage --> __end');
    expect(graph).toContain('ScoreStage["ScoreStage<br/>Lambda"]');
  });

  it('draws the batch Glue step, its output Pass state and its retry policy', () => {
    // Arrange
    const definition = compileWorkflow(batchWorkflow);

    // Act
    const graph = mermaidFlowchart(definition);

    // Assert
    expect(graph).toContain('HeavyETLStage["HeavyETLStage<br/>Glue (.sync)"]');
    expect(graph).toContain('HeavyETLStage --> HeavyETLStageOutput');
    expect(graph).toContain('HeavyETLStageOutput --> ScoreStage');
    expect(graph).toContain('HeavyETLStage -. "retry 2x from 300s, x2" .-> HeavyETLStage');
  });

  it('draws Catch edges to the Fail state when the workflow catches', () => {
    // Arrange
    const definition = compileWorkflow({ ...realtimeWorkflow, catchToFailState: true });

    // Act
    const graph = mermaidFlowchart(definition);

    // Assert
    expect(graph).toContain('ETLStage -. "States.ALL" .-> ExecutionFailed');
    expect(graph).toContain('ExecutionFailed[["ExecutionFailed<br/>Fail"]]');
  });
});
