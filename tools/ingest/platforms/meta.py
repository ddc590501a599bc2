"""Meta Ads Manager exports (Facebook/Instagram): English plus German, French, Spanish, Portuguese, Italian headers.

A daily export has a `Day` column or `Reporting starts` = `Reporting ends` on every row (Breakdown → By time → Day).
`Results` is stored as conversions only when no explicit conversions/leads column exists; ratios are recomputed.
"""

from __future__ import annotations

from tools.ingest.platforms.aliases import COMMON_IGNORED, REPORTING_ALIASES
from tools.ingest.platforms.platforms import Platform, merge_aliases


def _video_percent(p: int) -> tuple[str, ...]:
    return (
        f"Video plays at {p}%", f"Video plays at {p} %", f"Videowiedergaben zu {p} %",
        f"Wiedergaben des Videos zu {p} %", f"Videowiedergaben bis {p} %", f"Lectures de la vidéo à {p} %",
        f"Lectures de vidéo à {p} %", f"Reproducciones de video hasta el {p}%", f"Reproducciones del video al {p}%",
        f"Reproducciones de vídeo hasta el {p} %", f"Reproduções do vídeo a {p}%", f"Reproduções de {p}% do vídeo",
        f"Reproduções de vídeo até {p}%", f"Riproduzioni del video al {p}%", f"Riproduzioni video al {p}%",
    )


META_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("Day", "Date", "Tag", "Datum", "Jour", "Date", "Día", "Fecha", "Dia", "Data", "Giorno"),
    "account_id": (
        "Account ID", "Ad account ID", "Konto-ID", "Werbekonto-ID", "Identifiant du compte", "ID du compte",
        "Identificador de la cuenta", "ID de la cuenta", "Identificação da conta", "ID da conta", "ID account",
        "Identificativo dell'account",
    ),
    "account_name": (
        "Account name", "Ad account name", "Kontoname", "Name des Werbekontos", "Nom du compte",
        "Nombre de la cuenta", "Nome da conta", "Nome dell'account",
    ),
    "campaign_id": (
        "Campaign ID", "Kampagnen-ID", "Identifiant de la campagne", "ID de la campagne",
        "Identificador de la campaña", "ID de la campaña", "Identificação da campanha", "ID da campanha",
        "ID campagna", "Identificativo della campagna",
    ),
    "campaign_name": (
        "Campaign name", "Kampagnenname", "Name der Kampagne", "Nom de la campagne", "Nombre de la campaña",
        "Nome da campanha", "Nome della campagna",
    ),
    "adset_id": (
        "Ad set ID", "Anzeigengruppen-ID", "Identifiant de l'ensemble de publicités",
        "ID de l'ensemble de publicités", "Identificador del conjunto de anuncios", "ID del conjunto de anuncios",
        "Identificação do conjunto de anúncios", "ID do conjunto de anúncios", "ID gruppo di inserzioni",
        "Identificativo del gruppo di inserzioni",
    ),
    "adset_name": (
        "Ad set name", "Name der Anzeigengruppe", "Anzeigengruppenname", "Nom de l'ensemble de publicités",
        "Nombre del conjunto de anuncios", "Nome do conjunto de anúncios", "Nome del gruppo di inserzioni",
    ),
    "ad_id": (
        "Ad ID", "Anzeigen-ID", "Identifiant de la publicité", "ID de la publicité", "Identificador del anuncio",
        "ID del anuncio", "Identificação do anúncio", "ID do anúncio", "ID inserzione",
        "Identificativo dell'inserzione",
    ),
    "ad_name": (
        "Ad name", "Anzeigenname", "Name der Anzeige", "Nom de la publicité", "Nombre del anuncio", "Nome do anúncio",
        "Nome dell'inserzione",
    ),
    "creative_id": ("Creative ID", "Ad creative ID", "Creative-ID", "Identifiant de la création"),
    "headline": ("Headline", "Title", "Überschrift", "Titel", "Titre", "Título", "Titolo"),
    "body": (
        "Body", "Primary text", "Body (ad settings)", "Text", "Primärtext", "Texte", "Texte principal", "Texto",
        "Texto principal", "Testo", "Testo principale",
    ),
    "cta": (
        "Call to action type", "Call to action", "Call-to-action type", "Call-to-Action-Typ", "Call-to-Action",
        "Art des Call-to-Action", "Type d'appel à l'action", "Type de bouton d'appel à l'action", "Appel à l'action",
        "Tipo de llamada a la acción", "Llamada a la acción", "Tipo de chamada para ação", "Chamada para ação",
        "Tipo di invito all'azione", "Invito all'azione",
    ),
    "currency": ("Currency", "Währung", "Devise", "Divisa", "Moneda", "Moeda", "Valuta"),
    "spend": (
        "Amount spent", "Ausgegebener Betrag", "Montant dépensé", "Importe gastado", "Valor usado", "Valor gasto",
        "Importo speso",
    ),
    "impressions": ("Impressions", "Impressionen", "Impresiones", "Impressões", "Impression", "Impressioni"),
    "reach": ("Reach", "Reichweite", "Couverture", "Alcance", "Copertura"),
    "link_clicks": (
        "Link clicks", "Link-Klicks", "Linkklicks", "Klicks auf Link", "Clics sur un lien", "Clics sur le lien",
        "Clics en el enlace", "Clics en enlaces", "Cliques no link", "Clic sul link", "Clic sui link",
    ),
    "clicks_all": (
        "Clicks (all)", "Klicks (alle)", "Clics (tous)", "Clics (todos)", "Cliques (todos)", "Clic (tutti)",
    ),
    "video_plays_3s": (
        "3-second video plays", "3-Sekunden-Videowiedergaben", "3-Sekunden-Video-Plays",
        "Videowiedergaben von 3 Sekunden", "Lectures de vidéo de 3 secondes", "Lectures de vidéos de 3 secondes",
        "Reproducciones de video de 3 segundos", "Reproducciones de vídeo de 3 segundos",
        "Reproduções de vídeo de 3 segundos", "Riproduzioni del video di 3 secondi",
        "Riproduzioni video di 3 secondi",
    ),
    "thruplays": ("ThruPlays", "ThruPlay", "Thru-Plays"),
    "video_p25": _video_percent(25),
    "video_p50": _video_percent(50),
    "video_p75": _video_percent(75),
    "video_p100": _video_percent(100),
    "purchases": (
        "Purchases", "Website purchases", "Käufe", "Website-Käufe", "Achats", "Achats sur le site web", "Compras",
        "Compras en el sitio web", "Compras no site", "Acquisti", "Acquisti sul sito web",
    ),
    "purchase_value": (
        "Purchases conversion value", "Purchase conversion value", "Website purchases conversion value",
        "Conversion-Wert für Käufe", "Conversion-Wert der Käufe", "Valeur de conversion des achats",
        "Valor de conversión de compras", "Valor de conversión de las compras", "Valor de conversão da compra",
        "Valor de conversão das compras", "Valore di conversione degli acquisti",
    ),
    "conversions": (
        "Conversions", "Leads", "Website leads", "Results", "Ergebnisse", "Résultats", "Resultados", "Risultati",
    ),
}

META = Platform(
    name="meta",
    title="Meta Ads Manager",
    aliases=merge_aliases(META_ALIASES, REPORTING_ALIASES),
    ignored=COMMON_IGNORED,
    export_hint=(
        "In Meta Ads Manager open the Ads tab, choose Breakdown → By time → Day, include Ad name and Ad ID, "
        "then Reports → Export table data (CSV or XLSX)."
    ),
)
