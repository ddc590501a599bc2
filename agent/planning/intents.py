"""Intent scoring: weighted lexical/pattern features plus similarity to exemplar requests.

Why both: patterns are precise on the phrasings they know; exemplar similarity (character n-grams) carries the long
tail of paraphrases and misspellings. Scores are additive evidence; `offline.py` decides (and asks when unsure).
Placeholder tokens from `normalize` (`qqquote`, `uuurl`, `ccchannel`, `fffile`) stand for data spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planning.similarity import exemplar_similarity

GEN_NOUNS = (r"(?:variants?|variations?|versions?|iterations?|alternatives?|alts|remix(?:es)?|spin-?offs?|mutations?|"
             r"riffs?|takes|new ads|ad ideas|concepts?|hooks|headlines|copies|creatives|ads|options|edits|cuts)")
MAKE_VERBS = (r"(?:make|makes|making|create|creating|generate|generating|produce|write|draft|spin up|crank out|"
              r"churn out|whip up|come up with|build|design|render|mock up|cook up|give me|get me|i need|we need|"
              r"need|want|brainstorm|pump out|knock out|put together|prepare|turn (?:it|this|that|"
              r"them) into)")

FEATURES: dict[str, list[tuple[str, float]]] = {
    "generate_variants": [
        (rf"\b{MAKE_VERBS}\b(?:\s+\S+){{0,7}}?\s+{GEN_NOUNS}\b", 2.5),
        (r"\b(?:variants?|variations?|iterations?|remix(?:es)?|spin-?offs?|mutations?|riffs?|alternatives?)\b", 1.5),
        (r"\b(?:iterate on|riff on|remix|mutate|spin off|twist on|versions? of|more like (?:this|that|it)|rework|"
         r"refresh|reskin|new takes? on|rewrite)\b", 1.5),
        (r"\b\d+\s+more\b|\banother\s+\d+\b|\bmore (?:variants|versions|of (?:those|these|them|that|it))\b|"
         r"\bdo (?:\d+|another|more)\b", 1.5),
        (r"\bturn (?:it|this|that|them) into\b", 1.0),
        (r"\btranslat\w+\b|\blocali[sz]\w+\b", 1.0),
        (r"\b(?:of|from|based on|off|using)\s+(?:the\s+|our\s+|last\s+)?(?:\w+\s+){0,2}(?:winner|best (?:ad|one|"
         r"performer)|top (?:ad|performer)|_ads_|blueprint)\b", 1.0),
        (r"\bhow many\b|\bwhich (?:ad|variant)\b", -1.0),
        (r"\b(?:ad )?ideas\b|\bangles\b", -1.5),
        (r"\bwhat makes\b|\b(?:top|best|worst|bottom)\s+\d+\s+(?:ads|creatives)\s+(?:by|on)\b", -2.5),
    ],
    "performance_report": [
        (r"\bhow (?:did|do|does|are|is|were|was|have|has)\b(?:\s+\S+){0,7}\s+(?:do|doing|perform\w*|go|going|look\w*|"
         r"been|done|trend\w*|land\w*|fare\w*|hold\w* up|track\w*|pacing)\b", 2.5),
        (r"\bhow (?:are|is|were|was) (?:we|our|the|things|it|ads?|campaigns?|performance|spend)\b", 1.5),
        (r"\bhow (?:we|our \w+|the \w+|things|it|they) (?:did|do|are doing|were doing|went|performed|look|looked|"
         r"are performing|fared)\b", 2.5),
        (r"\b(?:send|show|give|get|pull|share|post)(?: me| us)?(?: \S+){0,2} (?:numbers|stats|results|kpis|metrics|"
         r"performance|figures)\b", 2.0),
        (r"\b(?:report|recap|summary|summari[sz]e|overview|rundown|snapshot|scorecard|dashboard|debrief|wrap-?up|"
         r"round-?up|readout|health check|check-up|pulse)\b", 2.0),
        (r"\bbreakdown of (?:our |the )?(?:performance|spend|results|numbers|account|week|month)\b", 2.0),
        (r"\b(?:kpis?|metrics|numbers|stats|results|performance|spend|spent|cpm|topline|top-line|roi)\b", 0.8),
        (r"\bhow much (?:did|have|has) (?:we|i)\b|\bwhat did we (?:spend|make|earn)\b|\btotal spend\b", 2.0),
        (r"\bwhat did\b(?:\s+\S+){0,5}\s+look like\b|\bhow did\b(?:\s+\S+){0,5}\s+look\b", 2.5),
        (r"\b(?:winner|winners|best|top)\b", -0.6),
    ],
    "find_winners": [
        (r"\bwinners?\b|\bwinning (?:ads?|creatives?)\b|\bwon\b", 2.0),
        (r"\b(?:top|best|bottom|worst)\s+\d+\b", 2.0),
        (r"\b(?:best|top|strongest|highest|leading|star|hero|standout|mvp)\b(?:\s+\S+){0,3}\s+(?:ads?|creatives?|"
         r"performers?|performing|videos?|assets?|concepts?|one|ones|thing)\b", 2.0),
        (r"\b(?:top|best|highest|strongest)[- ](?:performing|performer|performers|converting)\b", 1.5),
        (r"\bwhich (?:of (?:our|the|my|these) )?(?:single |one )?(?:ad|creative|one|video|concept|asset)s?\b"
         r"(?:\s+\S+){0,6}\s+(?:best|wins|"
         r"most|highest|lowest|top|won|"
         r"win|winning|crushing|outperform\w*|strongest|cheapest|better)\b", 2.5),
        (r"\b(?:lowest|cheapest|best) (?:cpa|cost)\b|\bhighest (?:roas|ctr|hook rate|return)\b", 1.5),
        (r"\b(?:crushing it|killing it|on fire|outperform\w*|carr(?:ied|ying) (?:us|the account))\b", 1.5),
        (r"\brank(?:ed|ing|ings)?\b|\bleaderboard\b|\bwho (?:won|is winning)\b", 1.5),
        (r"\b(?:why|what makes|drivers?|attributes?|patterns?|separates?|sets? (?:them |it )?apart|in common|"
         r"distinguish\w*)\b", -1.0),
    ],
    "performance_query": [
        (r"\b(?:by|per|across|split by|broken down by|for each)\s+(?:the\s+)?(?:age|age groups?|age brackets?|gender|"
         r"placements?|countr(?:y|ies)|campaigns?|ad ?sets?|formats?|hook types?|offers?|colou?rs?|backgrounds?|"
         r"interests?|devices?)\b", 2.5),
        (r"\bwhich (?:age|age groups?|age brackets?|gender|placements?|countr(?:y|ies)|campaigns?|ad ?sets?)\b", 2.5),
        (r"\btrend\w*\b|\bover time\b|\bday by day\b|\bweek over week\b|\bmonth over month\b", 2.0),
        (r"\b(?:vs\.?|versus|compared? (?:to|with)|against)\b", 1.0),
        (r"\bcompare\b", 1.5),
        (r"\bhow much (?:did|have|has) (?:we|i) (?:spend|spent|make|made)\b|\bhow many (?:leads|purchases|sales|"
         r"orders|clicks|impressions)\b", 1.0),
        (r"\b(?:frequency|reach|leads?|cost per lead|cpl)\b", 1.5),
        # "what was our CPA yesterday": a KPI's value, not why it changed
        (r"\bwhat (?:was|is|were|are)\s+(?:our |the |my )?(?:average |avg |overall |total |blended )?(?:link )?"
         r"(?:roas|cpa|ctr|cpm|cpc|spend|revenue|hook rate|hold rate|frequency|reach|impressions|leads|purchases|"
         r"cost per \w+)\b(?!\s+(?:drop|fall|fell|rise|rose|jump|spike|dip|change|increase|decrease)\w*)", 2.5),
    ],
    "explain_change": [
        (r"\bwhy\b(?:\s+\S+){0,6}?\s+(?:drop\w*|fall\w*|fell|rise|rising|rose|risen|up|down|increas\w*|decreas\w*|"
         r"spik\w*|jump\w*|dip\w*|chang\w*|worse|better|tank\w*|declin\w*|climb\w*|went|go|so (?:high|low)|"
         r"higher|lower|plummet\w*|crash\w*|surg\w*|soar\w*|slid|slip\w*)\b", 3.0),
        (r"\b(?:what|who) (?:is |was )?(?:behind|caus\w*|explains?|driving|drove)\b(?:\s+\S+){0,5}\s+(?:spike|drop|"
         r"dip|jump|change|increase|decrease|decline|rise|fall|surge|slump|swing)\b", 3.0),
        (r"\b(?:is|are|was|were|went|has gone|have gone)\s+(?:way\s+|so\s+)?(?:down|up)\b(?:\s+\S+){0,4}\s*,?\s*"
         r"(?:what happened|why|how come|what changed)\b", 3.0),
        (r"\bwhat (?:happened|changed) (?:to|with)\b", 2.5),
        (r"\bexplain\b(?:\s+\S+){0,6}\s+(?:change|drop|rise|spike|dip|fell|fall|increase|decrease|jump)\b", 2.0),
        (r"\bwhy\b", 0.5),
    ],
    "creative_fatigue": [
        (r"\bfatigu\w*|\bburn(?:ing|t|ed)? out\b|\bburnout\b|\bwearing out\b|\bworn out\b|\bwear-?out\b|"
         r"\b(?:gone|going|getting) stale\b|\bstale\b|\blosing steam\b|\brunning out of steam\b|\bdecay\w*|"
         r"\btired (?:ads?|creatives?)\b|\bgetting tired\b|\b(?:ads?|creatives?) (?:are |is )?(?:getting )?tired\b|"
         r"\bsaturat\w*", 3.0),
        (r"\b(?:alerts?|check-?ins?|schedul\w*|digest|every|each)\b", -1.5),
    ],
    "audience_clusters": [
        (r"\bsegment\w*|\bclusters?\b|\bclustering\b|\bpersonas?\b|\bcohorts?\b", 2.5),
        (r"\baudiences?\b", 1.0),
        (r"\bgroup (?:the |our )?audiences?\b|\baudience (?:groups|types|profiles)\b", 1.5),
    ],
    "creative_insights": [
        (r"\binsights?\b|\blearnings?\b|\bpatterns?\b|\bdrivers?\b|\btakeaways?\b|\bcorrelat\w+\b|\blift\b", 2.0),
        (r"\b(?:driving|drives|drive|moving|moves|hurting|hurts)\s+(?:our\s+|the\s+)?(?:roas|ctr|cpa|clicks|"
         r"conversions|performance|results|hook rate|hold rate|sales)\b", 2.0),
        (r"\b(?:separates?|distinguish\w*|sets? (?:them |it )?apart|have in common|has in common|difference between)"
         r"\b", 2.0),
        (r"\bwhat\b(?:\s+\S+){1,3}\s+(?:is|are|was|were)\s+(?:working|not working|driving|moving|landing|resonating)\b",
         2.0),
        (r"\bwhat (?:is|are) (?:working|not working|driving|moving)\b|\bwhat works\b|\bwhat worked\b|"
         r"\bwhat (?:makes|drives)\b|\bwhy (?:do|does|did|are|is)\b", 2.0),
        (r"\bwhat (?:kind|type|sort|style)s? of (?:hooks?|ads?|creatives?|angles?|videos?|ctas?|formats?|copy|"
         r"openers?|visuals?)\b", 2.5),
        (r"\bwhich (?:hooks?|formats?|ctas?|angles?|styles?|elements?|attributes?|themes?|colou?rs?|lengths?|"
         r"hook types?|openers?|visuals?|features?)\b", 2.0),
        (r"\b(?:attributes?|elements?|features?|characteristics?|ingredients?)\b", 1.0),
        (r"\b(?:choices|decisions|elements?|attributes?|factors?|ingredients?|traits?)\b(?:\s+\S+){0,2}\s+(?:bring|"
         r"brings|push|pushes|get|gets|keep|keeps|lower|lowers|reduce|reduces|raise|raises|improve|improves|help|"
         r"helps|boost|boosts|cut|cuts)\b", 2.5),
        (r"\b(?:features?|attributes?|elements?|traits?)\b(?:\s+\S+){0,3}\s+(?:move|moves|drive|drives|lift|lifts|"
         r"affect|affects|impact|impacts|matter|matters)\b", 2.0),
        (r"\b(?:hook types?|formats?|ctas?|angles?|ugc|testimonials?)\b(?:\s+\S+){0,4}\s+(?:work|perform|convert|"
         r"drive|lift|win|beat|matter)\w*\b", 1.5),
        (r"\b(?:does|do|did)\b(?:\s+\S+){1,8}\s+(?:help|hurt|matter|work|improve|boost|lift)\b", 2.5),
        (r"\b(?:does|do|did)\b(?:\s+\S+){1,6}\s+(?:beat|outperform|work better than|convert better than|"
         r"do better than)\b", 2.5),
        (r"\bwhat makes (?:some |our |the )?(?:hooks?|ads?|creatives?|videos?|formats?)\b", 1.5),
    ],
    "creative_briefs": [
        (r"\bbriefs?\b", 3.0),
        (r"\bwhat (?:should|shall|do|can|could) (?:we|i) (?:make|create|shoot|film|produce|test|launch|build|try|"
         r"run|do) next\b|\bwhat (?:to|should we|should i) (?:make|create|shoot|film|produce|test|try) next\b", 3.5),
        (r"\bwhat (?:else )?should (?:we|i) (?:make|create|shoot|film|produce|test)\b", 2.5),
        (r"\b(?:next|new|fresh|more) (?:concepts?|ad ideas|ideas|angles|creative (?:ideas|direction|strategy))\b",
         2.0),
        (r"\b(?:ad|creative|content|video|campaign) ideas\b|\bideas for\b", 2.0),
        (r"\b(?:creative strategy|gap analysis|untested combinations?|what (?:haven't|have not) we tried)\b", 2.5),
    ],
    "score_creatives": [
        (r"\b(?:score|scores|scoring|grade|rating|predict|prediction|evaluate|assess|judge|pre-?test|"
         r"forecast)\b|(?<!hook )(?<!hold )(?<!through )(?<!conversion )(?<!completion )\brate\b", 2.0),
        (r"\bhow (?:would|will|might|could|does|do)\b(?:\s+\S+){0,6}\s+(?:perform|do|land|work|convert|fare|"
         r"score)\b", 1.5),
        (r"\b(?:would|will|could) (?:this|these|it|that|they|qqquote)\b(?:\s+\S+){0,3}\s+(?:work|perform|do well|"
         r"convert|win|fly|land)\b", 2.0),
        (r"\bpre-?launch\b|\bbefore (?:we |i )?(?:launch|go live|ship|publish)\b|\bgood enough\b", 1.5),
        (r"\bqqquote\b", 0.4),
        (r"\bhow (?:strong|good|effective|compelling|persuasive|catchy)\b(?:\s+\S+){0,3}\s+(?:this|that|it|these|"
         r"qqquote)\b", 2.0),
        (r"\b(?:is|are) (?:this|these|it|qqquote)\b(?:\s+\S+){0,2}\s+(?:any good|good|strong|likely|decent|"
         r"ok|okay|better)\b", 2.0),
    ],
    "kill_scale_decisions": [
        (r"\b(?:kill|kills|pause|pausing|turn off|switch off|shut off|shut down|cut|stop running|stop spending|"
         r"pull the plug|axe|sunset)\b", 2.0),
        (r"\b(?:scale|scaling|scale up|double down|increase (?:the )?budgets?|boost|pour more|put more money|"
         r"more budget|budget)\b", 1.8),
        (r"\bdeserve\w* (?:more )?(?:money|budget|spend)\b|\bmore money\b", 2.0),
        (r"\bkill or scale\b|\bkeep or kill\b|\bwhat (?:should|do) (?:we|i) do with\b|\bdecisions?\b|"
         r"\bwhich ads? should (?:we|i)\b|\bwhat to (?:pause|kill|scale|cut)\b", 2.0),
        (r"\b(?:check-?ins?|schedules?|scheduled|reminders?|automation|digest|alerts?|recurring)\b", -2.5),
        (r"\bkilling it\b|\bcrushing it\b", -3.0),
    ],
    "extract_blueprint": [
        (r"\bbreak(?:ing)?\s+(?:\S+\s+){0,3}down\b|\bdeconstruct\w*|\bdissect\w*|\btear ?down\b|\bteardown\b|"
         r"\breverse[- ]?engineer\w*|\bblueprint\b|\banatomy\b|\bpull (?:it|this|that) apart\b|\bdecode\b|"
         r"\bunpack\b", 2.5),
        (r"\banaly[sz]\w* (?:this|that|the|their|our|a) (?:\w+ )?(?:ad|video|creative|spot|clip|reel|image|tiktok)"
         r"\b|\bwhat makes (?:this|that|their) (?:\w+ )?(?:ad|video|creative)\b|\bshot list\b|\bstructure of\b|"
         r"\bcuts? and pacing\b|\bpacing\b|\bhow is (?:this|it|that) (?:built|edited|structured|cut)\b", 2.0),
        (r"\bcompetitor\w*\b|\btheir (?:ad|video|creative)\b", 1.0),
        (r"\bwhat(?: is| was)? (?:the )?(?:hook|hooks|angle|cta|offer|archetype|structure)\b(?:\s+\S+){0,3}\s+"
         r"(?:this|that|it|qqquote)\b"
         r"|\b(?:its|the) (?:hook|angle|structure)\b(?:\s+\S+){0,3}\s*qqquote|\bqqquote\b(?:\s+\S+){0,6}\s+(?:its|"
         r"the) hook\b", 2.5),
        (r"\b(?:performance|spend|results|numbers|account|kpis?)\b", -1.0),
    ],
    "brand_search": [
        (r"\bbrand (?:voice|guidelines?|guide|book|tone|rules|dna|values?|palette|colou?rs?|fonts?|style|"
         r"personality|docs?|bible)\b|\btone of voice\b|\bstyle guide\b", 1.5),
        (r"\bour (?:voice|tone|tagline|slogan|guidelines?|value props?|usps?|palette|colou?rs|brand)\b", 1.0),
        (r"\b(?:what|how)\b(?:\s+\S+){0,5}\s+(?:brand|guidelines?|guide|style guide)\b(?:\s+\S+){0,3}\s+"
         r"(?:say|says|said|allow|recommend)\b", 2.5),
        (r"\b(?:look up|search|find|check|consult|pull up|what does|what do)\b(?:\s+\S+){0,4}\s+(?:brand|guidelines?|"
         r"style guide|brand book)\b", 2.0),
        (r"\b(?:allowed|banned|forbidden|not allowed|can we say|are we allowed|may we|ok to say|okay to say)\b", 1.5),
        (r"\bhow (?:are|am) (?:we|i) (?:supposed|meant|allowed) to\b", 2.0),
        (r"\b(?:policy|rules?|stance|position|guidance) (?:on|about|for)\b", 2.0),
        (r"\bhow (?:do|should|would|can) we (?:\w+ )?(?:talk|sound|describe|write|refer|speak|position|phrase|call|"
         r"explain)\b|\bwhat is our (?:voice|tone|tagline)\b", 2.0),
    ],
    "brand_add": [
        (r"\b(?:remember|memori[sz]e|note|save|store|record|log|keep in mind|take note|learn|add|upload)\b"
         r"(?:\s+\S+){0,6}\s+(?:to|in|into|for|under)\s+(?:the |our )?(?:brand|brand dna|guidelines?|brand book|"
         r"style guide|brand memory|memory)\b", 3.0),
        (r"\b(?:remember that|remember this|note that|keep in mind|from now on|going forward|for future reference|"
         r"please remember|make a note)\b|^(?:please )?(?:remember|note)\s*[:,-]", 2.5),
        (r"\b(?:our|the) (?:tagline|slogan|value prop|usp|tone|voice|palette|colou?rs?|brand colou?rs?) (?:is|are)\b",
         2.0),
        (r"\b(?:we|you should) (?:never|don't|do not) (?:use|say|mention|write|call|describe|refer to|promise|"
         r"claim)\b|\bdo not ever\b|\bban (?:the )?(?:word|phrase)\b",
         1.5),
        (r"\bnote (?:for|to) (?:the )?brand\b|\bfor the record\b|\bfile (?:this|that|it) (?:under|as)\b|"
         r"\bsave (?:this|that) (?:as|under)\b", 2.5),
        (r"\b(?:here is|here are|attached is|attached are)\b(?:\s+\S+){0,3}\s+(?:brand|guidelines?|style guide|"
         r"brand book)\b", 2.5),
    ],
    "schedule_checkin": [
        (r"\b(?:schedule|scheduled|set up|setup|automate|remind|reminder|subscribe|recurring|cron)\b", 1.5),
        (r"\b(?:are|is|got|have been) set up\b|\bwhat (?:is|are) scheduled\b", -1.5),
        (r"\b(?:post|send|share|drop|deliver|push|publish|ping)\b(?:\s+\S+){0,6}\s+(?:to|in|into|on)\s+"
         r"(?:ccchannel|the channel|this channel|here)\b", 1.5),
        (r"\bccchannel\b", 0.5),
    ],
    "list_checkins": [
        (r"\b(?:list|show|what|which|see|view|display|any|all)\b(?:\s+\S+){0,4}\s+(?:check-?ins?|schedules?|"
         r"scheduled|automations?|reminders?|recurring (?:posts?|reports?|jobs?)|subscriptions?|cron jobs?)\b", 2.5),
        (r"\bwhat (?:is|do we have|have we got|have i got|do i have) (?:\S+ ){0,2}(?:scheduled|set up|automated|"
         r"running automatically|on a schedule|on autopilot)\b", 2.5),
        (r"\b(?:cancel|stop|remove|delete|disable|unschedule|schedule|every|add)\b|\bset up (?!automatically)\w", -1.5),
        (r"\b(?:are|is|got|have been) set up\b", 1.0),
    ],
    "cancel_checkin": [
        (r"\b(?:cancel|stop|remove|delete|disable|turn off|unschedule|unsubscribe|kill|drop|get rid of|switch off|"
         r"no more|pause|end)\b(?:\s+\S+){0,6}\s+(?:check-?ins?|schedules?|scheduled|reminders?|automations?|digests?|"
         r"alerts?|recurring|posts?|posting|reports?|checks?|velocity|_id_)\b", 3.0),
        (r"\bunschedule\b|\bunsubscribe\b|\bno longer (?:post|send|need)\b|\bstop (?:posting|sending)\b", 3.0),
    ],
    "ingest_performance": [
        (r"\b(?:import|ingest|load|upload|pull in|process|read in|bring in|add|sync)\b(?:\s+\S+){0,5}\s+(?:data|"
         r"exports?|csvs?|xlsx|spreadsheets?|files?|fffile|sheet|numbers|stats)\b", 2.5),
        (r"\b(?:import|ingest)\b", 1.5),
        (r"\b(?:here is|here are|attached is|attached are|attaching|sending you)\b(?:\s+\S+){0,4}\s+(?:exports?|"
         r"data|csvs?|numbers|stats|results|spreadsheets?)\b", 2.5),
    ],
    "sync_account": [
        (r"\b(?:refresh|sync|re-?sync|update|reload)\b(?:\s+\S+){0,4}\s+(?:data|numbers|stats|account|ad account|"
         r"insights|meta|facebook)\b", 3.0),
        (r"\b(?:sync|pull|fetch|get|download|import)\b(?:\s+\S+){0,4}\s+(?:from|with|out of)\s+(?:the\s+|our\s+)?"
         r"(?:(?:meta|facebook|fb)\s+)?(?:meta|facebook|fb|ads manager|(?:ad )?account)\b", 3.0),
        (r"\b(?:fresh|latest|up-to-date) (?:data|numbers|stats) from (?:meta|facebook)\b", 1.0),
    ],
    "help": [
        (r"^(?:please )?help(?: me| please| pls)?\s*[.!?]?$|\bwhat can you (?:do|help with)\b|\bhow (?:do|can) i use "
         r"(?:you|this|hookline)\b|\bwhat do you do\b|\bcommands\b|\bcapabilities\b|\bwhat are you\b|"
         r"\bwho are you\b", 2.5),
    ],
    "greeting": [
        (r"^(?:hi|hello|hey|yo|hiya|howdy|good (?:morning|afternoon|evening)|thanks|thank you|cheers|ty|great|"
         r"awesome|nice|cool|ok|okay)\b(?:\s+\S+){0,2}\s*[.!]?$", 2.5),
    ],
}
_COMPILED = {intent: [(re.compile(p), w) for p, w in rules] for intent, rules in FEATURES.items()}
INTENTS: tuple[str, ...] = tuple(FEATURES)


@dataclass(frozen=True)
class Signals:
    """Evidence from outside the words: attachments, links, slots, conversation memory."""

    media: bool = False  # an attached video/image, or a media path in the text
    data_file: bool = False  # an attached CSV/XLSX export
    document: bool = False  # an attached PDF/DOCX/TXT/MD
    url: bool = False
    quote: bool = False
    channel: bool = False
    recurrence: bool = False  # "every Monday", "daily", a cron, ...
    time_of_day: bool = False
    followup: bool = False  # "more", "again", "same", "it", "those" ...
    period: bool = False  # a period was named ("yesterday", "in October")
    has_variant_memory: bool = False


def score_intents(text: str, signals: Signals) -> dict[str, float]:
    """Additive evidence per intent for one clause of normalised text."""
    scores = {intent: 0.0 for intent in INTENTS}
    for intent, rules in _COMPILED.items():
        for pattern, weight in rules:
            if pattern.search(text):
                scores[intent] += weight
    if signals.media:
        scores["extract_blueprint"] += 0.8
        scores["score_creatives"] += 0.3
    if signals.url:
        scores["extract_blueprint"] += 0.8
    if signals.data_file:
        scores["ingest_performance"] += 0.5
    if signals.document:
        scores["brand_add"] += 1.0
    if signals.recurrence:
        scores["schedule_checkin"] += 2.0
        scores["performance_report"] -= 0.5
    if signals.time_of_day and signals.channel:
        scores["schedule_checkin"] += 1.0
    if signals.period:
        scores["performance_report"] += 0.7
    if signals.followup and signals.has_variant_memory:
        scores["generate_variants"] += 0.5
    for intent, similarity in exemplar_similarity(text).items():
        scores[intent] += 3.0 * max(0.0, similarity - 0.3)
    return scores
