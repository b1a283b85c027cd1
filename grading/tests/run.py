"""Run a folder of unittest tests; print 'N passed, M failed' last (make test-grading and
make test-homework).

Usage: python3 -m grading.tests.run [--folder DIR] [TEST NAME...]   (from the tree's root)
DIR is relative to the tree's root; the default is grading/tests.
"""
import argparse
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    parser = argparse.ArgumentParser(prog="python3 -m grading.tests.run")
    parser.add_argument("--folder", default="grading/tests")
    parser.add_argument("names", nargs="*", metavar="TEST NAME")
    args = parser.parse_args()
    loader = unittest.TestLoader()
    if args.names:
        suite = loader.loadTestsFromNames(args.names)
    else:
        suite = loader.discover(str(ROOT / args.folder), top_level_dir=str(ROOT))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
    print(f"{passed} passed, {failed} failed{skipped}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
