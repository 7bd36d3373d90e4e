"""Vocabulary and sentence patterns for the synthetic corpus.

Every word here comes from the knowledge base's own five sources
(/work/shared/seeds: the BMW interview, the Autohaus text, the B2B study, the
Barcamp session on marketing vs. social media) or is a compound of their words
("Kundenbindung", "Marketingbudget", "Innovationszyklen"), so the text the
related-articles and search hooks see at scale has the shape of the real one:
closed compounds, umlauts, inflected plurals, brand names, English loan words.

Nouns carry their grammatical gender so the patterns can decline the article;
plural nouns are used where German case endings would otherwise go wrong.
"""

from __future__ import annotations

#: Topic names (the keys of ``extra.kb.topics``) → nouns typical of that topic.
#: Tuples are (noun, gender) with gender in "m", "f", "n".
TOPIC_NOUNS: dict[str, list[tuple[str, str]]] = {
    "Konzernkommunikation": [
        ("Konzern", "m"), ("Marke", "f"), ("Reputation", "f"), ("Pressestelle", "f"),
        ("Unternehmenskommunikation", "f"), ("Krisenkommunikation", "f"),
        ("Markenbotschaft", "f"), ("Authentizität", "f"), ("Kampagne", "f"),
        ("Öffentlichkeit", "f"), ("Kommunikationslandschaft", "f"), ("Kommunikationsmix", "m"),
        ("Pressearbeit", "f"), ("Mitarbeiterkommunikation", "f"), ("Umweltkonzern", "m"),
        ("Konzernmarke", "f"), ("Submarke", "f"), ("Sportmarketing", "n"),
        ("Traditionsunternehmen", "n"), ("Sprachrohr", "n"), ("Geschäftsmodell", "n"),
        ("Werbeversprechen", "n"), ("Fachmagazin", "n"), ("Top-Down-Prinzip", "n"),
    ],
    "B2B-Kommunikation": [
        ("Entscheidungsträger", "m"), ("Fachmesse", "f"), ("Geschäftskunde", "m"),
        ("Vertrieb", "m"), ("Leadgenerierung", "f"), ("Messbarkeit", "f"),
        ("Kundenbindung", "f"), ("Wettbewerbsvorteil", "m"), ("Fachpublikum", "n"),
        ("Studie", "f"), ("Grundregel", "f"), ("Endverbraucher", "m"), ("Pragmatismus", "m"),
        ("Lebenssituation", "f"), ("Analogie", "f"), ("Fernsehwerbung", "f"),
        ("Gastbeitrag", "m"), ("Zulieferer", "m"), ("Einkaufsabteilung", "f"),
        ("Whitepaper", "n"), ("Fachportal", "n"), ("Netzwerk", "n"), ("Webinar", "n"),
        ("Versicherungspflicht", "f"),
    ],
    "Autohandel": [
        ("Autohaus", "n"), ("Händler", "m"), ("Probefahrt", "f"), ("Sonderfinanzierung", "f"),
        ("Sonderangebot", "n"), ("Werkstatt", "f"), ("Gebrauchtwagen", "m"), ("Neuwagen", "m"),
        ("Verkäufer", "m"), ("Facebook-Seite", "f"), ("Autokonzern", "m"), ("Fahrzeug", "n"),
        ("Handelsorganisation", "f"), ("Marketingbudget", "n"), ("Testbericht", "m"),
        ("Betrieb", "m"), ("Kundendienst", "m"), ("Autoblogger", "m"), ("Motorrad", "n"),
        ("Kfz-Versicherung", "f"), ("Servicetermin", "m"), ("Kaufentscheidung", "f"),
        ("Schnellschuss", "m"), ("Nischenblog", "n"),
    ],
}

#: Nouns every topic uses.
COMMON_NOUNS: list[tuple[str, str]] = [
    ("Kommunikation", "f"), ("Strategie", "f"), ("Reichweite", "f"), ("Zielgruppe", "f"),
    ("Beziehung", "f"), ("Diskussion", "f"), ("Erfahrung", "f"), ("Plattform", "f"),
    ("Community", "f"), ("Engagement", "n"), ("Vertrauen", "n"), ("Interview", "n"),
    ("Unternehmen", "n"), ("Thema", "n"), ("Netz", "n"), ("Blog", "n"), ("Budget", "n"),
    ("Dialog", "m"), ("Kanal", "m"), ("Medienkanal", "m"), ("Kontakt", "m"), ("Erfolg", "m"),
    ("Austausch", "m"), ("Beitrag", "m"), ("Kunde", "m"), ("Mitarbeiter", "m"),
    ("Berater", "m"), ("Markt", "m"), ("Zeitpunkt", "m"), ("Hype", "m"), ("ROI", "m"),
    ("Kundensupport", "m"), ("Zuspruch", "m"), ("Kommentar", "m"),
]

#: Plural noun phrases (nominative = accusative): safe in any subject/object slot.
PLURALS: list[str] = [
    "Unternehmen", "Kunden", "Blogger", "Autohäuser", "Händler", "Mitarbeiter", "Marken",
    "Konzerne", "Zielgruppen", "Fans", "Interessenten", "Multiplikatoren", "Bewerber",
    "Entscheidungsträger", "Agenturen", "Verkäufer", "Geschäftskunden", "Berater",
    "Endverbraucher", "Leser", "Autoblogger", "Pressesprecher", "Marketingabteilungen",
    "Kommunikationsabteilungen", "Werkstätten", "Fachmedien", "Netzwerke", "Plattformen",
    "Medienkanäle", "Produktbewertungen", "Emotionen", "Beziehungen", "Häuser",
]

#: Brands, networks and events the sources name.
NAMES: list[str] = [
    "Facebook", "Twitter", "YouTube", "Xing", "LinkedIn", "Instagram", "Foursquare",
    "Google+", "Flickr", "BMW", "MINI", "Daimler", "Mercedes", "Siemens", "Chevrolet",
    "Procter & Gamble", "Neue Digitale", "Rolls Royce", "Scholz & Friends",
]

ADJECTIVES: list[str] = [
    "sozial", "emotional", "klassisch", "authentisch", "persönlich", "kritisch", "offen",
    "ehrlich", "geradlinig", "nachhaltig", "messbar", "kurzfristig", "langfristig",
    "bodenständig", "kontrovers", "spannend", "interessant", "wichtig", "komplex",
    "zwischenmenschlich", "unternehmensübergreifend", "kommunikativ", "effizient", "neu",
    "digital", "regional", "glaubwürdig", "zeitaufwendig", "gehaltvoll", "holprig",
]

#: Verbs in the third person plural present, with a direct object.
VERBS_PL: list[str] = [
    "pflegen", "unterschätzen", "messen", "aufbauen", "nutzen", "planen", "brauchen",
    "diskutieren", "beobachten", "bewerten", "verbessern", "erreichen", "vernachlässigen",
    "begleiten", "suchen", "entdecken", "erklären", "verändern", "prüfen", "erwarten",
]

#: Verbs as infinitives for modal constructions.
VERBS_INF: list[str] = [
    "aufbauen", "pflegen", "messen", "erklären", "ernst nehmen", "in Zahlen ausdrücken",
    "vernachlässigen", "beantworten", "ausbauen", "begleiten", "kennenlernen",
    "glaubwürdig vertreten", "vorstellen", "ins Gespräch bringen",
]

MODALS: list[str] = ["müssen", "sollten", "können", "wollen", "dürfen"]

OPENERS: list[str] = [
    "Natürlich", "Allerdings", "Außerdem", "Zudem", "Dennoch", "Prinzipiell", "Immerhin",
    "Mittlerweile", "Vermutlich", "Offenbar", "Gerade", "Neulich", "Zusätzlich", "Auch",
    "Im Kern", "Auf jeden Fall", "In den wenigsten Fällen", "Seit über fünf Jahren",
]

#: German sentence patterns. Slots: {P}/{Q} plural nouns, {N}/{M} singular noun phrases
#: (nominative, with article), {Nd} dative phrase, {A} adjective, {V} plural verb,
#: {I} infinitive, {MOD} modal, {O} opener, {X} a name, {K} a topic keyword (bare).
PATTERNS_DE: list[str] = [
    "{P} {V} {Na} oft zu wenig.",
    "{O} {MOD} {P} {Na} {A}er {I}.",
    "Wer {Na} nur als Werbung begreift, wird auf {X} keinen Erfolg haben.",
    "Im Zentrum steht {N} und die Frage, wie {P} mit {Nd} umgehen.",
    "{O} geht es bei {Nd} in erster Linie um Beziehungen und um Emotionen.",
    "Die Diskussion über {Na} verläuft dabei recht kontrovers, ist aber durchaus interessant.",
    "Schaut man hinter die Kulisse, ist bei {Nd} oft ziemlich viel heiße Luft.",
    "Für {P} ist {N} ein fester Bestandteil des Kommunikationsmix geworden.",
    "{X} zeigt, dass {N} auch ohne großes Marketingbudget funktionieren kann.",
    "Wie führen {P} einen Dialog mit {Nd} auf Augenhöhe?",
    "Das größte Investment im Bereich {K} ist Zeit.",
    "{P} {MOD} sich bewusst sein, dass {N} {A} wirkt.",
    "Sobald ein Bruch zwischen Werbung und Realität entsteht, wird {N} angreifbar.",
    "{O} lassen sich Emotionen nur schwer in Zahlen ausdrücken, auch beim Thema {K}.",
    "Viele {P} fragen sich, was {N} im Alltag wirklich bringt.",
    "Bei {X} gab es kürzlich einen Beitrag über {Na} und die Probleme der Vermarktung.",
    "Ein Kontakt über {X} bleibt überwiegend erhalten, {N} dagegen verpufft schnell.",
    "{O} reagieren {P} auf {Na} genauso emotional wie der klassische Endverbraucher.",
    "Ohne klare Ziele wird {N} schnell zum Schnellschuss.",
    "{P} und {Q} {V} {Na} inzwischen deutlich {A}er als früher.",
    "Die Gewichtung zwischen {Nd} und anderen Instrumenten ist themenabhängig.",
    "Ob sich {N} rechnet, weiß man in den wenigsten Fällen vorher.",
    "Dabei geht es nicht um Angebote, sondern um den Austausch von Gedanken rund um {K}.",
    "{X} setzt bei {Nd} seit Jahren auf {A}e Inhalte.",
    "Gute Beziehungen zu {P_dat} sind in jeder Lebenssituation wichtig.",
    "Wer jetzt prognostiziert, dass {N} nur ein Hype ist, kann genauso Unrecht haben.",
    "{O} zeigt die Studie, dass {P} bei {Nd} noch Nachholbedarf haben.",
    "Die Kosten/Nutzen-Frage stellt sich bei {Nd} immer wieder neu.",
    "{P} {MOD} {K} nicht jeden Tag als neue Sau durchs Dorf treiben.",
    "Momentan laufen gefühlte Unmengen an Beratern durchs Land, die genau wissen, wie {N} geht.",
]

#: English vocabulary for the translated share of the corpus.
TOPIC_NOUNS_EN: dict[str, list[str]] = {
    "Konzernkommunikation": [
        "corporate communication", "brand", "reputation", "press office", "crisis communication",
        "brand message", "authenticity", "campaign", "public", "communication mix",
        "press relations", "internal communication", "sub-brand", "business model",
    ],
    "B2B-Kommunikation": [
        "decision maker", "trade fair", "business customer", "sales", "lead generation",
        "measurability", "customer loyalty", "competitive advantage", "study", "end consumer",
        "innovation cycle", "television advertising", "guest article", "white paper",
    ],
    "Autohandel": [
        "car dealership", "dealer", "test drive", "special financing", "special offer",
        "workshop", "used car", "new car", "salesperson", "Facebook page", "car maker",
        "marketing budget", "test report", "service appointment",
    ],
}
COMMON_NOUNS_EN: list[str] = [
    "communication", "strategy", "reach", "target group", "relationship", "discussion",
    "experience", "platform", "community", "engagement", "trust", "interview", "dialogue",
    "channel", "contact", "success", "exchange", "customer", "employee", "consultant", "ROI",
]
PLURALS_EN: list[str] = [
    "companies", "customers", "bloggers", "car dealerships", "dealers", "employees", "brands",
    "corporations", "target groups", "fans", "prospects", "multipliers", "decision makers",
    "agencies", "consultants", "readers", "press officers", "marketing departments",
]
NAMES_EN: list[str] = [
    "Facebook", "Twitter", "YouTube", "Xing", "LinkedIn", "Instagram", "BMW", "MINI",
    "Daimler", "Siemens", "Chevrolet", "Barcamp Berlin", "Barcamp Hamburg",
]
ADJECTIVES_EN: list[str] = [
    "social", "emotional", "classic", "authentic", "personal", "critical", "open", "honest",
    "sustainable", "measurable", "short-term", "long-term", "down-to-earth", "controversial",
    "interesting", "important", "complex", "efficient", "digital", "credible",
]
VERBS_EN: list[str] = [
    "maintain", "underestimate", "measure", "build", "use", "plan", "need", "discuss",
    "observe", "evaluate", "improve", "reach", "neglect", "support", "explain", "change",
]
OPENERS_EN: list[str] = [
    "Of course", "However", "Moreover", "Still", "In principle", "After all", "Meanwhile",
    "Probably", "Apparently", "Recently", "In addition", "At its core", "In any case",
]
#: English patterns; slots as in German, all bare nouns.
PATTERNS_EN: list[str] = [
    "{P} often {V} the {N} too little.",
    "{O}, {P} should take the {N} seriously.",
    "Whoever sees the {N} only as advertising will not succeed on {X}.",
    "At the centre are the {N} and the question of how {P} deal with the {M}.",
    "{O}, the {N} is first and foremost about relationships and emotions.",
    "The discussion about the {N} is controversial, but interesting.",
    "For {P}, the {N} has become a fixed part of the communication mix.",
    "{X} shows that the {N} can work without a large marketing budget.",
    "How do {P} hold a dialogue with the {M} at eye level?",
    "The biggest investment in {K} is time.",
    "{P} must be aware that the {N} has an effect that is {A}.",
    "Many {P} wonder what the {N} really brings in everyday work.",
    "Without clear goals, the {N} quickly becomes a rash move.",
    "{P} and {Q} {V} the {N} in a more {A} way than before.",
    "Whether the {N} pays off is rarely known in advance.",
    "{X} has relied on {A} content for the {N} for years.",
]

#: German and English section headings.
HEADINGS_DE: list[str] = [
    "Ausgangslage", "Ziele und Strategie", "Erfahrungen aus der Praxis", "Die Rolle der Kunden",
    "Messbarkeit und ROI", "Kanäle im Überblick", "Was bleibt", "Ein Blick nach vorn",
    "Beziehungen statt Angebote", "Fazit",
]
HEADINGS_EN: list[str] = [
    "Starting point", "Goals and strategy", "Experience in practice", "The role of customers",
    "Measurability and ROI", "Channels at a glance", "What remains", "Looking ahead",
    "Relationships instead of offers", "Conclusion",
]

#: Tags: a shared pool, drawn with a long tail (Zipf-like) per topic.
TAGS_COMMON: list[str] = [
    "Facebook", "Twitter", "Blogs", "Strategie", "ROI", "Community", "YouTube", "Interview",
    "Studie", "Beziehungen", "Emotionen", "Monitoring", "Datenschutz", "Xing", "LinkedIn",
    "Instagram", "Google+", "Foursquare", "Barcamp", "Web 2.0", "User Generated Content",
    "Content Marketing", "Employer Branding", "Recht", "Agenturen", "Beratung", "Kennzahlen",
]
TAGS_TOPIC: dict[str, list[str]] = {
    "Konzernkommunikation": [
        "Konzernkommunikation", "Blogger Relations", "Reputation", "Krisenkommunikation",
        "Marke", "Pressearbeit", "BMW", "Daimler", "Siemens", "Deutsche Bahn", "Kampagnen",
        "Authentizität", "Interne Kommunikation", "Marketing",
    ],
    "B2B-Kommunikation": [
        "B2B", "B2C", "Kundenbindung", "Messbarkeit", "Messe", "Vertrieb", "Leads",
        "Fachmedien", "Whitepaper", "Netzwerke", "Innovation", "Mittelstand",
    ],
    "Autohandel": [
        "Autohaus", "Autohandel", "Händler", "Probefahrt", "Werkstatt", "Gebrauchtwagen",
        "Sonderangebote", "Bewertungen", "Autoblogger", "Kfz-Versicherung", "Lokales Marketing",
    ],
}

#: Reader names and German comment sentences (shape of the sources' comments).
COMMENTERS: list[str] = [
    "EdiL", "Malte", "Gerald", "Sabine K.", "Thomas", "Autodiva", "Markus", "Jens B.",
    "Claudia", "Frank", "Petra", "Stefan W.", "Anja", "Oliver", "Heike", "Michael R.",
]
COMMENT_SENTENCES: list[str] = [
    "Bin auf die Fortsetzung zu diesem Thema sehr gespannt.",
    "Aus eigener Erfahrung weiß ich, dass es nicht immer einfach ist.",
    "Aller Anfang ist bekanntlich schwer.",
    "Sind wir doch mal ehrlich: am Ende des Tages wird alles am Umsatz gemessen.",
    "Danke für die Blumen, das war wirklich eine gehaltvolle Diskussion.",
    "Ich sehe das ähnlich, auch wenn {N} bei uns noch keine große Rolle spielt.",
    "Welche Reichweite haben diese Blogs denn überhaupt?",
    "Wir haben mit {Nd} ganz andere Erfahrungen gemacht.",
    "Ein spannendes Thema, und so wirklich ist noch keiner auf eine Lösung gekommen.",
    "Hoffe, es kommt was dabei rum.",
    "Gerade im Autohaus fehlt für {Na} oft schlicht die Zeit.",
    "Pragmatismus hin oder her, ohne Vertrauen geht es nicht.",
]
