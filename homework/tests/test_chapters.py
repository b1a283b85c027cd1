"""Every chapter folder: a README in sync with its chapter.py, listed in homework/README.md,
and every command line of its plain handout runs on the simulators that exist."""
import re
import unittest

from grading import homework
from homework.tests.hwfixture import ROOT


def chapters():
    return [homework.load_chapter(ROOT, d) for d in homework.chapter_dirs(ROOT)]


class ChapterFolders(unittest.TestCase):
    def test_every_chapter_has_a_readme_matching_its_questions(self):
        found = chapters()
        self.assertGreaterEqual(len(found), 30)
        for ch in found:
            with self.subTest(chapter=ch.dirname):
                path = ch.folder / "README.md"
                self.assertTrue(path.is_file(), f"{ch.dirname} has no README.md")
                text = path.read_text()
                self.assertEqual(text, homework.render_readme(ch, homework.problem_params(ch)),
                                 f"{ch.dirname}/README.md is stale: homework/assign --write-readmes")
                self.assertTrue(ch.questions, f"{ch.dirname} has no questions")

    def test_the_index_lists_every_chapter(self):
        index = (ROOT / "homework" / "README.md").read_text()
        for ch in chapters():
            with self.subTest(chapter=ch.dirname):
                self.assertIn(f"[{ch.dirname}]({ch.dirname}/README.md)", index)
                self.assertIn(ch.title, index)
                row = re.search(rf"^\| \[{ch.dirname}\]\(.*\| (\d+)( \(the rest wait\))? \|$", index,
                                re.M)
                self.assertTrue(row, f"{ch.dirname}: no row ending in its checked questions")
                checked = sum(1 for q in ch.questions if q.checked and not q.waits)
                self.assertEqual(int(row.group(1)), checked, f"{ch.dirname}: checked questions")
                self.assertEqual(bool(row.group(2)), any(q.waits for q in ch.questions),
                                 f"{ch.dirname}: '(the rest wait)' iff a question waits")

    def test_answer_keys_are_unique_and_named_after_their_question(self):
        for ch in chapters():
            keys = ch.keys()
            self.assertEqual(len(keys), len(set(keys)), ch.dirname)
            for q in ch.questions:
                for a in q.answers:
                    self.assertRegex(a.key, rf"^q{q.number}[a-z]?$", ch.dirname)

    def test_every_command_runs_and_gives_its_answers(self):
        ran = 0
        for ch in chapters():
            params = homework.problem_params(ch)
            for q in ch.questions:
                with self.subTest(chapter=ch.dirname, question=q.name):
                    for c in q.run:
                        command = c.format(**params)
                        self.assertNotIn("{", command)
                    if homework.missing_simulators(ROOT, q, params):
                        continue
                    for c in q.run:  # as the student types it, and solved
                        homework.run_command(ROOT, c.format(**params), solve_flag=None)
                    key = homework.expected_answers(ROOT, ch, q, params)
                    for a in q.answers:
                        value = key[a.key]
                        if a.count is None:
                            self.assertNotIsInstance(value, list, a.key)
                        else:
                            self.assertIsInstance(value, list, a.key)
                            self.assertTrue(value, f"{a.key}: empty list")
                            if a.count:
                                self.assertEqual(len(value), a.count, a.key)
                        ran += 1
        self.assertGreater(ran, 40)


class ReadmeText(unittest.TestCase):
    def test_readmes_show_commands_from_the_top_of_the_tree(self):
        for ch in chapters():
            text = homework.render_readme(ch, homework.problem_params(ch))
            for line in text.splitlines():
                if line.startswith("sims/bin/"):
                    self.assertTrue(re.match(r"sims/bin/[a-z0-9-]+( |$)", line), line)


if __name__ == "__main__":
    unittest.main()
