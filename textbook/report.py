"""Turn test outcomes into the per-chapter summary: terminal lines, JSON, Markdown, badges."""

import json
from collections import defaultdict
from pathlib import Path

from textbook import book


def summarise(tests):
    """One row per chapter from ``{"nodeid", "chapter", "claims", "outcome"}`` records."""
    by_chapter = defaultdict(list)
    for test in tests:
        by_chapter[test["chapter"]].append(test)
    rows = []
    for name in sorted(by_chapter):
        chapter = book.read_chapter(book.ROOT / "chapters" / f"{name}.py")
        run = by_chapter[name]
        claims = {}
        for claim, text in chapter.claims.items():
            citing = [test for test in run if claim in test["claims"]]
            outcomes = {test["outcome"] for test in citing}
            claims[claim] = {
                "text": text,
                "proven": outcomes == {"passed"},
                # e.g. the PostgreSQL half of a claim with no server named: skipped, not failed
                "partly_run": "skipped" in outcomes and "failed" not in outcomes,
                "tests": [t["nodeid"] for t in citing],
            }
        failed = any(test["outcome"] == "failed" for test in run)
        # The database chapters' second half: did their PostgreSQL tests run here?
        on_postgresql = {test["outcome"] for test in run if "[postgresql" in test["nodeid"]}
        without_postgresql = [{t["outcome"] for t in run if c in t["claims"] and "[postgresql" not in t["nodeid"]}
                              for c in claims]
        rows.append(
            {
                "chapter": name,
                "number": chapter.number,
                "question": chapter.question,
                "title": chapter.title,
                "postgresql": ("not run" if on_postgresql == {"skipped"} else "run") if on_postgresql else None,
                "claims_proven_without_postgresql": without_postgresql.count({"passed"}),
                "topics": list(chapter.topics),
                "status": "FAIL" if failed else "PASS",
                "tests_passed": sum(test["outcome"] == "passed" for test in run),
                "tests_run": len(run),
                "claims_proven": sum(claim["proven"] for claim in claims.values()),
                "claims_total": len(claims),
                "claims": claims,
            }
        )
    return rows


def add_breaks(rows, records):
    """Each claim's breaks and whether they were caught; a claim whose break survived is not
    proven (its tests could not fail), and its chapter fails."""
    by_claim = defaultdict(list)
    for record in records:
        by_claim[record["chapter"], record["claim"]].append(
            {key: record[key] for key in ("id", "old", "new", "outcome", "failed", "failure")})
    for row in rows:
        for claim, value in row["claims"].items():
            value["breaks"] = by_claim.get((row["chapter"], claim), [])
            if any(b["outcome"] in ("survived", "error") for b in value["breaks"]):
                value["proven"] = False
        checked = [b for value in row["claims"].values() for b in value["breaks"]]
        row["breaks_caught"] = sum(b["outcome"] == "caught" for b in checked)
        row["breaks_total"] = len(checked)
        row["claims_proven"] = sum(value["proven"] for value in row["claims"].values())
        if any(b["outcome"] in ("survived", "error") for b in checked):
            row["status"] = "FAIL"
    return rows


def add_mutation(rows):
    """The last mutation run's figure for each chapter (``textbook mutate``), where there is one."""
    from textbook import mutation

    figures = mutation.read()
    for row in rows:
        if row["chapter"] in figures:
            figure = figures[row["chapter"]]
            row["mutation"] = {"killed": figure["killed"], "total": figure["total"]}
    return rows


def status_text(row):
    """A chapter's status as the terminal, the site and its badge all say it."""
    if row is None:
        return "not run"
    if row["status"] == "FAIL":
        return f"FAIL {row['claims_proven']}/{row['claims_total']} claims"
    if row.get("postgresql") == "not run":
        return (f"SQLite {row['claims_proven_without_postgresql']}/{row['claims_total']}, "
                "PostgreSQL not run")
    unselected = sum(not claim["tests"] for claim in row["claims"].values())
    if unselected:  # a run that selected some of the chapter's tests (-k)
        return f"PASS {row['claims_proven']}/{row['claims_total'] - unselected} claims run, {unselected} not run"
    return f"PASS {row['claims_proven']}/{row['claims_total']} claims"


def line(row):
    text = (
        f"{row['status']:4}  {row['chapter']:26} tests {row['tests_passed']:>3}/{row['tests_run']:<3}"
        f"  {status_text(row)}"
    )
    if "breaks_total" in row:
        text += f"  breaks caught {row['breaks_caught']}/{row['breaks_total']}"
    unproven = [claim for claim, value in row["claims"].items()
                if not value["proven"] and not value.get("partly_run")]
    if row["status"] == "FAIL":
        text += "  not proven: " + " ".join(unproven)
    skipped = [claim for claim, value in row["claims"].items() if value.get("partly_run")]
    if skipped:
        text += "  skipped (see why below): " + " ".join(skipped)
    return text


def figure(row, key):
    """``"8/8"`` for a row's breaks or mutants, ``"-"`` where the run had none."""
    if key == "breaks":
        return f"{row['breaks_caught']}/{row['breaks_total']}" if "breaks_total" in row else "-"
    return f"{row['mutation']['killed']}/{row['mutation']['total']}" if "mutation" in row else "-"


def markdown(rows):
    lines = [
        "| Chapter | Question | Tests passed | Claims proven | Breaks caught | Mutants killed | Status |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        question = row.get("title", row["question"]).replace("|", "\\|")
        lines.append(
            f"| {row['chapter']} | {question} | {row['tests_passed']}/{row['tests_run']} "
            f"| {row['claims_proven']}/{row['claims_total']} | {figure(row, 'breaks')} "
            f"| {figure(row, 'mutation')} | {status_text(row)} |"
        )
    return "\n".join(lines) + "\n"


def badge_fields(row):
    """Label, message and colour shared by the SVG badge and the shields.io endpoint."""
    label, message = f"ch{row['number']:02d}", status_text(row).removeprefix("PASS ")
    if row["status"] == "FAIL":
        return label, message, "red"
    complete = row["claims_proven"] == row["claims_total"]
    return label, message, "brightgreen" if complete else "yellow"


def write(rows, directory):
    """Write ``rows`` into the report in ``directory``; chapters this run did not reach (``-k``)
    keep their rows from the run before."""
    import anybadge  # only a run that writes a report pays for it

    directory = Path(directory)
    (directory / "badges").mkdir(parents=True, exist_ok=True)
    earlier = directory / "chapters.json"
    if earlier.exists():
        ran = {row["chapter"] for row in rows}
        kept = [row for row in json.loads(earlier.read_text(encoding="utf-8")) if row["chapter"] not in ran]
        rows = sorted(rows + kept, key=lambda row: row["number"])
    (directory / "chapters.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (directory / "chapters.md").write_text(markdown(rows), encoding="utf-8")
    for row in rows:
        label, message, colour = badge_fields(row)
        endpoint = {"schemaVersion": 1, "label": label, "message": message, "color": colour}
        stem = directory / "badges" / row["chapter"]
        stem.with_suffix(".json").write_text(json.dumps(endpoint) + "\n", encoding="utf-8")
        svg = anybadge.Badge(label, message, default_color=_ANYBADGE_COLOURS[colour])
        svg.write_badge(str(stem.with_suffix(".svg")), overwrite=True)


_ANYBADGE_COLOURS = {"brightgreen": "green", "yellow": "yellow", "red": "red"}
