"""The relevance test set: what a lawyer types, and the analyses (corpus.py keys) it must and must not find.

Each case is one query as typed into the search box, with optional extra request parameters. ``must_find``
must all be among the results and ``must_not_find`` none of them; analyses named in neither may or may not
be found. Further expectations, where the case is about them:

- ``top``: these analyses, and no other analysis of the corpus, come first (in any order among themselves);
- ``suggests``: country slugs the answer's ``did_you_mean`` must offer (a misspelt country name);
- ``loosened``: no analysis matches every word, so the answer says so ("No analysis matches all of ...")
  and lists analyses that match some of the words instead;
- ``nothing``: the query must find nothing at all (a phrase, an exclusion or an OR is never loosened).

``kind`` groups the cases for the report and for whoever edits them; ``why`` says what the case protects.
Stemming cases only use inflections that both stemmers conflate: SQLite FTS5's ``porter`` (Porter's
original algorithm) and PostgreSQL's ``english`` (Snowball). They differ in places, and neither conflates
"detained" with "detention" or "censor" with "censorship"; those are left to prefixes.
"""

from dataclasses import dataclass, field

ERITREA = frozenset({"eritrea-national-service", "eritrea-religion", "eritrea-press"})
SOMALIA = frozenset({"somalia-al-shabaab", "somalia-clans", "somalia-fgm"})
AFGHANISTAN = frozenset({"afghanistan-women", "afghanistan-former-officials"})
IRAN = frozenset({"iran-lgbt", "iran-protests", "iran-converts", "iran-journalists"})
SYRIA = frozenset({"syria-military-service", "syria-returns"})
KAZAKHSTAN = frozenset({"seed-kazakhstan", "kazakhstan-online", "kazakhstan-january"})
DESERTERS = frozenset({"eritrea-national-service", "somalia-al-shabaab", "syria-military-service"})
TORTURE = frozenset({"afghanistan-former-officials", "iran-protests", "syria-military-service", "kazakhstan-january"})
JOURNALISTS = frozenset({"seed-kazakhstan", "eritrea-press", "iran-journalists"})


@dataclass(frozen=True)
class Case:
    q: str
    must_find: frozenset = frozenset()
    must_not_find: frozenset = frozenset()
    why: str = ""
    kind: str = ""
    params: dict = field(default_factory=dict)
    top: frozenset = frozenset()
    suggests: frozenset = frozenset()
    loosened: bool = False
    nothing: bool = False

    def __post_init__(self):
        for name in ("must_find", "must_not_find", "top", "suggests"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def id(self):
        extra = "".join(f" [{name}={value}]" for name, value in sorted(self.params.items()))
        return self.q + extra


def case(kind, q, must_find=(), must_not_find=(), why="", **extra):
    return Case(q, frozenset(must_find), frozenset(must_not_find), why, kind, **extra)


CASES = [
    # Inflections: another form of the same word finds the analysis ----------------------------------------
    case(
        "inflection",
        "restriction",
        {"seed-kazakhstan"},
        SOMALIA | {"albania-blood-feud"},
        "The singular finds the seed's heading 'Restrictions on Political Opposition' and 'restricted'.",
    ),
    case(
        "inflection",
        "organise",
        {"seed-kazakhstan"},
        ERITREA | IRAN,
        "The verb finds 'organising' and 'Organisers' (British spelling, both stemmers).",
    ),
    case(
        "inflection",
        "monitor",
        {"seed-kazakhstan", "iran-lgbt", "kazakhstan-online"},
        {"eritrea-press", "somalia-fgm"},
        "The base form finds 'monitored' (seed), 'monitor' and 'monitors'.",
    ),
    case(
        "inflection",
        "deserter",
        DESERTERS,
        {"eritrea-religion", "afghanistan-former-officials", "sudan-war"},
        "The singular finds 'Deserters' in three countries; military service alone is not desertion.",
    ),
    case(
        "inflection",
        "desertion",
        DESERTERS,
        {"eritrea-religion", "sudan-war"},
        "The noun finds 'deserters' and 'desert' (both stem to 'desert').",
    ),
    case(
        "inflection",
        "journalist",
        JOURNALISTS,
        SOMALIA,
        "The singular finds 'journalists'.",
    ),
    case(
        "inflection",
        "conscripts",
        {"eritrea-national-service", "syria-military-service"},
        {"somalia-al-shabaab", "sudan-war", "eritrea-religion"},
        "'conscripts' finds 'Conscription' and 'conscripted'; forced recruitment by armed groups is not conscription.",
    ),
    case(
        "inflection",
        "tortured",
        TORTURE,
        {"eritrea-national-service", "afghanistan-women", "iran-lgbt"},
        "The participle finds 'torture'; beatings described without the word are not found.",
    ),
    case(
        "inflection",
        "lesbian",
        {"iran-lgbt"},
        SOMALIA | AFGHANISTAN,
        "The singular finds 'lesbians'.",
    ),
    case(
        "inflection",
        "deported",
        {"afghanistan-former-officials", "syria-returns"},
        {"eritrea-national-service", "somalia-clans"},
        "'deported' finds 'Deportations' in a title (both stem to 'deport'); 'returnees' are not deportations.",
    ),
    case(
        "inflection",
        "prosecuted",
        {"iran-journalists", "kazakhstan-online", "iran-converts", "afghanistan-women"},
        {"somalia-fgm", "albania-blood-feud"},
        "The participle finds 'Prosecution' (a title) and 'prosecuted'.",
    ),
    case(
        "inflection",
        "election",
        {"seed-kazakhstan"},
        ERITREA | SOMALIA | IRAN,
        "The singular finds 'elections'; only the seed analysis is about them.",
    ),
    # Countries: names, ISO codes and aliases find the country's analyses ---------------------------------------
    case(
        "country",
        "Ertra",
        ERITREA,
        SOMALIA | {"sudan-war"},
        "An alias (the Tigrinya name) finds every Eritrean analysis, and no neighbour's.",
    ),
    case(
        "country",
        "Qazaqstan",
        KAZAKHSTAN,
        {"iran-journalists", "afghanistan-women"},
        "The Kazakh name finds the Kazakhstan analyses, the seed one included.",
    ),
    case(
        "country",
        "KZ",
        KAZAKHSTAN,
        IRAN | ERITREA,
        "The ISO code finds the country's analyses.",
    ),
    case(
        "country",
        "Somalia",
        SOMALIA,
        ERITREA | {"sudan-war"},
        "The name finds every Somali analysis and no other in the region.",
    ),
    case(
        "country",
        "Persian",
        IRAN,
        AFGHANISTAN,
        "An alias of Iran; the Afghan analysis that mentions Iran does not mention 'Persian'.",
    ),
    case(
        "country",
        "Afghan",
        AFGHANISTAN,
        IRAN,
        "The demonym alias finds the Afghan analyses.",
    ),
    case(
        "country",
        "SY",
        SYRIA,
        IRAN | KAZAKHSTAN,
        "A two-letter code is a country, not noise.",
    ),
    case(
        "country",
        "Iran",
        IRAN | {"afghanistan-former-officials"},
        KAZAKHSTAN | {"syria-returns"},
        "The name finds the Iranian analyses and the Afghan one about deportations from Iran.",
    ),
    case(
        "country",
        "Shqiperia",
        {"albania-blood-feud"},
        ERITREA | SOMALIA,
        "The Albanian name of Albania.",
    ),
    case(
        "country",
        "Sudanese",
        {"sudan-war"},
        SOMALIA | ERITREA,
        "A demonym: an alias and a word of the text.",
    ),
    # Phrases: words in that order, next to each other ---------------------------------------------------
    case(
        "phrase",
        '"national service"',
        {"eritrea-national-service"},
        {"afghanistan-former-officials", "somalia-fgm"},
        "Only the analysis with the phrase; not the one with 'National Army' and 'civil service', nor 'national law'.",
    ),
    case(
        "phrase",
        '"military service"',
        {"eritrea-national-service", "eritrea-religion", "syria-military-service"},
        {"afghanistan-former-officials", "somalia-al-shabaab", "sudan-war"},
        "The phrase in a text or a topic.",
    ),
    case(
        "phrase",
        '"sexual violence"',
        {"somalia-clans", "iran-protests", "sudan-war"},
        {"iran-lgbt", "afghanistan-women"},
        "Not the analysis with 'sexual relations' and 'violence from relatives', nor 'domestic violence'.",
    ),
    case(
        "phrase",
        '"blood feud"',
        {"albania-blood-feud"},
        SOMALIA | IRAN,
        "A phrase finds its plural ('Blood feuds') too.",
    ),
    case(
        "phrase",
        '"freedom of religion"',
        {"eritrea-religion", "iran-converts"},
        {"seed-kazakhstan", "eritrea-press", "kazakhstan-online"},
        "A stop word inside a phrase counts: not 'freedom of expression' beside 'religious minorities'.",
    ),
    case(
        "phrase",
        "al-Shabaab",
        {"somalia-al-shabaab"},
        {"somalia-clans", "somalia-fgm", "sudan-war"},
        "A hyphenated name is one name.",
    ),
    # Exclusions ------------------------------------------------------------------------------------------
    case(
        "exclusion",
        "surveillance -activists",
        {"kazakhstan-online"},
        {"seed-kazakhstan", "iran-journalists"},
        "Surveillance, but not of activists.",
    ),
    case(
        "exclusion",
        "Eritrea NOT journalists",
        {"eritrea-national-service", "eritrea-religion"},
        {"eritrea-press"} | SOMALIA,
        "NOT excludes like '-'.",
    ),
    case(
        "exclusion",
        "torture -Kazakhstan",
        TORTURE - {"kazakhstan-january"},
        KAZAKHSTAN,
        "Excluding a country removes its analyses, however relevant.",
    ),
    case(
        "exclusion",
        '"military service" -Syria',
        {"eritrea-national-service", "eritrea-religion"},
        {"syria-military-service"},
        "A phrase with an exclusion.",
    ),
    case(
        "exclusion",
        'journalists -"press freedom"',
        {"seed-kazakhstan"},
        {"eritrea-press", "iran-journalists"},
        "An excluded phrase (here a topic) removes the analyses that have it.",
    ),
    # OR and brackets -------------------------------------------------------------------------------------
    case(
        "or",
        "Eritrea OR Kazakhstan",
        ERITREA | KAZAKHSTAN,
        SOMALIA | IRAN,
        "Either country.",
    ),
    case(
        "or",
        'deserters OR "draft evaders"',
        DESERTERS,
        {"eritrea-religion", "sudan-war", "afghanistan-former-officials"},
        "A word or a phrase.",
    ),
    case(
        "or",
        "FGM OR Kanun",
        {"somalia-fgm", "albania-blood-feud"},
        {"somalia-clans", "afghanistan-women"},
        "Alternatives with nothing in common.",
    ),
    case(
        "brackets",
        "(torture OR detention) Iran",
        {"iran-protests"},
        {"kazakhstan-january", "syria-military-service", "eritrea-religion", "iran-lgbt", "iran-converts"},
        "Torture or detention, in Iran: not another country's, nor an Iranian analysis about neither.",
    ),
    case(
        "brackets",
        '(Somalia OR Sudan) "forced recruitment"',
        {"somalia-al-shabaab", "sudan-war"},
        {"syria-military-service", "somalia-clans", "eritrea-national-service"},
        "A phrase in either of two countries.",
    ),
    case(
        "brackets",
        "women (Afghanistan OR Somalia)",
        {"afghanistan-women", "somalia-fgm"},
        {"iran-journalists", "sudan-war", "iran-lgbt", "somalia-clans"},
        "Women, in one of two countries.",
    ),
    # Prefixes --------------------------------------------------------------------------------------------
    case(
        "prefix",
        "conscript*",
        {"eritrea-national-service", "syria-military-service"},
        {"somalia-al-shabaab", "sudan-war"},
        "Conscription, conscripts, conscripted.",
    ),
    case(
        "prefix",
        "censor*",
        {"seed-kazakhstan", "eritrea-press", "iran-journalists"},
        {"kazakhstan-online", "afghanistan-women"},
        "'censorship' and 'censored': the stemmers keep them apart, the prefix joins them.",
    ),
    case(
        "prefix",
        "deport*",
        {"afghanistan-former-officials", "syria-returns"},
        {"eritrea-national-service", "somalia-clans"},
        "deported, Deportations.",
    ),
    case(
        "prefix",
        "Qazaq*",
        KAZAKHSTAN,
        IRAN | SOMALIA,
        "A prefix of an alias.",
    ),
    # A misspelt country: the answer offers the country ---------------------------------------------------
    case("typo", "Kazakstan", suggests={"kazakhstan"}, why="A common misspelling of Kazakhstan."),
    case("typo", "Eritria", suggests={"eritrea"}, why="A vowel wrong."),
    case("typo", "Afganistan", suggests={"afghanistan"}, why="A letter missing."),
    # Questions and several words: every word counts, stop words do not ----------------------------------
    case(
        "question",
        "are deserters from Eritrea detained on return",
        {"eritrea-national-service"},
        {"eritrea-religion", "syria-military-service", "somalia-al-shabaab"},
        "Deserters, Eritrea, detained, return (a topic): only one analysis has them all.",
    ),
    case(
        "question",
        "is FGM prohibited by law in Somalia",
        {"somalia-fgm"},
        {"somalia-clans", "afghanistan-women"},
        "'prohibited' finds 'prohibits'; the stop words are ignored.",
    ),
    case(
        "question",
        "torture of detainees in Kazakhstan",
        {"kazakhstan-january"},
        {"seed-kazakhstan", "iran-protests", "kazakhstan-online"},
        "All words in one analysis; the other Kazakh analyses lack torture.",
    ),
    case(
        "question",
        "risk for converts to Christianity in Iran",
        {"iran-converts"},
        {"eritrea-religion", "iran-lgbt"},
        "A question about one group in one country.",
    ),
    case(
        "question",
        "women activists detained Afghanistan",
        {"afghanistan-women"},
        {"iran-protests", "afghanistan-former-officials"},
        "Four words, one analysis.",
    ),
    case(
        "question",
        "national service",
        {"eritrea-national-service", "afghanistan-former-officials"},
        {"somalia-fgm", "syria-military-service"},
        "Without quotes the words need not be together (compare the phrase).",
    ),
    case(
        "stop words",
        "freedom of the press",
        {"eritrea-press", "iran-journalists"},
        {"seed-kazakhstan", "kazakhstan-online"},
        "'of' and 'the' are ignored: freedom and press, here in the topic 'press freedom'.",
    ),
    case(
        "stop words",
        "minority clans in Mogadishu",
        {"somalia-clans"},
        {"somalia-al-shabaab", "somalia-fgm"},
        "'in' is not required.",
    ),
    # No dead ends: a plain query nothing matches whole is loosened, most words first ----------------------
    case(
        "loosened",
        "journalists Somalia",
        JOURNALISTS | SOMALIA,
        {"sudan-war", "albania-blood-feud"},
        "No analysis has both words: those with either, said so.",
        loosened=True,
    ),
    case(
        "loosened",
        "FGM Eritrea",
        ERITREA | {"somalia-fgm"},
        {"afghanistan-women", "sudan-war"},
        "FGM is covered only for Somalia: show it, and Eritrea's analyses.",
        loosened=True,
    ),
    case(
        "loosened",
        "deserters torture Eritrea",
        DESERTERS | TORTURE | ERITREA,
        {"albania-blood-feud", "somalia-fgm"},
        "No analysis has all three; the two with two of the words come first.",
        loosened=True,
        top={"eritrea-national-service", "syria-military-service"},
    ),
    # ... but a phrase, an exclusion or an OR means what it says ------------------------------------------
    case(
        "never loosened",
        '"journalists in Somalia"',
        why="A phrase that matches nothing finds nothing.",
        nothing=True,
    ),
    case(
        "never loosened",
        '"national service" Somalia',
        why="A phrase and a word: no Somali analysis has the phrase.",
        nothing=True,
    ),
    case(
        "never loosened",
        "FGM -Somalia",
        why="Excluding the only country with FGM leaves nothing.",
        nothing=True,
    ),
    case(
        "never loosened",
        "(journalists OR editors) Somalia",
        why="An OR that matches nothing together with the country finds nothing.",
        nothing=True,
    ),
    # Ranking: where the words are counts -----------------------------------------------------------------
    case(
        "ranking",
        "torture",
        TORTURE,
        {"eritrea-national-service", "afghanistan-women"},
        "The two analyses with torture in the title come before those that mention it in the text.",
        top={"iran-protests", "kazakhstan-january"},
    ),
    case(
        "ranking",
        "deserters",
        DESERTERS,
        {"eritrea-religion"},
        "Deserters in the title (Eritrea, Syria) before deserters in the text (Somalia).",
        top={"eritrea-national-service", "syria-military-service"},
    ),
    # Parameters with the words ---------------------------------------------------------------------------
    case(
        "parameters",
        "torture",
        {"iran-protests"},
        TORTURE - {"iran-protests"},
        "A country filter narrows the words' matches to Iran.",
        params={"country": "iran"},
    ),
    case(
        "parameters",
        "torture",
        TORTURE,
        {"eritrea-national-service"},
        "Newest first: Iran's of May 2026 leads.",
        params={"sort": "newest"},
        top={"iran-protests"},
    ),
]
