"""The closed vocabulary (issue #26): the words the checker understands around a figure.

A figure keeps a ledger verdict only when every content word among the words that decided its
reading is one of these (see :mod:`kursk_data.extract.closed`). Every new blind set showed a
wrong verdict made by a word no rule knew ("newly", "second round", "surrendered"): a closed
list turns such a word into an abstention that names it, instead of a verdict that ignores it.

Written by hand, by category; each category says why its words cannot change what a figure
counts. A word is never added because a sentence of a seen set holds it: a word missing here
costs an abstention, a word wrongly here can cost a wrong verdict.
"""

from __future__ import annotations

from kursk_data.extract.tokens import NUMBER_WORDS, SCALES
from kursk_data.extract.vocabulary import MONTHS, SIDES, word_set

# Grammar: articles, pronouns, prepositions, conjunctions, the verbs "be", "have", "do". They
# link words; they name no count, time, place or fate of their own. Left out on purpose:
# negation (not, no, never, none, nor) and modals (will, would, could, may, might, can,
# should, must), which turn a count into a denial, a plan or a possibility; words that set a
# count in another time or condition (before, until, when, if, whether); words of scope
# (per, each, all, any, same: "per day", "on all fronts", "the same week").
FUNCTION = word_set(
    "a an the this that these those its it their they them his her he she we our us i you who "
    "whom whose which what where while whereas as at by for from in into of off on onto out "
    "over than to toward towards under up upon with within without via about across after "
    "against along amid amidst among amongst around behind below beside between beyond "
    "despite during inside near outside through throughout and or but so both either is are "
    "was were be been being am have has had having do does did there here itself themselves "
    "such own since"
)
# Qualifier words: they bound a figure (about, over, up to); the qualifier reader reads them,
# and they never change what is counted.
QUALIFIERS = word_set(
    "about approximately approx around roughly some circa close nearly almost approaching "
    "over than least upwards upward minimum surpass surpassing surpassed exceeding "
    "exceed exceeded top topped above excess fewer less passed pass just well up many high "
    "maximum below estimated estimate plus odd only exactly precisely nearer nigh "
    "roughly an total totalling totaling tally numbering number numbered numbers"
)
# Verbs that give the level a count stands at ("losses reached 38,000", "stood at 1,000"):
# like "topped" or "totalling", they state the figure and name nothing counted.
LEVEL_VERBS = word_set(
    "reached reach reaches reaching stood stands stand totalled totaled totals amounted amounts"
)
# Numbers, dates and the calendar: they say how many or when a count was stated, not what it
# counts. (Periods such as "week" or "last year" are left out: they scope a count; so are the
# days of the week: "sent since Monday" is a few days' increment.)
NUMBERS_AND_DATES = (
    frozenset(NUMBER_WORDS)
    | frozenset(SCALES)
    | (MONTHS - {"may"})  # "may" the modal: a month only by a date (kursk_data.extract.closed)
    | word_set(
        "thousand thousands hundred hundreds million millions mln bn tens dozens dozen "
        "mid late end date dated "
        "as of"
    )
)
# A day of the week dates a statement only after "on", "as of" or a verb of saying ("said on
# Monday", "as of Thursday", "said Thursday"); "since Monday" and "by Friday" scope the count
# (kursk_data.extract.closed).
WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
# Sides and the place of the incursion: the reader reads the side; Kursk and its region are
# where every ledger measure is counted. Other places (Sumy, Belgorod, a town) are left out:
# they can put a figure somewhere else.
SIDES_AND_PLACE = frozenset(SIDES) | word_set(
    "north korea korean koreans dprk pyongyang ukraine's russia's kursk region regions "
    "oblast province border western southwestern area direction axis territory soil land "
    "inside russian ukrainian ukrainians russians kremlin moscow kyiv kiev"
)
# Reporting: verbs of saying and the people and bodies who say. A source says who counts, never
# what is counted (a side that only the speaker gives is refused by the positive pattern).
REPORTING = word_set(
    "said says say saying told tell tells according claimed claims claim reported reports "
    "report reporting stated states announced announces added adds wrote writes cited citing "
    "noted notes put puts putting gave gives believes believed assessed assesses assessment "
    "assessments data figures figure statement statements sources source officials official "
    "spokesman spokesperson spokeswoman ministry minister defence defense general generals "
    "staff commander chief head president intelligence analysts analyst agency institute isw "
    "service press briefing interview media news update updated "
    "correspondent journalists journalist study think tank government authorities "
    "pentagon nato washington seoul nis jcs gur hur sbu office department white house "
    "secretary adviser advisor aide spokesmen governor acting colonel lieutenant major "
    "commanders deputy senior top military armed staff's representative representatives "
    "estimates estimated confirm confirmed confirms publicly quoted quoting telegram "
    "posted post channel statement count counted counts mapping map maps monitor monitors "
    "monitoring blogger bloggers project osint geolocated spy south gen"
)
# Every form of the verbs of saying above (the list gave some forms only): "noting", "adding",
# "stating" report a count as "noted" does. Whole paradigms, never a single word seen in a set.
REPORTING_FORMS = word_set(
    "telling claiming state stating announce announcing add adding write writing written "
    "cite cites noting note give giving given believe assess assessing confirming quote "
    "quotes posts posting"
)
# Words that say how sure the source is, without changing the count.
HEDGES_NEUTRAL = word_set(
    "reportedly allegedly likely believed thought known understood also currently now still "
    "officially already roughly overall altogether total cumulative so far"
)
# The project's own marker of made-up rows: every fictional test sentence says so (its
# rule for test data); the word names no count.
FICTION_MARKERS = word_set("fictional fictionally fictitious test")
# The names of the operation itself: the figure is about it, as every ledger measure is.
# ("war" and "invasion" are left out: they can widen a toll to the whole war.)
OPERATION = word_set("incursion operation operations")

# The measures' own nouns and verbs, by family. A word of a sibling measure (peak, retaken,
# redeployed, planned, more) is in its own family only: the sibling rules read it there.
AREA = word_set(
    "area areas territory ground land foothold pocket zone salient bridgehead sq square "
    "km kms kilometres kilometers kilometre kilometer km² km2 mi mi² mi2 miles mile sqkm sqmi "
    "hectares held hold holds holding controlled control controls controlling occupied "
    "occupy occupies occupying hands forces troops army military captured seized took "
    "taken capture seize take covering covers spanning units unit brigades retained retains "
    "retain kept keep keeps secured secure conquered ruled clung enclave grip "
    "brigade soldiers"
)
# Held now, as the sibling rule reads it (a shrinking foothold is the area held now).
AREA_HELD = word_set(
    "now currently still today remaining remain remains remained left shrunk shrank "
    "shrinking dwindled dwindling reduced clinging cling clings"
)
AREA_PEAK = word_set(
    "peak peaked height maximum once initially originally largest first most greatest extent point"
)
AREA_RETAKEN = word_set(
    "retook retaken recaptured recapture regained reclaimed liberated liberating retake "
    "retaking regain regaining reclaim reclaiming won win winning took take taking wrested "
    "clawed got back"
)
PEOPLE = word_set(
    "troops troop soldiers soldier servicemen serviceman servicemembers personnel fighters "
    "fighter men people infantrymen servicepeople servicewomen members force forces "
    "contingent grouping army garrison units unit military armed ground combat strong "
    "service"
)
FORCE = word_set(
    "deployed deploy deploying deployment sent send sending stationed massed amassed "
    "gathered committed fielded concentrated present based fighting fight battling engaged "
    "dispatched dispatch arrived located operating number numbering"
)
REDEPLOYED = word_set(
    "redeployed redeploy redeploying redeployment transferred transfer transferring pulled "
    "pulling diverted diverting shifted shifting relocated relocating withdrawn withdrew "
    "moved moving brought other fronts front sectors directions elsewhere"
)
PLANNED = word_set(
    "plan plans planned planning intends intend intended intending expected expects expect "
    "will would could send additional more another further follow"
)
AGAINST_FOOTHOLD = word_set(
    "counterattack counteroffensive counter attack dislodge dislodging oust ousting eject "
    "ejecting expel expelling push pushing drive driving repel repelling retake retaking "
    "regain recapture liberate facing against out back incursion foothold salient"
)
# Fates: a word of another fate among a toll's words can make it a combined count ("killed
# or missing"), so each toll reads its own fate's words and the shared ones (losses, lost).
KILLED_WORDS = word_set(
    "killed dead died deaths death fatalities perished irretrievable irrecoverable kia"
)
WOUNDED_WORDS = word_set("wounded injured injuries wounds hurt medical sanitary")
LOSSES = word_set(
    "losses loss casualties casualty lost lose losing suffered sustained incurred toll action "
    "fighting cost costs costing"
)
MISSING_WORDS = word_set("missing mia")
# Every fate's words: one between two counts is read as the other count's (closed.py).
FATE_WORDS = (
    KILLED_WORDS
    | WOUNDED_WORDS
    | MISSING_WORDS
    | word_set("captured capture capturing prisoners prisoner pows pow captives captive captivity")
)
CAPTURED = word_set(
    "captured capture capturing prisoners prisoner pows pow captives captive captivity taken"
)

# The operation's beginning: in a toll's clause it dates the toll from the start ("since the
# incursion began": a total so far); "at the start" (an earlier figure) is read by structure.py.
SINCE_START = word_set("began begun started launched start beginning outset")

# Multi-word phrases whose words are read together ("since the start of": a total so far).
PHRASES = (
    ("since", "the", "start"),
    ("since", "the", "beginning"),
    ("since", "the", "outset"),
    ("since", "its", "start"),
    ("institute", "for", "the", "study", "of", "war"),
    ("prisoners", "of", "war"),
    ("prisoner", "of", "war"),
    ("at", "most"),
    ("more", "than"),  # "5,000 more troops" is an increment: "more" only as a qualifier
    ("or", "more"),
    ("no", "more"),
    ("not", "more"),
    ("no", "fewer"),
    ("not", "fewer"),
    ("no", "less"),
    ("not", "less"),
    ("in", "all"),
    ("came", "to"),
    ("come", "to"),
    ("comes", "to"),
)

COMMON = frozenset().union(
    FUNCTION,
    QUALIFIERS,
    LEVEL_VERBS,
    NUMBERS_AND_DATES,
    SIDES_AND_PLACE,
    REPORTING,
    REPORTING_FORMS,
    HEDGES_NEUTRAL,
    OPERATION,
    FICTION_MARKERS,
)

# The words a figure's reading may hold, by what it counts.
BY_WHAT: dict[str, frozenset[str]] = {
    "area_held": COMMON | AREA | AREA_HELD,
    "peak_area_held": COMMON | AREA | AREA_PEAK,
    "area_retaken": COMMON | AREA | AREA_RETAKEN,
    "deployed": COMMON | PEOPLE | FORCE,
    "redeployed": COMMON | PEOPLE | FORCE | REDEPLOYED,
    "planned": COMMON | PEOPLE | FORCE | PLANNED,
    "against_foothold": COMMON | PEOPLE | FORCE | AGAINST_FOOTHOLD,
    "killed": COMMON | PEOPLE | LOSSES | KILLED_WORDS | SINCE_START,
    "wounded": COMMON | PEOPLE | LOSSES | WOUNDED_WORDS | SINCE_START,
    "killed_and_wounded": COMMON | PEOPLE | LOSSES | KILLED_WORDS | WOUNDED_WORDS | SINCE_START,
    "captured": COMMON | PEOPLE | CAPTURED | SINCE_START,
    "missing": COMMON | PEOPLE | LOSSES | MISSING_WORDS | SINCE_START,
}
# Titles before a speaker's name ("commander Oleksandr Syrskyi said").
TITLES = word_set(
    "commander chief president minister spokesman spokesperson spokeswoman general colonel "
    "lieutenant major governor secretary adviser advisor aide head deputy analyst leader gen"
)
# Verbs of saying right after or before a name ("Syrskyi said", "said Zelensky").
NAME_SPEECH = word_set(
    "said says told stated claimed wrote added announced estimated estimates reported put puts"
)
