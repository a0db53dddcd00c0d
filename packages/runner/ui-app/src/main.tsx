import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { bootstrap } from './api.js';
import { href } from './format.js';
import { GridPage } from './grid-page.js';
import { RunPage } from './run-page.js';
import { StepPage } from './step-page.js';
import { WorkflowsPage } from './workflows-page.js';
import './styles.css';

/** The page for a hash route: `#/`, `#/workflows/W`, `#/runs/ID`, `#/runs/ID/steps/S`. */
function pageFor(hash: string) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'workflows' && parts[1]) return <GridPage workflow={parts[1]} />;
  if (parts[0] === 'runs' && parts[1] && parts[2] === 'steps' && parts[3])
    return <StepPage executionId={parts[1]} step={parts[3]} />;
  if (parts[0] === 'runs' && parts[1]) return <RunPage executionId={parts[1]} />;
  return <WorkflowsPage />;
}

function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return (
    <>
      <header class="top">
        <a href={href.workflows()} class="brand">
          ceap
        </a>
        <span class="target">target: {bootstrap.target}</span>
      </header>
      <main key={hash}>{pageFor(hash)}</main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
