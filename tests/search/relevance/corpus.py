"""A small corpus of country-of-origin analyses for the relevance test set (queries.py).

Written for the tests, as short COI prose: several countries, overlapping topics (military service and
desertion, journalists and censorship, detention and torture, women, religious minorities, forced return),
so that a query has analyses it must find and near misses it must not. Each analysis has a stable key;
the queries name analyses by key, the tests map result titles back to keys.

Deliberate near misses, which the queries rely on (keep them when editing the texts):

- no analysis mentions both journalists and Somalia (``journalists Somalia`` has no full match);
- "national" and "service" appear far apart in afghanistan-former-officials, together only in
  eritrea-national-service; "sexual" and "violence" far apart in iran-lgbt;
- kazakhstan-online is about surveillance without the word "activists"; iran-journalists and the seed
  analysis have both;
- "torture" is never written in the Eritrean analyses (beatings are described instead);
- FGM is only in somalia-fgm.
"""

import datetime
from dataclasses import dataclass

# The analysis the seed content publishes (home/seed/organisation.json); queries may expect it too.
SEED_KEY = "seed-kazakhstan"
SEED_TITLE = "Limited Political Freedoms Encourage Citizens to Flee Kazakhstan"


@dataclass(frozen=True)
class Analysis:
    key: str
    iso_code: str
    title: str
    standfirst: str
    text: str
    topics: tuple
    current_as_of: datetime.date
    sources: tuple = ()


ANALYSES = (
    Analysis(
        key="eritrea-national-service",
        iso_code="ER",
        title="Indefinite National Service and the Treatment of Deserters",
        standfirst=(
            "Conscription in Eritrea has no fixed end, and those who desert or leave the country without an "
            "exit visa are punished without trial."
        ),
        text=(
            "Every Eritrean must complete the final year of secondary school at the Sawa military training "
            "centre. The 1995 proclamation limits national service to eighteen months, yet conscripts are kept "
            "in the army or in civilian assignments for a decade or more on minimal pay.</p><p>Deserters and "
            "draft evaders are caught in round-ups known as giffa and held incommunicado in military prisons, "
            "where beatings and tying in painful positions are reported. Returnees who left illegally are "
            "treated as deserters and may be detained on arrival."
        ),
        topics=("military service", "conscription", "desertion", "forced return"),
        current_as_of=datetime.date(2026, 3, 1),
        sources=("Report of the Special Rapporteur on the situation of human rights in Eritrea",),
    ),
    Analysis(
        key="eritrea-religion",
        iso_code="ER",
        title="Arrests of Pentecostal Christians and Jehovah's Witnesses in Eritrea",
        standfirst=(
            "Only four religious denominations are registered; members of all other faiths worship at the risk "
            "of arbitrary detention."
        ),
        text=(
            "Since 2002 the government recognises only the Eritrean Orthodox, Catholic and Lutheran churches and "
            "Sunni Islam. Members of Pentecostal and other evangelical churches are arrested during prayer "
            "meetings in private homes and held without charge, some for over a decade in shipping "
            "containers.</p><p>Jehovah's Witnesses were stripped of their citizenship in 1994 for refusing to "
            "take part in military service and remain among the longest-held prisoners of conscience."
        ),
        topics=("religious minorities", "freedom of religion", "detention"),
        current_as_of=datetime.date(2025, 11, 1),
    ),
    Analysis(
        key="eritrea-press",
        iso_code="ER",
        title="No Independent Press in Eritrea since the 2001 Crackdown",
        standfirst=(
            "Eritrea has had no independent media since September 2001; the journalists arrested then have "
            "never been tried."
        ),
        text=(
            "In September 2001 the government closed every privately owned newspaper and arrested their editors "
            "and journalists. Most have been held incommunicado ever since, and several are believed to have died "
            "in custody.</p><p>Only state television, radio and the government newspaper Hadas Eritra operate; "
            "censorship is total and foreign correspondents are not accredited. Eritreans abroad who criticise "
            "the government online report threats against relatives at home."
        ),
        topics=("press freedom", "journalists", "freedom of expression"),
        current_as_of=datetime.date(2025, 6, 1),
    ),
    Analysis(
        key="somalia-al-shabaab",
        iso_code="SO",
        title="Forced Recruitment by al-Shabaab in Southern Somalia",
        standfirst=(
            "Al-Shabaab recruits boys and young men by force in the areas it controls; those who escape its "
            "ranks are at risk from both sides."
        ),
        text=(
            "In the Jubba and Shabelle regions al-Shabaab demands that clan elders supply a quota of recruits and "
            "takes boys from Koranic schools. Families who refuse face threats, abduction or the killing of a "
            "relative.</p><p>Deserters from al-Shabaab are hunted as traitors, and government forces detain some "
            "of them on suspicion of continued membership. The government rehabilitation programme for former "
            "fighters does not reach everyone who leaves."
        ),
        topics=("al-Shabaab", "forced recruitment", "desertion", "children"),
        current_as_of=datetime.date(2026, 2, 1),
    ),
    Analysis(
        key="somalia-clans",
        iso_code="SO",
        title="Minority Clans and Access to Protection in Mogadishu",
        standfirst=(
            "Without the backing of a majority clan, members of minority groups in Mogadishu have little "
            "protection from violence or eviction."
        ),
        text=(
            "Members of minority clans such as the Bantu, the Benadiri and the occupational groups lack the armed "
            "support that majority clans provide. They are exposed to forced evictions, extortion at checkpoints "
            "and sexual violence, and the police and courts offer them little redress.</p><p>For a person "
            "returned from abroad, clan affiliation decides whether relatives can offer housing, work and "
            "protection; internal relocation to Mogadishu is therefore harder for minority clan members."
        ),
        topics=("clans", "minorities", "internal relocation", "forced return"),
        current_as_of=datetime.date(2025, 9, 1),
    ),
    Analysis(
        key="somalia-fgm",
        iso_code="SO",
        title="Female Genital Mutilation Remains Almost Universal in Somalia",
        standfirst=(
            "Nearly every Somali woman has undergone female genital mutilation, and there is no national law "
            "against it."
        ),
        text=(
            "Surveys find that around 99 percent of women aged 15 to 49 have been cut, most of them by "
            "infibulation. No national law prohibits the practice and a draft bill has stalled in parliament for "
            "years.</p><p>A mother who refuses to have her daughter cut faces sustained pressure from relatives "
            "and the wider community, and an uncut girl may be stigmatised as unmarriageable."
        ),
        topics=("women", "FGM", "children"),
        current_as_of=datetime.date(2025, 12, 1),
    ),
    Analysis(
        key="afghanistan-women",
        iso_code="AF",
        title="Women Barred from Education and Work under the Taliban",
        standfirst=(
            "The Taliban's decrees exclude women and girls from secondary school, university and most employment."
        ),
        text=(
            "Since the Taliban returned to power in August 2021, girls have been barred from secondary school and "
            "women from universities and from working for non-governmental organisations. A woman needs a male "
            "guardian (mahram) to travel long distances.</p><p>Women's rights activists who protested against "
            "the decrees have been arbitrarily detained, and some described beatings and threats while in "
            "detention. Domestic violence is rarely prosecuted since the specialised courts and shelters were "
            "closed."
        ),
        topics=("women", "education", "activists", "domestic violence"),
        current_as_of=datetime.date(2026, 4, 1),
    ),
    Analysis(
        key="afghanistan-former-officials",
        iso_code="AF",
        title="Reprisals against Former Officials and Members of the Security Forces",
        standfirst=(
            "Despite the Taliban's announced amnesty, people who worked for the former Afghan government or its "
            "army remain at risk."
        ),
        text=(
            "The United Nations has recorded killings, arbitrary arrests and torture of former members of the "
            "Afghan National Army and police since the Taliban takeover. Judges, prosecutors and people who "
            "worked for the former government in the civil service have also been targeted.</p><p>Afghans "
            "deported from Iran and Pakistan are questioned at the border, and those identified as former "
            "soldiers have been detained."
        ),
        topics=("former government officials", "torture", "forced return"),
        current_as_of=datetime.date(2026, 1, 15),
    ),
    Analysis(
        key="iran-lgbt",
        iso_code="IR",
        title="Criminalisation of Same-Sex Relations in Iran",
        standfirst=(
            "Sexual relations between men can be punished by death, and LGBT people live under constant risk of "
            "exposure."
        ),
        text=(
            "The Islamic Penal Code punishes consensual sexual relations between men with flogging or death, and "
            "relations between women with flogging. Gay men and lesbians conceal their sexual orientation from "
            "family and employers, and many face violence from relatives if exposed. The morality police and the "
            "Basij monitor social media and dating apps.</p><p>Transgender people may obtain legal recognition "
            "only after gender reassignment surgery, which many undergo under pressure."
        ),
        topics=("LGBT", "sexual orientation", "death penalty"),
        current_as_of=datetime.date(2025, 10, 1),
    ),
    Analysis(
        key="iran-protests",
        iso_code="IR",
        title="Arrests and Torture of Protesters since the 2022 Uprising",
        standfirst=(
            "Tens of thousands were arrested after the death of Jina Mahsa Amini; detainees describe torture and "
            "several protesters have been executed."
        ),
        text=(
            "After Jina Mahsa Amini died in the custody of the morality police in September 2022, security forces "
            "arrested tens of thousands of protesters, among them students, activists and children. Former "
            "detainees describe torture, including sexual violence, in detention centres and in Evin "
            "prison.</p><p>Revolutionary Courts have sentenced protesters to death after trials lasting minutes, "
            "and several have been executed. Relatives in Iran of protesters abroad have been summoned and "
            "threatened by intelligence officers."
        ),
        topics=("protests", "detention", "torture", "death penalty"),
        current_as_of=datetime.date(2026, 5, 1),
    ),
    Analysis(
        key="iran-converts",
        iso_code="IR",
        title="Christian Converts and House Churches in Iran",
        standfirst=(
            "Iranians who convert from Islam to Christianity risk arrest when they worship together in house churches."
        ),
        text=(
            "Apostasy is not codified in the Penal Code, but converts from Islam are prosecuted for acting "
            "against national security and for propaganda against the state when their house churches are "
            "raided. Sentences of several years' imprisonment are common, and converts released on bail are "
            "watched and summoned repeatedly.</p><p>Christians of Armenian and Assyrian descent may worship in "
            "their recognised churches but must not admit Muslim-born worshippers."
        ),
        topics=("religious minorities", "freedom of religion", "apostasy"),
        current_as_of=datetime.date(2025, 8, 1),
    ),
    Analysis(
        key="iran-journalists",
        iso_code="IR",
        title="Prosecution of Journalists and Online Critics in Iran",
        standfirst=(
            "Journalists who report on protests or corruption, and social media users who criticise the "
            "authorities, face prison sentences."
        ),
        text=(
            "Journalists who covered the 2022 protests were charged with collaborating with hostile states; the "
            "two women journalists who first reported Mahsa Amini's death were sentenced to long prison terms. "
            "Newspapers are censored and websites blocked, and the authorities throttle the internet during "
            "unrest.</p><p>The Cyber Police conduct extensive surveillance of activists and diaspora critics, "
            "whose relatives in Iran are questioned."
        ),
        topics=("journalists", "press freedom", "surveillance"),
        current_as_of=datetime.date(2026, 3, 15),
    ),
    Analysis(
        key="syria-military-service",
        iso_code="SY",
        title="Former Conscripts and Deserters after the Fall of the Assad Government",
        standfirst=(
            "Compulsory military service has been suspended since December 2024, but former soldiers and "
            "deserters still face risks."
        ),
        text=(
            "Until December 2024 men aged 18 to 42 were conscripted into the army for years beyond their legal "
            "term, and deserters were detained and tortured by military intelligence. The transitional "
            "authorities suspended compulsory military service and offered settlement procedures to former "
            "soldiers.</p><p>Former conscripts report reprisals by armed groups and by relatives of victims, "
            "especially in areas where the army committed massacres."
        ),
        topics=("military service", "conscription", "desertion"),
        current_as_of=datetime.date(2026, 2, 15),
    ),
    Analysis(
        key="syria-returns",
        iso_code="SY",
        title="Deportations and Returns of Syrian Refugees from Türkiye and Lebanon",
        standfirst=(
            "Thousands of Syrians have been deported from neighbouring countries; returnees face destroyed "
            "property and disputed documents."
        ),
        text=(
            "Türkiye and Lebanon deported thousands of Syrians in 2024 and 2025, often after raids on informal "
            "settlements and without access to a lawyer. Returnees arrive in areas where their homes are "
            "destroyed or occupied and where civil documents issued elsewhere are not always recognised."
            "</p><p>Men of military age who did not regulate their status under the former government describe "
            "being questioned at the border."
        ),
        topics=("forced return", "refugees", "documents"),
        current_as_of=datetime.date(2025, 7, 1),
    ),
    Analysis(
        key="kazakhstan-online",
        iso_code="KZ",
        title="Online Surveillance and Criminal Cases against Bloggers",
        standfirst=(
            "Kazakhstan monitors messaging apps and uses the offence of spreading false information against "
            "critics online."
        ),
        text=(
            "Bloggers who criticise local officials are prosecuted under the article on knowingly spreading false "
            "information, which carries up to seven years' imprisonment. Internet providers must install state "
            "security certificates, and the authorities have blocked news websites and slowed mobile internet "
            "during unrest.</p><p>Surveillance of messaging apps extends to the diaspora: people abroad who post "
            "criticism report that their relatives at home were warned by the police."
        ),
        topics=("surveillance", "freedom of expression"),
        current_as_of=datetime.date(2025, 12, 15),
    ),
    Analysis(
        key="kazakhstan-january",
        iso_code="KZ",
        title="Torture of Detainees after the January 2022 Unrest",
        standfirst=(
            "More than ten thousand people were detained during the January 2022 events; torture in custody has "
            "seldom been punished."
        ),
        text=(
            "During the protests and unrest of January 2022, known as Qandy Qantar, security forces detained more "
            "than ten thousand people. Human rights defenders documented torture in detention, including "
            "beatings, burns and electric shocks, and at least six people died in custody.</p><p>Only a handful "
            "of officers have been convicted; most complaints were closed for lack of evidence, and some victims "
            "were pressured to withdraw them."
        ),
        topics=("torture", "detention", "protests"),
        current_as_of=datetime.date(2026, 1, 5),
    ),
    Analysis(
        key="sudan-war",
        iso_code="SD",
        title="Ethnic Violence in Darfur and Forced Recruitment in the Sudan War",
        standfirst=(
            "Since April 2023 the army and the Rapid Support Forces have fought a war in which civilians are "
            "targeted for their ethnicity."
        ),
        text=(
            "Since April 2023 the Sudanese Armed Forces and the Rapid Support Forces (RSF) have been at war. In "
            "West Darfur the RSF and allied Arab militias killed thousands of Masalit civilians in El Geneina, "
            "and both sides have detained men they suspect of supporting the other.</p><p>Both forces recruit "
            "young men and boys, by force or through tribal leaders, and women and girls face widespread sexual "
            "violence, including rape used as a weapon of war."
        ),
        topics=("armed conflict", "ethnic minorities", "forced recruitment", "sexual violence"),
        current_as_of=datetime.date(2026, 4, 15),
    ),
    Analysis(
        key="albania-blood-feud",
        iso_code="AL",
        title="Blood Feuds and the Kanun in Northern Albania",
        standfirst=(
            "Blood feuds still confine families in northern Albania to their homes, and the state offers little "
            "effective protection."
        ),
        text=(
            "Blood feuds governed by the customary Kanun of Lekë Dukagjini persist in Shkodër and the surrounding "
            "districts. Once a killing has taken place, the male relatives of the killer are considered "
            "legitimate targets and many confine themselves at home for years, their children missing school."
            "</p><p>Reconciliation committees have no legal standing, and the police rarely intervene before a "
            "revenge killing. Relocation within Albania seldom helps because families can be traced through "
            "relatives."
        ),
        topics=("blood feud", "internal relocation"),
        current_as_of=datetime.date(2025, 5, 1),
    ),
)

# key -> title, the seed analysis included.
TITLES = {SEED_KEY: SEED_TITLE, **{analysis.key: analysis.title for analysis in ANALYSES}}
KEYS = {title: key for key, title in TITLES.items()}
assert len(KEYS) == len(TITLES), "every title must be unique: results are mapped back to keys by title"
