"""Character-level BERT vocabulary and text normalization.

Decision on Traditional Chinese: every text is normalized (NFKC, then OpenCC ``t2s``) before
tokenization, so the vocabulary only needs Simplified characters and a Traditional report
(seed 001, mirror copies) reaches the same embeddings as its Simplified twin. Layout markers
are computed from the raw line before normalization (see ``features``).
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from transformers import BertTokenizerFast

SPECIAL_TOKENS: tuple[str, ...] = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
# Layout markers (meaning in features.py). They are whole tokens, never split or masked.
MARKERS: tuple[str, ...] = (
    "[TAB]", "[IND]", "[CELL]", "[SP]", "[CUT]", "[EMPTY]", "[NUM]", "[PAGE]",
    "[N0]", "[N1]", "[N2]", "[N3]", "[N4]", "[N5]",
)
# Always in the vocabulary whatever the corpus: digits, Latin, ASCII punctuation and the
# CJK punctuation NFKC leaves alone.
_BASE_CHARS = (
    "0123456789abcdefghijklmnopqrstuvwxyz!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "、。〈〉《》「」『』【】〔〕〖〗〝〞—…‘’“”·×÷±≤≥℃°"
)


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """NFKC + Traditional→Simplified + lower case: what the encoder sees of a text."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def is_cjk(ch: str) -> bool:
    """The ranges BERT's ``tokenize_chinese_chars`` isolates as single-character words."""
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _usable(ch: str) -> bool:
    return not ch.isspace() and not unicodedata.category(ch).startswith("C")


def jieba_char_ranking() -> list[str]:
    """Characters of jieba's dictionary, most frequent first (word frequency summed per char)."""
    import jieba
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for row in fh:
            parts = row.split(" ")
            if len(parts) < 2:
                continue
            word, count = parts[0], int(parts[1])
            for ch in normalize(word):
                if is_cjk(ch):
                    freq[ch] += count
    return [ch for ch, _ in freq.most_common()]


def corpus_chars(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(ch for ch in normalize(t) if _usable(ch))
    return counts


def build_vocab(texts: Iterable[str], *, jieba_chars: int = 6000, max_size: int = 8000) -> list[str]:
    """Special tokens, markers, then corpus characters (by count), then jieba's top characters.

    Non-CJK characters also get a ``##`` form: BERT's pre-tokenizer keeps runs of digits or
    Latin letters together and WordPiece needs the continuation pieces to split them into
    single characters.
    """
    counts = corpus_chars(texts)
    chars: list[str] = list(dict.fromkeys(_BASE_CHARS))
    chars += [ch for ch, _ in counts.most_common() if ch not in chars]
    for ch in jieba_char_ranking()[:jieba_chars]:
        if ch not in counts:
            chars.append(ch)
    vocab: list[str] = list(SPECIAL_TOKENS) + list(MARKERS)
    seen = set(vocab)
    for ch in chars:
        for tok in ((ch,) if is_cjk(ch) else (ch, "##" + ch)):
            if tok not in seen:
                seen.add(tok)
                vocab.append(tok)
        if len(vocab) >= max_size:
            break
    return vocab[:max_size]


def make_tokenizer(vocab: list[str], *, model_max_length: int = 128) -> "BertTokenizerFast":
    from transformers import BertTokenizerFast
    tok = BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)}, do_lower_case=True,
                            tokenize_chinese_chars=True, model_max_length=model_max_length)
    tok.add_special_tokens({"additional_special_tokens": list(MARKERS)})
    return tok


def ensure_markers(tokenizer: "BertTokenizerFast") -> int:
    """Add the layout markers to a foreign tokenizer (e.g. bert-base-chinese); returns how many."""
    missing = [m for m in MARKERS if m not in tokenizer.get_vocab()]
    tokenizer.add_special_tokens({"additional_special_tokens": list(MARKERS)})
    return len(missing)


def save_tokenizer(tokenizer: "BertTokenizerFast | LineTokenizer", path: str | os.PathLike) -> None:
    """``save_pretrained`` plus a classic ``vocab.txt`` so older transformers can read it too."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(str(path))
    vocab = tokenizer.get_vocab()
    ordered = sorted(vocab, key=vocab.__getitem__)
    (path / "vocab.txt").write_text("\n".join(ordered) + "\n", encoding="utf-8")


def load_tokenizer(path: str | os.PathLike) -> "BertTokenizerFast":
    from transformers import BertTokenizerFast
    return BertTokenizerFast.from_pretrained(str(path), local_files_only=True)


#: the files of a saved tokenizer (``save_tokenizer``) that a ``LineTokenizer`` copies
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


class LineTokenizer:
    """A model folder's ``tokenizer.json`` for inference: the ids ``BertTokenizerFast`` gives
    (``[CLS] … [SEP]``, truncated to ``max_length``), through ``tokenizers`` only."""

    def __init__(self, folder: str | os.PathLike) -> None:
        from tokenizers import Tokenizer
        self.folder = Path(folder)
        self._tok = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self._tok.no_padding()
        self._max_length: int | None = None
        config_file = self.folder / "tokenizer_config.json"
        config = json.loads(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
        pad = config.get("pad_token", "[PAD]")
        pad = pad.get("content", "[PAD]") if isinstance(pad, dict) else pad
        pad_id = self._tok.token_to_id(pad)
        if pad_id is None:
            raise ValueError(f"pad token {pad!r} is not in the vocabulary")
        self.pad_token_id: int = pad_id

    def __call__(self, texts: list[str], *, max_length: int, truncation: bool = True,
                 add_special_tokens: bool = True) -> dict[str, Any]:
        """``{"input_ids": [...]}`` for ``texts``, like calling a ``BertTokenizerFast``."""
        if not (truncation and add_special_tokens):
            raise ValueError("LineTokenizer always truncates and adds [CLS]/[SEP]")
        if self._max_length != max_length:
            self._tok.enable_truncation(max_length=max_length)
            self._max_length = max_length
        return {"input_ids": [e.ids for e in self._tok.encode_batch(texts, add_special_tokens=True)]}

    def __len__(self) -> int:
        return self._tok.get_vocab_size(with_added_tokens=True)

    def get_vocab(self) -> dict[str, int]:
        return self._tok.get_vocab(with_added_tokens=True)

    def save_pretrained(self, path: str | os.PathLike) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in TOKENIZER_FILES:
            src = self.folder / name
            if src.is_file() and src.resolve() != (path / name).resolve():
                shutil.copyfile(src, path / name)
