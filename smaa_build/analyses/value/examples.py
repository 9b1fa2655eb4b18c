"""Example posts for the SMI-value page (`value.examples`): a few posts that show a reader what the numbers are
made of — where the scorer misreads a human label, where the export's brand field contradicts the account a
post addresses, and (for a time series) what was written in the worst and the best period.

Selection is deterministic (sort keys end with the post id). The text is scrubbed here with the M12 rules
(handles, URLs, e-mails, phones, IBANs, cards, reference codes, the case's declared patterns; the brands' own
accounts kept), so findings.json never holds personal data; the page scrubs again and escapes. Posts touching
special categories of personal data (health, religion, politics) are never quoted (M12), and quoting is off unless
a case sets `value.quotes: true` (M12: verbatim posts are searchable and re-identify their authors; paraphrase or
quote organisational accounts by default).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...findings import Table
from . import sentiment as se
from . import frames
from .posts import ROW, texts_at
from ..scrub import case_rules, for_display

SECTION = "value"
MAX_CHARS = 280
CLASS = {-1: "negative", 0: "neutral", 1: "positive"}
# Conservative keyword screen for GDPR Art. 9 categories: better to skip a harmless post than to quote a
# sensitive one.
SPECIAL = re.compile(
    r"\b(?:health|hospital|doctor|medical|medication|disab\w*|wheelchair|pregnan\w*|cancer|diabet\w*|illness|sick|"
    r"surgery|funeral|died|death|church|mosque|synagogue|pray\w*|god|religio\w*|muslim|jewish|christian|"
    r"democrat\w*|republican\w*|election|vote\w*|obama|politic\w*|gay|lesbian|trans(?:gender)?)\b",
    re.IGNORECASE)


# the columns the examples read (ROW: the raw table's row of a post, whose text is read there; the VADER score
# ingestion gave, for the misread posts under another scorer)
_READ = ("post_id", "date", "text", "score", "entity", "label", "label_confidence", "brand", "mentioned_brand", ROW,
         se.INGESTED)


def allow_list(brand_accounts) -> list[str]:
    """The brand handles of value.brand_accounts (a {brand: handle | [handles]} mapping or a list)."""
    if not brand_accounts:
        return []
    if isinstance(brand_accounts, dict):
        return sorted(h for v in brand_accounts.values() for h in ([v] if isinstance(v, str) else v))
    return sorted(str(h) for h in brand_accounts)


def quotable(text: pd.Series) -> np.ndarray:
    """Long enough to say something, no special-category words, and plain text: posts made of emoji or symbols
    read badly in a report (and print as empty boxes where the font lacks them). The regexes run once per
    distinct text."""
    codes, uniques = pd.factorize(text.astype(object), sort=False)
    t = pd.Series(uniques, dtype="string")
    plain = t.str.count(r"[^\x00-\x7F\u00C0-\u024F\u2018\u2019\u201C\u201D\u2026]").fillna(99) <= 1
    ok = (~t.str.contains(SPECIAL, regex=True).fillna(True) & (t.str.strip().str.len() >= 20) & plain).to_numpy(bool)
    return np.where(codes >= 0, ok[np.maximum(codes, 0)] if len(ok) else False, False)  # a missing text: never


def display_text(text: str, allow, rules: dict | None = None) -> str:
    out = " ".join(for_display(str(text), allow, **(rules or {})).split())
    return out if len(out) <= MAX_CHARS else out[: MAX_CHARS - 1].rstrip() + "…"


def _take(df: pd.DataFrame, by: str, ascending: bool, k: int) -> pd.DataFrame:
    return df.sort_values([by, "post_id"], ascending=[ascending, True], kind="mergesort").head(k)


def with_text(df: pd.DataFrame, text: pd.Series | None) -> pd.DataFrame:
    """`df` with its posts' text: its own text column, or the text of its rows (posts.ROW) in the raw table's
    `text` (the chapter's posts come without it: at ten million posts, a copy of every text would cost gigabytes
    for the few quoted)."""
    if "text" in df or text is None:
        return df
    return df.assign(text=pd.Series(texts_at(text, df[ROW].to_numpy()).array, index=df.index))


def _take_quotable(df: pd.DataFrame, by: str, ascending: bool, k: int, text: pd.Series | None = None
                   ) -> pd.DataFrame:
    """The first k quotable rows in rank order: the same rows as filtering everything first, but the screen runs
    only on the head of the ranking, widened until k are found."""
    ranked = df.sort_values([by, "post_id"], ascending=[ascending, True], kind="mergesort")
    m = 4 * k
    while True:
        head = with_text(ranked.head(m), text)
        ok = head[quotable(head["text"])]
        if len(ok) >= k or m >= len(ranked):
            return ok.head(k)
        m *= 4


def _quotable_distinct(df: pd.DataFrame, by: str, ascending: bool, k: int, text: pd.Series | None = None
                       ) -> pd.DataFrame:
    """The first quotable row (in row order) of each of the k first distinct values of `by` in rank order: the
    same rows as screening every row and then dropping repeated values, but the screen runs only on the head of
    the ranking (a stable sort keeps the rows of one value in row order), widened until k values are found."""
    ranked = df.sort_values(by, ascending=ascending, kind="mergesort")
    m = 4 * k
    while True:
        head = with_text(ranked.head(m), text)
        ok = head[quotable(head["text"])].drop_duplicates(subset=[by])
        if len(ok) >= k or m >= len(ranked):
            return ok
        m *= 4


def misread(posts: pd.DataFrame, vader: np.ndarray, text: pd.Series | None = None) -> list[tuple[str, pd.DataFrame]]:
    """Labelled posts whose VADER class is the opposite of the human label, the strongest contradictions (`text`:
    the raw table's, when the posts come without theirs)."""
    human = se.label_scores(posts["label"]) if "label" in posts else np.full(len(posts), np.nan)
    p = posts.assign(_v=vader, _h=human)
    p = frames.rows(p, (np.isfinite(p["_v"]) & np.isfinite(p["_h"])).to_numpy(bool))
    if "label_confidence" in p:  # quote only labels the raters agreed on
        p = frames.rows(p, (pd.to_numeric(p["label_confidence"], errors="coerce").fillna(0) >= 0.9).to_numpy(bool))
    neg_read_pos = p[(p["_h"] == -1) & (p["_v"] >= se.POSITIVE)]
    pos_read_neg = p[(p["_h"] == 1) & (p["_v"] <= se.NEGATIVE)]
    shown = {"_shown": lambda d: d["_v"], "_scorer": "vader"}
    return [("misread", _take_quotable(neg_read_pos, "_v", False, 2, text).assign(**shown)),
            ("misread", _take_quotable(pos_read_neg, "_v", True, 1, text).assign(**shown))]


def conflicts(posts: pd.DataFrame, text: pd.Series | None = None) -> list[tuple[str, pd.DataFrame]]:
    """Two short posts of the largest brand-field ≠ mentioned-brand pair."""
    if "brand" not in posts or "mentioned_brand" not in posts:
        return []
    c = frames.rows(posts, (posts["mentioned_brand"].notna() & posts["brand"].notna()
                            & (posts["brand"].astype("string") != posts["mentioned_brand"].astype("string")))
                    .to_numpy(bool))
    c = with_text(c, text)
    c = c[quotable(c["text"])]
    if c.empty:
        return []
    pair = c.groupby(["brand", "mentioned_brand"], sort=True).size().sort_values(ascending=False, kind="mergesort")
    b, m = pair.index[0]
    top = c[(c["brand"] == b) & (c["mentioned_brand"] == m)]
    top = top[top["text"].str.len() >= 60]  # long enough to show what the post is about
    return [("conflict", _take(top.assign(_len=top["text"].str.len()), "_len", True, 2).assign(_shown=np.nan))]


def extremes(posts: pd.DataFrame, series: pd.DataFrame, scorer: str, text: pd.Series | None = None
             ) -> list[tuple[str, pd.DataFrame]]:
    """The most negative posts of the period with the lowest SMI value and the most positive of the highest."""
    if "period_start" not in series:
        return []
    ok = series.dropna(subset=["smi"])
    if ok.empty:
        return []
    out = []
    posts = posts[[c for c in ("post_id", "date", "text", "score", "entity", "label", ROW) if c in posts]]  # _row's
    for kind, row, asc, k in (("low_period", ok.loc[ok["smi"].idxmin()], True, 2),
                              ("high_period", ok.loc[ok["smi"].idxmax()], False, 1)):
        inside = frames.rows(posts, ((posts["date"] >= row["period_start"]) & (posts["date"] <= row["period_end"]))
                             .to_numpy(bool))
        top = _take(_quotable_distinct(inside, "score", asc, k, text), "score", asc, k)  # one post per template
        out.append((kind, top.assign(_shown=top["score"], _scorer=scorer, _period=str(row["period"]))))
    return out


def examples(s, posts: pd.DataFrame, series: pd.DataFrame, cache, spec=None, text: pd.Series | None = None) -> Table:
    """`spec` is the full case spec: its country and declared scrub patterns (M12) apply to the quoted text;
    `text`: the raw table's, when the posts come without theirs (their rows in it as posts.ROW)."""
    allow = allow_list(s.spec.get("brand_accounts"))
    rules = case_rules(spec or {"value": s.spec})
    rows: list[dict] = []
    if s.spec.get("quotes", False) is True:  # off unless the case opts in (M12: verbatim posts re-identify authors)
        # the quotable screen runs on each group's ranked candidates, not on every post
        p = frames.bare(posts)[[c for c in _READ if c in posts]]  # filtered column by column below: no other copied
        groups = []
        if "label" in p and p["label"].notna().any():
            vader = p["score"].to_numpy(float) if s.scorer == "vader" else se.score_posts(p, "vader", cache)[0]
            groups += misread(p, vader, text)
        groups += conflicts(p, text)
        if s.design != "cross_section":
            groups += extremes(p, series, s.scorer, text)
        for kind, df in groups:
            rows += [_row(kind, r, allow, rules) for r in df.to_dict("records")]
    cols = [{"name": "kind", "label": "Example of"}, {"name": "brand", "label": "Brand"},
            {"name": "date", "label": "Date"}, {"name": "text", "label": "Post (scrubbed)"},
            {"name": "scorer", "label": "Scorer"}, {"name": "score", "label": "Score", "kind": "number", "decimals": 2},
            {"name": "scorer_class", "label": "Scorer class"}, {"name": "human", "label": "Human label"},
            {"name": "period", "label": "Period"}]
    return Table("value.examples", "Example posts (scrubbed)", cols, rows, SECTION,
                 note="Handles, links, e-mail addresses, phone numbers, IBANs, card numbers, reference codes and "
                      "the case's declared patterns are replaced by placeholders (methods.md M12); posts on health, "
                      "religion or politics are never quoted.")


def _row(kind: str, r: dict, allow, rules: dict | None = None) -> dict:
    shown = r.get("_shown")
    score = None if shown is None or not np.isfinite(shown) else float(shown)
    label = r.get("label")
    return {"kind": kind, "brand": None if pd.isna(r.get("entity")) else str(r.get("entity")),
            "date": r["date"].strftime("%Y-%m-%d") if not pd.isna(r.get("date")) else None,
            "text": display_text(r["text"], allow, rules), "score": score,
            "scorer": r.get("_scorer") if score is not None else None,
            "scorer_class": None if score is None else CLASS[int(se.classify([score])[0])],
            "human": None if label is None or pd.isna(label) else str(label),
            "period": r.get("_period") if isinstance(r.get("_period"), str) else None}
