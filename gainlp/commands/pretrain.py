"""``gainlp pretrain``: build the character vocabulary and domain-pretrain a small BERT."""
from __future__ import annotations

import argparse
import sys

HELP = "domain-pretrain a small Chinese BERT (masked LM)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", nargs="*", default=[], metavar="DIR_OR_FILE",
                        help="unlabeled report text: .txt/.tsv files or folders of them")
    parser.add_argument("--out", required=True, help="output folder (save_pretrained)")
    parser.add_argument("--vocab-text", nargs="*", default=[], metavar="DIR_OR_FILE",
                        help="more text used only for the vocabulary, never for training")
    parser.add_argument("--tokenizer", help="reuse this tokenizer folder instead of building a vocabulary")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="add N synthetic reports (gainlp.synth) to the text")
    parser.add_argument("--synthetic-seed", type=int, default=1000, help="random seed of the synthetic reports (default: 1000)")
    parser.add_argument("--vocab-size", type=int, default=8000, help="vocabulary size when building one (default: 8000)")
    parser.add_argument("--jieba-chars", type=int, default=6000,
                        help="most frequent characters of jieba's dictionary to include (default: 6000)")
    parser.add_argument("--steps", type=int, default=600, help="training steps (default: 600)")
    parser.add_argument("--layers", type=int, default=4, help="encoder layers (default: 4)")
    parser.add_argument("--hidden", type=int, default=256, help="hidden size (default: 256)")
    parser.add_argument("--heads", type=int, default=4, help="attention heads (default: 4)")
    parser.add_argument("--intermediate", type=int, default=1024, help="feed-forward size (default: 1024)")
    parser.add_argument("--max-length", type=int, default=128, help="max position embeddings (default: 128)")
    parser.add_argument("--seq-len", type=int, default=64, help="tokens per training sequence (default: 64)")
    parser.add_argument("--batch-size", type=int, default=32, help="sequences per step (default: 32)")
    parser.add_argument("--lr", type=float, default=5e-4, help="learning rate (default: 5e-4)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default: 13)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default: 2)")


def run(args: argparse.Namespace) -> int:
    import torch
    from ..model.data import Document, expand_paths, read_text_file, synthetic_documents
    from ..model.pretrain import pretrain
    from ..model.tokenizer import build_vocab, load_tokenizer, make_tokenizer

    torch.set_num_threads(args.threads)
    exts = (".txt", ".tsv")
    try:
        texts = [read_text_file(p) for p in expand_paths(args.text, exts)]
        vocab_only = [read_text_file(p) for p in expand_paths(args.vocab_text, exts)]
    except FileNotFoundError as e:
        print(f"gainlp pretrain: {e}", file=sys.stderr)
        return 2
    if args.synthetic:
        texts += [d.text for d in synthetic_documents(args.synthetic, seed=args.synthetic_seed)]
    if not texts:
        print("gainlp pretrain: no text found", file=sys.stderr)
        return 2
    if args.tokenizer:
        tokenizer = load_tokenizer(args.tokenizer)
    else:
        vocab = build_vocab(texts + vocab_only, jieba_chars=args.jieba_chars, max_size=args.vocab_size)
        tokenizer = make_tokenizer(vocab, model_max_length=args.max_length)
        print(f"vocabulary: {len(vocab)} tokens", file=sys.stderr)
    pretrain(texts, tokenizer, args.out, steps=args.steps, layers=args.layers, hidden=args.hidden,
             heads=args.heads, intermediate=args.intermediate, max_length=args.max_length,
             seq_len=args.seq_len, batch_size=args.batch_size, lr=args.lr, seed=args.seed,
             log=lambda m: print(m, file=sys.stderr))
    return 0
