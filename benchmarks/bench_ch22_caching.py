"""Benchmark for chapter 22: a cached view against the same view uncached, through the test client.

Run: /work/venv/bin/python benchmarks/bench_ch22_caching.py [requests]

"slow" views do real CPU work (a sum over 200,000 squares, a few milliseconds), so the numbers
show what a SimpleCache hit saves; the chapter's own trivial views (/slow cached, /wrong-order
uncached) show what a hit costs when the view itself is cheap. Not a test: numbers vary by machine.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chapters import ch22_implementing_caching as chapter  # noqa: E402


def work():
    return f"sum of squares: {sum(i * i for i in range(200_000))}"


def build():
    app = chapter.create_app({"TESTING": True})
    app.add_url_rule("/bench/uncached", "bench_uncached", work)
    app.add_url_rule("/bench/cached", "bench_cached", chapter.cache.cached(timeout=300)(work))
    return app.test_client()


def per_request_ms(client, path, requests, rounds=5):
    """Median over ``rounds`` of the mean time per request, in milliseconds."""
    client.get(path)  # warm up: the first cached request fills the cache
    means = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(requests):
            assert client.get(path).status_code == 200
        means.append((time.perf_counter() - start) / requests * 1000)
    return statistics.median(means)


def main(requests=200):
    client = build()
    rows = [
        ("slow view, uncached", per_request_ms(client, "/bench/uncached", requests // 10)),
        ("slow view, cached (SimpleCache hit)", per_request_ms(client, "/bench/cached", requests)),
        ("trivial view, uncached (/wrong-order)", per_request_ms(client, "/wrong-order", requests)),
        ("trivial view, cached (/slow)", per_request_ms(client, "/slow", requests)),
    ]
    for name, ms in rows:
        print(f"{name:40} {ms:8.3f} ms/request  {1000 / ms:9.0f} requests/s")
    print(f"speed-up of the slow view when cached: {rows[0][1] / rows[1][1]:.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
