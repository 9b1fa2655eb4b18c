"""Generate the data of the example case `gardenia`: a fictional Dutch garden-centre chain (Gardenia Tuincentra
B.V., codename Lapwing) whose social-listening export mixes languages, as exports of a European client do.
Deterministic: `python cases/gardenia/generate.py` rewrites cases/gardenia/data/*.csv byte-identically
(`--out DIR` writes DIR/data/ instead). All texts, names and figures are fictional.

What the case is for (issue 10, "Trust on an engagement smaa has never seen"): the export is laid out as the
listening tool delivers it, not as smaa would like it:
- its own column names, Dutch (ID, Datum, Bericht, Merk, Auteur, Taal), mapped in case.yaml with `columns:`;
- a language column, `Taal`, with the tool's own codes, several spellings per language (en, EN, en-GB, English;
  nl, nl-NL, NL, Nederlands; it, it-IT, Italiano; de, DE, Deutsch), some rows empty or `und` (the tool could not
  tell: smaa's identifier decides those), and a tool-specific code `mixed` for posts switching language, which
  smaa does not recognise and reports rather than guessing;
- posts in English (about 45%), Dutch (35%), Italian (12%) and German (6%). Only the English ones can be read
  by the sentiment scorer (VADER); the others must be set aside and counted per language;
- a quarterly survey (CSAT, 0-100), where the demo's is monthly.

Planted truth: latent quarterly satisfaction s_q ~ AR(1) (0.5), 2023-Q1 .. 2025-Q4. English posts are negative
with probability 0.30 - 0.12 s_q (clipped 0.05..0.6), positive with 0.35 + 0.12 s_q, else neutral; the other
languages carry the same mix (their tone is never read). CSAT_q = 74 + 2.5 s_q + N(0, 0.6).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 2026
QUARTERS = [(y, q) for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
POSTS_PER_QUARTER = 720
TZ = ZoneInfo("Europe/Amsterdam")
HANDLES = ["@GardeniaNL", "@Gardenia_Help", ""]
LANGUAGES = {"en": 0.45, "nl": 0.35, "it": 0.12, "de": 0.06, "und": 0.015, "mixed": 0.005}
CODES = {"en": ["en", "EN", "en-GB", "English"], "nl": ["nl", "nl-NL", "NL", "Nederlands"],
         "it": ["it", "it-IT", "Italiano"], "de": ["de", "DE", "Deutsch"]}

PHRASES = {
    "en": {
        "negative": ["the delivery of my garden furniture is two weeks late", "rude staff at the Utrecht store today",
                     "plants arrived dead, really disappointed", "worst customer service, nobody answers the phone",
                     "charged twice for the same order, terrible", "the app keeps crashing at checkout, awful",
                     "broken pots and no refund yet, angry", "waited an hour at the till, horrible experience"],
        "neutral": ["does the Leiden store open on Sunday", "is the spring catalogue out already",
                    "which soil do you use for lemon trees", "can I return a plant without the receipt",
                    "when do the tulip bulbs arrive in store", "do you deliver to Belgium as well"],
        "positive": ["great advice from the staff in Haarlem, thank you", "love the new terrace collection",
                     "fast delivery and the plants look healthy, excellent", "friendly help with my balcony garden",
                     "best garden centre in town, happy customer", "the workshop on pruning was amazing"],
    },
    "nl": ["mijn bestelling is nog steeds niet geleverd", "heel vriendelijk personeel in de winkel in Leiden",
           "de planten waren dood bij aankomst", "waarom is de klantenservice zo slecht bereikbaar",
           "mooie collectie tuinmeubelen dit jaar", "ik wacht al drie weken op mijn terugbetaling",
           "goed advies gekregen over mijn moestuin", "de kassa was dicht en er was een lange rij",
           "wanneer komen de tulpenbollen weer binnen", "top service, snel geleverd en netjes verpakt"],
    "it": ["il vaso è arrivato rotto e nessuno risponde", "personale gentilissimo nel negozio di Amsterdam",
           "consegna in ritardo di due settimane, che disastro", "ottimi consigli per il mio giardino, grazie",
           "quando arrivano i nuovi bulbi di tulipano", "il rimborso non è ancora arrivato dopo un mese"],
    "de": ["meine Bestellung ist immer noch nicht da", "sehr freundliche Beratung im Gartencenter",
           "die Pflanzen kamen leider kaputt an", "wann gibt es wieder Tulpenzwiebeln im Laden"],
    "mixed": ["super mooie tuin, really happy with it", "de levering was late again, niet normaal",
              "thanks voor de hulp, echt top"],
}


def quarter_start(year: int, q: int) -> dt.date:
    return dt.date(year, 3 * q - 2, 1)


def quarter_end(year: int, q: int) -> dt.date:
    nxt = quarter_start(year + (q == 4), 1 if q == 4 else q + 1)
    return nxt - dt.timedelta(days=1)


def latent(rng: np.random.Generator) -> np.ndarray:
    s = [rng.normal(0, 1 / np.sqrt(1 - 0.25))]
    for _ in QUARTERS[1:]:
        s.append(0.5 * s[-1] + rng.normal())
    return np.array(s)


def text_of(language: str, s: float, rng: np.random.Generator) -> str:
    """One post: a phrase of its language (English ones with the quarter's tone), a handle, now and then a hashtag
    or an emoji, as a listening export delivers them."""
    if language in ("en",):
        p_neg = float(np.clip(0.30 - 0.12 * s, 0.05, 0.6))
        p_pos = float(np.clip(0.35 + 0.12 * s, 0.05, 0.6))
        tone = rng.choice(["negative", "positive", "neutral"], p=[p_neg, p_pos, 1 - p_neg - p_pos])
        bank = PHRASES["en"][tone]
    else:
        bank = PHRASES[language]
    phrase = str(bank[int(rng.integers(len(bank)))])
    handle = HANDLES[int(rng.integers(len(HANDLES)))]
    tail = ["", "", "", " #gardenia", " 🌷", " 🙏", " #tuin"][int(rng.integers(7))]
    text = (handle + " " if handle else "") + phrase[0].upper() + phrase[1:] + tail
    return text


def code_of(language: str, rng: np.random.Generator) -> str:
    if language == "und":
        return ["", "und"][int(rng.integers(2))]
    if language == "mixed":
        return "mixed"
    return CODES[language][int(rng.integers(len(CODES[language])))]


def posts_rows(rng: np.random.Generator, s: np.ndarray) -> list[list]:
    langs = list(LANGUAGES)
    rows = []
    for (year, q), sq in zip(QUARTERS, s):
        start = dt.datetime.combine(quarter_start(year, q), dt.time(), TZ)
        seconds = np.sort(rng.integers(0, (quarter_end(year, q) - quarter_start(year, q)).days * 86400 + 86400,
                                       POSTS_PER_QUARTER))
        for sec in seconds:
            language = langs[int(rng.choice(len(langs), p=list(LANGUAGES.values())))]
            # "und" rows are posts the tool could not label: their text is English, Dutch or Italian
            written = language if language != "und" else ["en", "nl", "it"][int(rng.integers(3))]
            when = (start + dt.timedelta(seconds=int(sec))).astimezone(TZ)  # the offset of that day (DST)
            rows.append([when.isoformat(timespec="seconds"), text_of(written, sq, rng), "Gardenia",
                         f"u_{int(rng.integers(16**8)):08x}", code_of(language, rng)])
    return [[str(1_800_000_000 + i)] + r for i, r in enumerate(rows)]


def csat_rows(rng: np.random.Generator, s: np.ndarray) -> list[list]:
    out = []
    for (year, q), sq in zip(QUARTERS, s):
        end = quarter_end(year, q)
        out.append([quarter_start(year, q).isoformat(), end.isoformat(), f"{74 + 2.5 * sq + rng.normal(0, 0.6):.1f}",
                    int(rng.integers(400, 600)), f"{rng.uniform(14, 17):.1f}",
                    (end - dt.timedelta(days=3)).isoformat(), (end + dt.timedelta(days=21)).isoformat()])
    return out


def airlines_derive():
    """The airlines example's derive.py: its illustrative interviews and its CSV writer (rows sorted; ours are
    written in that order already)."""
    spec = importlib.util.spec_from_file_location("airlines_derive", HERE.parent / "airlines" / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    return derive


def write(path: Path, header: list[str], rows: list[list]) -> None:
    airlines_derive()._write(path, header, rows)


def interviews(data: Path) -> None:
    """The illustrative interviews of the airlines example (a case needs some; they are not what this example is
    about), moved to this engagement's fieldwork fortnight."""
    airlines_derive().interviews(data)
    shift = dt.date(2026, 1, 12) - dt.date(2015, 3, 2)  # both Mondays
    path = data / "interviewees.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    at = rows[0].index("interview_date")
    for r in rows[1:]:
        r[at] = (dt.date.fromisoformat(r[at]) + shift).isoformat()
    write(path, rows[0], rows[1:])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the gardenia example case's data (seeded).")
    ap.add_argument("--out", type=Path, default=HERE, help="case folder that receives data/")
    data = ap.parse_args(argv).out / "data"
    s = latent(np.random.default_rng([SEED, 0]))
    write(data / "posts.csv", ["ID", "Datum", "Bericht", "Merk", "Auteur", "Taal"],
          posts_rows(np.random.default_rng([SEED, 1]), s))
    write(data / "csat.csv", ["period_start", "period_end", "value", "n_respondents", "sd", "fieldwork_end",
                              "published_at"], csat_rows(np.random.default_rng([SEED, 2]), s))
    interviews(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
