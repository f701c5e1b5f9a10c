"""`realdata site`, measured: a built page's time to first byte, and Check against the CLI.

Run:  python benchmarks/site.py

Prints, measured in one run on this machine:
- the time to first byte of each lesson page once built (median of 50 requests);
- the time from Check to the verdict on exercise 1.1 in the site (its kernel warm after the
  first check), next to `realdata exercises check 1.1` (a fresh kernel each time), median of 3.
The pages come from the site cache (built on the first run: about a minute).
Targets: a built page in under 50 ms; a verdict no slower than the CLI's.
"""

from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from realdata.course import registry  # noqa: E402
from realdata.course.workspace import init_workspace  # noqa: E402
from realdata.site import build  # noqa: E402
from site_helpers import request, running  # noqa: E402

REALDATA = str(Path(sys.executable).with_name("realdata"))


def ttfb(port: int, token: str, path: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}", "Cookie": f"realdata_site={token}"})
    response = conn.getresponse()
    response.read(1)
    first = time.perf_counter() - start
    response.read()
    conn.close()
    assert response.status == 200, response.status
    return first


def main() -> None:
    t0 = time.perf_counter()
    pages = {lesson.slug: page for lesson, page in build.lessons_with_pages()}
    print(f"pages ready in {time.perf_counter() - t0:.1f} s (from the cache if built before)")
    solution = registry.exercise("1.1").solution
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        init_workspace(ws)
        with running(ws, pages) as site:
            for lesson in registry.LESSONS:
                times = [ttfb(site.port, site.token, f"/lesson/{lesson.number}/") for _ in range(50)]
                print(
                    f"lesson {lesson.number} page: time to first byte {statistics.median(times) * 1000:.1f} ms (median of 50)"
                )
            site_times = []
            for attempt in range(4):
                start = time.perf_counter()
                status, _, raw = request(
                    site,
                    "POST",
                    "/api/check",
                    body=json.dumps({"id": "1.1", "code": solution}).encode(),
                    timeout=600,
                )
                seconds = time.perf_counter() - start
                verdict = json.loads(raw)["status"]
                assert status == 200 and verdict == "passed", (status, raw[:300])
                label = "first check (starts the kernel, runs the setup)" if attempt == 0 else "warm check"
                print(f"site Check -> verdict ({label}): {seconds:.2f} s")
                if attempt:
                    site_times.append(seconds)
        cli_times = []
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(
                [REALDATA, "exercises", "check", "1.1", "--workspace", str(ws)],
                capture_output=True,
                text=True,
            )
            cli_times.append(time.perf_counter() - start)
            assert done.returncode == 0, done.stdout[-500:]
        site_s, cli_s = statistics.median(site_times), statistics.median(cli_times)
        print(f"realdata exercises check 1.1: {cli_s:.2f} s (median of 3)")
        print(f"verdict: site {site_s:.2f} s vs CLI {cli_s:.2f} s (site / CLI = {site_s / cli_s:.2f})")


if __name__ == "__main__":
    main()
