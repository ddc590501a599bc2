"""What the offline planner must not guess at: messages in another language, and actions Hookline cannot take.

Why said plainly: a German question answered with a generic English "didn't catch that", or "pause ad 123" quietly
turned into a kill/scale report, leaves the user believing something happened or that they were misunderstood.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A word list written as one block of text."""
    return frozenset(text.split())

# frequent function words that are not English words (a short message needs two of them to count)
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "Spanish": _words("""el los las del una unos por para con que como cuál cuáles qué cómo muéstrame dame
        anuncios mejores semana pasada mes últimos hazme variantes campaña rendimiento gasto está están fue es
        según también sobre nuestro nuestros nuestras hoy ayer puedes podrías crear crea mejor anuncio esta este
        cuánto gastamos"""),
    "German": _words("""der die das den dem des und ist war wie welche welcher welches was wir unsere unser
        letzte letzten woche monat anzeigen beste besten zeig zeige mir mach erstelle varianten wurde bitte
        nicht mit für über gestern heute warum"""),
    "French": _words("""les des une est était comment quelle quelles quels quel nos notre semaine dernière
        mois annonces meilleures meilleurs montre-moi montre moi fais variantes pourquoi avec pour sur dans
        aujourd hier peux-tu pouvez-vous peux pouvez créer crée créez meilleure pub pubs publicité publicités
        dépenses résultats cette ce je tu vous nous"""),
    "Italian": _words("""il gli della delle come quale quali nostri nostre settimana scorsa mese annunci
        migliori mostrami fammi varianti perché con per sono era ieri oggi"""),
    "Portuguese": _words("""os das dos uma como qual quais nossos nossas semana passada mês anúncios melhores
        mostre-me mostre faça variantes porque com para são foi ontem hoje"""),
    "Dutch": _words("""het een zijn wat welke onze vorige week maand advertenties beste laat zien maak
        varianten waarom met voor gisteren vandaag"""),
}
_ENGLISH = _words("""the a an and or of to in on for with by from is are was were be how what which who why our we
    me my you it this that last week month best top ads ad show make give do did report numbers please""")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?", re.UNICODE)


def foreign_language(text: str) -> str | None:
    """The language of `text` when it is clearly not English (by its function words), else None."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    english = sum(w in _ENGLISH for w in words)
    best, hits = None, 0
    for language, vocabulary in _FUNCTION_WORDS.items():
        count = sum(w in vocabulary for w in words)
        if count > hits:
            best, hits = language, count
    if best and hits >= 2 and hits > english:
        return best
    return None


def foreign_language_reply(language: str) -> str:
    return (f"This looks like {language}. Offline I understand English only, so I did not act on it. Please write "
            "the request in English (for example 'best ads last week by ROAS'); with an LLM configured "
            "(HOOKLINE_MODEL) I also answer in your language.")


_ACCOUNT_ACTION = re.compile(
    r"^(?:(?:please|pls|can you|could you|go ahead and|now)\s+)*"
    r"(?P<verb>pause|unpause|resume|turn off|turn on|switch off|switch on|stop|activate|deactivate|launch|publish|"
    r"delete|archive|duplicate|boost|increase|raise|lower|decrease|reduce|set|change|move|shift|reallocate|cap)\b"
    r"(?:\s+\S+){0,4}?\s+(?P<what>ads?|campaigns?|ad ?sets?|budgets?|bids?|(?P<named>\d{4,}|[a-z0-9]+(?:[_\-]"
    r"[a-z0-9]+){2,}))\b"
    r"(?!\s+(?:report|numbers|recap|check-?ins?|schedules?|alerts?|digest))")
_READ_ONLY_CUE = re.compile(r"\b(?:should|which|what|recommend|suggest|advice|whether|\?)")


def unsupported_action(text: str) -> str | None:
    """A plain reply when the message asks Hookline to change the ad account (pause, budgets, publishing)."""
    match = _ACCOUNT_ACTION.search(text.strip())
    if not match or _READ_ONLY_CUE.search(text):
        return None
    verb = match.group("verb")
    target = "ads" if match.group("named") else {"ad": "ads", "ads": "ads", "budget": "budgets",
                                                  "budgets": "budgets", "bid": "bids", "bids": "bids"}.get(
        match.group("what"), "campaigns or ad sets")
    return (f"I can't {verb} {target}: Hookline reads your ad data and makes creatives, it does not change your ad "
            "account (pausing, budgets, publishing are done in Ads Manager). What I can do: recommend what to kill or "
            "scale ('what should we pause?'), report how an ad did, or find fatigued creatives.")
