"""A mutation run of the chapters against their own tests, by mutmut.

mutmut makes many small edits of each chapter's functions (mutants) and runs the tests that
reach each one; a mutant that every test lets through survived. It runs in a scratch copy of the
book, with a configuration written for the chapters asked for, so that two runs never share a
``mutants/`` directory and a chapter's run collects statistics from its own tests only.

A mutant that changes nothing a reader could observe (an equivalent mutant) is marked in the
chapter, on its line, with ``# pragma: no mutate: <why>``; mutmut leaves that line alone.

mutmut leaves every decorated function alone, because a module-level decorator runs at import
and a mutated copy would register twice. A chapter's views are decorated inside
``create_app``, where that cannot happen: a mutant of ``create_app`` registers its views only
when it is called. Left alone, not one view of the book would be mutated, so ``python -m
textbook.mutation`` runs mutmut's own command with nested decorated functions let in.
"""

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from textbook import book

COPIED = ["chapters", "tests", "textbook", "conftest.py", "pytest.ini", "pyproject.toml"]


def _config(chapters):
    names = ", ".join(json.dumps(f"chapters/{c.name}.py") for c in chapters)
    tests = ", ".join(json.dumps(f"tests/test_{c.name}.py") for c in chapters)
    return f"""
[tool.mutmut]
source_paths = ["chapters/"]
only_mutate = [{names}]
also_copy = ["textbook/", "conftest.py", "pytest.ini"]
pytest_add_cli_args = ["-p", "no:randomly"]
pytest_add_cli_args_test_selection = [{tests}]
"""


def run(chapters, keep=None):
    """Run mutmut on ``chapters``; returns ``{chapter: {"killed", "total", "survived"}}``.

    ``keep``: a directory to run in and leave behind (for ``mutmut browse`` there)."""
    scratch = Path(keep or tempfile.mkdtemp(prefix="textbook-mutate-"))
    try:
        for name in COPIED:
            source = book.ROOT / name
            if source.is_dir():
                shutil.copytree(source, scratch / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, scratch / name)
        with open(scratch / "pyproject.toml", "a", encoding="utf-8") as pyproject:
            pyproject.write(_config(chapters))
        subprocess.run([sys.executable, "-m", "textbook.mutation", "run"], cwd=scratch, check=False)
        with contextlib.chdir(scratch):  # mutmut reads its results from where it ran
            return {c.name: _figure(c.name) for c in chapters
                    if Path(f"mutants/chapters/{c.name}.py.meta").exists()}
    finally:
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def _figure(name):
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    meta = Path(f"mutants/chapters/{name}.py.meta").read_text(encoding="utf-8")
    status = {mutant: status_by_exit_code[code]
              for mutant, code in json.loads(meta)["exit_code_by_key"].items()}
    survivors = sorted((m for m, s in status.items() if s != "killed"), key=_numbered)
    return {"killed": len(status) - len(survivors), "total": len(status), "survived": [
        {"mutant": m, "status": status[m], "diff": get_diff_for_mutant(m, path=f"chapters/{name}.py")}
        for m in survivors]}


def _numbered(mutant):
    function, _, number = mutant.rpartition("__mutmut_")
    return function, int(number)


FIGURES = book.ROOT / "mutation.json"  # kept in the repository: CI runs no mutation


def write(found, path=FIGURES):
    """Merge ``found`` into the figures file (other chapters' figures are kept)."""
    figures = read(path)
    figures.update(found)
    Path(path).write_text(json.dumps(dict(sorted(figures.items())), indent=2) + "\n", encoding="utf-8")
    return figures


def read(path=FIGURES):
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}


def _mutate_nested_views():
    """Let mutmut into decorated functions defined inside another function (the views)."""
    import libcst as cst
    from libcst.metadata import PositionProvider
    from mutmut.mutation.file_mutation import MutationVisitor, OuterFunctionProvider

    skip = MutationVisitor._skip_node_and_children

    def skip_node_and_children(self, node):
        if isinstance(node, cst.FunctionDef) and node.decorators:
            outer = self.get_metadata(OuterFunctionProvider, node, None)
            if outer is not None and outer is not node:  # nested: a view inside create_app
                position = self.get_metadata(PositionProvider, node, None)
                return position is not None and position.start.line in self._ignored_node_lines
        return skip(self, node)

    MutationVisitor._skip_node_and_children = skip_node_and_children


if __name__ == "__main__":
    _mutate_nested_views()
    from mutmut.__main__ import cli

    cli()
