"""What processes a test run left behind (Linux /proc, no extra dependency)."""

from pathlib import Path


def _parents():
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if fields[0] != "Z":  # a zombie has already exited
            parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(pid):
    """Live descendants of ``pid`` as ``[(pid, command line)]``."""
    parents, found, frontier = _parents(), [], {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found += sorted(frontier)
    return [(child, _cmdline(child)) for child in found]


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return "?"
