"""Builds language_posts.csv, the labelled test set of short customer posts (3–12 words) that
tests/analyses/test_language.py and tests/benchmarks/bench_language.py measure language identification on.

    .venv/bin/python tests/analyses/data/make_language_posts.py      # rewrites language_posts.csv (deterministic)

English posts are real: airline tweets of February 2015 (Twitter US Airline Sentiment, CC BY-NC-SA 4.0, all
English), 3–12 words. The it, nl, de, fr, es, ru posts are written for this set: hand-written complaint, praise
and question sentences, each used about four times, dressed as an export would deliver them (a brand handle,
a hashtag, emoji, missing accents, lower case, a dropped letter), seeded. Each row: post_id, language, text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TWEETS = Path("/work/shared/data/airline-tweets-2015/Tweets.csv")
PER_LANGUAGE = 170
ENGLISH = 1000  # real tweets are plentiful: enough to tell 1% of wrongly excluded English posts from 0.5%
SEED = 20261207

HANDLES = ["@TrenItalia", "@Zalando", "@bol_com", "@DB_Bahn", "@SNCF", "@Renfe", "@Aeroflot", "@IKEA", "@Vodafone",
           "@Decathlon", "@AmazonHelp", "@KLM", "@Ryanair", "@Lidl", "@Carrefour", "@MediaMarkt", "@Esselunga",
           "@AlbertHeijn", "@Iberia", "@OzonRu"]
EMOJI = ["😡", "🙏", "😂", "👍", "😤", "❤️", "🤬", "😭", "🔥", "🙄", "😍", "👎"]

SENTENCES = {
    "it": """il pacco non è ancora arrivato dopo due settimane
ordine annullato senza nessuna spiegazione, vergognoso
grazie mille per la risposta veloce
il treno delle 8 è di nuovo in ritardo
qualcuno mi sa dire quando riapre il negozio?
servizio clienti pessimo, nessuno risponde al telefono
consegna perfetta, corriere gentilissimo
ho chiesto il rimborso un mese fa e niente
la app non funziona da stamattina
prezzi troppo alti rispetto alla concorrenza
il prodotto è arrivato rotto, come faccio il reso?
finalmente un'assistenza che risolve i problemi
mi avete addebitato due volte lo stesso ordine
sono in attesa da quaranta minuti
bellissima esperienza, tornerò sicuramente
la taglia è sbagliata e il cambio costa
perché il mio volo è stato cancellato?
personale scortese alla cassa oggi pomeriggio
ottima qualità, ve lo consiglio
non riesco ad accedere al mio account
ancora nessuna notizia del mio ordine
il bagaglio è stato perso a Fiumicino
aria condizionata rotta in tutto il vagone
complimenti per il nuovo punto vendita
avete cambiato le condizioni senza avvisare
il codice sconto non viene accettato
la fattura non mi è mai arrivata
tre ore di ritardo e zero informazioni
il tecnico non si è presentato all'appuntamento
che delusione, mai più
spedizione velocissima, tutto in ordine
scrivo da giorni e non rispondete
il sito va in errore al pagamento
mi hanno trattato benissimo al telefono
offerta ingannevole, state attenti
il modem si disconnette ogni sera
chi mi restituisce i soldi adesso?
buongiorno, vorrei sapere lo stato della pratica
posto prenotato occupato da un altro
il latte era scaduto da due giorni
esperienza pessima dall'inizio alla fine
volevo solo ringraziare il capotreno
non è possibile aspettare così tanto
la carta fedeltà non carica i punti
il volo è partito con due ore di ritardo
ho trovato tutto quello che cercavo
""",
    "nl": """mijn pakket is nog steeds niet bezorgd
waarom duurt het terugbetalen zo lang?
top service, binnen een dag geleverd
de trein is weer eens vertraagd
klantenservice neemt gewoon niet op
bedankt voor de snelle hulp vandaag
bestelling kwijt en niemand weet waar
de app crasht steeds bij het afrekenen
het product was kapot bij aankomst
veel te duur voor deze kwaliteit
ik wacht al een uur in de wacht
heel vriendelijk personeel in de winkel
twee keer afgeschreven voor dezelfde bestelling
mijn koffer is zoekgeraakt op Schiphol
de bezorger heeft niet eens aangebeld
wanneer krijg ik mijn geld terug?
super blij met mijn nieuwe bank
de kortingscode werkt niet
geen internet sinds gisteravond
prima geholpen door de medewerker
vlucht geannuleerd zonder enige uitleg
ik heb nooit een factuur ontvangen
het pakket lag gewoon bij de buren
waardeloze service, nooit meer
de verwarming in de trein doet het niet
kunnen jullie mij even terugbellen?
wat een gedoe om iets te retourneren
snelle levering en netjes verpakt
de monteur is niet komen opdagen
al drie mails gestuurd zonder antwoord
mijn account is geblokkeerd, wat nu?
echt een aanrader, goede kwaliteit
de kassa was dicht en lange rij
nog steeds geen reactie op mijn klacht
de melk was al over de datum
de website doet raar bij betalen
heel fijn dat het zo snel opgelost is
waarom is mijn abonnement duurder geworden?
ik ben er helemaal klaar mee
het verkeerde formaat gestuurd, balen
de stoel was vies en kapot
hartelijk dank voor jullie moeite
weer vertraging op het spoor vanochtend
""",
    "de": """mein Paket ist immer noch nicht da
der Zug hat schon wieder Verspätung
danke für die schnelle Hilfe heute
Kundenservice ist einfach nicht erreichbar
warum dauert die Erstattung so lange?
Ware kam leider beschädigt an
viel zu teuer für diese Qualität
ich hänge seit einer Stunde in der Warteschleife
sehr freundliche Mitarbeiter in der Filiale
zweimal abgebucht für dieselbe Bestellung
mein Koffer ist in Frankfurt verloren gegangen
der Bote hat nicht mal geklingelt
wann bekomme ich mein Geld zurück?
super zufrieden mit der Lieferung
der Gutscheincode funktioniert nicht
seit gestern Abend kein Internet
Flug gestrichen ohne jede Erklärung
die Rechnung habe ich nie bekommen
das Paket lag einfach vor der Tür
nie wieder, absolut schlechter Service
Klimaanlage im Wagen kaputt, unerträglich
könnt ihr mich bitte zurückrufen?
Rücksendung ist total kompliziert
schnelle Lieferung und gut verpackt
der Techniker ist nicht gekommen
drei Mails geschrieben und keine Antwort
mein Konto ist gesperrt, was jetzt?
klare Empfehlung, tolle Qualität
nur eine Kasse offen und lange Schlange
immer noch keine Antwort auf meine Beschwerde
die Milch war schon abgelaufen
die Webseite spinnt beim Bezahlen
schön, dass das so schnell geklappt hat
warum ist mein Vertrag teurer geworden?
ich bin echt bedient
falsche Größe geliefert, ärgerlich
der Sitz war dreckig und kaputt
herzlichen Dank für eure Mühe
heute Morgen wieder Zugausfall
die App stürzt ständig ab
Anschluss verpasst wegen Verspätung, toll gemacht
wo bleibt meine Bestellung eigentlich?
""",
    "fr": """mon colis n'est toujours pas arrivé
le train a encore du retard ce matin
merci pour votre aide rapide
impossible de joindre le service client
pourquoi le remboursement prend autant de temps?
produit reçu cassé, très déçu
beaucoup trop cher pour cette qualité
ça fait une heure que j'attends au téléphone
personnel très aimable en magasin
débité deux fois pour la même commande
ma valise a été perdue à Roissy
le livreur n'a même pas sonné
quand est-ce que je serai remboursé?
livraison rapide, rien à dire
le code promo ne marche pas
plus d'internet depuis hier soir
vol annulé sans aucune explication
je n'ai jamais reçu la facture
le colis était posé devant la porte
plus jamais, service lamentable
clim en panne dans le wagon, insupportable
vous pouvez me rappeler svp?
le retour est vraiment compliqué
bien emballé et arrivé en avance
le technicien n'est jamais venu
trois mails envoyés et aucune réponse
mon compte est bloqué, je fais comment?
je recommande, super qualité
une seule caisse ouverte et la queue
toujours pas de réponse à ma réclamation
le lait était périmé
le site bugue au moment de payer
content que ce soit réglé si vite
pourquoi mon abonnement a augmenté?
j'en ai vraiment marre
mauvaise taille envoyée, c'est pénible
siège sale et cassé
un grand merci à toute l'équipe
encore un train supprimé aujourd'hui
l'appli plante tout le temps
correspondance ratée à cause du retard, bravo
elle est où ma commande?
""",
    "es": """mi pedido todavía no ha llegado
el tren vuelve a llegar tarde
gracias por la ayuda tan rápida
imposible hablar con atención al cliente
por qué tarda tanto el reembolso?
el producto llegó roto, qué decepción
demasiado caro para esta calidad
llevo una hora esperando al teléfono
personal muy amable en la tienda
me cobraron dos veces el mismo pedido
perdieron mi maleta en Barajas
el repartidor ni siquiera llamó al timbre
cuándo me devuelven el dinero?
entrega rápida, todo perfecto
el código de descuento no funciona
sin internet desde anoche
vuelo cancelado sin ninguna explicación
nunca me llegó la factura
dejaron el paquete en la puerta
nunca más, servicio pésimo
el aire acondicionado del vagón no funciona
me pueden llamar por favor?
devolver algo es complicadísimo
bien embalado y llegó antes de tiempo
el técnico no vino
tres correos enviados y ninguna respuesta
mi cuenta está bloqueada, qué hago?
lo recomiendo, muy buena calidad
una sola caja abierta y una cola enorme
sigo sin respuesta a mi reclamación
la leche estaba caducada
la web falla al pagar
qué bien que se resolvió tan rápido
por qué ha subido mi tarifa?
estoy harto de verdad
me enviaron la talla equivocada
asiento sucio y roto
muchas gracias a todo el equipo
otro tren cancelado hoy
la aplicación se cierra sola
perdí el enlace por el retraso, genial
dónde está mi pedido?
""",
    "ru": """моя посылка до сих пор не пришла
поезд опять опаздывает
спасибо за быструю помощь
невозможно дозвониться в поддержку
почему возврат денег так долго?
товар пришёл сломанным, очень обидно
слишком дорого для такого качества
уже час жду на линии
очень вежливый персонал в магазине
списали деньги дважды за один заказ
потеряли мой чемодан в Шереметьево
курьер даже не позвонил в дверь
когда вернут мои деньги?
быстрая доставка, всё отлично
промокод не работает
нет интернета со вчерашнего вечера
рейс отменили без объяснений
счёт так и не пришёл
посылку просто оставили у двери
больше никогда, ужасный сервис
в вагоне не работает кондиционер
перезвоните мне пожалуйста
вернуть товар очень сложно
хорошо упаковано и пришло раньше срока
мастер так и не пришёл
написал три письма и никакого ответа
мой аккаунт заблокирован, что делать?
рекомендую, отличное качество
работает одна касса и огромная очередь
до сих пор нет ответа на жалобу
молоко было просроченное
сайт глючит при оплате
приятно что всё решили так быстро
почему подорожал мой тариф?
честно говоря, надоело
прислали не тот размер
грязное и сломанное сиденье
большое спасибо всей команде
сегодня опять отменили электричку
приложение постоянно вылетает
опоздал на пересадку из-за задержки
где мой заказ?
""",
}

HASHTAGS = {"it": ["#vergogna", "#disservizio", "#grazie", "#ritardo"], "nl": ["#klantenservice", "#vertraging",
            "#bedankt", "#ns"], "de": ["#Verspätung", "#Kundenservice", "#danke", "#Bahnchaos"],
            "fr": ["#SAV", "#retard", "#merci", "#colère"], "es": ["#atencionalcliente", "#retraso", "#gracias",
            "#fatal"], "ru": ["#поддержка", "#задержка", "#спасибо", "#жалоба"]}
ACCENTS = str.maketrans("àèéìòùáíóúñäöüßçêâîôûëïÀÈÉÄÖÜ", "aeeiouaiounaousceaioueiAEEAOU")


def words(text: str) -> int:
    return len([w for w in text.split() if re.search(r"\w", w)])


def dress(sentence: str, lang: str, rng: np.random.Generator) -> str:
    """One export-like post from a hand-written sentence: handle, typos, hashtag, emoji (seeded)."""
    s = sentence
    if rng.random() < 0.3:
        s = s.translate(ACCENTS)
    if rng.random() < 0.3:
        s = s.lower()
    if rng.random() < 0.2:  # one dropped letter, as typed on a phone
        i = int(rng.integers(1, len(s) - 1))
        s = s[:i] + s[i + 1:] if s[i].isalpha() else s
    parts = [HANDLES[int(rng.integers(len(HANDLES)))]] if rng.random() < 0.6 else []
    parts.append(s)
    if rng.random() < 0.35:
        parts.append(HASHTAGS[lang][int(rng.integers(4))])
    if rng.random() < 0.35:
        parts.append(EMOJI[int(rng.integers(len(EMOJI)))])
    return " ".join(parts)


def written(lang: str, rng: np.random.Generator) -> list[str]:
    sentences = [s for s in SENTENCES[lang].strip().splitlines() if s.strip()]
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < PER_LANGUAGE:
        post = dress(sentences[len(out) % len(sentences)], lang, rng)
        if post not in seen and 3 <= words(post) <= 12:
            seen.add(post)
            out.append(post)
    return out


def english(rng: np.random.Generator) -> list[str]:
    with TWEETS.open(encoding="utf-8", newline="") as fh:
        texts = sorted({" ".join(r["text"].split()) for r in csv.DictReader(fh)})
    short = [t for t in texts if 3 <= words(t) <= 12 and "http" not in t]
    return [short[i] for i in sorted(rng.choice(len(short), ENGLISH, replace=False))]


def rows() -> list[dict]:
    rng = np.random.default_rng(SEED)
    out = [("en", t) for t in english(rng)]
    out += [(lang, t) for lang in SENTENCES for t in written(lang, rng)]
    return [{"post_id": f"L{i:04d}", "language": lang, "text": t} for i, (lang, t) in enumerate(out)]


def main() -> None:
    with (HERE / "language_posts.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["post_id", "language", "text"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows())


if __name__ == "__main__":
    main()
