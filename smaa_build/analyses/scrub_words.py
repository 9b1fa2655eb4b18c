"""Words after which a code is a reference (booking, order, ticket, tracking …) in the languages smaa reports
on (en, it, nl, de, fr, es), and the small words allowed between such a word and the code ("booking reference
number is …", "numéro de réservation : …"). A code further away, or after any other word, is left alone:
"booking flight UA1234" keeps its flight number."""

from __future__ import annotations

# Compound nouns (Buchungsnummer, boekingsnummer) are listed whole: a suffix wildcard would also take
# "ordered" or "tickets" and read the next number as a code.
_WORDS = {
    "en": ["booking", "booking ref", "reservation", "order", "ticket", "e-ticket", "eticket", "tracking",
           "reference", "ref", "res", "pnr", "confirmation", "conf", "record locator", "locator", "case", "claim",
           "incident", "parcel", "shipment", "invoice", "account", "receipt", "request", "ff", "frequent flyer",
           "member", "membership"],
    "it": ["prenotazione", "ordine", "biglietto", "spedizione", "tracciamento", "tracking", "riferimento",
           "codice", "pratica", "fattura", "conto"],
    "nl": ["boeking", "boekingsnummer", "boekingscode", "reservering", "reserveringsnummer", "bestelling",
           "bestelnummer", "ordernummer", "ticketnummer", "zending", "zendingnummer", "trackingnummer",
           "referentie", "referentienummer", "kenmerk", "dossiernummer", "factuur", "factuurnummer"],
    "de": ["buchung", "buchungsnummer", "buchungscode", "reservierung", "reservierungsnummer", "bestellung",
           "bestellnummer", "auftrag", "auftragsnummer", "ticketnummer", "sendung", "sendungsnummer",
           "referenz", "referenznummer", "vorgang", "vorgangsnummer", "aktenzeichen", "rechnung",
           "rechnungsnummer", "kundennummer"],
    "fr": ["réservation", "reservation", "commande", "billet", "suivi", "référence", "reference", "dossier",
           "colis", "facture"],
    "es": ["reserva", "pedido", "billete", "localizador", "seguimiento", "referencia", "envío", "envio",
           "expediente", "factura"],
}
_CONNECT = ["number", "numbers", "no", "n", "nr", "num", "nbr", "code", "id", "is", "was", "ref", "reference",
            "my", "your", "our", "the", "locator", "of", "for",
            "numero", "número", "numéro", "nummer", "codice", "código", "di", "del", "della", "de", "du", "la",
            "le", "el", "mio", "mia", "il", "è", "van", "het", "mijn", "ist", "lautet", "meine", "mein", "est",
            "ma", "mon", "es", "mi", "s"]  # s: "Conf #'s MQXC64"


def _alternation(words) -> str:
    # longest first, so that "booking ref" wins over "booking"; spaces match any run of white space
    return "|".join(w.replace("-", r"\-").replace(" ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


REFERENCE_WORDS = _alternation(w for ws in _WORDS.values() for w in ws)
CONNECTORS = _alternation(_CONNECT)
