"""Column names shared by every platform: reporting dates, audience breakdowns, metadata we skip on purpose."""

from __future__ import annotations

from tools.ingest.platforms.headers import normalize_header

# Meta-style reporting window; used by every platform when there is no Day column (daily only if start == end).
REPORTING_ALIASES: dict[str, tuple[str, ...]] = {
    "reporting_start": (
        "Reporting starts", "Reporting start", "Berichtsbeginn", "Beginn des Berichtszeitraums",
        "Début des rapports", "Début du rapport", "Inicio del informe", "Inicio de los informes",
        "Início dos relatórios", "Início do relatório", "Inizio report", "Inizio del report", "Inizio reporting",
        "Date start", "Start date",
    ),
    "reporting_end": (
        "Reporting ends", "Reporting end", "Berichtsende", "Ende des Berichtszeitraums", "Fin des rapports",
        "Fin du rapport", "Fin del informe", "Fin de los informes", "Término dos relatórios", "Fim dos relatórios",
        "Fine report", "Fine del report", "Fine reporting", "Date stop", "End date",
    ),
}

# Audience breakdowns: kept as creative attributes AND on the ad set's `audience`, even when the values are numeric
# (an interest code is a category, not a measure).
BREAKDOWN_NAMES: frozenset[str] = frozenset(
    normalize_header(n)
    for n in (
        "age", "age group", "age range", "alter", "âge", "edad", "idade", "età", "eta",
        "gender", "sex", "geschlecht", "sexe", "sexo", "genere", "genero",
        "interest", "interests", "interest id", "interest code", "interessen", "intérêts", "intereses",
        "interesses", "interessi",
        "country", "land", "pays", "país", "paese", "region", "région", "región", "região", "regione",
        "dma region", "city", "location", "placement", "platzierung", "ubicación", "posicionamento",
        "posizionamento", "platform", "plattform", "plateforme", "plataforma", "piattaforma",
        "publisher platform", "device platform", "impression device", "device", "audience", "audience name",
        "language", "os", "operating system",
    )
)

# Metadata columns of platform exports that are neither measures nor creative attributes.
COMMON_IGNORED: tuple[str, ...] = (
    "Attribution setting", "Attributionseinstellung", "Paramètre d'attribution", "Configuración de atribución",
    "Configuração de atribuição", "Impostazione di attribuzione",
    "Result indicator", "Ergebnisindikator", "Indicateur de résultat", "Indicador de resultado",
    "Indicatore di risultato", "Result type", "Ergebnistyp", "Type de résultat", "Tipo de resultado",
    "Tipo di risultato",
    "Delivery", "Delivery status", "Delivery level", "Ad delivery", "Ad set delivery", "Campaign delivery",
    "Auslieferung", "Diffusion", "Entrega", "Veiculação", "Pubblicazione",
    "Bid", "Bid type", "Bid strategy", "Budget", "Budget type", "Ad set budget", "Ad set budget type",
    "Campaign budget", "Campaign budget type", "Ad group budget", "Objective", "Objective type", "Optimization goal",
    "Starts", "Ends", "Last significant edit", "Quality ranking", "Engagement rate ranking",
    "Conversion rate ranking", "Status", "Primary status", "Secondary status", "Ad status", "Campaign status",
    "Ad set status", "Ad group status", "Time zone", "Timezone",
    # counts we do not store and that every full Meta/TikTok export carries (documented in docs/ingest.md)
    "Video plays at 95%", "Videowiedergaben zu 95 %", "Lectures de la vidéo à 95 %",
    "Reproducciones de video hasta el 95%", "Reproduções do vídeo a 95%", "Riproduzioni del video al 95%",
    "Video plays", "Video views", "Unique link clicks", "Unique clicks (all)", "Unique CTR (link click-through rate)",
)
