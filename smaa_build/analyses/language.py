"""Is a post written in the declared language? A cheap, deterministic heuristic for ingestion (posts.py): a post is
"not in the declared language" when it has at least two function words of another language and more of them
than of the declared one, or when it is mostly written in a non-Latin script. Good enough to flag Italian or
Spanish posts in an English stream; it is not a language identifier and the report says so. Staged so that a
million posts take seconds: every text is visited once per question with a regex whose branches start with
their literal first letter."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

STOPWORDS = {
    "en": "the and to of is for you it my on that this with your are was have not but just be at me so what can "
    "will get why how when they we our from",
    "it": "il di che sono con della del una anche mi questo grazie ma ci gli molto nel alla sul ancora perché",
    "es": "el los las que y por para pero muy una es con del se como gracias esta este",
    "fr": "le les des et est pas pour que qui dans sur avec je vous ce une au du merci mais",
    "de": "der das und ist nicht ich sie es mit auf für ein eine den zu von wir danke aber",
    "pt": "os que não para com por uma mais muito obrigado mas ao da",
}

LETTER = r"[^\W\d_]"


def _trie(tails: set[str]) -> str:
    """Alternation of `tails` written as a trie, so the regex engine tries one branch per letter instead of
    every word at every position."""
    rest = {t for t in tails if t}
    if len(rest) < len(tails):  # one word ends here and others go on
        return f"(?:{_trie(rest)})?" if rest else ""
    groups: dict[str, set[str]] = {}
    for t in sorted(rest):
        groups.setdefault(t[0], set()).add(t[1:])
    alts = [re.escape(c) + _trie(g) for c, g in groups.items()]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _words_re(words: str) -> str:
    """Any of `words` as a whole word (not inside a run of letters). Same matches as
    `(?<!L)(?:w1|w2|…)(?!L)`, but each branch starts with its literal first letter (the letter check comes just
    after it), which lets the engine skip positions that cannot start a word."""
    groups: dict[str, set[str]] = {}
    for w in sorted(set(words.split())):
        groups.setdefault(w[0], set()).add(w[1:])
    alts = [re.escape(c) + f"(?<!{LETTER}{re.escape(c)})" + _trie(g) for c, g in groups.items()]
    return "(?:" + "|".join(alts) + f")(?!{LETTER})"


def _word_count(lower: pd.Series, words: str) -> np.ndarray:
    return lower.str.count(_words_re(words)).fillna(0).to_numpy(int)


def _has_two(lower: pd.Series, words: str) -> np.ndarray:
    """At least two function words of the list: a search, then a second search from the end of the first hit;
    stopping there is much cheaper than counting every hit in every post (and than one `w.*?w` pattern, whose
    lazy gap is tried character by character)."""
    find = re.compile(_words_re(words)).search

    def two(t) -> bool:
        first = find(t) if isinstance(t, str) else None
        return first is not None and find(t, first.end()) is not None

    return np.fromiter(map(two, lower.tolist()), dtype=bool, count=len(lower))


def other_language(text: pd.Series, language: str = "en") -> pd.Series:
    """True for posts that look written in another language than `language` (see STOPWORDS). Unknown
    declared languages are not checked (all False). Staged so that a million posts take seconds: posts with
    two function words of the declared language are settled by one early-stopping search; only posts where
    another language reaches two function words are counted in full."""
    if language not in STOPWORDS:
        return pd.Series(False, index=text.index)
    text = text.astype("string").fillna("")
    flag = np.zeros(len(text), dtype=bool)
    non_ascii = ~text.str.isascii().to_numpy(bool)
    if non_ascii.any():
        sub = text[non_ascii]
        letters = sub.str.count(r"[^\W\d_]").to_numpy(int)
        latin = sub.str.count(r"[A-Za-zÀ-ɏ]").to_numpy(int)
        flag[np.flatnonzero(non_ascii)] = (letters >= 5) & (latin < 0.5 * letters)
    lower = text.str.lower()
    todo = np.flatnonzero(~flag & ~_has_two(lower, STOPWORDS[language]))
    others = [lang for lang in STOPWORDS if lang != language]
    pooled = " ".join(sorted({w for lang in others for w in STOPWORDS[lang].split()}))
    check = todo[_has_two(lower.iloc[todo], pooled)]  # one pass for all other languages, then exact counts
    if check.size:
        sub = lower.iloc[check]
        best = np.column_stack([_word_count(sub, STOPWORDS[lang]) for lang in others]).max(axis=1)
        flag[check] = best > _word_count(sub, STOPWORDS[language])
    return pd.Series(flag, index=text.index)
