"""``gainlp review``: a local web page to correct labels and save them as gold TSV.

``ReviewSession`` holds the reports under review and their labels; every change goes
through it and is checked there (label ids against ``gainlp.labels``, offsets covering each
line exactly), so the page can never put an invalid annotation on disk. ``make_server``
wraps a session in a stdlib ``ThreadingHTTPServer`` bound to 127.0.0.1.

State of one report: its text with line breaks normalized to ``\\n`` (as the annotation
format stores it) and, per line, a list of segments ``[start, end, section, role,
confidence, edited]`` with offsets relative to the line. Each edit (label, split, merge) records the
lines it changed before and after, which is what undo and redo replay.

HTTP interface (all JSON, all under the server's own origin):

* ``GET /`` the page; ``GET /assets/<name>`` its script and styles (a fixed list);
* ``GET /api/state`` the reports (by index), labels, keys, the retrain command;
* ``GET /api/doc/<i>`` one report: lines, segments, lines to look at first;
* ``POST /api/doc/<i>/edit`` ``{"op": "label", "targets": [[line, seg], ...], "section": id,
  "role": id}`` | ``{"op": "split", "line": n, "at": offset}`` | ``{"op": "merge", "line": n,
  "seg": k}`` | ``{"op": "undo"}`` | ``{"op": "redo"}``; answers the changed lines;
* ``POST /api/doc/<i>/save`` writes ``<out>/<stem>.tsv`` atomically and marks it done in
  ``<out>/.review.json``.

Safety: only 127.0.0.1 is bound; the ``Host`` header must name the server; reports are
addressed by index only, assets by a fixed name; any path with a ``..`` segment is 403, any
other unknown path 404; a POST whose ``Origin`` is present and not the server's own, or
whose body is not JSON, is 403/415; bodies are capped at 1 MB. Nothing is written outside
``out``.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .annotation import AnnotationError, parse_tsv, read_tsv, to_tsv
from .labels import ROLES, SECTION_TITLES, SECTIONS
from .report import Report, Segment, split_lines

__all__ = ["ReviewError", "ReviewSession", "make_server", "serve", "SECTION_KEYS", "ROLE_KEYS"]

#: key → section; shift+1..5 (or the prefix key ``.`` then 1..5) give s1.1 … s1.5
SECTION_KEYS: dict[str, str] = {"0": "front", "1": "s1", "2": "s2", "3": "s3", "4": "s4",
                                "5": "s5", "6": "s6", "9": "back"}
SUBSECTION_KEYS: dict[str, str] = {str(i): f"s1.{i}" for i in range(1, 6)}
#: key → role (``blank`` is never set by hand: whitespace-only segments are always blank)
ROLE_KEYS: dict[str, str] = {"t": "title", "h": "heading", "b": "body", "c": "table_caption",
                             "e": "table_header", "r": "table_row_header", "l": "table_cell",
                             "w": "table_row", "n": "table_note", "x": "noise"}

REVIEW_JSON = ".review.json"
MAX_BODY = 1 << 20
LOOK_FIRST = 20  # how many lines the "look at first" list holds
LOW = 0.6  # confidence under which a segment is marked

# the reader takes a continuation row ``+5`` for a line of its own (see gainlp.annotation)
_SIGNED_NUMBER = re.compile(r"^[\d.,，]+\s*$")
_ASSETS = {"review.js": "application/javascript; charset=utf-8",
           "review.css": "text/css; charset=utf-8",
           "index.html": "text/html; charset=utf-8"}


class ReviewError(ValueError):
    """A change or request the session refuses; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Doc:
    index: int
    path: Path
    name: str
    out_name: str
    text: str | None = None  # normalized (\n line breaks)
    lines: list[str] = field(default_factory=list)
    segs: list[list[list]] = field(default_factory=list)  # per line: [a, b, section, role, conf, edited]
    look: list[dict] = field(default_factory=list)
    score: float | None = None
    format: str = "unknown"
    engine: str = ""
    comments: list[str] = field(default_factory=list)
    warning: str | None = None
    error: str | None = None
    undo: list[dict] = field(default_factory=list)
    redo: list[dict] = field(default_factory=list)
    edits: int = 0
    dirty: bool = False
    from_saved: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _out_names(paths: list[Path]) -> list[str]:
    """``<stem>.tsv`` per report; a stem used twice gets ``-2``, ``-3``… from the second on."""
    used: set[str] = set()
    names = []
    for p in paths:
        stem = re.sub(r"[\x00-\x1f/\\]", "_", p.stem) or "report"
        name, n = f"{stem}.tsv", 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.tsv"
        used.add(name.lower())
        names.append(name)
    return names


def _is_blank(piece: str) -> bool:
    return not piece.strip()


class ReviewSession:
    """The reports under review, their labels and the output folder (see the module doc)."""

    def __init__(self, reports: list[str | os.PathLike], out: str | os.PathLike, *,
                 engine: str = "auto", model: str | os.PathLike | None = None, low: float = LOW,
                 look_first: int = LOOK_FIRST):
        if not reports:
            raise ValueError("no reports to review")
        paths = [Path(p) for p in reports]
        for p in paths:
            if not p.is_file():
                raise FileNotFoundError(f"{p}: no such file")
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.engine = engine
        self.model = model
        self.low = low
        self.look_first = look_first
        self.docs = [Doc(i, p, str(p), n) for i, (p, n) in enumerate(zip(paths, _out_names(paths)))]
        self.lock = threading.Lock()  # guards .review.json
        self.done = self._read_done()

    # -- loading ------------------------------------------------------------------------
    def _read_done(self) -> dict:
        try:
            data = json.loads((self.out / REVIEW_JSON).read_text(encoding="utf-8"))
            reports = data.get("reports", {})
            return reports if isinstance(reports, dict) else {}
        except (OSError, ValueError):
            return {}

    def doc(self, index: int) -> Doc:
        if not 0 <= index < len(self.docs):
            raise ReviewError(f"no report {index}", 404)
        d = self.docs[index]
        with d.lock:
            if d.text is None and d.error is None:
                try:
                    self._load(d)
                except Exception as e:  # noqa: BLE001 - shown on the page, the others stay usable
                    d.error = f"{type(e).__name__}: {e}"
        if d.error:
            raise ReviewError(f"{d.name}: {d.error}", 422)
        return d

    def _label(self, d: Doc) -> Report:
        if d.path.suffix.lower() == ".tsv":
            return read_tsv(d.path)
        from .pipeline import label
        return label(d.path, engine=self.engine, model=self.model)

    def _load(self, d: Doc) -> None:
        report = self._label(d)
        lines = [ln.text for ln in report.lines]
        text = "\n".join(lines)
        segs: list[list[list]] = [[] for _ in lines]
        for s in report.segments:
            ln = report.lines[s.line]
            segs[s.line].append([s.start - ln.start, s.end - ln.start, s.section, s.role,
                                 round(float(s.confidence), 4), False])
        # lines to look at first: as ``gainlp suggest`` ranks them, the least confident
        scored = sorted(((seg[4], i) for i, ls in enumerate(segs) for seg in ls if seg[3] != "blank"))
        best: dict[int, float] = {}
        for c, i in scored:
            best.setdefault(i, c)
        look = sorted(best.items(), key=lambda t: (t[1], t[0]))[: self.look_first]
        d.look = [{"line": i, "confidence": c} for i, c in look]
        k = sorted(best.values())[:10]
        d.score = round(sum(k) / len(k), 4) if k else 1.0
        d.format, d.engine = report.format, report.engine
        d.comments = [f"source: {_clean(d.path.name)}", f"format: {report.format}",
                      "annotator: gainlp review"]
        saved = self.out / d.out_name
        if saved.is_file():
            try:
                gold = read_tsv(saved)
            except (AnnotationError, OSError) as e:
                d.warning = f"{saved} could not be read ({e}); saving will replace it"
            else:
                if gold.text != text:
                    d.warning = (f"{saved} holds another text than this report; "
                                 "starting from the labeler, saving will replace it")
                else:
                    segs = [[] for _ in lines]
                    for s in gold.segments:
                        ln = gold.lines[s.line]
                        segs[s.line].append([s.start - ln.start, s.end - ln.start, s.section, s.role, 1.0, False])
                    d.comments = gold.meta.get("comments") or d.comments
                    d.from_saved = True
                    d.engine = "gold"
        d.text, d.lines, d.segs = text, lines, segs
        self._check_doc(d)

    # -- validation -----------------------------------------------------------------------
    def _check_line(self, d: Doc, i: int, segs: list[list], *, strict: bool = True) -> None:
        line = d.lines[i]
        if not segs:
            raise ReviewError(f"line {i}: no segment")
        pos = 0
        for k, (a, b, sec, role, *_rest) in enumerate(segs):
            if a != pos or b < a or b > len(line):
                raise ReviewError(f"line {i}: segment {k} offsets {a}..{b} leave a gap or overlap")
            if k and a == b:
                raise ReviewError(f"line {i}: empty segment {k}")
            if sec not in SECTIONS:
                raise ReviewError(f"unknown section {sec!r}")
            if role not in ROLES:
                raise ReviewError(f"unknown role {role!r}")
            piece = line[a:b]
            if (role == "blank") != _is_blank(piece):
                raise ReviewError(f"line {i}: segment {k} is {'not ' if role == 'blank' else ''}"
                                  f"whitespace-only but role {role!r}")
            if strict and k and _SIGNED_NUMBER.match(piece):
                raise ReviewError(f"line {i}: a segment of only a number ({piece.strip()!r}) cannot follow "
                                  "another on its line: the annotation format would read it as a line of its own")
            pos = b
        if pos != len(line):
            raise ReviewError(f"line {i}: not covered to its end")

    def _check_doc(self, d: Doc) -> None:
        for i, segs in enumerate(d.segs):
            try:
                self._check_line(d, i, segs)
            except ReviewError:
                # blank vs. whitespace-only as a labeler or an old file had it: fix it
                for s in segs:
                    if _is_blank(d.lines[i][s[0]:s[1]]):
                        s[3] = "blank"
                    elif s[3] == "blank":
                        s[3] = "body"
                self._check_line(d, i, segs, strict=False)

    # -- editing --------------------------------------------------------------------------
    def edit(self, index: int, op: dict) -> dict:
        d = self.doc(index)
        if not isinstance(op, dict):
            raise ReviewError("expected a JSON object")
        kind = op.get("op")
        with d.lock:
            if kind == "undo" or kind == "redo":
                src, dst = (d.undo, d.redo) if kind == "undo" else (d.redo, d.undo)
                if not src:
                    return self._answer(d, {})
                step = src.pop()
                state = step["before"] if kind == "undo" else step["after"]
                for i, segs in state.items():
                    d.segs[i] = _copy(segs)
                dst.append(step)
                d.dirty = True
                return self._answer(d, state)
            if kind == "label":
                after = self._op_label(d, op)
            elif kind == "split":
                after = self._op_split(d, op)
            elif kind == "merge":
                after = self._op_merge(d, op)
            else:
                raise ReviewError(f"unknown op {kind!r}; expected label, split, merge, undo or redo")
            for i, segs in after.items():
                self._check_line(d, i, segs)  # all or nothing: check before changing anything
            before = {i: _copy(d.segs[i]) for i in after}
            if before == after:
                return self._answer(d, {})
            for i, segs in after.items():
                d.segs[i] = segs
            d.undo.append({"before": before, "after": _copy_state(after)})
            d.redo.clear()
            d.edits += 1
            d.dirty = True
            return self._answer(d, after)

    def _answer(self, d: Doc, changed: dict) -> dict:
        return {"changed": {str(i): segs for i, segs in changed.items()},
                "can_undo": bool(d.undo), "can_redo": bool(d.redo), "dirty": d.dirty}

    def _int(self, op: dict, key: str, hi: int) -> int:
        v = op.get(key)
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < hi:
            raise ReviewError(f"{key}: expected an integer in 0..{hi - 1}, got {v!r}")
        return v

    def _op_label(self, d: Doc, op: dict) -> dict:
        sec, role = op.get("section"), op.get("role")
        if sec is None and role is None:
            raise ReviewError("label: give a section or a role")
        if sec is not None and sec not in SECTIONS:
            raise ReviewError(f"unknown section {sec!r}; expected one of {', '.join(SECTIONS)}")
        if role is not None and (role not in ROLES or role == "blank"):
            raise ReviewError(f"unknown role {role!r}; expected one of {', '.join(ROLE_KEYS.values())}")
        targets = op.get("targets")
        if not isinstance(targets, list) or not targets or len(targets) > 100_000:
            raise ReviewError("label: targets must be a non-empty list of [line, segment]")
        after: dict[int, list] = {}
        for t in targets:
            if not (isinstance(t, list) and len(t) == 2):
                raise ReviewError(f"label: bad target {t!r}")
            i = self._int({"line": t[0]}, "line", len(d.lines))
            segs = after.setdefault(i, _copy(d.segs[i]))
            k = self._int({"segment": t[1]}, "segment", len(segs))
            seg = segs[k]
            if sec is not None:
                seg[2] = sec
            if role is not None and seg[3] != "blank":
                seg[3] = role
            seg[4], seg[5] = 1.0, True
        return after

    def _op_split(self, d: Doc, op: dict) -> dict:
        i = self._int(op, "line", len(d.lines))
        line = d.lines[i]
        at = op.get("at")
        if not isinstance(at, int) or isinstance(at, bool) or not 0 < at < len(line):
            raise ReviewError(f"split: position {at!r} is not inside line {i} (1..{len(line) - 1})")
        segs = _copy(d.segs[i])
        for k, (a, b, sec, role, c, _e) in enumerate(segs):
            if a < at < b:
                left, right = [a, at, sec, role, c, True], [at, b, sec, role, c, True]
                for s in (left, right):
                    blank = _is_blank(line[s[0]:s[1]])
                    if blank:
                        s[3] = "blank"
                    elif s[3] == "blank":
                        s[3] = "body"
                segs[k:k + 1] = [left, right]
                return {i: segs}
        raise ReviewError(f"split: line {i} is already split at {at}")

    def _op_merge(self, d: Doc, op: dict) -> dict:
        i = self._int(op, "line", len(d.lines))
        segs = _copy(d.segs[i])
        k = self._int(op, "seg", len(segs))
        if k == 0:
            raise ReviewError("merge: the first segment of a line has nothing before it")
        prev, cur = segs[k - 1], segs[k]
        prev[1], prev[5] = cur[1], True
        blank = _is_blank(d.lines[i][prev[0]:prev[1]])
        prev[3] = "blank" if blank else (cur[3] if prev[3] == "blank" else prev[3])
        del segs[k]
        return {i: segs}

    # -- saving ---------------------------------------------------------------------------
    def report(self, index: int) -> Report:
        """The report as currently labeled (a gold ``Report``)."""
        d = self.doc(index)
        with d.lock:
            return self._report(d)

    def _report(self, d: Doc) -> Report:
        lines = split_lines(d.text)
        segments = [Segment(lines[i].start + a, lines[i].start + b, i, sec, role, 1.0)
                    for i, ls in enumerate(d.segs) for a, b, sec, role, *_rest in ls]
        r = Report(text=d.text, segments=segments, lines=lines, source=str(self.out / d.out_name),
                   format=d.format, engine="gold")
        r.validate()
        return r

    def save(self, index: int) -> dict:
        d = self.doc(index)
        with d.lock:
            report = self._report(d)
            content = to_tsv(report, comments=d.comments)
            back = parse_tsv(content, source=d.out_name)  # what the reader will see
            if back.text != d.text or [(s.start, s.end, s.section, s.role) for s in back.segments] != \
                    [(s.start, s.end, s.section, s.role) for s in report.segments]:
                raise ReviewError("the annotation format cannot hold this labeling exactly "
                                  "(a line starting with '+'?); nothing was written", 409)
            target = self.out / d.out_name
            _atomic_write(target, content.encode("utf-8"))
            d.dirty = False
            d.from_saved = True
        with self.lock:
            self.done[d.out_name] = {"source": str(d.path), "done": True, "lines": len(d.lines),
                                     "edits": d.edits,
                                     "saved": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            data = {"version": 1, "tool": "gainlp review", "reports": self.done}
            _atomic_write(self.out / REVIEW_JSON,
                          (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        return {"saved": str(target), "lines": len(d.lines), "dirty": False, "done": True}

    # -- views ----------------------------------------------------------------------------
    def retrain_command(self) -> str:
        from .pipeline import default_model_path
        model = self.model or default_model_path()
        init = _rel(Path(model)) if model else "<model>"
        return f"gainlp train --init {init} --gold {_rel(self.out)} --out <new model folder>"

    def state(self) -> dict:
        docs = []
        for d in self.docs:
            info = self.done.get(d.out_name) or {}
            docs.append({"id": d.index, "name": d.name, "out": d.out_name, "done": bool(info.get("done")),
                         "saved": info.get("saved"), "loaded": d.text is not None, "dirty": d.dirty,
                         "score": d.score, "error": d.error})
        from .view import SECTION_COLOURS
        return {"docs": docs, "out": str(self.out), "sections": list(SECTIONS), "roles": list(ROLES),
                "colours": {k: v[0] for k, v in SECTION_COLOURS.items()},
                "section_titles": SECTION_TITLES, "section_keys": SECTION_KEYS,
                "subsection_keys": SUBSECTION_KEYS, "role_keys": ROLE_KEYS, "low": self.low,
                "retrain": self.retrain_command(),
                "relabel": "gainlp label REPORTS... --model <new model folder>"}

    def doc_json(self, index: int) -> dict:
        d = self.doc(index)
        with d.lock:
            return {"id": d.index, "name": d.name, "out": d.out_name, "lines": d.lines, "segs": d.segs,
                    "look": d.look, "score": d.score, "format": d.format, "engine": d.engine,
                    "warning": d.warning, "from_saved": d.from_saved, "can_undo": bool(d.undo),
                    "can_redo": bool(d.redo), "dirty": d.dirty}


def _copy(segs: list[list]) -> list[list]:
    return [list(s) for s in segs]


def _copy_state(state: dict) -> dict:
    return {i: _copy(s) for i, s in state.items()}


def _clean(s: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", s)


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(p)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------------------------
# HTTP

def _asset(name: str) -> bytes:
    return resources.files("gainlp").joinpath("data", "review", name).read_bytes()


def _view_css() -> bytes:
    from .view import _css
    return _css().encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server_version = "gainlp-review"
    sys_version = ""
    session: ReviewSession  # set on the subclass made by make_server
    quiet = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)

    # -- helpers --------------------------------------------------------------------------
    def _origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                         "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _route(self) -> list[str] | None:
        """The request path split in parts; None (after answering 403/404) if refused."""
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self._error(403, "wrong Host header")  # DNS rebinding
            return None
        raw = urlsplit(self.path).path
        path = unquote(unquote(raw))  # an encoded %252e%252e is refused too
        if "\\" in path or "\x00" in path or any(p in ("..", ".") for p in path.split("/")):
            self._error(403, "forbidden path")
            return None
        return [p for p in path.split("/") if p]

    # -- methods --------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        parts = self._route()
        if parts is None:
            return
        s = self.session
        try:
            if parts == []:
                self._send(200, _asset("index.html"), _ASSETS["index.html"])
            elif len(parts) == 2 and parts[0] == "assets" and parts[1] == "view.css":
                self._send(200, _view_css(), "text/css; charset=utf-8")
            elif len(parts) == 2 and parts[0] == "assets" and parts[1] in _ASSETS and parts[1] != "index.html":
                self._send(200, _asset(parts[1]), _ASSETS[parts[1]])
            elif parts == ["api", "state"]:
                self._json(200, s.state())
            elif len(parts) == 3 and parts[:2] == ["api", "doc"] and parts[2].isdigit():
                self._json(200, s.doc_json(int(parts[2])))
            else:
                self._error(404, "not found")
        except ReviewError as e:
            self._error(e.status, str(e))

    def do_POST(self) -> None:  # noqa: N802
        parts = self._route()
        if parts is None:
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin.rstrip("/") not in (self._origin(), self._origin().replace("127.0.0.1", "localhost")):
            self._error(403, "foreign Origin")
            return
        if self.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            self._error(403, "cross-site request")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self._error(415, "expected Content-Type: application/json")
            return
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if not 0 <= n <= MAX_BODY:
            self._error(413, "body too large")
            return
        try:
            body = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            self._error(400, "body is not JSON")
            return
        s = self.session
        try:
            if len(parts) == 4 and parts[:2] == ["api", "doc"] and parts[2].isdigit() and parts[3] in ("edit", "save"):
                i = int(parts[2])
                self._json(200, s.edit(i, body) if parts[3] == "edit" else s.save(i))
            else:
                self._error(404, "not found")
        except ReviewError as e:
            self._error(e.status, str(e))


def make_server(session: ReviewSession, port: int = 0, *, quiet: bool = True) -> ThreadingHTTPServer:
    """A server for ``session`` on 127.0.0.1:``port`` (0: any free port); not started."""
    handler = type("ReviewHandler", (_Handler,), {"session": session, "quiet": quiet})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve(session: ReviewSession, port: int = 0, *, quiet: bool = True) -> None:
    """Run the server until interrupted, printing its URL first."""
    server = make_server(session, port, quiet=quiet)
    host, port = server.server_address[:2]
    print(f"gainlp review: http://{host}:{port}/  ({len(session.docs)} reports, saving to {session.out}; "
          "Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        unsaved = [d.name for d in session.docs if d.dirty]
        if unsaved:
            print(f"gainlp review: not saved: {', '.join(unsaved)}", file=sys.stderr)
