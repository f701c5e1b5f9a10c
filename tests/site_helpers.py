"""Run a ``realdata site`` server inside a test: its own event loop in a thread."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from realdata.site.server import Site, start
from realdata.training.board import free_port


@contextmanager
def running(workspace: Path, pages: dict | None = None, timeout: float = 60.0) -> Iterator[Site]:
    site = Site(workspace=workspace, port=free_port(), timeout=timeout)
    site.pages.update(pages or {})
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict = {}

    def serve() -> None:
        asyncio.set_event_loop(loop)

        async def main() -> None:
            box["server"] = await start(site)
            ready.set()

        loop.run_until_complete(main())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30), "the site did not start"
    site.loop = loop  # type: ignore[attr-defined]
    try:
        yield site
    finally:

        async def stop() -> None:
            box["server"].stop()
            for kernel in site.kernels.values():
                await kernel.stop()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def request(
    site: Site,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    cookie: bool = True,
    host: str | None = None,
    origin: str | None = "own",
    timeout: float = 120,
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request, with the headers a test wants to forge."""
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=timeout)
    headers = {"Host": host or f"127.0.0.1:{site.port}"}
    if cookie:
        headers["Cookie"] = f"{site.cookie}={site.token}"
    if origin == "own":
        headers["Origin"] = f"http://127.0.0.1:{site.port}"
    elif origin is not None:
        headers["Origin"] = origin
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()
