// The course site's own glue: questions, exercise editors, run charts and search.
// Libraries (CodeMirror, uPlot) come from bundle.js as RD.editor and RD.chart.
"use strict";
(function () {
  const live = document.body.dataset.static !== "yes";

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error((await response.text()).trim() || response.statusText);
    return response.json();
  }

  // ---- predict-and-verify
  document.querySelectorAll("form.question").forEach((form) => {
    const head = form.querySelector(".answer-head");
    const why = form.querySelector(".explanation");
    if (live) form.querySelector(".static-only").remove();
    else { form.querySelector("label").remove(); form.querySelector("button").remove(); why.remove(); return; }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = form.elements.answer.value;
      try {
        const r = await post("/api/answer", { id: form.dataset.question, answer });
        head.textContent = r.head;
        head.className = "answer-head " + r.verdict;
        if (r.explanation) { why.hidden = false; why.open = true; }
      } catch (err) { head.textContent = "Could not check: " + err.message; }
    });
  });

  // ---- exercises
  document.querySelectorAll("section.exercise").forEach((section) => {
    const id = section.dataset.exercise;
    const box = section.querySelector(".editor");
    const verdict = section.querySelector(".verdict");
    const hints = section.querySelector("ol.hints");
    const spinner = section.querySelector(".spinner");
    const stop = section.querySelector("button.stop");
    if (!live) {
      section.querySelector(".buttons").remove();
      const pre = document.createElement("pre");
      pre.className = "code";
      pre.textContent = box.dataset.code;
      box.replaceWith(pre);
      return;
    }
    const ed = RD.editor(box, box.dataset.code, () => check());
    section.editor = ed;  // reachable for tests and the browser console

    function show(r) {
      verdict.replaceChildren();
      const line = document.createElement("p");
      line.className = "status " + r.status.replace(" ", "-");
      line.textContent = r.status === "passed" ? "Passed. Well done." : (r.status + ": " + r.message);
      verdict.append(line);
      if (r.kernel) {
        const k = document.createElement("p");
        k.className = "kernel-note";
        k.textContent = r.kernel;
        verdict.append(k);
      }
      if (r.outcomes && r.outcomes.length) {
        const list = document.createElement("ul");
        list.className = "outcomes";
        r.outcomes.forEach((o) => {
          const li = document.createElement("li");
          li.className = o.status;
          li.textContent = (o.status === "passed" ? "ok  " : o.status === "failed" ? "FAIL  " : "later  ") + o.name + (o.message ? ": " + o.message : "");
          list.append(li);
        });
        verdict.append(list);
      }
      if (r.output) {
        const out = document.createElement("pre");
        out.className = "out";
        out.textContent = r.output;
        verdict.append(out);
      }
      if (r.solution) {
        const d = document.createElement("details");
        d.open = true;
        d.innerHTML = "<summary>One reference solution, to compare with yours</summary>";
        const pre = document.createElement("pre");
        pre.className = "code";
        pre.textContent = r.solution;
        d.append(pre);
        verdict.append(d);
      } else if (r.status !== "passed") {
        const tip = document.createElement("p");
        tip.textContent = "Stuck? Ask for a hint: a nudge first, then more.";
        verdict.append(tip);
      }
    }

    let running = false;
    async function check() {
      if (running) return;
      running = true;
      spinner.hidden = false; stop.hidden = false;
      verdict.setAttribute("aria-busy", "true");
      try { show(await post("/api/check", { id, code: ed.get() })); }
      catch (err) { verdict.textContent = "The check could not run: " + err.message; }
      finally { running = false; spinner.hidden = true; stop.hidden = true; verdict.removeAttribute("aria-busy"); }
    }
    section.querySelector("button.check").addEventListener("click", check);
    stop.addEventListener("click", () => post("/api/interrupt", { id }).catch(() => {}));
    section.querySelector("button.restore").addEventListener("click", () => {
      if (confirm("Put the starter code back in the editor? (Your code is kept in the notebook until you check again.)")) ed.set(box.dataset.starter);
    });
    section.querySelector("button.hint").addEventListener("click", async () => {
      try {
        const r = await post("/api/hint", { id });
        const li = document.createElement("li");
        li.textContent = r.hint;
        hints.append(li);
      } catch (err) { verdict.textContent = "No hint: " + err.message; }
    });
  });

  // ---- run charts from the lesson's real TensorBoard event files
  document.querySelectorAll(".runs-chart").forEach((el) => {
    const spec = JSON.parse(el.dataset.chart);
    RD.chart(el, spec);
  });

  // ---- concept filter
  document.querySelectorAll("input[data-filter]").forEach((input) => {
    const rows = document.querySelectorAll(input.dataset.filter + " tbody tr");
    input.addEventListener("input", () => {
      const q = input.value.toLowerCase();
      rows.forEach((row) => { row.hidden = q && !row.textContent.toLowerCase().includes(q); });
    });
  });

  // ---- course-wide search
  const q = document.getElementById("q");
  q.form.addEventListener("submit", (event) => {  // Enter opens the first result
    event.preventDefault();
    const first = results.querySelector("a");
    if (first) first.click();
  });
  const results = document.getElementById("results");
  let index = null;
  q.addEventListener("input", async () => {
    const text = q.value.trim().toLowerCase();
    results.replaceChildren();
    if (text.length < 2) return;
    if (index === null) index = await (await fetch("/search.json", { credentials: "same-origin" })).json();
    index
      .filter((e) => e.title.toLowerCase().includes(text) || e.text.toLowerCase().includes(text))
      .slice(0, 8)
      .forEach((e) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = e.url;
        a.textContent = e.title;
        li.append(a);
        results.append(li);
      });
  });
})();
