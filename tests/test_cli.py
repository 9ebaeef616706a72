import json
import os
import subprocess
import sys

import pytest

from gainlp.cli import main
from gainlp.report import Report, Segment, find_problems


def run_cli(*args):
    return main([str(a) for a in args])


def report_from_json(obj, text):
    segs = [Segment(s["start"], s["end"], s["line"], s["section"], s["role"], s["confidence"])
            for s in obj["segments"]]
    return Report(text=text, segments=segs, format=obj["format"])


def check_output_object(obj, text):
    assert obj["n_chars"] == len(text)
    assert obj["format"] in ("std2021", "std2019", "old", "unknown")
    r = report_from_json(obj, text)
    assert find_problems(r) == []
    assert [s.to_dict() for s in r.sections] == obj["sections"]
    for s in obj["sections"]:
        assert s["first_line"] <= s["last_line"] and 0 <= s["confidence"] <= 1


def test_label_jsonl_meets_the_output_contract(seeds, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_cli("label", *seeds, "--format", "jsonl", "-o", out, "--engine", "rules") == 0
    objs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [o["doc"] for o in objs] == [str(s) for s in seeds]
    for o, s in zip(objs, seeds):
        check_output_object(o, s.read_text(encoding="utf-8"))
        assert o["engine"] == "rules"


def test_label_tsv_reproduces_each_input(seeds, tmp_path):
    outdir = tmp_path / "tsv"
    assert run_cli("label", *seeds, "--format", "tsv", "-o", outdir, "--engine", "rules") == 0
    for s in seeds:
        rows = (outdir / (s.stem + ".tsv")).read_text(encoding="utf-8").split("\n")[:-1]
        assert "\n".join(r.split("\t", 2)[2] for r in rows) == s.read_text(encoding="utf-8")


def test_label_json_and_directory_walk(seeds, tmp_path):
    out = tmp_path / "out.json"
    assert run_cli("label", seeds[0].parent, "--format", "json", "-o", out, "--engine", "rules") == 0
    objs = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(o["doc"] for o in objs) == sorted(str(s) for s in seeds)


def test_batch_isolates_failures_and_resumes(seeds, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "out.jsonl"
    code = run_cli("label", *seeds[:2], bad, binary, seeds[2], "-o", out, "--engine", "rules")
    assert code == 1
    docs = [json.loads(x)["doc"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert docs == [str(seeds[0]), str(seeds[1]), str(seeds[2])]
    errors = [json.loads(x) for x in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    assert {e["file"] for e in errors} == {str(bad), str(binary)}
    assert all(e["error"] for e in errors)
    # resume: earlier results are kept, only the new file is labeled, order stays stable
    before = out.read_text(encoding="utf-8")
    assert run_cli("label", *seeds[:3], seeds[3], "-o", out, "--resume", "--engine", "rules") == 0
    after = out.read_text(encoding="utf-8").splitlines()
    assert after[:3] == before.splitlines()
    assert json.loads(after[3])["doc"] == str(seeds[3])
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_missing_input_is_reported(tmp_path, capsys):
    assert run_cli("label", tmp_path / "nope.txt", "--engine", "rules") == 1
    assert "nope.txt" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_docx_and_pdf_made_from_a_seed(seeds, tmp_path, kind):
    text = seeds[2].read_text(encoding="utf-8")
    paragraphs = [ln for ln in text.split("\n") if ln.strip()][:40]
    path = tmp_path / f"seed.{kind}"
    (make_docx if kind == "docx" else make_pdf)(path, paragraphs)
    out = tmp_path / "out.jsonl"
    assert run_cli("label", path, "-o", out, "--engine", "rules") == 0
    obj = json.loads(out.read_text(encoding="utf-8"))
    from gainlp.readers import read_document
    doc_text = read_document(path).text
    check_output_object(obj, doc_text)
    sections = {s["section"] for s in obj["sections"]}
    assert {"s1", "s2", "s3"} <= {x.split(".")[0] for x in sections}


def make_docx(path, paragraphs):
    import docx
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p.strip())
    d.save(str(path))


def make_pdf(path, paragraphs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for p in paragraphs:
        for k in range(0, len(p.strip()) or 1, 30):  # hard wraps like a real PDF
            c.setFont("STSong-Light", 10)
            c.drawString(40, y, p.strip()[k:k + 30])
            y -= 14
            if y < 40:
                c.showPage()
                y = 800
    c.save()


def test_console_script_runs(seeds):
    proc = subprocess.run([sys.executable, "-m", "gainlp.cli", "label", str(seeds[1]), "--engine", "rules"],
                          capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["format"] == "std2019" and obj["sections"][0]["section"] == "s1"
