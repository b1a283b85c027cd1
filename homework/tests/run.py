#!/usr/bin/env python3
"""Run the homework's tests; print 'N passed, M failed' last (make test-homework)."""
import os
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def main():
    sys.path.insert(0, ROOT)
    loader = unittest.TestLoader()
    names = sys.argv[1:]
    if names:
        suite = loader.loadTestsFromNames(names)
    else:
        suite = loader.discover(os.path.join(ROOT, "homework", "tests"), top_level_dir=os.path.join(ROOT, "homework", "tests"))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed" + (f", {len(result.skipped)} skipped"
                                                 if result.skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
