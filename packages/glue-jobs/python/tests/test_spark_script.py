"""The PySpark script cannot run here (no PySpark); check that it compiles and stays thin.

Every name it imports from ceap_heavy_etl must exist and be exercised by these tests, so the
logic Spark applies on Glue is the logic tested here.
"""

import ast
import os
import py_compile
import tempfile
import unittest

import ceap_heavy_etl

from .support import SPARK_SCRIPT, TESTS_DIR


def imported_from_core(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ceap_heavy_etl"):
            names.update(alias.name for alias in node.names)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ceap_heavy_etl"):
                    raise AssertionError("import names explicitly: from ceap_heavy_etl import f")
    return names


def names_used_in_tests():
    used = set()
    for file_name in os.listdir(TESTS_DIR):
        if not (file_name.startswith("test_") and file_name.endswith(".py")) or file_name == "test_spark_script.py":
            continue
        with open(os.path.join(TESTS_DIR, file_name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
    return used


class SparkScriptTest(unittest.TestCase):
    def test_the_script_compiles(self):
        # Arrange
        with tempfile.TemporaryDirectory() as folder:
            # Act
            compiled = py_compile.compile(SPARK_SCRIPT, cfile=os.path.join(folder, "job.pyc"), doraise=True)
            # Assert
            self.assertTrue(os.path.exists(compiled))

    def test_the_script_applies_core_functions(self):
        # Act
        names = imported_from_core(SPARK_SCRIPT)
        # Assert
        for expected in ["validate_line", "pick_latest", "enrich_entry", "load_segments", "to_json_line"]:
            self.assertIn(expected, names)

    def test_every_core_function_the_script_applies_exists_and_is_tested(self):
        # Arrange
        used = names_used_in_tests()
        # Act
        names = imported_from_core(SPARK_SCRIPT)
        # Assert
        missing = sorted(name for name in names if not hasattr(ceap_heavy_etl, name))
        untested = sorted(name for name in names if name not in used)
        self.assertEqual(missing, [], "imported by the script but not in ceap_heavy_etl")
        self.assertEqual(untested, [], "applied by the Spark script but not exercised by any test")


if __name__ == "__main__":
    unittest.main()
