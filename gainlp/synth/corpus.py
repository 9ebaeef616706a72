"""Sentence banks, lexicon and heading lists from ``corpus/synth/`` plus the template
language and the train/held-out partition of every list.

Template language (one template per line in ``corpus/synth/prose/<bank>.txt``):

* ``{slot}`` — a slot filled from the report's facts (agency, year, counts, platform …);
* ``{a|b|c}`` — pick one alternative (an empty alternative is allowed; nesting works
  from the inside out, so ``{电话：{phone}|}`` is fine);
* a line prefix ``?cond `` — use the template only when the condition holds: ``name``
  (truthy), ``!name``, ``name>0``, ``name==0``, ``name>=N``; several joined by ``&``;
* a line prefix ``^ `` — an "opener": a first sentence that states the section's topic
  (used first when the section's heading is missing, so rule 6 still places it);
* ``#`` starts a comment line.

Held-out partition: inside every bank, templates are grouped by condition; in each group
of at least 4 items, the ``round(len*fraction)`` items with the lowest stable CRC32 are
held out. Lexicon lists of at least 4 items are partitioned the same way. A group never
loses all of its items, so ``split="train"`` always has a choice.
"""
from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
import random

def _corpus_dir() -> Path:
    """``$GAINLP_SYNTH_CORPUS``, else ``corpus/synth`` of the checkout, else the copy a wheel
    bundles (``gainlp/_bundled/synth``)."""
    if os.environ.get("GAINLP_SYNTH_CORPUS"):
        return Path(os.environ["GAINLP_SYNTH_CORPUS"])
    here = Path(__file__).resolve().parents[1]
    checkout = here.parent / "corpus" / "synth"
    return checkout if checkout.is_dir() else here / "_bundled" / "synth"


CORPUS_DIR = _corpus_dir()

_BRACE = re.compile(r"\{([^{}]*)\}")
_COND = re.compile(r"^(!?)([A-Za-z_][A-Za-z_0-9]*)(?:(==|>=|<=|>|<)(-?\d+))?$")


@dataclass(frozen=True)
class Template:
    text: str
    cond: str = ""
    opener: bool = False
    heldout: bool = False


def _stable(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _partition(items: list, key, fraction: float) -> set[int]:
    """Indices held out: the round(n*fraction) lowest-hash items when n >= 4."""
    n = len(items)
    if n < 4 or fraction <= 0:
        return set()
    k = min(n - 1, int(round(n * fraction)))
    order = sorted(range(n), key=lambda i: (_stable(key(items[i])), i))
    return set(order[:k])


def eval_cond(cond: str, facts: dict) -> bool:
    if not cond:
        return True
    for part in cond.split("&"):
        m = _COND.match(part.strip())
        if not m:
            raise ValueError(f"bad template condition {cond!r}")
        neg, name, op, num = m.groups()
        val = facts.get(name, 0)
        if op is None:
            ok = bool(val)
        else:
            n = int(num)
            val = val or 0
            ok = {"==": val == n, ">=": val >= n, "<=": val <= n, ">": val > n, "<": val < n}[op]
        if neg:
            ok = not ok
        if not ok:
            return False
    return True


def expand(text: str, slots: dict, rng: random.Random) -> str:
    """Fill slots and pick alternatives, innermost braces first."""
    def sub(m: re.Match) -> str:
        body = m.group(1)
        if "|" in body:
            return rng.choice(body.split("|"))
        if body not in slots:
            raise KeyError(f"unknown template slot {{{body}}} in {text!r}")
        return str(slots[body])
    prev = None
    while prev != text:
        prev = text
        text = _BRACE.sub(sub, text)
    return text


class Corpus:
    def __init__(self, root: Path = CORPUS_DIR, fraction: float = 0.2) -> None:
        self.root = Path(root)
        self.fraction = fraction
        self.banks: dict[str, list[Template]] = {}
        for path in sorted((self.root / "prose").glob("*.txt")):
            self.banks[path.stem] = self._read_bank(path)
        self.lexicon: dict = json.loads((self.root / "lexicon.json").read_text(encoding="utf-8"))
        web = self.root / "web.json"   # web-page vocabulary (gainlp/synth/web.py), same partition rules
        if web.exists():
            self.lexicon.update({k: v for k, v in json.loads(web.read_text(encoding="utf-8")).items()
                                 if not k.startswith("_")})
        self.headings: dict = json.loads((self.root / "headings.json").read_text(encoding="utf-8"))
        self._lex_held: dict[str, set[int]] = {}

    def _read_bank(self, path: Path) -> list[Template]:
        raw: list[tuple[str, str, bool]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            cond, opener = "", False
            while True:
                if line.startswith("?"):
                    cond, _, line = line[1:].partition(" ")
                    line = line.strip()
                elif line.startswith("^ "):
                    opener, line = True, line[2:].strip()
                else:
                    break
            raw.append((line, cond, opener))
        groups: dict[tuple, list[int]] = {}
        for i, (t, c, o) in enumerate(raw):
            groups.setdefault((c, o), []).append(i)
        held: set[int] = set()
        for idxs in groups.values():
            part = _partition(idxs, lambda i: raw[i][0], self.fraction)
            held |= {idxs[j] for j in part}
        return [Template(t, c, o, i in held) for i, (t, c, o) in enumerate(raw)]

    # -- picking ---------------------------------------------------------------------------
    def templates(self, bank: str, facts: dict, split: str, *, opener: bool | None = None,
                  heldout_only: bool = False) -> list[Template]:
        if bank not in self.banks:
            raise KeyError(f"no sentence bank {bank!r} in {self.root / 'prose'}")
        ts = [t for t in self.banks[bank] if eval_cond(t.cond, facts)]
        if opener is not None:
            ts = [t for t in ts if t.opener == opener]
        if split == "train":
            ts = [t for t in ts if not t.heldout]
        elif heldout_only:
            held = [t for t in ts if t.heldout]
            ts = held or ts
        return ts

    def lex_list(self, name: str, split: str, heldout_only: bool = False) -> list:
        items = self.lexicon[name]
        if name not in self._lex_held:
            self._lex_held[name] = _partition(items, lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True),
                                              self.fraction)
        held = self._lex_held[name]
        if split == "train":
            return [x for i, x in enumerate(items) if i not in held]
        if heldout_only and held:
            return [x for i, x in enumerate(items) if i in held]
        return items


@lru_cache(maxsize=4)
def load_corpus(root: str | None = None, fraction: float = 0.2) -> Corpus:
    return Corpus(Path(root) if root else CORPUS_DIR, fraction)
