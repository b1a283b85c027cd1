"""Run the homework's tests; print 'N passed, M failed' last (make test-homework).

Usage: python3 -m homework.tests.run [TEST NAME...]   (from the tree's root)
"""
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    loader = unittest.TestLoader()
    names = sys.argv[1:]
    if names:
        suite = loader.loadTestsFromNames(names)
    else:
        suite = loader.discover(str(ROOT / "homework" / "tests"), top_level_dir=str(ROOT))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed" + (f", {len(result.skipped)} skipped"
                                                 if result.skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
