"""Language codes and names, without the identifier: what an export's language column or `data.posts.language`
says (`normalise_code`), and how the report names a language (`display`). Kept apart from language.py so the
pages can name languages without importing numpy, pandas or the fastText model (the warm rebuild imports none)."""

from __future__ import annotations

from ...errors import AnalysisError

UNDETERMINED = "und"

ISO_639_1 = frozenset("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt
my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split())

NAMES = {  # language names (English and own) and ISO 639-2/3 codes an export may use instead of ISO 639-1
    "en": "english inglese anglais englisch inglés ingles engels английский eng",
    "it": "italian italiano italien italienisch italiaans итальянский ita",
    "nl": "dutch nederlands néerlandais niederländisch olandese neerlandés flemish vlaams нидерландский nld dut",
    "de": "german deutsch allemand tedesco alemán aleman duits немецкий deu ger",
    "fr": "french français francais französisch francese francés frans французский fra fre",
    "es": "spanish español espanol castellano espagnol spanisch spagnolo spaans испанский spa",
    "ru": "russian русский russe russisch russo ruso rus",
    "pt": "portuguese português portugues portugais portugiesisch portoghese portugués por",
    "pl": "polish polski pol", "sv": "swedish svenska swe", "da": "danish dansk dan", "tr": "turkish türkçe tur",
    "ja": "japanese 日本語 jpn", "zh": "chinese 中文 zho chi", "ar": "arabic العربية ara",
}
_BY_NAME = {name: code for code, names in NAMES.items() for name in names.split()}
_EMPTY = {"", "und", "zxx", "mul", "unknown", "unk", "n/a", "na", "none", "null", "nan", "-", "?"}

DISPLAY = {"en": "English", "it": "Italian", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish",
           "ru": "Russian", "pt": "Portuguese", "pl": "Polish", "sv": "Swedish", "da": "Danish", "tr": "Turkish",
           "ja": "Japanese", "zh": "Chinese", "ar": "Arabic", "ca": "Catalan", "ro": "Romanian", "uk": "Ukrainian",
           UNDETERMINED: "undetermined"}


def _missing(value) -> bool:
    """None, NaN or pandas' NA (whose comparisons are themselves NA), without importing pandas."""
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(value != value)
    except TypeError:
        return True


def normalise_code(value) -> str:
    """An export's language code as ISO 639-1 ('en'), 'und' when it says nothing, or the value as written
    (stripped) when it is not a code smaa recognises: that label is counted on its own, never as a language."""
    if _missing(value):
        return UNDETERMINED
    raw = str(value).strip()
    key = raw.lower().replace("_", "-")
    if key in _EMPTY:
        return UNDETERMINED
    primary = key.split("-")[0]  # en-GB, pt-BR, zh-Hant-TW: the language is the first subtag
    if primary in ISO_639_1:
        return primary
    return _BY_NAME.get(key, _BY_NAME.get(primary, raw))


def recognised(label: str) -> bool:
    """A label `normalise_code` produced from a known code (or und), not an export's unrecognised value."""
    return label in ISO_639_1 or label == UNDETERMINED


def scoring_language(declared) -> str:
    """data.posts.language as an ISO 639-1 code (`English`, `EN`, `en-GB` -> en). A value that names no language
    would set every post aside as "another language": it is refused, at its key in case.yaml."""
    code = normalise_code(declared)
    if code == UNDETERMINED or not recognised(code):
        raise AnalysisError(f"data.posts.language: expected a language code (ISO 639-1) or name, e.g. en or English, "
                            f"got {declared!r} (the language the sentiment scorer reads; posts in any other "
                            "language are set aside)")
    return code


def display(label: str) -> str:
    return DISPLAY.get(label, label)
