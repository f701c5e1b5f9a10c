"""Rich outputs a lesson cell can show: value cards and run charts.

Each shows in Jupyter as plain HTML or text, and carries its data as JSON under a
``application/vnd.realdata.*`` type, from which the course site draws its interactive
version (``realdata site``). The values are whatever the lesson's code computed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

CARDS_MIME = "application/vnd.realdata.cards+json"
RUNS_MIME = "application/vnd.realdata.runs+json"


def value_cards(cards: Sequence[tuple[str, str, str]]) -> None:
    """Show a row of cards, each ``(title, value, caption)``: e.g. a loss for three probabilities."""
    from IPython.display import display

    items = [{"title": t, "value": v, "caption": c} for t, v, c in cards]
    boxes = "".join(
        f'<div style="border:1px solid #ccc;border-radius:8px;padding:8px 14px;min-width:9rem">'
        f'<div>{html.escape(i["title"])}</div><div style="font-size:1.6em;font-weight:700">{html.escape(i["value"])}</div>'
        f"<div>{html.escape(i['caption'])}</div></div>"
        for i in items
    )
    plain = "\n".join(f"{i['title']}: {i['value']} ({i['caption']})" for i in items)
    display(
        {
            CARDS_MIME: items,
            "text/html": f'<div style="display:flex;gap:12px;flex-wrap:wrap">{boxes}</div>',
            "text/plain": plain,
        },
        raw=True,
    )


def runs_chart(curves: dict[str, dict[str, list[tuple[int, float]]]], tag: str, *, y_label: str = "") -> None:
    """Offer ``tag`` of several TensorBoard runs (as ``read_scalars`` returns them) as one chart.

    In Jupyter this shows nothing more (draw it with matplotlib, as the lesson does); the course
    site draws it with hover values and runs you can switch off.
    """
    from IPython.display import display

    steps = sorted({s for scalars in curves.values() for s, _ in scalars.get(tag, [])})
    series = []
    for name, scalars in curves.items():
        values = dict(scalars.get(tag, []))
        series.append({"label": name, "values": [values.get(s) for s in steps]})
    spec = {"title": tag, "xLabel": "epoch", "yLabel": y_label or tag, "x": steps, "series": series}
    display({RUNS_MIME: spec, "text/plain": ""}, raw=True)
