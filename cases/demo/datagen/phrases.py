"""Phrase bank for the demo posts (used by generate.py only).

Customer phrases are grouped by polarity; each one was checked with VADER (vadersentiment 3.3.2) so that
positive phrases score compound >= 0.05, negative ones <= -0.05 and neutral ones in between
(tests/test_demo_data.py re-checks this). Posts are built as: optional mention + phrase + optional add-on.
"""

POSITIVE = (
    "Order arrived a day early and perfectly packed, great job",
    "Super fast delivery again, really impressed",
    "Courier was friendly and the parcel arrived on time, thanks",
    "Next-day delivery that actually arrived next day, love it",
    "Return refunded within two days, painless",
    "Easiest return I have ever done, thank you",
    "Returned a jacket in store and got the refund straight away, brilliant",
    "Staff at the Milano Centrale store were so helpful today",
    "Lovely assistant helped me find the right size, great service",
    "The new store layout looks amazing",
    "Really friendly team at the Verona store this morning",
    "The new app update is brilliant, checkout in seconds",
    "Love the app, finding offers is so easy now",
    "Great prices on the spring range, what a bargain",
    "Best deals in town this week, happy with my shop",
    "Loyalty points paid for my whole shop today, love it",
    "The loyalty card discounts are actually worth it",
    "Customer service fixed it in five minutes, thank you so much",
    "Chat support was quick and kind, excellent",
    "Click and collect was ready in an hour, perfect",
    "Good quality for the price, very pleased",
    "Finally found the trainers I wanted, great selection",
    "Self checkout was quick and easy today",
    "Impressed with how they handled my complaint, well done",
)

NEUTRAL = (
    "Does anyone know if the Torino store is open on Sunday?",
    "What time does the sale start tomorrow?",
    "Can I use my points card in outlet stores?",
    "Just ordered the new trainers, let's see",
    "Can I return online orders in store?",
    "Heading to the store for the weekend shop",
    "Is there a delivery slot for Saturday morning?",
    "Is the summer catalogue online yet?",
    "How many points do I need for a voucher?",
    "Picked up my click and collect order",
    "Which stores have the home range?",
    "Do you deliver to the islands?",
    "Waiting for my parcel, tracking says out for delivery",
    "Is the app the only way to use digital receipts?",
    "New opening hours at the Padova store from Monday",
    "Comparing prices before the weekend shop",
)

NEGATIVE = (
    "Parcel still not delivered after ten days, terrible",
    "Courier left my parcel in the rain, box ruined",
    "Third missed delivery this month, seriously disappointed",
    "Still waiting for my refund after three weeks, ridiculous",
    "Return rejected for no reason, awful service",
    "Rude and unhelpful staff at the Bologna store, awful",
    "Forty minutes queuing at the tills with one checkout open, terrible",
    "App keeps crashing at checkout, so frustrating",
    "Website down during the sale, useless",
    "Payment failed three times in the app, annoyed",
    "Charged twice for the same order, not happy",
    "My loyalty points disappeared and nobody can explain why, angry",
    "Loyalty card rejected at the till, embarrassing",
    "On hold for an hour with customer service, worst experience",
    "The chat bot is useless, I want to talk to a human",
    "Wrong item delivered and the return label does not work, fed up",
    "Damaged goods again, poor quality control",
    "Nobody answers the phone, terrible service",
    "Way too expensive now, prices keep going up, bad value",
    "Empty shelves again, a waste of time",
    "Click and collect order lost, complete mess",
)

# Negative in meaning but not in VADER's general-purpose lexicon (domain words, sarcasm): a realistic
# minority that the scorer misses (methods.md M10 limits). Kept apart so the share is controlled.
HARD_NEGATIVE = (
    "Delivery late again and nobody answers the phone",
    "Prices up again, way too expensive now",
    "Promised a callback that never came",
    "Out of stock again on everything I wanted",
    "Great, parcel lost again. Just what I needed",
    "Love waiting 40 minutes at the till, brilliant planning",
)

# Add-ons appended after the phrase; chosen within the same polarity so they never flip the sign.
POSITIVE_ADDONS = ("", "", "", " Thanks!", " Well done.", " #happycustomer", " 👍", " Keep it up.")
NEUTRAL_ADDONS = ("", "", "", " Anyone?", " #shopping", " #HeronStores")
NEGATIVE_ADDONS = ("", "", "", " Fix it now.", " #fail", " Not good enough.", " 😡", " Sort it out.")

BRAND_ANNOUNCEMENTS = (
    "Our spring sale starts tomorrow in all stores and online! #HeronStores",
    "New loyalty rewards: double points every Tuesday this month",
    "Free next-day delivery on orders over 50 euro this weekend",
    "Our new app is live: faster checkout and digital receipts",
    "Black Friday deals are here, shop early for the best choice",
    "Thank you for a record summer, see you in store!",
    "Extended opening hours for the Christmas period in all stores",
    "We are hiring store assistants across Italy, join the team",
)
BRAND_REPLIES = (
    "Sorry to hear this. Please DM us your order number and we will look into it.",
    "Thanks for the kind words, we will pass them on to the team!",
    "Hi, we have replied to your DM so we can sort this out.",
    "Sorry for the wait, our team is on it and will contact you today.",
)

ITALIAN = (
    "Consegna in ritardo di nuovo, servizio pessimo",
    "Ottimo servizio nel negozio di Bologna, grazie!",
    "Il reso non è ancora stato rimborsato dopo tre settimane",
    "Personale gentilissimo, torno sicuramente",
    "App bloccata al pagamento, che disastro",
    "Prezzi troppo alti rispetto all'anno scorso",
    "Qualcuno sa se il negozio di Torino è aperto la domenica?",
    "Carta fedeltà finalmente utile, sconti veri",
)

# Posts carrying personal data for the scrubbing tests (M12): url, email, phone, booking ref, handle.
PII_TEMPLATES = (
    "my order confirmation number is {ref} and still nothing delivered, terrible",
    "please call me back on {phone}, still waiting for my refund",
    "email me at {email} about the damaged parcel, not happy",
    "photo of the broken box {url} awful packaging",
    "{handle} same thing happened to me, delivery late again",
    "confirmation {ref} says delivered but nothing here, ridiculous",
    "great help from the Verona team today {url}",
    "{handle} thanks for the tip, the loyalty card discount is great",
)

SCRIPT_POST = "<script>alert(1)</script> your website is broken again"

# Neutral context sentences put before a phrase (VADER scores each 0.0) to vary the texts.
CONTEXTS = (
    "Ordered a sofa last week.",
    "Bought school shoes for the kids.",
    "Ordered the weekly shop for Saturday.",
    "Went to the Firenze store.",
    "Used the app for the first time.",
    "Ordered a winter coat online.",
    "Popped into the Genova store.",
    "Bought a new kettle.",
    "Picked up some garden furniture.",
    "Ordered via the website.",
    "Second order this month.",
    "Shopping for the new flat.",
    "Ordered a TV on Monday.",
    "Bought trainers for my son.",
    "At the Napoli store today.",
)

FIRST_NAMES = ("giulia", "marco", "sara", "luca", "anna", "paolo", "chiara", "davide", "elena", "fra",
               "tom", "kate", "matt", "sofia", "ale", "vale", "nico", "emma", "rob", "fede")
SURNAMES = ("rossi", "bianchi", "ferrari", "russo", "romano", "colombo", "ricci", "marino", "greco", "conti")
