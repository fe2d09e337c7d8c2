"""The words the checker reads, in one place: sides, people and their fate, areas, verbs.

Every list is lower case; the reader compares tokens in lower case. Lists are plain sets so a
reader of this file sees exactly which words count (and can add one with a test).
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of ``text``, separated by spaces, as a set."""
    return frozenset(text.split())


# Units and nouns after a number (see kursk_data.extract.pairs).
PEOPLE_NOUNS = word_set(
    "troops troop soldiers soldier servicemen serviceman servicemembers personnel fighters "
    "fighter men man people conscripts conscript marines paratroopers mercenaries recruits "
    "reservists russians ukrainians koreans infantrymen officers officer generals occupiers "
    "occupier invaders servicepeople servicewomen commandos volunteers draftees combatants "
    "privates sergeants defenders defender bodies corpses residents civilians inhabitants "
    "evacuees refugees citizens workers labourers laborers"
)
# People who are not troops, and the dead found rather than counted: such a figure is read
# (it is a count of people) but never given a ledger measure.
# Workers sent abroad are people by their trade, not troops: counted, never a force.
CIVILIAN_NOUNS = word_set(
    "residents civilians inhabitants evacuees refugees citizens workers labourers laborers"
)
CIVILIAN_WORDS = CIVILIAN_NOUNS | word_set(
    "evacuate evacuated evacuating evacuation evacuations displaced flee fled fleeing homes "
    "civilian"
)
BODY_NOUNS = word_set("bodies corpses remains")
# Nouns that count people by what happened to them: they are also a unit.
OUTCOME_NOUNS = word_set(
    "casualties losses dead killed wounded injured prisoners prisoner pows captives deaths "
    "fatalities captured missing injuries"
)
# Nouns for a body of troops, read as a unit after a number ("a 70,000-plus Russian force").
GROUP_NOUNS = word_set("force forces contingent grouping army garrison")
# Words that may stand between a number and its people noun.
MODIFIERS = word_set(
    "north south korean koreans russian ukrainian chechen more additional extra new fresh "
    "elite enemy foreign regular mobilised mobilized contract special wounded injured captured "
    "of the its their his our whom military ground army armed service combat sanitary medical "
    "irretrievable irrecoverable dprk frontline others other confirmed reported"
)
NATIONALITY_MODIFIERS = frozenset({"north", "korean", "russian", "ukrainian", "south", "dprk"})

# Dates, labels and small words around a number (see kursk_data.extract.reader).
MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# A number right after one of these is a label, an age or a road, not a count.
LABEL_WORDS = word_set(
    "aged age ages highway route road article page chapter flight level grade paragraph no "
    "version vol volume section brigade regiment division battalion corps district item "
    "resolution line sector"
)
# Small words that may follow a figure whose unit comes from its sentence.
FUNCTION_WORDS = word_set(
    "in on at by and or but more since during over last this that were was are is had have has "
    "been according so as from to for with across near inside within into after before while "
    "when who which later already alone total altogether together overall each now then still "
    "yet of a an the so far there here between among against until through throughout amid "
    "despite following under"
)

# Sides and cues for what a figure counts (see kursk_data.extract.measures).
SIDES = {
    "russia": "russian",
    "russian": "russian",
    "russians": "russian",
    "moscow": "russian",
    "kremlin": "russian",
    "ukraine": "ukrainian",
    "ukrainian": "ukrainian",
    "ukrainians": "ukrainian",
    "kyiv": "ukrainian",
    "kiev": "ukrainian",
    "pyongyang": "north_korean",
    "dprk": "north_korean",
    # The Ukrainian armed forces by their initials (English and transliterated).
    "uaf": "ukrainian",
    "afu": "ukrainian",
    "zsu": "ukrainian",
}
KOREA_WORDS = {"korea", "korean", "koreans"}

KILLED = word_set(
    "killed dead died die deaths death fatalities perished irretrievable irrecoverable kia"
)
WOUNDED = word_set("wounded injured injuries wounds hurt")
BOTH = word_set("losses loss casualties lost lose losing")
CAPTURED = word_set(
    "captured capturing capture prisoners prisoner pows pow surrendered surrender surrendering "
    "captives captive captivity"
)
MISSING = word_set("missing mia")
# Before "losses" or "casualties": which of the two they count.
LOSS_KIND = {
    "medical": "wounded",
    "sanitary": "wounded",
    "irretrievable": "killed",
    "irrecoverable": "killed",
}
# Nouns that stand for a body of troops: a figure whose sentence names one counts people.
FORCE_NOUNS = word_set(
    "force forces contingent grouping army deployment garrison troops soldiers units toll"
)
PEOPLE_CUES = (
    PEOPLE_NOUNS | OUTCOME_NOUNS | FORCE_NOUNS | KILLED | WOUNDED | BOTH | CAPTURED | MISSING
)
AREA_NOUNS = word_set("area territory ground land foothold pocket zone salient bridgehead region")
AREA_VERBS = word_set("held hold holds holding controlled control controls occupied")
PEAK_WORDS = frozenset({"peak", "peaked", "height", "maximum"})
RETAKE_WORDS = word_set(
    "retook retaken recaptured recapture regained reclaimed liberated liberating"
)
# "won back 720 sq km", "has taken back", "wrested back": a verb of taking before "back".
RETAKE_BEFORE_BACK = word_set("won win winning taken took take taking wrested clawed got")
# Verbs by which a side takes ground: Russia "captured 3,517 sq km" holds none of Kursk's.
AREA_TAKE_VERBS = word_set("captured seized took taken gained won occupied")
# "another 40 sq km", "a further 35 square kilometres": ground gained, not the area held.
INCREMENT_WORDS = word_set("another further additional extra")
# Verbs whose subject is the side counted ("Russia lost 600", "North Korea sent 11,000").
SUBJECT_VERBS = word_set(
    "lost lose losing had has have sent send sending deployed deploy deploying moved massed "
    "amassed gathered committed fielded concentrated redeployed transferred kept dispatched "
    "dispatch dispatching stationed"
)
# Verbs whose subject is the other side ("Russian forces killed 40 Ukrainians").
AGENT_VERBS = word_set("killed kill killing captured capturing capture took taken wounded injured")
# Words between a side and its troops noun: "the Ukrainian armed forces", "Defense Forces".
ORG_WORDS = word_set("armed defense defence military ground air naval border special security")
# Words skipped between a verb and its subject: "Russia was said to have gathered".
AUX_WORDS = word_set(
    "had has have 've was were is are been be being to said thought believed reported "
    "reportedly also already allegedly likely estimated feared understood known confirmed "
    "initially originally now still then since first earlier previously"
)
SPEECH_VERBS = word_set(
    "said says say claimed claims reported reports estimated estimates put listed told stated "
    "announced expected confirmed added wrote gave according"
)
PLACE_AFTER = word_set("kursk region border territory land soil side")
PLACE_BEFORE = word_set("in inside into within from across by of near to")
JOIN_WORDS = frozenset({"and", "or", ",", "&"})
QUOTES = frozenset("\"“”‘’«»'")
FORWARD_SKIP = (
    AUX_WORDS
    | QUOTES
    | frozenset({"more", "being", "later", "all", "in", "action", "either", "went", "gone"})
    | frozenset({"remain", "remained", "remains"})
    | frozenset({"of", "them", "whom", "those"})  # "50 of them were captured"
)
FOOTHOLD_WORDS = frozenset({"counterattack", "counteroffensive", "counter-attack"})
REDEPLOY_AFTER = frozenset({"fronts", "sectors", "directions"})
# "against the Ukrainian foothold": the force is counted against the foothold.
FOOTHOLD_TARGETS = frozenset({"foothold", "salient", "incursion", "bridgehead", "pocket"})
# Words that make a figure something other than a force or a toll in Kursk (see measures).
EXCHANGE_WORDS = word_set(
    "exchange exchanged exchanges swap swapped swaps freed released returned repatriated"
)
ENCIRCLED_WORDS = word_set(
    "encircled surrounded trapped encircling encircle encirclement surround surrounding"
)
SUBSET_WORDS = word_set("including included includes include among")
ARMY_WORDS = frozenset({"army", "armies"})
# A deployed force larger than this is a whole army, not a force sent to Kursk.
MAX_FORCE = 300_000
VERB_QUALIFIERS = frozenset({"passed", "exceeded", "topped", "surpassed"})
CHANGE_VERBS = word_set(
    "rose rise rising risen grew grow growing grown fell fall falling fallen dropped drop "
    "dropping went gone increased increasing decreased decreasing climbed climbing shrank "
    "shrunk shrinking declined declining jumped doubled halved cut reduced expanded"
)

HIGH = frozenset({"high"})
