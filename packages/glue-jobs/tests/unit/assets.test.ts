import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HEAVY_ETL_PYTHON_ASSET_EXCLUDE,
  HEAVY_ETL_PYTHON_DIR,
  HEAVY_ETL_SCRIPT_PATH,
  HEAVY_ETL_SEGMENTS_PATH,
} from '../../src/index.js';

const packageRoot = join(__dirname, '..', '..');

describe('shipped assets', () => {
  it.each([
    ['HEAVY_ETL_SCRIPT_PATH', HEAVY_ETL_SCRIPT_PATH, join(packageRoot, 'glue', 'heavy_etl_job.py')],
    ['HEAVY_ETL_PYTHON_DIR', HEAVY_ETL_PYTHON_DIR, join(packageRoot, 'python')],
    [
      'HEAVY_ETL_SEGMENTS_PATH',
      HEAVY_ETL_SEGMENTS_PATH,
      join(packageRoot, 'reference', 'segments.csv'),
    ],
  ])('%s points at the file in the package', (_name, path, expected) => {
    // Act / Assert
    expect(path).toBe(expected);
    expect(existsSync(path)).toBe(true);
  });

  it('ships glue/, python/ and reference/ with the package, so the paths hold from dist too', () => {
    // Arrange
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      files: string[];
    };

    // Act / Assert
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'glue', 'python', 'reference']));
    expect(HEAVY_ETL_PYTHON_ASSET_EXCLUDE).toEqual(expect.arrayContaining(['tests']));
    expect(existsSync(join(HEAVY_ETL_PYTHON_DIR, 'ceap_heavy_etl', '__init__.py'))).toBe(true);
  });

  it('the PySpark script compiles with python3 (py_compile, written outside the package)', () => {
    // Arrange
    const compile =
      'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)';
    const target = join(mkdtempSync(join(tmpdir(), 'ceap-pyc-')), 'heavy_etl_job.pyc');

    // Act
    const run = () =>
      execFileSync('python3', ['-c', compile, HEAVY_ETL_SCRIPT_PATH, target], { stdio: 'pipe' });

    // Assert
    expect(run).not.toThrow();
    expect(existsSync(target)).toBe(true);
  });
});
