"""``realdata site``: the course in the browser, served from this machine only.

This server runs code (a learner's exercise), so it is locked down like Jupyter's:

* it binds to 127.0.0.1 only;
* a random token is made at each launch and given once, in the URL the command opens;
  the first request trades it for an HttpOnly, SameSite=Strict cookie. Every request
  but the static files needs that cookie;
* every request's ``Host`` must be this server (a DNS-rebinding page cannot reach us
  under another name); an ``Origin``, if sent, must be ours, and a request that changes
  state must carry it and a JSON body (a cross-site form cannot send one without a
  preflight, which gets no CORS headers: none are ever sent);
* request bodies are capped, and each code run has the notebooks' time limit;
* files are served only from the package's static folder (and notebook downloads
  by name from the workspace); a path that climbs out is refused.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import secrets
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import tornado.web
from tornado.httpserver import HTTPServer

from realdata._fs import atomic_write_text
from realdata.course import registry
from realdata.course.notebook import judge
from realdata.course.progress import Progress
from realdata.course.report import concept_states, next_hint
from realdata.course.workspace import EXERCISE_TAG, init_workspace, tags
from realdata.errors import RealdataError
from realdata.site import build
from realdata.site.kernel import LessonKernel

IDLE_KERNEL_S = 30 * 60  # a lesson's kernel holds torch and MNIST: stopped after half an hour unused
MAX_BODY = 256 * 1024  # an exercise's code is a few KB; nothing a learner types comes near this


@dataclass
class Site:
    """The state of one ``realdata site`` launch."""

    workspace: Path
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    timeout: float = 60.0
    pages: dict[str, build.Page] = field(default_factory=dict)  # lesson slug -> built page
    kernels: dict[str, LessonKernel] = field(default_factory=dict)  # exercise notebook -> warm kernel

    @property
    def origins(self) -> set[str]:
        return {f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"}

    @property
    def hosts(self) -> set[str]:
        hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        return hosts | {"127.0.0.1", "localhost"} if self.port == 80 else hosts  # port 80 goes unsaid

    @property
    def cookie(self) -> str:
        # Browsers keep cookies per host, not per port: a second `realdata site` on another port
        # replaces this cookie, and this tab must open its link again.
        return "realdata_site"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}?token={self.token}"

    def notebook(self, lesson: registry.Lesson) -> Path:
        path = self.workspace / lesson.exercises_notebook
        if not path.exists():
            init_workspace(self.workspace)  # a workspace made for the site (never overwrites)
        return path

    def kernel(self, lesson: registry.Lesson) -> LessonKernel:
        key = lesson.exercises_notebook
        if key not in self.kernels:
            self.kernels[key] = LessonKernel(self.workspace, self.notebook(lesson), timeout=self.timeout)
        return self.kernels[key]


class Base(tornado.web.RequestHandler):
    """Every page and API call: the Host check, the token cookie, and no CORS."""

    site: Site
    needs_token = True

    def initialize(self, site: Site) -> None:
        self.site = site

    def prepare(self) -> None:
        if self.request.host not in self.site.hosts:
            raise tornado.web.HTTPError(403, reason="unknown Host")
        origin = self.request.headers.get("Origin")
        if origin is not None and origin not in self.site.origins:
            raise tornado.web.HTTPError(403, reason="cross-site request")  # on every request, GET too
        if self.request.method not in ("GET", "HEAD"):
            if origin is None:  # browsers send Origin with every POST: its absence is not a browser of ours
                raise tornado.web.HTTPError(403, reason="cross-site request")
            kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind != "application/json":  # a cross-site form can send text/plain without asking first
                raise tornado.web.HTTPError(415, reason="expected application/json")
        if not self.needs_token:
            return
        given = self.get_query_argument("token", None)
        if given is not None and _same(given, self.site.token) and self.request.method == "GET":
            self.set_cookie(self.site.cookie, self.site.token, httponly=True, samesite="Strict", path="/")
            self.redirect(self.request.path)  # the token leaves the address bar (and the history)
            return
        if not _same(self.get_cookie(self.site.cookie, ""), self.site.token):
            raise tornado.web.HTTPError(403, reason="no token: open the address `realdata site` printed")

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: {self._reason}\n")

    def json_body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400, reason="not JSON") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, reason="expected a JSON object")
        return data

    def page(self, template: str, **context: Any) -> None:
        self.finish(build.render(template, lessons=registry.LESSONS, static=False, **context))


class Index(Base):
    def get(self) -> None:
        progress = Progress.load(self.site.workspace)
        self.page("index.html", progress=progress)


def _lesson(number: str) -> registry.Lesson:
    try:
        return registry.lesson(number)
    except RealdataError:
        raise tornado.web.HTTPError(404, reason=f"no lesson {number}") from None


class LessonPage(Base):
    def get(self, number: str) -> None:
        lesson = _lesson(number)
        self.page("lesson.html", page=self.site.pages[lesson.slug], lesson=lesson)


class ExercisesPage(Base):
    def get(self, number: str) -> None:
        lesson = _lesson(number)
        notebook = self.site.notebook(lesson)
        page, _ = build.exercises_page(lesson, lambda ex: saved_code(notebook, ex))
        progress = Progress.load(self.site.workspace)
        self.page("exercises.html", page=page, lesson=lesson, progress=progress)


class ConceptsPage(Base):
    def get(self) -> None:
        states = concept_states(Progress.load(self.site.workspace))
        concepts = build.concept_index(self.site.pages, lambda cid: states.get(cid, ""))
        self.page("concepts.html", concepts=concepts)


class SearchIndex(Base):
    def get(self) -> None:
        concepts = build.concept_index(self.site.pages, lambda _id: "")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(build.search_index(self.site.pages, concepts)))


class Download(Base):
    """A notebook of the workspace, by its exact name: nothing else can be asked for."""

    def get(self, name: str) -> None:
        allowed = {les.lesson_notebook for les in registry.LESSONS} | {
            les.exercises_notebook for les in registry.LESSONS
        }
        if name not in allowed:
            raise tornado.web.HTTPError(404, reason="no such notebook")
        path = self.site.workspace / name
        if not path.is_file():
            init_workspace(self.site.workspace)
        self.set_header("Content-Type", "application/x-ipynb+json")
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        self.finish(path.read_bytes())


class Answer(Base):
    def post(self) -> None:
        body = self.json_body()
        qid, given = body.get("id"), body.get("answer")
        if qid not in registry.QUESTIONS or not isinstance(given, str) or len(given) > 1000:
            raise tornado.web.HTTPError(400, reason="expected an id and a text answer")
        if not given.strip():
            self.finish({"verdict": "empty", "head": "type your prediction first", "explanation": ""})
            return
        result = judge(qid, given)  # the notebooks' answer() logic
        if result.unreadable:
            self.finish({"verdict": "unreadable", "head": result.head, "explanation": ""})
            return
        Progress.load(self.site.workspace).record_answer(qid, given=given, correct=result.correct)
        verdict = {True: "correct", False: "wrong", None: "recorded"}[result.correct]
        self.finish({"verdict": verdict, "head": result.head, "explanation": result.question.explanation})


class Check(Base):
    async def post(self) -> None:
        body = self.json_body()
        exercise_id, code = body.get("id"), body.get("code")
        if exercise_id not in registry.EXERCISES or not isinstance(code, str):
            raise tornado.web.HTTPError(400, reason="expected an exercise id and its code")
        lesson = next(les for les in registry.LESSONS if les.slug == registry.EXERCISES[exercise_id].lesson)
        notebook = self.site.notebook(lesson)
        save_code(notebook, exercise_id, code)  # the notebook and the CLI see what the page checked
        started = time.perf_counter()
        verdict = await self.site.kernel(lesson).check(exercise_id, code)
        result = verdict.to_dict() | {"seconds": round(time.perf_counter() - started, 3)}
        if verdict.grade.status != "passed":
            result["hints_taken"] = (
                Progress.load(self.site.workspace).exercises.get(exercise_id, {}).get("hints", 0)
            )
        self.finish(result)


class Hint(Base):
    def post(self) -> None:
        exercise_id = self.json_body().get("id")
        if exercise_id not in registry.EXERCISES:
            raise tornado.web.HTTPError(400, reason="no such exercise")
        self.finish({"hint": next_hint(self.site.workspace, exercise_id)})


class Interrupt(Base):
    async def post(self) -> None:
        exercise_id = self.json_body().get("id")
        if exercise_id not in registry.EXERCISES:
            raise tornado.web.HTTPError(400, reason="no such exercise")
        lesson = next(les for les in registry.LESSONS if les.slug == registry.EXERCISES[exercise_id].lesson)
        kernel = self.site.kernels.get(lesson.exercises_notebook)
        if kernel is not None and kernel.busy:
            await kernel.interrupt()
        self.finish({"interrupted": bool(kernel and kernel.busy)})


class Static(tornado.web.StaticFileHandler):
    """The package's static folder; Tornado refuses any path that resolves outside it."""

    def initialize(self, site: Site, path: str) -> None:  # noqa: D401
        self.site = site
        super().initialize(path=path)

    def prepare(self) -> None:
        if self.request.host not in self.site.hosts:
            raise tornado.web.HTTPError(403, reason="unknown Host")
        origin = self.request.headers.get("Origin")
        if origin is not None and origin not in self.site.origins:
            raise tornado.web.HTTPError(403, reason="cross-site request")

    def set_extra_headers(self, path: str) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")


def _same(given: str, token: str) -> bool:
    """A constant-time comparison that any text can go through (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode())


def saved_code(notebook: Path, exercise_id: str) -> str | None:
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - a missing or broken notebook: show the starter
        return None
    for cell in nb.cells:
        if EXERCISE_TAG + exercise_id in tags(cell):
            return "".join(cell.source)
    return None


def save_code(notebook: Path, exercise_id: str, code: str) -> None:
    """Put ``code`` into the exercise's cell of the workspace notebook (atomically)."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if EXERCISE_TAG + exercise_id in tags(cell):
            cell.source = code
            cell.outputs = []
            cell.execution_count = None
            break
    else:
        raise tornado.web.HTTPError(409, reason=f"{notebook} has no cell for exercise {exercise_id}")
    atomic_write_text(notebook, nbformat.writes(nb))


def make_app(site: Site) -> tornado.web.Application:
    static = str(build.STATIC)
    args = {"site": site}
    return tornado.web.Application(
        [
            (r"/", Index, args),
            (r"/lesson/([0-9]+)/?", LessonPage, args),
            (r"/exercises/([0-9]+)/?", ExercisesPage, args),
            (r"/concepts/?", ConceptsPage, args),
            (r"/search.json", SearchIndex, args),
            (r"/download/([\w.\-]+)", Download, args),
            (r"/api/answer", Answer, args),
            (r"/api/check", Check, args),
            (r"/api/hint", Hint, args),
            (r"/api/interrupt", Interrupt, args),
            (r"/static/(.*)", Static, {"site": site, "path": static}),
        ],
        xsrf_cookies=False,  # the SameSite=Strict token cookie and the Origin check do this job
        compress_response=True,
    )


async def start(site: Site) -> HTTPServer:
    server = HTTPServer(make_app(site), max_body_size=MAX_BODY, max_buffer_size=MAX_BODY)
    server.listen(site.port, address="127.0.0.1")
    return server


async def stop_idle_kernels(site: Site, idle_s: float = IDLE_KERNEL_S) -> None:
    now = time.monotonic()
    for kernel in site.kernels.values():
        if kernel.client is not None and not kernel.busy and now - kernel.last_used > idle_s:
            await kernel.stop()  # the next check starts a fresh one


def build_pages(site: Site, *, on_cell=None) -> None:  # noqa: ANN001
    for lesson, page in build.lessons_with_pages(on_cell):
        site.pages[lesson.slug] = page


def serve(site: Site, *, open_browser: bool = True, on_ready=print) -> None:  # noqa: ANN001
    """Build (or load) the pages, then serve until Ctrl-C."""

    async def main() -> None:
        server = await start(site)
        url = site.url()
        on_ready(url)
        if open_browser:
            webbrowser.open(url)
        try:
            while True:
                await asyncio.sleep(60)
                await stop_idle_kernels(site)
        finally:
            server.stop()
            for kernel in site.kernels.values():
                await kernel.stop()

    asyncio.run(main())
