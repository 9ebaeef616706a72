"""``gainlp review``: the session (validation, split/merge, undo/redo, save/reopen), the HTTP
server's safety (path traversal, foreign Origin, Host), and the page driven in headless
Chromium over the DevTools protocol (``--remote-debugging-pipe``: stdlib only, no
websocket package and no browser download; skipped when no chromium binary is installed)."""
from __future__ import annotations

import base64
import http.client
import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from gainlp.annotation import read_tsv
from gainlp.cli import COMMANDS, main
from gainlp.evaluate import score
from gainlp.pipeline import label_text
from gainlp.review import REVIEW_JSON, ReviewError, ReviewSession, make_server

TEXT = "\n".join([
    "某县2021年政府信息公开工作年度报告",                       # 0
    "一、总体情况",                                               # 1
    "2021年，我县认真贯彻落实《条例》，公开工作有序推进。",      # 2
    "（一）主动公开",                                             # 3
    "全年主动公开信息120条。",                                    # 4
    "（二）依申请公开",                                           # 5
    "全年收到申请5件，均按时答复。",                              # 6
    "二、主动公开政府信息情况",                                   # 7
    "信息内容\t本年制发件数\t本年废止件数",                       # 8
    "规章\t0\t0",                                                 # 9
    # 10: a run-in heading and text that belongs to another part (no marker says so): the user splits it
    "五、存在的主要问题及改进情况。一是公开意识不强，二是平台建设滞后。另有收费事项：本年度无收费。",
    "",                                                           # 11: the text ends with a line break
])
LINES = TEXT.split("\n")
LONG = LINES[10]
CUT_PART6 = LONG.index("另有")      # split by the caret + s
CUT_BODY5 = LONG.index("一是")      # split by the "split at" control


@pytest.fixture()
def report_file(tmp_path) -> Path:
    p = tmp_path / "reports" / "某县2021.txt"
    p.parent.mkdir()
    p.write_text(TEXT, encoding="utf-8")
    return p


def baseline() -> list[tuple[str, str]]:
    """The rules engine's (section, role) per line; every line is one segment."""
    r = label_text(TEXT, engine="rules")
    assert [s.line for s in r.segments] == list(range(len(LINES)))
    return [(s.section, s.role) for s in r.segments]


def session(report_file, out, **kw) -> ReviewSession:
    return ReviewSession([report_file], out, engine="rules", **kw)


# ---------------------------------------------------------------------------------------
# the session

def test_label_split_merge_undo_redo_and_save(report_file, tmp_path):
    out = tmp_path / "gold"
    s = session(report_file, out)
    d = s.doc_json(0)
    assert d["lines"] == LINES and d["format"] == "std2021"
    assert [len(x) for x in d["segs"]] == [1] * len(LINES)
    assert d["look"] and d["look"][0]["confidence"] == min(x["confidence"] for x in d["look"])
    res = s.edit(0, {"op": "label", "targets": [[4, 0], [5, 0], [11, 0]], "section": "s1.4", "role": "noise"})
    assert set(res["changed"]) == {"4", "5", "11"}
    segs = s.doc_json(0)["segs"]
    assert segs[4][0][2:4] == ["s1.4", "noise"] and segs[11][0][2:4] == ["s1.4", "blank"]  # blank stays blank
    s.edit(0, {"op": "split", "line": 10, "at": CUT_PART6})
    s.edit(0, {"op": "split", "line": 10, "at": CUT_BODY5})
    assert [x[:2] for x in s.doc_json(0)["segs"][10]] == [[0, CUT_BODY5], [CUT_BODY5, CUT_PART6], [CUT_PART6, len(LONG)]]
    s.edit(0, {"op": "merge", "line": 10, "seg": 1})
    assert [x[:2] for x in s.doc_json(0)["segs"][10]] == [[0, CUT_PART6], [CUT_PART6, len(LONG)]]
    s.edit(0, {"op": "undo"})
    assert len(s.doc_json(0)["segs"][10]) == 3
    s.edit(0, {"op": "redo"})
    assert len(s.doc_json(0)["segs"][10]) == 2
    s.edit(0, {"op": "label", "targets": [[10, 1]], "section": "s6"})
    res = s.save(0)
    saved = out / "某县2021.tsv"
    assert res["saved"] == str(saved)
    gold = read_tsv(saved)
    assert gold.text == TEXT and gold.format == "std2021"
    assert [(x.line, x.section, x.role) for x in gold.segments if x.line == 10] == [(10, "s5", "body"), (10, "s6", "body")]
    content = saved.read_text(encoding="utf-8")
    assert content.endswith("\ns1.4\tblank\t\n") and f"\t+{LONG[CUT_PART6:]}\n" in content
    done = json.loads((out / REVIEW_JSON).read_text(encoding="utf-8"))
    assert done["reports"]["某县2021.tsv"]["done"] is True
    assert sorted(os.listdir(out)) == sorted([REVIEW_JSON, "某县2021.tsv"])  # no temp files left
    # reopening continues from the saved file
    s2 = session(report_file, out)
    d2 = s2.doc_json(0)
    assert d2["from_saved"] and d2["engine"] == "gold"
    assert [[x[:4] for x in ls] for ls in d2["segs"]] == [[x[:4] for x in ls] for ls in s.doc_json(0)["segs"]]
    assert s2.state()["docs"][0]["done"] is True
    assert "gainlp train --init" in s2.state()["retrain"] and "--gold" in s2.state()["retrain"]


@pytest.mark.parametrize("op", [
    {"op": "label", "targets": [[2, 0]], "section": "s9"},
    {"op": "label", "targets": [[2, 0]], "role": "paragraph"},
    {"op": "label", "targets": [[2, 0]], "role": "blank"},          # not whitespace-only
    {"op": "label", "targets": [[2, 0], [99, 0]], "section": "s2"},  # all or nothing
    {"op": "label", "targets": [[2, 1]], "section": "s2"},
    {"op": "label", "targets": [], "section": "s2"},
    {"op": "label", "targets": [[2, 0]]},
    {"op": "split", "line": 10, "at": 0},
    {"op": "split", "line": 10, "at": len(LONG)},
    {"op": "split", "line": 10, "at": "3"},
    {"op": "split", "line": 11, "at": 1},
    {"op": "split", "line": 9, "at": len("规章\t0\t")},  # "+0" would read back as a line of its own
    {"op": "merge", "line": 10, "seg": 0},
    {"op": "drop"},
])
def test_invalid_changes_are_rejected_and_nothing_changes(report_file, tmp_path, op):
    out = tmp_path / "gold"
    s = session(report_file, out)
    before = s.doc_json(0)["segs"]
    with pytest.raises(ReviewError) as e:
        s.edit(0, op)
    assert e.value.status == 400
    assert s.doc_json(0)["segs"] == before and not s.doc_json(0)["can_undo"]
    assert os.listdir(out) == []


def test_reopen_with_other_text_warns_and_starts_from_labeler(report_file, tmp_path):
    out = tmp_path / "gold"
    out.mkdir()
    (out / "某县2021.tsv").write_text("front\tbody\t另一份报告\n", encoding="utf-8")
    d = session(report_file, out).doc_json(0)
    assert d["warning"] and not d["from_saved"] and d["lines"] == LINES


def test_duplicate_stems_get_distinct_files(tmp_path):
    a, b, c = tmp_path / "a" / "r.txt", tmp_path / "b" / "r.txt", tmp_path / "c" / "r-2.txt"
    for p in (a, b, c):
        p.parent.mkdir()
        p.write_text(TEXT, encoding="utf-8")
    s = ReviewSession([a, b, c], tmp_path / "gold", engine="rules")
    assert [d["out"] for d in s.state()["docs"]] == ["r.tsv", "r-2.tsv", "r-2-2.tsv"]


def test_cli_registration_and_bad_input(tmp_path, capsys):
    assert "review" in COMMANDS
    assert main(["review", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "gold")]) == 2
    assert "no such file" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# the HTTP server

@pytest.fixture()
def server(report_file, tmp_path):
    out = tmp_path / "gold"
    srv = make_server(session(report_file, out), 0)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv, out
    srv.shutdown()
    srv.server_close()


def request(srv, method, path, body=None, headers=None):
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    h = {"Host": f"127.0.0.1:{port}"}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    data = json.dumps(body).encode() if body is not None else None
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)  # the path as is
    for k, v in h.items():
        conn.putheader(k, v)
    if data is not None:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    res = conn.getresponse()
    payload = res.read()
    conn.close()
    return res.status, payload


def test_server_binds_localhost_and_serves_page(server):
    srv, out = server
    assert srv.server_address[0] == "127.0.0.1"
    status, page = request(srv, "GET", "/")
    assert status == 200 and b"gainlp review" in page and b"/assets/review.js" in page
    for asset in ("review.js", "review.css", "view.css"):
        assert request(srv, "GET", f"/assets/{asset}")[0] == 200
    status, body = request(srv, "GET", "/api/doc/0")
    assert status == 200 and json.loads(body)["lines"] == LINES


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/assets/../../pyproject.toml", "/assets/../review.py",
    "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2e%2e/%2e%2e/pyproject.toml", "/assets/..%2f..%2fpyproject.toml",
    "/assets/%2E%2E%2F%2E%2E%2Fpyproject.toml", "/assets/%252e%252e/%252e%252e/pyproject.toml",
    "/assets/..\\..\\pyproject.toml", "/api/doc/0/../../../../etc/passwd", "/api/doc/..%2f..%2fetc%2fpasswd",
    "//etc/passwd", "/etc/passwd", "/assets/", "/assets/review.py", "/assets/../../gainlp/review.py",
    "/api/doc/7", "/api/doc/-1", "/reports/0", "/%00",
])
def test_path_traversal_and_unknown_paths_are_refused(server, path):
    srv, _ = server
    status, body = request(srv, "GET", path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in body and b"[build-system]" not in body and b"import" not in body


def test_foreign_origin_post_and_wrong_host_are_refused(server):
    srv, out = server
    port = srv.server_address[1]
    op = {"op": "label", "targets": [[2, 0]], "section": "s2"}
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{port + 1}", f"https://127.0.0.1:{port}"):
        assert request(srv, "POST", "/api/doc/0/save", {}, {"Origin": origin})[0] == 403
        assert request(srv, "POST", "/api/doc/0/edit", op, {"Origin": origin})[0] == 403
    assert request(srv, "POST", "/api/doc/0/save", {}, {"Host": "evil.example"})[0] == 403
    assert request(srv, "GET", "/api/doc/0", None, {"Host": f"rebind.example:{port}"})[0] == 403
    assert request(srv, "POST", "/api/doc/0/save", {}, {"Content-Type": "text/plain"})[0] == 415
    assert request(srv, "POST", "/api/doc/0/save", {}, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert not out.exists() or os.listdir(out) == []
    seg = json.loads(request(srv, "GET", "/api/doc/0")[1])["segs"][2][0]
    assert seg[2] == "s1"  # the label was not changed
    # the server's own origin is accepted
    assert request(srv, "POST", "/api/doc/0/edit", op, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert request(srv, "POST", "/api/doc/0/save", {}, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert (out / "某县2021.tsv").is_file()


def test_unknown_label_is_rejected_by_the_server_and_nothing_is_written(server):
    srv, out = server
    for op in ({"op": "label", "targets": [[2, 0]], "section": "s7"},
               {"op": "label", "targets": [[2, 0]], "role": "paragraph"},
               {"op": "split", "line": 10, "at": 10_000}):
        status, body = request(srv, "POST", "/api/doc/0/edit", op)
        assert status == 400 and json.loads(body)["error"]
    assert request(srv, "POST", "/api/doc/0/edit", "x")[0] == 400  # a JSON string, not an object
    status, body = request(srv, "GET", "/api/doc/0")
    assert json.loads(body)["segs"][2][0][2:4] == ["s1", "body"] and not json.loads(body)["can_undo"]
    assert os.listdir(out) == []


# ---------------------------------------------------------------------------------------
# headless Chromium over the DevTools protocol

from chromium import CHROMIUM


class Browser:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (JSON + NUL on fds 3/4)."""

    def __init__(self, profile: Path, width: int = 1400, height: int = 900):
        if CHROMIUM is None:
            pytest.skip("no chromium binary found (apt-get install chromium)")
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        # move the child's ends to fds >= 10 so that dup2 onto 3 and 4 cannot clobber them
        hi_r, hi_w = _dup_high(cmd_r), _dup_high(res_w)
        _close(cmd_r)
        _close(res_w)

        def child():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
                f"--window-size={width},{height}", f"--user-data-dir={profile}", "--remote-debugging-pipe",
                "about:blank"]
        env = dict(os.environ, HOME=str(profile))
        self.proc = subprocess.Popen(args, preexec_fn=child, close_fds=False, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _close(hi_r)
        _close(hi_w)
        self.w, self.r = cmd_w, res_r
        self.next_id = 0
        self.replies: dict[int, dict] = {}
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True, _browser=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self.r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.cond:
                    self.replies[-1] = {"error": "browser closed"}
                    self.cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                data = json.loads(msg)
                if "id" in data:
                    with self.cond:
                        self.replies[data["id"]] = data
                        self.cond.notify_all()

    def call(self, method: str, _browser: bool = False, _timeout: float = 60, **params):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params}
        if self.session and not _browser:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + _timeout
        with self.cond:
            while mid not in self.replies and -1 not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self.cond.wait(left)
            reply = self.replies.pop(mid, None) or self.replies[-1]
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = self.js(expr)
            if v:
                return v
            time.sleep(0.05)
        raise TimeoutError(expr)

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait("document.body && document.body.dataset.ready === '1'")

    def idle(self) -> None:
        self.js("window.gainlpReview.idle().then(() => document.body.dataset.pending)")
        self.wait("document.body.dataset.pending === '0'")

    _CODES = {"Shift": ("ShiftLeft", 16), "Control": ("ControlLeft", 17), "Enter": ("Enter", 13)}

    def key(self, key: str, *, shift: bool = False, ctrl: bool = False) -> None:
        """Press a key as a person would (keyDown with text, keyUp)."""
        mods = (8 if shift else 0) | (2 if ctrl else 0)
        if key in self._CODES:
            code, vk = self._CODES[key]
            text = "\r" if key == "Enter" else ""
        elif key.isdigit():
            code, vk = f"Digit{key}", ord(key)
            text = ")!@#$%^&*("[int(key)] if shift else key
        elif key == ".":
            code, vk, text = "Period", 190, "."
        else:
            code, vk = f"Key{key.upper()}", ord(key.upper())
            text = key.upper() if shift else key
        shown = text if (text and not ctrl and key != "Enter") else key
        down = {"type": "keyDown" if text and not ctrl else "rawKeyDown", "key": shown, "code": code,
                "windowsVirtualKeyCode": vk, "modifiers": mods}
        if text and not ctrl:
            down["text"] = text
            down["unmodifiedText"] = key if key != "Enter" else "\r"
        self.call("Input.dispatchKeyEvent", **down)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=shown, code=code, windowsVirtualKeyCode=vk,
                  modifiers=mods)

    def click(self, selector: str, *, shift: bool = False) -> None:
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: 'center'}}); const r = e.querySelector('.ln').getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        x, y = box
        mods = 8 if shift else 0
        for t in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=t, x=x, y=y, button="left", clickCount=1, modifiers=mods)

    def caret(self, line: int, at: int) -> None:
        """Put the caret before character ``at`` of ``line`` (what a click into the text does)."""
        ok = self.js(f"""(() => {{
            for (const sp of document.querySelectorAll('#L{line} .txt [data-o]')) {{
              const o = Number(sp.dataset.o), n = sp.dataset.n ? 1 : sp.textContent.length;
              if (o <= {at} && {at} < o + n) {{
                const node = sp.firstChild; const off = sp.dataset.n ? 0 : {at} - o;
                window.getSelection().setBaseAndExtent(node, off, node, off); return true; }}
            }} return false; }})()""")
        assert ok, (line, at)

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close", _browser=True, _timeout=10)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        _close(self.w)
        _close(self.r)


def _dup_high(fd: int) -> int:
    import fcntl
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


@pytest.fixture()
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def expected_tsv(name: str, fmt: str) -> str:
    """The file the browser edits below must produce, from the text and the edits alone."""
    labels = baseline()
    rows: list[tuple[str, str, str]] = [(sec, role, LINES[i]) for i, (sec, role) in enumerate(labels)]
    rows[0] = ("front", "title", LINES[0])
    for i in (3, 4):
        rows[i] = ("s1.1", "body", LINES[i])
    for i in (5, 6):
        rows[i] = ("s1.2", "body", LINES[i])
    rows[8] = ("s2", "table_row", LINES[8])
    rows[9] = ("s2", "table_row", LINES[9])
    rows[10:11] = [("s5", "heading", LONG[:CUT_BODY5]), ("s5", "body", "+" + LONG[CUT_BODY5:CUT_PART6]),
                   ("s6", "body", "+" + LONG[CUT_PART6:])]
    head = [f"# source: {name}", f"# format: {fmt}", "# annotator: gainlp review"]
    return "\n".join(head + [f"{s}\t{r}\t{t}" for s, r, t in rows]) + "\n"


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium)")
def test_browser_relabel_split_save(server, browser, report_file, tmp_path, capsys):
    srv, out = server
    host, port = srv.server_address[:2]
    b = browser
    b.goto(f"http://{host}:{port}/")
    assert b.js("document.querySelectorAll('#report .seg').length") == len(LINES)
    assert b.js("document.querySelectorAll('#look li').length") > 0
    assert "gainlp train --init" in b.js("document.getElementById('retrain').textContent")
    assert "s1.1" in b.js("document.getElementById('keys').textContent")
    # line 0: 0 (front), t (title)
    b.click("#L0 .seg")
    b.key("0"), b.key("t")
    # lines 3-6: click, J J J extends, Shift+1 → s1.1, b → body
    b.click("#L3 .seg")
    for _ in range(3):
        b.key("j", shift=True)
    b.idle()
    assert b.js("document.body.dataset.selection") == "3:0-6:0"
    b.key("1", shift=True), b.key("b")
    # lines 5-6: k moves (and collapses), J extends; the prefix key . then 2 → s1.2
    b.key("k"), b.key("J", shift=True)
    b.key("."), b.key("2")
    # lines 8-9: click, shift-click, 2, w; then x, undo (u), redo (Shift+U), undo (Ctrl+Z)
    b.click("#L8 .seg")
    b.click("#L9 .seg", shift=True)
    b.key("2"), b.key("w"), b.key("x")
    b.idle()
    assert b.js("document.querySelector('#L9 .seg').classList.contains('role-noise')")
    b.key("u"), b.key("U", shift=True), b.key("z", ctrl=True)
    b.idle()
    assert b.js("document.querySelector('#L9 .seg').classList.contains('role-table_row')")
    # an unknown label never gets through: the server refuses it, the page says so
    status = b.js(f"""fetch('/api/doc/0/edit', {{method: 'POST', headers: {{'Content-Type': 'application/json'}},
        body: JSON.stringify({{op: 'label', targets: [[2, 0]], section: 's7'}})}}).then(r => r.status)""")
    assert status == 400
    # line 10: caret before 六、 and s; then split the first part at 一是 with the "split at" control
    b.click("#L10 .seg")
    b.caret(10, CUT_PART6)
    b.key("s")
    b.idle()
    assert b.js("document.querySelectorAll('#L10 .seg').length") == 2
    b.js("document.getElementById('splitat').focus()")
    for ch in str(CUT_BODY5):
        b.key(ch)
    b.key("Enter")
    b.idle()
    assert b.js("document.querySelectorAll('#L10 .seg').length") == 3
    b.js("document.getElementById('report').focus()")
    for seg, keys in ((0, "5h"), (1, "5b"), (2, "6b")):
        # each edit re-renders line 10; click only once the page has settled, and check the click's target
        b.idle()
        b.click(f'#L10 .seg[data-seg="{seg}"]')
        b.wait(f"document.body.dataset.selection === '10:{seg}-10:{seg}'", timeout=10)
        for k in keys:
            b.key(k)
    b.idle()
    assert b.js("document.querySelector('#L10 .seg[data-seg=\"2\"] .plus') !== null")
    # save with Ctrl+S
    b.key("s", ctrl=True)
    b.idle()
    b.wait("document.body.dataset.saved === '1'")
    assert "✓" in b.js("document.querySelector('#docs li').textContent")
    saved = out / "某县2021.tsv"
    content = saved.read_bytes()
    assert content == expected_tsv(report_file.name, "std2021").encode("utf-8")
    # the annotation reader and gainlp evaluate read it
    gold = read_tsv(saved)
    assert gold.text == TEXT and len(gold.segments) == len(LINES) + 2
    res = score([gold], [label_text(gold.text, engine="rules", source=gold.source)])
    assert res is not None
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(saved), "--engine", "rules"]) == 0
    assert capsys.readouterr().out.strip()
    # reload: the page continues from the saved file
    b.goto(f"http://{host}:{port}/")
    assert b.js("document.querySelectorAll('#L10 .seg').length") == 3
    shot = os.environ.get("GAINLP_REVIEW_SCREENSHOT")
    if shot:
        b.click("#L5 .seg")
        b.key("J", shift=True)
        b.idle()
        b.js("window.scrollTo(0, 0)")
        b.screenshot(Path(shot))


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium)")
def test_browser_report_text_is_never_markup(tmp_path, browser):
    attack = "<img src=x onerror=\"document.title='PWNED'\"><script>document.title='PWNED2'</script>"
    p = tmp_path / "x.txt"
    p.write_text("某县2021年政府信息公开工作年度报告\n" + attack + "\n一、总体情况\n", encoding="utf-8")
    srv = make_server(ReviewSession([p], tmp_path / "gold", engine="rules"), 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        host, port = srv.server_address[:2]
        browser.goto(f"http://{host}:{port}/")
        assert browser.js("document.querySelectorAll('#report img, #report script').length") == 0
        assert "PWNED" not in browser.js("document.title")
        assert browser.js("document.querySelector('#L1 .txt').textContent") == attack
    finally:
        srv.shutdown()
        srv.server_close()


def test_pages_carry_a_content_security_policy(server):
    srv, _ = server
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/")
    res = conn.getresponse()
    res.read()
    conn.close()
    csp = res.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert res.getheader("Access-Control-Allow-Origin") is None
