"""The grading library on the real kernel in QEMU (skipped until the kernel is built)."""
import shutil
import threading
import unittest

from grading import runner
from grading.lab import Lab
from grading.qemu import Machine
from grading.tests.fixture import ROOT, TreeCase

BUILT = all((ROOT / p).is_file() for p in ("kernel/kernel", "fs.img"))
HAVE_QEMU = shutil.which("qemu-system-riscv64") is not None


@unittest.skipUnless(BUILT and HAVE_QEMU, "needs the kernel built (make) and QEMU")
class RealKernelTest(TreeCase):
    def test_shared_boot_nonces_and_a_fresh_boot(self):
        lab = Lab("realboot", boot_timeout=60)
        seen = []

        @lab.test(2)
        def echo_nonce(t):
            word = t.nonce()
            t.match("^" + word + "$", t.run("echo " + word))

        @lab.test(2, after="echo_nonce")
        def same_boot(t):
            seen.append(t.machine)
            t.match("^x y$", t.run("echo x y"))

        @lab.test(1, fresh_boot=True)
        def own_boot(t):
            seen.append(t.machine)
            t.run("echo own")

        grading = runner.Grading(lab, ROOT, ROOT, self.path("out"), skip_build=True,
                                 echo=lambda s: None)
        score, max_score, _ = grading.run()
        self.assertEqual((score, max_score), (5, 5))
        self.assertEqual(grading.boots.count, 2)
        self.assertIsNot(seen[0], seen[1])

    def test_parallel_boots_do_not_collide(self):
        outputs = {}

        def boot(name):
            with Machine(ROOT, cpus=1) as m:
                m.wait_for_shell(60)
                outputs[name] = m.run(f"echo {name}", 30)

        threads = [threading.Thread(target=boot, args=(f"machine{i}",)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(outputs, {"machine0": "machine0\n", "machine1": "machine1\n"})
