"""Run the book against the newest release of every dependency, beside the pinned run.

A separate virtual environment gets the book's dependencies with no upper bounds; the book runs
there and writes its report to ``<report>/newest``; then the two reports are compared: which
chapters changed status, which claims broke, and which versions changed under them.
"""

import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from textbook import book

DISTRIBUTION = "flask-executable-textbook"
INSTALLERS = {"pip", "setuptools", "wheel"}  # the venv's own tools, not the book's dependencies
NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")


def unbounded_requirements():
    """The book's requirements with their version ranges dropped (extras kept)."""
    requirements = []
    for requirement in metadata.requires(DISTRIBUTION) or []:
        if "extra ==" in requirement:
            continue
        match = NAME.match(requirement)
        requirements.append(match.group(1) + (match.group(2) or ""))
    return requirements


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions(python):
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    )
    return {canonical(item["name"]): item["version"] for item in json.loads(listing.stdout)}


def compare(pinned_rows, newest_rows, pinned_versions, newest_versions):
    """Chapters whose status changed, claims that broke, and the versions that moved."""
    pinned = {row["chapter"]: row for row in pinned_rows}
    changes = []
    for row in newest_rows:
        before = pinned.get(row["chapter"])
        if before is None:
            continue
        broke = [
            claim
            for claim, value in row["claims"].items()
            if before["claims"].get(claim, {}).get("proven") and not value["proven"]
        ]
        if before["status"] != row["status"] or broke:
            changes.append(
                {"chapter": row["chapter"], "pinned": before["status"], "newest": row["status"],
                 "broken_claims": {claim: row["claims"][claim]["text"] for claim in broke}}
            )
    moved = {
        name: {"pinned": pinned_versions.get(name), "newest": version}
        for name, version in sorted(newest_versions.items())
        if pinned_versions.get(name) != version and name not in INSTALLERS
    }
    return {"changes": changes, "versions_moved": moved}


def run(report_dir, venv_dir):
    report_dir, venv_dir = Path(report_dir).resolve(), Path(venv_dir).resolve()
    pinned_json = report_dir / "chapters.json"
    if not pinned_json.exists():
        sys.exit(f"no pinned report at {pinned_json}: run `textbook` first")
    python = str(venv_dir / "bin" / "python")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv_dir)], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", *unbounded_requirements()], check=True)
    newest_dir = report_dir / "newest"
    environment = {**os.environ, "PYTHONPATH": str(book.ROOT)}
    status = subprocess.run(
        [python, "-m", "pytest", "-q", "-n", "2", "--report-dir", str(newest_dir)],
        cwd=book.ROOT, env=environment,
    ).returncode
    pinned_versions = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    result = compare(
        json.loads(pinned_json.read_text()),
        json.loads((newest_dir / "chapters.json").read_text()),
        pinned_versions,
        installed_versions(python),
    )
    (newest_dir / "changes.json").write_text(json.dumps(result, indent=2) + "\n")
    print(describe(result))
    return status


def describe(result):
    lines = ["newest releases against the pinned ranges:"]
    for change in result["changes"]:
        lines.append(f"  {change['chapter']}: {change['pinned']} -> {change['newest']}")
        lines += [f"    broke {claim}: {text}" for claim, text in change["broken_claims"].items()]
    if not result["changes"]:
        lines.append("  no chapter changed status; no claim broke")
    lines.append("versions that differ from the pinned environment:")
    lines += [f"  {name}: {v['pinned']} -> {v['newest']}" for name, v in result["versions_moved"].items()]
    return "\n".join(lines)
