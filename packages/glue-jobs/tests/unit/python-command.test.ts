import { assertPythonAvailable, PythonNotFoundError, pythonCommand } from '../../src/index.js';

describe('the Python interpreter for local Glue runs', () => {
  it.each([
    [{}, 'python3'],
    [{ CEAP_PYTHON: '' }, 'python3'],
    [{ CEAP_PYTHON: ' /opt/py/bin/python3.12 ' }, '/opt/py/bin/python3.12'],
  ])('with %p is %s', (env, expected) => {
    // Arrange / Act
    const python = pythonCommand(env);
    // Assert
    expect(python).toBe(expected);
  });

  it('accepts an interpreter that starts', () => {
    // Arrange / Act / Assert
    expect(() => assertPythonAvailable('python3')).not.toThrow();
  });

  it('refuses one that does not, naming CEAP_PYTHON', () => {
    // Arrange
    const check = () => assertPythonAvailable('/nonexistent/python3');
    // Act / Assert
    expect(check).toThrow(PythonNotFoundError);
    expect(check).toThrow('/nonexistent/python3 was not found');
    expect(check).toThrow('set CEAP_PYTHON');
  });
});
