"""The course's web pages, built from the same lesson sources as the notebooks.

A lesson page shows the outputs of one real execution of its notebook: the printed
numbers, tables and figures are the ones the code on the page produced. That
execution is slow (it trains small models), so it is cached under the site cache,
keyed by the SHA-256 of the lesson's source and realdata's version: it is redone
only when either changes.

Parts of a page that are more than text and code:

* a predict-and-verify question wherever a cell says ``answer("ID", ...)``: the learner
  types an answer, the same ``Question.is_correct`` the notebooks use judges it, and the
  explanation opens;
* a markdown cell that starts with ``<!-- compare -->`` holding two code blocks: shown
  side by side (a ComparisonRow; in Jupyter the comment is invisible);
* value cards (GradientCards) where a cell calls ``realdata.course.show.value_cards``,
  with the values the code computed;
* a markdown cell that starts with ``<!-- phases -->`` holding a list: shown as the
  4-phase checklist (PhaseCards);
* a chart of TensorBoard runs where a cell calls ``realdata.course.show.runs_chart``, drawn
  in the browser from the scalars the code read back from real event files.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import nbformat
from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from realdata._fs import atomic_write_text
from realdata.course import registry
from realdata.course.curriculum import load_concepts
from realdata.course.show import CARDS_MIME, RUNS_MIME
from realdata.course.workspace import CHECK_TAG, EXERCISE_TAG, build_notebook, source_text, tags

QUESTION_RE = re.compile(r"""answer\(\s*["']([\w.\-]+)["']""")
STATIC = resources.files("realdata.site").joinpath("static")


def version() -> str:
    try:
        return metadata.version("realdata")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0+unknown"


def cache_root() -> Path:
    """Where executed lessons are kept: ``$REALDATA_SITE_CACHE``, else beside the data cache."""
    if env := os.environ.get("REALDATA_SITE_CACHE"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "realdata" / "site"


def cache_key(source_name: str) -> str:
    digest = hashlib.sha256(source_text(source_name).encode() + version().encode()).hexdigest()
    return digest[:16]


def executed(
    source_name: str, *, on_cell: Callable[[int, int], None] | None = None, timeout: float = 900
) -> nbformat.NotebookNode:
    """The lesson notebook after one execution, from the cache or executed now (then cached).

    Raises:
        RuntimeError: a cell failed; nothing is cached then.
    """
    path = cache_root() / f"{Path(source_name).stem}-{cache_key(source_name)}.ipynb"
    if path.is_file():
        try:
            return nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 - a damaged cache entry is rebuilt
            path.unlink(missing_ok=True)
    from nbclient import NotebookClient

    nb = build_notebook(source_name)
    work = Path(tempfile.mkdtemp(prefix="realdata-site-"))
    env = {
        **os.environ,
        "REALDATA_NO_PROGRESS": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # its loopback warning is noise here
            resources={"metadata": {"path": str(work)}},
        )
        n = sum(c.cell_type == "code" for c in nb.cells)
        with client.setup_kernel(env=env):
            done = 0
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                client.execute_cell(cell, index)
                done += 1
                if on_cell is not None:
                    on_cell(done, n)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in path.parent.glob(f"{Path(source_name).stem}-*.ipynb"):
        old.unlink(missing_ok=True)  # an older source's or version's execution
    atomic_write_text(path, nbformat.writes(nb))
    return nb


# --------------------------------------------------------------------------- rendering


_md = MarkdownIt("commonmark", {"html": True}).enable("table")
_formatter = HtmlFormatter(nowrap=True)
_env = Environment(loader=PackageLoader("realdata.site", "templates"), autoescape=select_autoescape(["html"]))


def code_html(source: str) -> str:
    return f'<pre class="code"><code>{highlight(source, PythonLexer(), _formatter)}</code></pre>'


@dataclass
class Section:
    anchor: str
    title: str


@dataclass
class Page:
    """What a lesson or exercise page shows, ready for its template."""

    title: str
    blocks: list[str] = field(default_factory=list)  # HTML fragments, in order
    sections: list[Section] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _markdown(source: str, page: Page) -> str:
    if source.lstrip().startswith("<!-- compare -->"):
        blocks = re.findall(r"```(?:python)?\n(.*?)```", source, flags=re.S)
        captions = re.findall(r"^\*\*(.+?)\*\*", source, flags=re.M)
        if len(blocks) == 2:
            cols = "".join(
                f'<div class="compare-col"><div class="compare-head">{html.escape(cap)}</div>{code_html(code)}</div>'
                for cap, code in zip(captions + ["before", "after"], blocks, strict=False)
            )
            intro = source.split("```", 1)[0].replace("<!-- compare -->", "")
            intro = re.sub(r"^\*\*.+?\*\*\s*$", "", intro, flags=re.M)
            return _md.render(intro) + f'<div class="compare">{cols}</div>'
    if source.lstrip().startswith("<!-- phases -->"):
        body = source.replace("<!-- phases -->", "")
        items = re.split(r"^\d+\.\s+", body, flags=re.M)[1:]  # one chunk per top-level item
        cards = []
        for i, item in enumerate(items, start=1):
            title = re.match(r"\*\*(.+?)\*\*\s*", item)
            rest = textwrap.dedent(item[title.end() :] if title else item)
            cards.append(
                f'<li class="phase"><span class="phase-n">{i}</span><b>{html.escape(title.group(1) if title else "")}</b>'
                f"{_md.render(rest)}</li>"
            )
        return f'<ol class="phases">{"".join(cards)}</ol>'
    rendered = _md.render(source)

    def heading(match: re.Match) -> str:
        level, text = match.group(1), match.group(2)
        plain = re.sub(r"<[^>]+>", "", text)
        anchor = _slug(plain)
        if level == "2":
            page.sections.append(Section(anchor, html.unescape(plain)))
        return f'<h{level} id="{anchor}">{text}</h{level}>'

    return re.sub(r"<h([1-3])>(.*?)</h\1>", heading, rendered)


def _outputs(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(f'<pre class="out">{html.escape(out.get("text", ""))}</pre>')
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if CARDS_MIME in data:
                parts.append(_env.get_template("cards.html").render(cards=data[CARDS_MIME]))
            elif RUNS_MIME in data:
                parts.append(
                    f'<div class="runs-chart" data-chart="{html.escape(json.dumps(data[RUNS_MIME]))}"></div>'
                )
            elif "image/png" in data:
                parts.append(
                    f'<img class="figure" alt="figure made by the code above" src="data:image/png;base64,{data["image/png"]}">'
                )
            elif "text/html" in data:
                parts.append(f'<div class="out-html">{data["text/html"]}</div>')
            elif "text/plain" in data:
                parts.append(f'<pre class="out">{html.escape(data["text/plain"])}</pre>')
        elif kind == "error":
            parts.append(
                f'<pre class="out error">{html.escape(out.get("ename", ""))}: {html.escape(out.get("evalue", ""))}</pre>'
            )
    return "".join(parts)


def question_html(question_id: str) -> str:
    q = registry.QUESTIONS[question_id]
    kind = {"number": "a number", "yesno": "yes or no", "shape": "a shape like [8, 1]", "choice": "one of the options",
            "free": "your own words"}.get(q.kind, "an answer")  # fmt: skip
    return _env.get_template("question.html").render(q=q, kind=kind)


def _question_group(qid: str) -> list[str]:
    """``1.check1.a`` stands for its whole check (``.a`` to ``.d``): a cell names the first and the text the rest."""
    if re.search(r"\.[a-z]$", qid):
        prefix = qid[:-1]
        return [q for q in registry.QUESTIONS if q.startswith(prefix) and len(q) == len(qid)]
    return [qid] if qid in registry.QUESTIONS else []


def lesson_page(lesson: registry.Lesson, nb: nbformat.NotebookNode) -> Page:
    """A lesson page from its executed notebook."""
    page = Page(title=f"Lesson {lesson.number}: {lesson.title}")
    for cell in nb.cells:
        text = "".join(cell.source)
        if cell.cell_type == "markdown":
            page.blocks.append(_markdown(text, page))
        elif cell.cell_type == "code":
            if text.strip() and not all(line.lstrip().startswith("#") for line in text.strip().splitlines()):
                page.blocks.append(code_html(text))
            page.blocks.append(_outputs(cell))
        for qid in QUESTION_RE.findall(text):
            for member in _question_group(qid):
                if member not in page.questions:
                    page.questions.append(member)
                    page.blocks.append(question_html(member))
    if page.blocks and page.blocks[0].startswith("<h1"):
        page.blocks[0] = page.blocks[0].split("</h1>", 1)[1]  # the template shows the title
    return page


@dataclass
class ExerciseView:
    id: str
    title: str
    level: str
    starter: str


def exercises_page(
    lesson: registry.Lesson, code_of: Callable[[str], str | None], *, static: bool = False
) -> tuple[Page, list[ExerciseView]]:
    """The exercise page: the notebook's text and setup code, an editor per exercise.

    Args:
        code_of: the learner's saved code of an exercise (from the workspace), or None.
    """
    nb = build_notebook(lesson.exercises_source)
    page = Page(title=f"Lesson {lesson.number} exercises: {lesson.title}")
    views = []
    for cell in nb.cells:
        text = "".join(cell.source)
        cell_tags = tags(cell)
        if any(t.startswith(CHECK_TAG) for t in cell_tags):
            continue  # the page's Check button runs the check
        ex = next((t[len(EXERCISE_TAG) :] for t in cell_tags if t.startswith(EXERCISE_TAG)), None)
        if ex is not None and ex in registry.EXERCISES:
            e = registry.EXERCISES[ex]
            view = ExerciseView(ex, e.title, e.level, text)
            views.append(view)
            saved = code_of(ex)
            page.blocks.append(
                _env.get_template("exercise.html").render(
                    e=e, code=saved if saved is not None else text, starter=text, static=static
                )
            )
        elif cell.cell_type == "markdown":
            page.blocks.append(_markdown(text, page))
        elif text.strip():
            page.blocks.append('<div class="setup">' + code_html(text) + "</div>")
    if page.blocks and page.blocks[0].startswith("<h1"):
        page.blocks[0] = page.blocks[0].split("</h1>", 1)[1]
    return page, views


# --------------------------------------------------------------------------- concepts and search


def concept_index(lesson_pages: dict[str, Page], mastery: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every concept with its depth, lesson, the sections that teach it and the learner's mastery."""
    rows = []
    for c in load_concepts():
        les = next((x for x in registry.LESSONS if x.slug == c.lesson), None)
        links = []
        if les is not None and les.slug in lesson_pages:
            page = lesson_pages[les.slug]
            words = {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z_.]{3,}", c.concept)}
            for s in page.sections:
                if words & {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z_.]{3,}", s.title)}:
                    links.append((f"/lesson/{les.number}#{s.anchor}", s.title))
            if not links and page.sections:
                links.append((f"/lesson/{les.number}", page.title))
        exercises = [e.id for e in registry.EXERCISES.values() if c.id in e.concepts]
        rows.append(
            {"id": c.id, "concept": c.concept, "depth": c.depth, "lesson": les.number if les else None,
             "lesson_title": les.title if les else c.lesson, "links": links, "exercises": exercises,
             "mastery": mastery(c.id), "notes": c.notes}
        )  # fmt: skip
    return rows


def search_index(lesson_pages: dict[str, Page], concepts: list[dict[str, Any]]) -> list[dict[str, str]]:
    """What the course-wide search looks through: each lesson section's text, each concept."""
    entries = []
    for slug, page in lesson_pages.items():
        number = next(x.number for x in registry.LESSONS if x.slug == slug)
        text = re.sub(r"<[^>]+>", " ", " ".join(page.blocks))
        for s in page.sections or [Section("", page.title)]:
            entries.append(
                {"title": f"{page.title} / {s.title}", "url": f"/lesson/{number}#{s.anchor}", "text": ""}
            )
        entries.append(
            {"title": page.title, "url": f"/lesson/{number}", "text": " ".join(text.split())[:20000]}
        )
    for c in concepts:
        entries.append(
            {"title": f"Concept: {c['concept']}", "url": f"/concepts#{c['id']}", "text": c["notes"]}
        )
    return entries


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def lessons_with_pages(
    on_cell: Callable[[str, int, int], None] | None = None,
) -> Iterator[tuple[registry.Lesson, Page]]:
    for lesson in registry.LESSONS:
        cb = (lambda d, n, les=lesson: on_cell(les.slug, d, n)) if on_cell else None
        yield lesson, lesson_page(lesson, executed(lesson.lesson_source, on_cell=cb))


def write_static_site(out: Path, *, on_cell: Callable[[str, int, int], None] | None = None) -> list[Path]:
    """A static copy for hosting: lesson pages, exercise pages (starter, hints, how to check locally),
    the concept page; no check endpoint. Returns the files written."""
    out = Path(out)
    written = []
    pages = {}
    for lesson, page in lessons_with_pages(on_cell):
        pages[lesson.slug] = page
        ex_page, _ = exercises_page(lesson, lambda _id: None, static=True)
        for source, name in (
            (lesson.lesson_source, lesson.lesson_notebook),
            (lesson.exercises_source, lesson.exercises_notebook),
        ):
            atomic_write_text(out / "download" / name, nbformat.writes(build_notebook(source)))
            written.append(out / "download" / name)
        for name, html_text in (
            (f"lesson/{lesson.number}/index.html", render("lesson.html", page=page, lesson=lesson, static=True, lessons=registry.LESSONS)),
            (f"exercises/{lesson.number}/index.html", render("exercises.html", page=ex_page, lesson=lesson, static=True, lessons=registry.LESSONS)),
        ):  # fmt: skip
            atomic_write_text(out / name, html_text)
            written.append(out / name)
    concepts = concept_index(pages, lambda _id: "")
    atomic_write_text(
        out / "concepts" / "index.html",
        render("concepts.html", concepts=concepts, static=True, lessons=registry.LESSONS),
    )
    atomic_write_text(out / "index.html", render("index.html", lessons=registry.LESSONS, static=True))
    atomic_write_text(out / "search.json", json.dumps(search_index(pages, concepts)))
    written += [out / "concepts" / "index.html", out / "index.html", out / "search.json"]
    for item in STATIC.iterdir():
        target = out / "static" / item.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.read_bytes())
        written.append(target)
    return written
