// The two libraries the course site needs, bundled into one file that ships inside the package:
// CodeMirror 6 for the exercise editor and uPlot for the run charts. The site's own glue
// (src/realdata/site/static/site.js) calls RD.editor and RD.chart.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import uPlot from "uplot";

// An editor for a learner's Python, with Ctrl/Cmd-Enter bound to `onCheck`.
export function editor(parent, doc, onCheck) {
  const checkKey = Prec.highest(
    keymap.of([{ key: "Mod-Enter", run: () => { onCheck(); return true; } }])
  );
  const view = new EditorView({
    doc,
    parent,
    extensions: [basicSetup, python(), checkKey, EditorView.lineWrapping],
  });
  return {
    get: () => view.state.doc.toString(),
    set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    view,
  };
}

// A line chart of several runs sharing an x axis (epochs): hover shows the values,
// clicking a run in the legend hides or shows it.
export function chart(el, { title, xLabel, yLabel, x, series, width, height }) {
  const colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
  const opts = {
    title,
    width: width || Math.min(720, el.clientWidth || 720),
    height: height || 300,
    scales: { x: { time: false } },
    axes: [{ label: xLabel, incrs: [1, 2, 5, 10] }, { label: yLabel }],  // epochs are whole numbers
    series: [
      { label: xLabel },
      ...series.map((s, i) => ({ label: s.label, stroke: colors[i % colors.length], width: 2, points: { show: true } })),
    ],
  };
  return new uPlot(opts, [x, ...series.map((s) => s.values)], el);
}
