"""Plain data objects for a labeled report: ``Line``, ``Segment``, ``Section``, ``Report``.

Offsets are Python ``str`` indices into the decoded original text, never into a
normalized view. A report's ``lines`` is a ``Lines`` sequence (offsets only; each ``Line``
is made when asked for). Only ``\\n``, ``\\r\\n`` and ``\\r`` break lines (a form feed or
``\\u2028`` stays inside its line, unlike ``str.splitlines``).
"""
from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Iterable, Iterator, overload

from .labels import FORMATS, TABLE_ROLES, check_role, check_section, top_section

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int  # exclusive, before the line break
    text: str


class Lines(Sequence[Line]):
    """The lines of a text, kept as two arrays of offsets: a ``Line`` (and its text) is made
    only when it is asked for, so a report of millions of lines holds 16 bytes per line
    instead of an object and a copy of its text. Compares equal to any sequence of the
    same ``Line`` objects."""

    __slots__ = ("_text", "_starts", "_ends")

    def __init__(self, text: str, starts: array, ends: array) -> None:
        self._text, self._starts, self._ends = text, starts, ends

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self._starts)
        k = i + n if i < 0 else i
        if not 0 <= k < n:
            raise IndexError("line index out of range")
        start, end = self._starts[k], self._ends[k]
        return Line(k, start, end, self._text[start:end])

    def __iter__(self) -> Iterator[Line]:
        text = self._text
        for k, (start, end) in enumerate(zip(self._starts, self._ends)):
            yield Line(k, start, end, text[start:end])

    def spans(self) -> Iterator[tuple[int, int]]:
        """(start, end) of every line, without making ``Line`` objects."""
        return zip(self._starts, self._ends)

    def start_of(self, i: int) -> int:
        """The offset where line ``i`` starts, without making its ``Line``."""
        return self._starts[i]

    def texts(self) -> "LineTexts":
        """The lines' texts as a lazy sequence of ``str``."""
        return LineTexts(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return (self._starts == other._starts and self._ends == other._ends
                    and (self._text is other._text or all(a == b for a, b in zip(self, other))))
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking like a list

    def __repr__(self) -> str:
        return f"Lines({len(self)} lines)"

    def __reduce__(self):
        return (Lines, (self._text, self._starts, self._ends))


class LineTexts(Sequence[str]):
    """The texts of ``Lines``, made when asked for (an index or a slice), so that a step
    reading a huge report window by window never holds a copy of every line."""

    __slots__ = ("_lines",)

    def __init__(self, lines: Lines) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i):
        ln = self._lines
        if isinstance(i, slice):
            return [ln._text[ln._starts[k]:ln._ends[k]] for k in range(*i.indices(len(ln)))]
        return ln[i].text

    def __iter__(self) -> Iterator[str]:
        text = self._lines._text
        for start, end in self._lines.spans():
            yield text[start:end]


def split_lines(text: str) -> Lines:
    """Split ``text`` at ``\\n``, ``\\r\\n`` and ``\\r`` only. Always returns at least one line."""
    if "\r" not in text:
        ends = array("q", [m.start() for m in _NEWLINE.finditer(text)])
        starts = array("q", [0])
        starts.extend([e + 1 for e in ends])
    else:
        spans = [m.span() for m in _LINE_BREAK.finditer(text)]
        ends = array("q", [a for a, _ in spans])
        starts = array("q", [0])
        starts.extend([b for _, b in spans])
    ends.append(len(text))
    return Lines(text, starts, ends)


@dataclass(slots=True)
class Segment:
    """A labeled span ``start..end`` of one line of a report's text.

    ``engine`` names what produced the labels (``"rules"``, ``"model"``, ``"gold"``, …); a
    ``Report`` fills it in from its own ``engine`` where it is None. ``text`` is the text the
    segment covers, sliced from the report it belongs to (a ``Report`` binds its segments to
    its text when it is made); neither field takes part in ``==``.
    """
    start: int
    end: int
    line: int
    section: str
    role: str
    confidence: float = 1.0
    engine: str | None = field(default=None, compare=False)
    _doc: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The text this segment covers (``report.text[start:end]``)."""
        if self._doc is None:
            raise ValueError("this segment belongs to no Report, so it has no text")
        return self._doc[self.start:self.end]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "line": self.line, "section": self.section,
                "role": self.role, "confidence": round(float(self.confidence), 4)}


@dataclass
class Section:
    """A maximal run of consecutive non-blank segments with the same section label."""
    section: str
    start: int
    end: int
    first_line: int
    last_line: int
    heading: str | None
    confidence: float

    def to_dict(self) -> dict:
        return {"section": self.section, "start": self.start, "end": self.end,
                "first_line": self.first_line, "last_line": self.last_line, "heading": self.heading,
                "confidence": round(float(self.confidence), 4)}


@dataclass
class SectionText:
    """What ``Report.section(id)`` returns: the text of every run of that section and the runs."""
    section: str
    spans: list[Section]
    text: str

    def __bool__(self) -> bool:
        return bool(self.spans)


@dataclass
class Report:
    text: str
    segments: list[Segment]
    source: str | None = None
    format: str = "unknown"
    engine: str = "rules"
    lines: Sequence[Line] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = split_lines(self.text)
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; expected one of {FORMATS}")
        self.bind_segments()

    def bind_segments(self) -> None:
        """Attach every segment to this report's text (``Segment.text``) and give the ones
        with no ``engine`` this report's. Called on construction; call it again after
        replacing ``segments``."""
        if not isinstance(self.segments, list):
            self.segments = list(self.segments)
        text, engine = self.text, self.engine
        for seg in self.segments:
            seg._doc = text
            if seg.engine is None:
                seg.engine = engine

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_line_labels(cls, text: str, labels: Iterable[tuple[str, str]], *,
                         confidences: Iterable[float] | None = None, **kwargs) -> "Report":
        """One segment per line; ``labels`` holds a (section, role) pair for every line."""
        lines = split_lines(text)
        labels = list(labels)
        if len(labels) != len(lines):
            raise ValueError(f"{len(labels)} labels for {len(lines)} lines")
        confs = list(confidences) if confidences is not None else [1.0] * len(lines)
        segs = [Segment(ln.start, ln.end, ln.index, s, r, c)
                for ln, (s, r), c in zip(lines, labels, confs)]
        return cls(text=text, segments=segs, lines=lines, **kwargs)

    # -- derived views ------------------------------------------------------------------
    @property
    def sections(self) -> list[Section]:
        return compute_sections(self.text, self.lines, self.segments)

    def line_labels(self) -> list[tuple[str, str]]:
        """(section, role) per line; a segmented line takes its first non-blank segment's labels."""
        out: list[tuple[str, str] | None] = [None] * len(self.lines)
        pairs: dict[tuple[str, str], tuple[str, str]] = {}  # one tuple per pair, not per line
        for seg in self.segments:
            cur = out[seg.line]
            if cur is None or (cur[1] == "blank" and seg.role != "blank"):
                pair = (seg.section, seg.role)
                out[seg.line] = pairs.setdefault(pair, pair)
        return [o if o is not None else ("front", "blank") for o in out]

    def section(self, section_id: str, *, collapse: bool = False) -> SectionText:
        """The text and runs of one section. ``collapse=True`` folds ``s1.x`` into ``s1``."""
        check_section(section_id)
        key = top_section if collapse else (lambda s: s)
        runs = compute_sections(self.text, self.lines, self.segments, collapse=collapse)
        spans = [r for r in runs if key(r.section) == section_id]
        return SectionText(section_id, spans, "\n".join(self.text[r.start:r.end] for r in spans))

    def segments_of(self, section_id: str, *, collapse: bool = False) -> Iterator[Segment]:
        for seg in self.segments:
            s = top_section(seg.section) if collapse else seg.section
            if s == section_id:
                yield seg

    def table_lines(self) -> list[int]:
        return sorted({s.line for s in self.segments if s.role in TABLE_ROLES})

    # -- output -------------------------------------------------------------------------
    def to_dict(self, *, doc: str | None = None) -> dict:
        return {**self.to_dict_head(doc=doc),
                "segments": [s.to_dict() for s in self.segments],
                "sections": [s.to_dict() for s in self.sections]}

    def to_json(self, *, doc: str | None = None) -> str:
        """``json.dumps(self.to_dict(doc=doc), ensure_ascii=False)`` (joined ``iter_json``)."""
        return "".join(self.iter_json(doc=doc))

    def iter_json(self, *, doc: str | None = None, chunk: int = 4096) -> Iterator[str]:
        """``to_json`` in pieces of ``chunk`` segments or sections, to be written one after the
        other: a huge report never holds a dict per segment nor its whole JSON text (the peak
        memory of labeling a 50 MB report). The segment pieces stay ASCII, one byte a character."""
        yield json.dumps(self.to_dict_head(doc=doc), ensure_ascii=False)[:-1] + ', "segments": ['
        yield from _json_items(self.segments, _segment_json, chunk)
        yield '], "sections": ['
        yield from _json_items(self.sections, _section_json, chunk)
        yield "]}"

    def segments_json(self) -> str:
        """``json.dumps([s.to_dict() for s in self.segments], ensure_ascii=False)``, faster."""
        return "[" + "".join(_json_items(self.segments, _segment_json, 4096)) + "]"

    def sections_json(self) -> str:
        """``json.dumps([s.to_dict() for s in self.sections], ensure_ascii=False)``."""
        return "[" + "".join(_json_items(self.sections, _section_json, 4096)) + "]"

    def to_dict_head(self, *, doc: str | None = None) -> dict:
        return {
            "doc": doc if doc is not None else self.source,
            "n_chars": len(self.text),
            "engine": self.engine,
            "model": self.meta.get("model"),  # model version (pipeline.model_version); null: no model ran
            "format": self.format,
        }

    def to_standard(self) -> "StandardReport":  # noqa: F821 - imported lazily
        """This report mapped onto the standard six-part schema (see ``gainlp.standard``)."""
        from .standard import map_report
        return map_report(self)

    # -- checks -------------------------------------------------------------------------
    def validate(self) -> None:
        """Raise ``ValueError`` if the segments break an invariant of the output format."""
        problems = find_problems(self)
        if problems:
            raise ValueError(f"{self.source or '<text>'}: " + "; ".join(problems[:5]))


_JSON_STRINGS: dict[str, str] = {}  # label ids as JSON strings


def _json_string(s: str) -> str:
    out = _JSON_STRINGS.get(s)
    if out is None:
        out = json.dumps(s, ensure_ascii=False)
        if len(_JSON_STRINGS) < 1024:
            _JSON_STRINGS[s] = out
    return out


def _json_items(items: list, encode, chunk: int) -> Iterator[str]:
    """The items of a JSON array, ``", "``-separated, in pieces of ``chunk`` items."""
    for k in range(0, len(items), chunk):
        piece = ", ".join([encode(x) for x in items[k:k + chunk]])
        yield piece if k == 0 else ", " + piece


def _section_json(run: Section) -> str:
    return json.dumps(run.to_dict(), ensure_ascii=False)


def _segment_json(seg: Segment) -> str:
    """``json.dumps(seg.to_dict(), ensure_ascii=False)``, without the dict and the encoder."""
    conf = round(float(seg.confidence), 4)
    if (type(seg.start) is not int or type(seg.end) is not int or type(seg.line) is not int
            or type(seg.section) is not str or type(seg.role) is not str or not math.isfinite(conf)):
        return json.dumps(seg.to_dict(), ensure_ascii=False)
    return (f'{{"start": {seg.start}, "end": {seg.end}, "line": {seg.line}, '
            f'"section": {_json_string(seg.section)}, "role": {_json_string(seg.role)}, '
            f'"confidence": {float.__repr__(conf)}}}')


def compute_sections(text: str, lines: Sequence[Line], segments: list[Segment], *,
                     collapse: bool = False) -> list[Section]:
    runs: list[Section] = []
    confs: list[float] = []
    for seg in segments:
        if seg.role == "blank":
            continue
        sec = top_section(seg.section) if collapse else seg.section
        if runs and runs[-1].section == sec:
            run = runs[-1]
            run.end = seg.end
            run.last_line = seg.line
            confs.append(seg.confidence)
            continue
        if runs:
            runs[-1].confidence = sum(confs) / len(confs)
        # the heading segment's own text: on a flattened line, never the whole physical line
        heading = text[seg.start:seg.end] if seg.role == "heading" else None
        runs.append(Section(sec, seg.start, seg.end, seg.line, seg.line, heading, seg.confidence))
        confs = [seg.confidence]
    if runs:
        runs[-1].confidence = sum(confs) / len(confs)
    return runs


def find_problems(report: Report) -> list[str]:
    """Every violation of the segment invariants (order, coverage, line numbers, label ids)."""
    text, lines = report.text, report.lines
    problems: list[str] = []
    pos_line = 0
    expected = 0  # next uncovered offset within the current line
    seen_lines: set[int] = set()
    for k, seg in enumerate(report.segments):
        try:
            check_section(seg.section)
            check_role(seg.role)
        except ValueError as e:
            problems.append(f"segment {k}: {e}")
        if not 0 <= seg.line < len(lines):
            problems.append(f"segment {k}: line {seg.line} out of range")
            continue
        ln = lines[seg.line]
        if seg.line < pos_line:
            problems.append(f"segment {k}: line {seg.line} after line {pos_line}")
        if seg.line != pos_line:
            if pos_line in seen_lines and expected != lines[pos_line].end:
                problems.append(f"line {pos_line}: not covered to its end")
            pos_line, expected = seg.line, ln.start
        if seg.start != expected or not ln.start <= seg.start <= seg.end <= ln.end:
            problems.append(f"segment {k}: offsets {seg.start}..{seg.end} leave a gap, overlap or "
                            f"leave line {seg.line} ({ln.start}..{ln.end})")
        expected = seg.end
        seen_lines.add(seg.line)
        if seg.start < seg.end and not text[seg.start:seg.end].strip() and seg.role != "blank":
            problems.append(f"segment {k}: whitespace-only but role {seg.role!r}")
    if seen_lines and expected != lines[pos_line].end:
        problems.append(f"line {pos_line}: not covered to its end")
    missing = [ln.index for ln in lines if ln.index not in seen_lines]
    if missing:
        problems.append(f"{len(missing)} lines without a segment, first {missing[0]}")
    return problems
