// gainlp review: the page. Vanilla JS, no build step. The server holds the labels and
// checks every change; this page sends one operation per key press and redraws the lines
// the server says changed.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const ROLE_TAGS = {title: "title", heading: "heading", body: "body", table_caption: "caption",
    table_header: "header", table_row_header: "row hdr", table_cell: "cell", table_row: "row",
    table_note: "note", noise: "noise", blank: "blank"};
  const TABLE = new Set(["table_caption", "table_header", "table_row_header", "table_cell", "table_row", "table_note"]);
  const SPECIAL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]/;
  const SPECIAL_NAMES = {"\u2028": "LS", "\u2029": "PS", "\x85": "NEL", "\x0c": "FF", "\x0b": "VT",
    "\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"};

  let S = null;        // /api/state
  let D = null;        // /api/doc/<i>
  let rows = [];       // flat [line, seg] of every segment, in order
  let cursor = 0, anchor = 0;
  let prefix = null;   // "." waits for 1..5
  let chain = Promise.resolve();
  let pending = 0;

  function secClass(s) { return "sec-" + s.replace(/\./g, "-"); }
  function setPending(d) { pending += d; document.body.dataset.pending = String(pending); }

  function status(msg, err) {
    const el = $("status");
    el.textContent = msg || "";
    el.classList.toggle("err", !!err);
  }

  async function api(method, url, body) {
    const opt = {method, headers: {}};
    if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
    const res = await fetch(url, opt);
    let data = null;
    try { data = await res.json(); } catch (e) { data = {error: res.statusText}; }
    if (!res.ok) throw new Error((data && data.error) || ("HTTP " + res.status));
    return data;
  }

  // queue requests so key presses apply in order
  function enqueue(fn) {
    setPending(1);
    chain = chain.then(fn).catch((e) => status(String(e.message || e), true)).finally(() => setPending(-1));
    return chain;
  }

  // ---- rendering ---------------------------------------------------------------------
  function special(ch) {
    const o = ch.charCodeAt(0);
    if (o < 0x20 || o === 0x7f) return SPECIAL_NAMES[ch] || "^" + String.fromCharCode(o ^ 0x40);
    return SPECIAL_NAMES[ch] || "U+" + o.toString(16).toUpperCase().padStart(4, "0");
  }

  // the text of line[a:b] as spans that know their offset in the line (data-o)
  function textNodes(line, a, b, table) {
    const frag = document.createDocumentFragment();
    let run = a;
    const flush = (k) => {
      if (k > run) {
        const sp = document.createElement("span");
        sp.className = "t"; sp.dataset.o = String(run); sp.textContent = line.slice(run, k);
        frag.appendChild(sp);
      }
    };
    for (let k = a; k < b; k++) {
      const ch = line[k];
      let cls = null, shown = null, tip = null;
      if (SPECIAL.test(ch)) { cls = "ctl"; shown = special(ch); tip = "U+" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"); }
      else if (table && ch === "\t") { cls = "sep tab"; shown = "\t"; tip = "tab"; }
      else if (table && (ch === "|" || ch === "｜")) { cls = "sep"; shown = ch; }
      if (cls) {
        flush(k);
        const sp = document.createElement("span");
        sp.className = cls; sp.dataset.o = String(k); sp.dataset.n = "1"; sp.textContent = shown;
        if (tip) sp.title = tip;
        frag.appendChild(sp);
        run = k + 1;
      }
    }
    flush(b);
    return frag;
  }

  function segDiv(i, k, seg) {
    const [a, b, sec, role, conf] = seg;
    const line = D.lines[i];
    const div = document.createElement("div");
    const cls = ["seg", secClass(sec), "role-" + role];
    if (TABLE.has(role)) cls.push("tbl");
    const low = conf < S.low && role !== "blank";
    if (low) cls.push("low");
    if (seg[5]) cls.push("edited");
    div.className = cls.join(" ");
    div.dataset.line = String(i); div.dataset.seg = String(k);
    div.title = `line ${i + 1} · ${sec} · ${role} · confidence ${conf.toFixed(2)} · chars ${a}–${b}`;
    const ln = document.createElement("span"); ln.className = "ln"; ln.textContent = k ? `${i + 1}.${k + 1}` : String(i + 1);
    const sid = document.createElement("span"); sid.className = "sid"; sid.textContent = sec;
    const tag = document.createElement("span"); tag.className = "tag"; tag.textContent = ROLE_TAGS[role] || role;
    const txt = document.createElement("span"); txt.className = "txt";
    if (k) { const p = document.createElement("span"); p.className = "plus"; p.textContent = "+"; txt.appendChild(p); }
    txt.appendChild(textNodes(line, a, b, TABLE.has(role)));
    if (role === "heading") {
      const an = document.createElement("span"); an.className = "anno"; an.textContent = "→ " + S.section_titles[sec];
      txt.appendChild(an);
    }
    if (low) {
      const c = document.createElement("span"); c.className = "conf"; c.textContent = conf.toFixed(2);
      txt.appendChild(c);
    }
    div.append(ln, sid, tag, txt);
    return div;
  }

  function lineDiv(i) {
    const div = document.createElement("div");
    div.className = "line"; div.id = "L" + i;
    D.segs[i].forEach((seg, k) => div.appendChild(segDiv(i, k, seg)));
    return div;
  }

  function rebuildRows() {
    rows = [];
    D.segs.forEach((ls, i) => ls.forEach((_, k) => rows.push([i, k])));
  }

  function rowIndex(i, k) {
    // rows are in order: binary search on (line, seg)
    let lo = 0, hi = rows.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1, r = rows[m];
      if (r[0] === i && r[1] === k) return m;
      if (r[0] < i || (r[0] === i && r[1] < k)) lo = m + 1; else hi = m - 1;
    }
    return Math.max(0, Math.min(lo, rows.length - 1));
  }

  function renderDoc() {
    const main = $("report");
    main.textContent = "";
    if (D.warning) { const w = document.createElement("p"); w.className = "warn"; w.textContent = D.warning; main.appendChild(w); }
    const frag = document.createDocumentFragment();
    D.lines.forEach((_, i) => frag.appendChild(lineDiv(i)));
    main.appendChild(frag);
    rebuildRows();
    cursor = anchor = 0;
    paintSelection();
    renderMeta();
    renderLook();
  }

  function renderMeta() {
    $("docname").textContent = D.name;
    document.title = D.name + " — gainlp review";
    const nseg = rows.length, nlow = D.segs.flat().filter((s) => s[4] < S.low && s[3] !== "blank").length;
    const meta = [["format", D.format], ["engine", D.engine], ["lines", D.lines.length], ["segments", nseg],
      ["confidence < " + S.low, nlow], ["saves to", S.out.replace(/\/$/, "") + "/" + D.out]];
    const el = $("meta"); el.textContent = "";
    for (const [k, v] of meta) {
      const sp = document.createElement("span"); sp.append(k + ": ");
      const b = document.createElement("b"); b.textContent = String(v); sp.appendChild(b); el.appendChild(sp);
    }
    $("undo").disabled = !D.can_undo; $("redo").disabled = !D.can_redo;
  }

  function renderLook() {
    const ol = $("look"); ol.textContent = "";
    for (const it of D.look) {
      const li = document.createElement("li");
      const seg = D.segs[it.line][0];
      li.className = secClass(seg[2]);
      li.style.borderLeftColor = S.colours[seg[2]] || "#ddd";
      li.dataset.line = String(it.line);
      const n = document.createElement("span"); n.textContent = String(it.line + 1);
      const c = document.createElement("span"); c.className = "c"; c.textContent = it.confidence.toFixed(2);
      const t = document.createElement("span"); t.textContent = D.lines[it.line].trim().slice(0, 40);
      li.append(n, c, t);
      li.addEventListener("click", () => jumpLine(it.line));
      ol.appendChild(li);
    }
  }

  function renderDocs() {
    const ul = $("docs"); ul.textContent = "";
    let done = 0;
    for (const d of S.docs) {
      if (d.done) done++;
      const li = document.createElement("li");
      li.dataset.id = String(d.id);
      li.className = (D && D.id === d.id ? "cur " : "") + (d.dirty ? "dirty" : "") + (d.done ? " done" : "");
      const m = document.createElement("span"); m.className = "mark"; m.textContent = d.done ? "✓" : "";
      const n = document.createElement("span"); n.className = "name"; n.textContent = d.name.split(/[\\/]/).pop();
      li.title = d.name + (d.done ? " — reviewed, saved " + (d.saved || "") : " — not reviewed yet") +
        (d.score != null ? " — score " + d.score : "");
      li.append(m, n);
      li.addEventListener("click", () => openDoc(d.id));
      ul.appendChild(li);
    }
    $("donecount").textContent = `${done}/${S.docs.length} done`;
  }

  function renderLegend() {
    const t = $("keys"); t.textContent = "";
    const add = (k, v, sec) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td"); a.innerHTML = k;
      const b = document.createElement("td");
      if (sec) { const sw = document.createElement("span"); sw.className = "sw " + secClass(sec); b.appendChild(sw); b.append(" "); }
      const c = document.createElement("code"); c.textContent = v; b.appendChild(c);
      tr.append(a, b); t.appendChild(tr);
    };
    for (const [k, s] of Object.entries(S.section_keys).sort((x, y) => (x[0] === "9") - (y[0] === "9") || x[0].localeCompare(y[0])))
      add(`<kbd>${k}</kbd>`, s + " " + S.section_titles[s], s);
    for (const [k, s] of Object.entries(S.subsection_keys))
      add(`<kbd>⇧${k}</kbd>/<kbd>.${k}</kbd>`, s + " " + S.section_titles[s], s);
    for (const [k, r] of Object.entries(S.role_keys)) add(`<kbd>${k}</kbd>`, r);
    const ul = $("legend-sections"); ul.textContent = "";
    for (const s of S.sections) {
      const li = document.createElement("li");
      const sw = document.createElement("span"); sw.className = "sw " + secClass(s);
      const c = document.createElement("code"); c.textContent = s;
      const n = document.createElement("span"); n.textContent = S.section_titles[s];
      li.append(sw, c, n); ul.appendChild(li);
    }
    $("retrain").textContent = S.retrain;
    $("relabel").textContent = S.relabel;
  }

  // ---- selection ---------------------------------------------------------------------
  function segEl(r) {
    const [i, k] = rows[r];
    return document.querySelector(`#L${i} > .seg[data-seg="${k}"]`);
  }

  function selRange() { return [Math.min(anchor, cursor), Math.max(anchor, cursor)]; }

  function paintSelection(scroll) {
    document.querySelectorAll(".seg.sel, .seg.cursor").forEach((e) => e.classList.remove("sel", "cursor"));
    if (!rows.length) return;
    cursor = Math.max(0, Math.min(cursor, rows.length - 1));
    anchor = Math.max(0, Math.min(anchor, rows.length - 1));
    const [lo, hi] = selRange();
    for (let r = lo; r <= hi; r++) { const e = segEl(r); if (e) e.classList.add("sel"); }
    const c = segEl(cursor);
    if (c) {
      c.classList.add("cursor");
      if (scroll) c.scrollIntoView({block: "nearest"});
    }
    const [i, k] = rows[cursor];
    $("splitat").max = String(Math.max(1, D.lines[i].length - 1));
    document.body.dataset.cursor = `${i}:${k}`;
    document.body.dataset.selection = `${rows[lo][0]}:${rows[lo][1]}-${rows[hi][0]}:${rows[hi][1]}`;
  }

  function move(d, extend) {
    cursor = Math.max(0, Math.min(rows.length - 1, cursor + d));
    if (!extend) anchor = cursor;
    paintSelection(true);
  }

  function jumpLine(i) {
    cursor = anchor = rowIndex(i, 0);
    paintSelection(true);
    $("report").focus({preventScroll: true});
  }

  function jumpLook(d) {
    if (!D.look.length) return;
    const [cur] = rows[cursor];
    const order = D.look.map((x) => x.line);
    let at = order.indexOf(cur);
    at = at < 0 ? (d > 0 ? 0 : order.length - 1) : (at + d + order.length) % order.length;
    jumpLine(order[at]);
  }

  // caret position in the line text: [line, offset] or null
  function caret() {
    const sel = window.getSelection();
    if (!sel || !sel.focusNode) return null;
    let node = sel.focusNode, off = sel.focusOffset;
    let el = node.nodeType === 3 ? node.parentElement : node;
    if (node.nodeType !== 3 && el && el.classList && el.classList.contains("txt")) {
      // between children: take the child after (or the end of the one before)
      const kids = el.children;
      const after = kids[off];
      if (after && after.dataset && after.dataset.o !== undefined) { el = after; off = 0; }
      else if (off > 0 && kids[off - 1] && kids[off - 1].dataset.o !== undefined) {
        el = kids[off - 1]; off = el.dataset.n ? 1 : el.textContent.length;
      }
    }
    const span = el && el.closest ? el.closest("[data-o]") : null;
    const seg = span ? span.closest(".seg") : null;
    if (!span || !seg) return null;
    const base = Number(span.dataset.o);
    const pos = span.dataset.n ? base + (off > 0 ? 1 : 0) : base + off;
    return [Number(seg.dataset.line), pos];
  }

  // ---- operations --------------------------------------------------------------------
  function applyChanges(res) {
    const cur = rows[cursor], anc = rows[anchor];
    let structural = false;
    for (const [key, segs] of Object.entries(res.changed || {})) {
      const i = Number(key);
      if (D.segs[i].length !== segs.length) structural = true;
      D.segs[i] = segs;
      const old = $("L" + i);
      old.replaceWith(lineDiv(i));
    }
    if (structural) {
      rebuildRows();
      cursor = rowIndex(cur[0], Math.min(cur[1], D.segs[cur[0]].length - 1));
      anchor = rowIndex(anc[0], Math.min(anc[1], D.segs[anc[0]].length - 1));
    }
    D.can_undo = res.can_undo; D.can_redo = res.can_redo; D.dirty = res.dirty;
    const d = S.docs[D.id]; if (d) d.dirty = res.dirty;
    paintSelection();
    renderMeta();
    renderDocs();
  }

  function edit(op, okMsg) {
    const id = D.id;
    return enqueue(async () => {
      const res = await api("POST", `/api/doc/${id}/edit`, op);
      if (!D || D.id !== id) return;
      applyChanges(res);
      status(okMsg || "");
    });
  }

  function selectedTargets() {
    const [lo, hi] = selRange();
    return rows.slice(lo, hi + 1).map((r) => [r[0], r[1]]);
  }

  function setSection(sec) { edit({op: "label", targets: selectedTargets(), section: sec}, "section → " + sec); }
  function setRole(role) { edit({op: "label", targets: selectedTargets(), role}, "role → " + role); }

  function split(line, at) {
    edit({op: "split", line, at}, `split line ${line + 1} at ${at}`);
  }

  function splitAtCaret() {
    const c = caret();
    if (!c) { status("click into the text where the new segment should start, then press s", true); return; }
    split(c[0], c[1]);
  }

  function splitAtInput() {
    const at = parseInt($("splitat").value, 10);
    if (!Number.isFinite(at)) { status("type the character position to split at", true); return; }
    split(rows[cursor][0], at);
  }

  function merge() {
    const [i, k] = rows[cursor];
    if (k === 0) { status("the first segment of a line: nothing to merge with", true); return; }
    edit({op: "merge", line: i, seg: k}, `merged segment ${k + 1} of line ${i + 1}`);
  }

  function undo() { edit({op: "undo"}, "undone"); }
  function redo() { edit({op: "redo"}, "redone"); }

  function save() {
    const id = D.id;
    return enqueue(async () => {
      const res = await api("POST", `/api/doc/${id}/save`, {});
      D.dirty = false;
      S = await api("GET", "/api/state");
      renderDocs();
      status("saved " + res.saved + " (" + res.lines + " lines)");
      document.body.dataset.saved = String(Number(document.body.dataset.saved || 0) + 1);
    });
  }

  function openDoc(id) {
    return enqueue(async () => {
      status("loading…");
      D = await api("GET", `/api/doc/${id}`);
      S.docs[id].loaded = true;
      renderDoc();
      renderDocs();
      status("");
      history.replaceState(null, "", "#" + id);
      document.body.dataset.doc = String(id);
    });
  }

  // ---- keys --------------------------------------------------------------------------
  function onKey(e) {
    if (!D) return;
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) {
      if (e.key === "Enter" && t.id === "splitat") { e.preventDefault(); splitAtInput(); }
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (ctrl) {
      const k = key.toLowerCase();
      if (k === "s") { e.preventDefault(); save(); }
      else if (k === "z" && e.shiftKey) { e.preventDefault(); redo(); }
      else if (k === "z") { e.preventDefault(); undo(); }
      else if (k === "y") { e.preventDefault(); redo(); }
      return;
    }
    if (e.altKey) return;
    const digit = /^(Digit|Numpad)(\d)$/.exec(e.code || "");
    const d = digit ? digit[2] : (/^\d$/.test(key) ? key : null);
    if (d !== null) {
      e.preventDefault();
      if ((e.shiftKey || prefix === ".") && S.subsection_keys[d]) setSection(S.subsection_keys[d]);
      else if (!e.shiftKey && S.section_keys[d]) setSection(S.section_keys[d]);
      prefix = null;
      return;
    }
    prefix = null;
    if (key === ".") { prefix = "."; status("subsection: press 1…5"); e.preventDefault(); return; }
    if (key === "j" || key === "ArrowDown") { e.preventDefault(); move(1, e.shiftKey); return; }
    if (key === "k" || key === "ArrowUp") { e.preventDefault(); move(-1, e.shiftKey); return; }
    if (key === "J") { e.preventDefault(); move(1, true); return; }
    if (key === "K") { e.preventDefault(); move(-1, true); return; }
    if (key === "u") { e.preventDefault(); undo(); return; }
    if (key === "U") { e.preventDefault(); redo(); return; }
    if (key === "s") { e.preventDefault(); splitAtCaret(); return; }
    if (key === "m") { e.preventDefault(); merge(); return; }
    if (key === "]") { e.preventDefault(); jumpLook(1); return; }
    if (key === "[") { e.preventDefault(); jumpLook(-1); return; }
    if (key === "Escape") { anchor = cursor; paintSelection(); return; }
    if (!e.shiftKey && S.role_keys[key]) { e.preventDefault(); setRole(S.role_keys[key]); }
  }

  function onClick(e) {
    const seg = e.target.closest(".seg");
    if (!seg || !D) return;
    const r = rowIndex(Number(seg.dataset.line), Number(seg.dataset.seg));
    cursor = r;
    if (!e.shiftKey) anchor = r;
    else window.getSelection().removeAllRanges();
    paintSelection();
  }

  async function init() {
    document.addEventListener("keydown", onKey);
    window.addEventListener("beforeunload", (e) => {
      if (S && S.docs.some((d) => d.dirty)) { e.preventDefault(); e.returnValue = ""; }
    });
    $("report").addEventListener("click", onClick);
    $("undo").addEventListener("click", undo);
    $("redo").addEventListener("click", redo);
    $("save").addEventListener("click", save);
    $("splitbtn").addEventListener("click", () => ($("splitat").value ? splitAtInput() : splitAtCaret()));
    document.addEventListener("selectionchange", () => {
      const c = caret();
      if (c && D && window.getSelection().isCollapsed) $("splitat").placeholder = String(c[1]);
    });
    try {
      S = await api("GET", "/api/state");
    } catch (e) { status(String(e.message || e), true); return; }
    renderLegend();
    renderDocs();
    const want = parseInt((location.hash || "#0").slice(1), 10);
    await openDoc(Number.isFinite(want) && want >= 0 && want < S.docs.length ? want : 0);
    document.body.dataset.ready = "1";
  }

  window.gainlpReview = {idle: () => chain, state: () => ({S, D, rows, cursor, anchor})};
  document.addEventListener("DOMContentLoaded", init);
})();
