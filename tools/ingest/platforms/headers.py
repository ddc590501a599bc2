"""Header normalisation: one comparable form for 'Amount spent (EUR)', 'amount_spent', 'Montant dépensé (EUR)'.

Exports differ in case, accents, punctuation, non-breaking spaces (French '25 %') and a currency suffix on money
columns. Aliases are compared in this normalised form, and the suffix is split off to read the currency.
"""

from __future__ import annotations

import re
import unicodedata

# ISO 4217 codes in use; a 3-letter suffix outside this set is not taken for a currency ("Clicks (all)").
_ISO_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER
ZAR ZMW ZWL
"""
ISO_CURRENCIES = frozenset(_ISO_CODES.split())
_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₺": "TRY", "₽": "RUB", "R$": "BRL", "US$": "USD"}
_SUFFIX = re.compile(r"^(?P<base>.*?)\s*[(\[]\s*(?P<code>[A-Za-z]{3}|R\$|US\$|[€£¥₹₺₽])\s*[)\]]\s*$")
_PUNCT = re.compile(r"[_\-‐‑‒–—./:·]+")
_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


def normalize_header(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for every alias comparison."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.translate(_APOSTROPHES).casefold()
    folded = _PUNCT.sub(" ", folded)
    folded = folded.replace("(", " (").replace(")", ") ")
    folded = _SPACE.sub(" ", folded).strip()
    folded = folded.replace("( ", "(").replace(" )", ")").replace(" %", "%")
    return folded


def split_currency(header: str) -> tuple[str, str | None]:
    """'Amount spent (EUR)' → ('Amount spent', 'EUR'); headers without a currency suffix come back unchanged."""
    match = _SUFFIX.match(str(header).strip())
    if not match:
        return header, None
    code = match.group("code")
    currency = _SYMBOLS.get(code) or (code.upper() if code.isupper() and code.upper() in ISO_CURRENCIES else None)
    if currency is None:
        return header, None
    return match.group("base"), currency


# Ratios and averages the platforms precompute; Hookline recomputes them from the counts, so they are not read.
_DERIVED = re.compile(
    r"^(ctr|cpm|cpc|cpa|cpv|cpp|frequency|frequenz|repetition|frecuencia|frequencia|frequenza|"
    r"costo por|costo per|custo por|cout par|cout pour|kosten pro|coste por|"
    r"average|avg|durchschnittl|moyenne|promedio|tasa|taux|taxa|tasso|quote|click through)\b"
    r"|\b(roas|rate|rates|ratio|cost per|return on ad spend)\b"
)


def is_derived(normalized: str) -> bool:
    """True for precomputed ratios (CTR, CPM, Frequency, Cost per …) in any of the supported languages."""
    return bool(_DERIVED.search(normalized))
