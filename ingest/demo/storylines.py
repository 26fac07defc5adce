"""Planted storylines of the demo news web: their own vocabulary, cast and phases (data only).

Phases end at ``until`` multiples of the storyline's rise time (coverage peaks at 1.0). Numbers are
``(low, high, scale)``, drawn once per world. Every organisation or person is a ``{slot}``, never literal
text, so the ground truth records it.
"""

from __future__ import annotations

from typing import Any

GENERIC: tuple[str, ...] = (
    "Officials familiar with {$topic} spoke on condition of anonymity because they were not authorised to "
    "brief the media.",
    "Further details were expected [later in the week|in the coming days], [officials said|according to "
    "people familiar with the matter].",
    "It was not immediately clear how [markets|governments elsewhere] would respond to {$topic}.",
    "\"We will have to see what happens next,\" said {@}, adding that much depended on [how governments "
    "respond|the coming weeks].",
    "Coverage of {$topic} dominated [evening news bulletins|front pages] in several countries on {$day}.",
    "Independent [verification|confirmation] of some details was not possible, and [officials|spokespeople] "
    "did not respond to requests for comment.",
)

SUMMIT: dict[str, Any] = {
    "key": "summit", "label": "Russia–North Korea summit", "section": "world", "share": 0.07, "rise": 7.0,
    "domain": "security", "datelines": ("Pyongyang", "Moscow", "Seoul", "Washington"),
    "interest": ("KOR", "JPN", "USA", "UKR"), "topics": ("the summit", "the talks", "the visit"),
    "phases": (
        {"until": 0.55,
         "heads": ("{kremlin} confirms {putin} will travel to Pyongyang for talks with {kim}",
                   "{putin} to visit North Korea as Moscow and Pyongyang deepen ties",
                   "Russia and North Korea announce summit, alarming Seoul and Tokyo"),
         "ledes": ("{kremlin} said on {$day} that {putin} would travel to Pyongyang [in the coming "
                   "days|later this month] for talks with {kim}, [the latest sign of|a visit that "
                   "underlines] the deepening partnership between Russia and North Korea.",
                   "{putin} has accepted an invitation from {kim} to visit North Korea, [state media in both "
                   "countries reported|officials in Moscow and Pyongyang said] on {$day}, setting the stage "
                   "for a summit that [Western governments are watching closely|is likely to unsettle "
                   "Washington]."),
         "details": ("{peskov} told reporters that the agenda would include [economic cooperation, transport "
                     "links and security|trade, energy and what he called regional stability], but declined "
                     "to give dates for the trip.",
                     "{kcna} described the planned visit as [a historic event|an important milestone] that "
                     "would [lift relations to a new level|open a new chapter in relations between the two "
                     "countries].",
                     "The announcement came [days|a week] after {lavrov} held talks in Pyongyang with "
                     "{choe}, during which the two sides discussed [preparations for a leaders' meeting|a "
                     "schedule of high-level exchanges].",
                     "Officials in Seoul said they were [closely monitoring|tracking] preparations for the "
                     "visit and urged Moscow not to [violate|undermine] {unsc.l} resolutions that ban arms "
                     "trade with Pyongyang.")},
        {"until": 0.95,
         "heads": ("Pyongyang prepares to welcome {putin} as details of summit emerge",
                   "{lavrov} and {choe} lay groundwork for {putin}-{kim} summit",
                   "Seoul warns Moscow ahead of {putin}'s North Korea trip"),
         "ledes": ("North Korea was [preparing|making final preparations] on {$day} to host {putin}, with "
                   "[satellite images showing|residents reporting] [rehearsals for a military parade|new "
                   "banners] in central Pyongyang ahead of the Russian leader's arrival.",
                   "{lavrov} and {choe} met in Moscow on {$day} to finalise the programme for the summit "
                   "between {putin} and {kim}, {rus_mfa} said."),
         "details": ("Diplomats said the two sides were expected to sign [a series of agreements|several "
                     "documents] covering [energy, health care and education|transport, agriculture and "
                     "tourism], and possibly a broader treaty on [strategic partnership|mutual assistance].",
                     "{state_dept} said it was concerned by the prospect of [deeper military "
                     "cooperation|arms transfers] between the two countries and would raise the issue with "
                     "partners at {un}.",
                     "Preparations included [the repair of a rail link|upgrades to a border crossing] "
                     "between the two countries, which share a short land border along the Tumen River.",
                     "Japanese officials said Tokyo would [watch the visit closely|coordinate closely with "
                     "Washington and Seoul] and warned against any transfer of [missile technology|military "
                     "know-how] to Pyongyang.")},
        {"until": 1.6,
         "heads": ("{putin} and {kim} sign partnership treaty in Pyongyang",
                   "{kim} hails 'invincible' ties as {putin} arrives in North Korea",
                   "{putin} and {kim} pledge mutual support at Pyongyang summit"),
         "ledes": ("{putin} and {kim} signed [a comprehensive strategic partnership agreement|a treaty on "
                   "comprehensive strategic partnership] in Pyongyang on {$day}, pledging to [come to each "
                   "other's aid|assist each other] if either country is attacked.",
                   "{kim} welcomed {putin} to Pyongyang on {$day} with [an elaborate ceremony|a military "
                   "honour guard and cheering crowds], as the two leaders opened talks aimed at "
                   "[expanding|cementing] a partnership that has alarmed Western governments."),
         "details": ("The two leaders spoke for [more than two hours|several hours], including a one-on-one "
                     "session [without aides|with only interpreters present], {kcna} reported.",
                     "Under the agreement, the two countries will [expand cooperation in trade, science and "
                     "technology|cooperate on energy, transport and agriculture], and {putin} said Moscow "
                     "did not rule out [developing military-technical cooperation|deeper defence ties] with "
                     "Pyongyang.",
                     "{putin} thanked {kim} for what he called North Korea's [firm support|steadfast "
                     "backing] for Russia's policies, and invited him to visit Moscow.",
                     "The leaders also signed {$num} [other agreements|further documents], including on "
                     "health care, education and a new road bridge across the border river.")},
        {"heads": ("Seoul and Tokyo condemn Russia-North Korea defence pact",
                   "What the {putin}-{kim} treaty means for the region",
                   "Washington weighs response after {putin}-{kim} pact"),
         "ledes": ("South Korea summoned the Russian ambassador on {$day} to protest against the defence "
                   "treaty signed by {putin} and {kim}, saying it [posed a threat to|undermined] security in "
                   "the region.",
                   "Governments in Washington, Seoul and Tokyo [stepped up|intensified] consultations on "
                   "{$day} over how to respond to the pact between Russia and North Korea, which commits "
                   "each side to military assistance if the other is attacked."),
         "details": ("{unification} said the agreement [violated|ran counter to] {unsc.l} resolutions and "
                     "that Seoul would consider [all options|a range of options], including reviewing its "
                     "policy on arms supplies to Ukraine.",
                     "{rutte} said the treaty showed how [authoritarian states were aligning|closely the two "
                     "governments were now aligned] and urged allies to [increase support|stay united].",
                     "{peskov} dismissed the criticism, saying the agreement was [not directed against any "
                     "third country|purely defensive] and that Russia had [every right|a sovereign right] to "
                     "choose its partners.",
                     "{kcna} said {kim} had [returned to|resumed] inspections of [weapons "
                     "factories|munitions plants] days after the summit, [describing|calling] production "
                     "targets for the year [ambitious|critical].")},
    ),
    "quote": ("\"Our relations are [reaching a new level|entering a new era],\" {putin} said [at the start "
              "of the talks|in televised remarks].",
              "\"The friendship between our two countries is [invincible|unbreakable],\" {kim} said, "
              "according to a transcript released by {kcna}.",
              "\"This is not an alliance aimed at anyone, it is a partnership based on [mutual "
              "respect|equality],\" {peskov} told reporters.",
              "\"We regard this as [a serious challenge|a grave concern] for the security of the region,\" a "
              "spokesperson for {state_dept} said.",
              "\"Any cooperation that helps Pyongyang's weapons programmes [would be a clear breach|is a "
              "breach] of international law,\" {guterres} said [in a statement|through a spokesperson].",
              "\"Moscow gets artillery shells and workers; Pyongyang gets [hard currency, oil and possibly "
              "technology|food, fuel and political cover],\" said {@security}.",
              "\"What matters is what is exchanged [behind closed doors|out of sight],\" said {@security}.",
              "\"Both leaders want to show the world they are not isolated,\" said {@security}."),
    "reaction": ("In Seoul, the presidential office said it was [studying|reviewing] the outcome of the "
                 "talks and would [respond firmly|respond calmly but firmly] to any threat.",
                 "Chinese officials [declined to comment directly|offered only a brief comment], with a "
                 "foreign ministry spokesperson in Beijing saying the visit was a matter between two "
                 "sovereign states.",
                 "{zelensky} said the partnership showed [that Moscow needed help to keep fighting|how "
                 "isolated Moscow had become], and called on allies to [speed up|step up] deliveries of air "
                 "defence systems.",
                 "Japan's government said it had [raised|conveyed] its concerns through diplomatic channels "
                 "and would [coordinate closely|keep in close contact] with Washington and Seoul.",
                 "A spokesperson said {guterres} [was following events closely|had urged all sides to "
                 "respect {unsc.l} resolutions]."),
    "context": ("Relations between Moscow and Pyongyang have [grown markedly closer|deepened rapidly] since "
                "Russia launched its full-scale invasion of Ukraine in February 2022.",
                "{state_dept} and South Korean officials have accused North Korea of supplying Russia with "
                "[artillery shells and ballistic missiles|millions of rounds of ammunition and short-range "
                "missiles] for use in Ukraine, accusations both governments have denied.",
                "Western and South Korean intelligence agencies say North Korea has sent [thousands of "
                "troops|soldiers] to help Russian forces in the Kursk region, where Ukrainian troops "
                "[launched|mounted] an incursion in 2024.",
                "North Korea has been under {un.l} sanctions [since 2006|for nearly two decades] over its "
                "nuclear weapons and ballistic missile programmes.",
                "{putin} last visited Pyongyang in 2000, [shortly after|months after] he first became "
                "president. {kim} travelled to Russia's Far East in 2023 for talks at a space launch centre.",
                "The two countries signed a treaty in 2024 that includes a mutual defence clause, and "
                "{kremlin} has since described Pyongyang as one of its closest partners."),
    "outlook": ("Analysts expect further exchanges of visits [in the coming months|later in the year], "
                "including a possible trip by {kim} to Moscow.",
                "Diplomats said {unsc} was [unlikely to agree on|unlikely to reach consensus on] any "
                "response, given Russia's veto as a permanent member.",
                "Officials in Seoul said they would [watch closely|monitor] whether the pact leads to "
                "transfers of [advanced weapons technology|satellite and submarine technology] to "
                "Pyongyang."),
}

SANCTIONS: dict[str, Any] = {
    "key": "sanctions", "label": "EU sanctions package against Iran", "section": "world", "share": 0.06,
    "rise": 6.0, "domain": "security", "datelines": ("Tehran", "London", "Berlin", "Paris", "Washington"),
    "interest": ("GBR", "DEU", "FRA", "UKR", "USA"), "numbers": {"listed": (18, 64, 1)},
    "topics": ("the sanctions", "the sanctions package", "the new measures"),
    "phases": (
        {"until": 0.6,
         "heads": ("{eu} proposes new sanctions on Iran over drone transfers",
                   "{kallas} presses member states to back Iran sanctions"),
         "ledes": ("{commission} on {$day} proposed a new package of sanctions against Iran, targeting "
                   "[companies|individuals and companies] accused of supplying drones and missile components "
                   "to Russia, diplomats said.",
                   "{eu} is preparing fresh sanctions on Iran over its [transfers of drones|supply of drones "
                   "and ballistic missiles] to Russia, {kallas} said on {$day}, urging member states to move "
                   "[quickly|without delay]."),
         "details": ("The proposal would add {$listed} [people and entities|individuals and organisations] "
                     "to the bloc's sanctions list, freezing their assets and banning them from travelling "
                     "to Europe.",
                     "Diplomats said the measures would also [target|cover] Iranian shipping companies and "
                     "[restrict exports|tighten export bans] of components that can be used in "
                     "[drones|unmanned aerial vehicles].",
                     "Germany and France were among the countries pushing for a swift decision, while [some "
                     "smaller member states|a handful of governments] asked for more time to study the legal "
                     "basis, officials said.")},
        {"until": 1.0,
         "heads": ("{eu} envoys haggle over scope of Iran sanctions",
                   "Iran warns {eu} of 'firm response' to planned sanctions"),
         "ledes": ("Ambassadors of the member states of {eu} [failed to agree|did not reach agreement] on "
                   "{$day} on the new sanctions package against Iran, with talks set to resume [later in the "
                   "week|next week], diplomats said.",
                   "{araghchi} warned on {$day} that Tehran would [respond firmly|take reciprocal measures] "
                   "if {eu} adopted new sanctions, calling the plan [unjustified|a political decision based "
                   "on false claims]."),
         "details": ("Diplomats said the main sticking point was whether to extend the measures to "
                     "[ports|airlines] that handle Iranian cargo.",
                     "Britain said it would align its own measures with those of {eu}, and {fcdo} was "
                     "preparing a parallel list, officials in London said.",
                     "{iaea} has separately [reported|raised concerns] about Iran's stockpile of enriched "
                     "uranium, adding to pressure in European capitals for a tougher line.")},
        {"until": 1.6,
         "heads": ("{eu} adopts sanctions on Iran over drone supplies to Russia",
                   "Europe and Britain slap sanctions on Iranian drone makers"),
         "ledes": ("{eu} formally adopted [a new package of|fresh] sanctions against Iran on {$day}, adding "
                   "{$listed} individuals and entities [linked to|involved in] the production and export of "
                   "drones and missiles to its blacklist.",
                   "Britain and {eu} imposed coordinated sanctions on Iran on {$day}, [targeting|hitting] "
                   "{$listed} officials and companies accused of helping Russia [wage war|sustain its "
                   "attacks] in Ukraine."),
         "details": ("Those listed include [senior commanders|procurement officials] of {irgc}, as well as "
                     "[shipping firms|freight companies] and two airlines, according to the official journal "
                     "published on {$day}.",
                     "{kallas} said the measures sent [a clear message|a strong signal] that anyone helping "
                     "Russia's war effort would [pay a price|face consequences].",
                     "The sanctions freeze assets held in Europe and ban European companies from doing "
                     "business with those listed.")},
        {"heads": ("Iran summons European envoys over sanctions",
                   "Tehran vows retaliation as {eu} sanctions take effect"),
         "ledes": ("Iran's foreign ministry summoned the ambassadors of Germany, France and Britain on "
                   "{$day} to protest against the new sanctions, [calling them|describing them as] "
                   "[illegal|a violation of international law].",
                   "{pezeshkian} said on {$day} that sanctions would not [change|alter] Iran's policies, as "
                   "Tehran [announced|unveiled] countermeasures against European officials and "
                   "institutions."),
         "details": ("Iranian state media reported that Tehran had placed {$num} European "
                     "[officials|lawmakers and officials] on its own sanctions list, [banning them from "
                     "entering|barring them from] Iran.",
                     "Diplomats said the dispute could [complicate|further strain] talks with {iaea} over "
                     "inspections of Iran's nuclear sites.",
                     "{kremlin} said it [regretted|condemned] what it called Europe's [policy of "
                     "sanctions|sanctions obsession] and said its cooperation with Tehran [would "
                     "continue|was not directed at third countries].")},
    ),
    "quote": ("\"These sanctions [target those who enable|are aimed at those who make possible] the drone "
              "attacks on Ukrainian cities,\" {kallas} told reporters.",
              "\"Europe has chosen confrontation over dialogue,\" {araghchi} wrote on social media.",
              "\"We will keep tightening the net [until the transfers stop|for as long as it takes],\" "
              "{von_der_leyen} said in a statement.",
              "\"Sanctions of this kind [raise the cost|make procurement harder], but they rarely stop a "
              "determined state,\" said {@security}.",
              "\"The list is [longer|broader] than many expected, which suggests real pressure from the "
              "capitals most exposed to the war,\" said {@security}.",
              "\"Tehran has learned to live with sanctions for decades,\" said {@economy}."),
    "reaction": ("{state_dept} welcomed the [package|decision] and said Washington would [coordinate|keep "
                 "coordinating] closely with its European partners.",
                 "{zelensky} thanked European governments for the measures and said drones made in Iran [had "
                 "been used|were still being used] against Ukrainian cities.",
                 "Officials in Moscow [dismissed|rejected] the measures as illegitimate, and {kremlin} said "
                 "they would have no effect on its military operations."),
    "context": ("{eu} and Britain have [accused|repeatedly accused] Iran of supplying Russia with [attack "
                "drones|long-range drones] and short-range ballistic missiles, accusations Tehran denies.",
                "Iran's economy has been [under pressure from|weighed down by] years of [U.S. "
                "sanctions|sanctions imposed by Washington] over its nuclear programme, and the rial has "
                "lost much of its value.",
                "European sanctions decisions require the unanimous backing of all member states, which has "
                "[slowed|complicated] previous packages.",
                "Tehran says its nuclear programme is [peaceful|for civilian purposes], while Western "
                "governments say it has enriched uranium far beyond what a civilian programme would need."),
    "outlook": ("Officials said further listings were possible if the transfers continue, and that the "
                "package would be reviewed [in six months|at the end of the year].",
                "Diplomats expect the issue to be discussed again when foreign ministers meet [next "
                "month|later in the month]."),
}

ELECTION: dict[str, Any] = {
    "key": "election", "label": "Canadian federal election", "section": "politics", "share": 0.08, "rise"
                                                                                                   "": 12.0,
    "domain": "politics", "datelines": ("Ottawa",), "interest": ("CAN", "USA", "GBR", "AUS", "IND"),
    "numbers": {"lib": (36, 43, 1), "con": (35, 42, 1), "turnout": (62, 69, 1), "ridings": (343, 343, 1)},
    "topics": ("the election", "the federal election", "the campaign"),
    "phases": (
        {"until": 0.7,
         "heads": ("{carney} and {poilievre} trade blows as Canadian campaign heats up",
                   "Cost of living dominates Canada's election campaign"),
         "ledes": ("{carney} and {poilievre} [crisscrossed|campaigned across] Ontario on {$day}, [each "
                   "trying to|both seeking to] win over undecided voters in a federal election campaign "
                   "dominated by the cost of living and relations with the United States.",
                   "Canadians will vote on {$event} in a federal election that polls suggest is [closer than "
                   "expected|tightening], with {liberals} and {conservatives} [neck and neck|separated by a "
                   "few points] in national surveys."),
         "details": ("{poilievre} promised to [cut income taxes|scrap a consumer carbon levy] and build more "
                     "homes, while {carney} pledged to [protect jobs|support industries] hit by U.S. "
                     "tariffs.",
                     "A poll published on {$day} put {liberals} at {$lib} per cent and {conservatives} at "
                     "{$con} per cent, with the remaining support split among smaller parties.",
                     "Housing affordability, [crime|immigration] and the cost of groceries [topped|were "
                     "among] voters' concerns, according to surveys carried out during the campaign.",
                     "The leaders of the main parties are due to meet in televised debates in both official "
                     "languages, organisers said.")},
        {"until": 1.0,
         "heads": ("Canadian leaders make final push before election day",
                   "Advance voting hits record as Canada prepares to vote"),
         "ledes": ("Party leaders made a final push for votes on {$day} ahead of Canada's federal election, "
                   "with {carney} in Quebec and {poilievre} in Alberta as both sought to [shore up "
                   "support|energise supporters].",
                   "{elections_canada} said a record number of voters had cast ballots during advance "
                   "polling, [ahead of|before] election day on {$event}."),
         "details": ("{blanchet} urged voters in Quebec to back {bloc}, saying only his party would [defend "
                     "the province's interests|stand up for the province] in Ottawa.",
                     "{ndp} [appealed to|courted] progressive voters, warning that a [two-party "
                     "race|squeezed centre-left] would leave [workers|renters] without a strong voice.",
                     "{elections_canada} reminded voters that polls would open in the morning local time and "
                     "that identification would be required.")},
        {"until": 1.5,
         "heads": ("Canadians vote as count begins in tight federal race",
                   "Counting continues after Canada's closely fought election"),
         "ledes": ("Canadians voted on {$event} in a federal election [seen as|widely seen as] the closest "
                   "in years, and [counting continued|results were still being tallied] into the early hours "
                   "as both main parties [claimed momentum|awaited results from key ridings].",
                   "Vote counting was under way across Canada on {$day} after an election in which "
                   "{liberals} and {conservatives} [ran close|were closely matched] in many ridings, "
                   "according to early results from {elections_canada}."),
         "details": ("Turnout was estimated at about {$turnout} per cent, according to preliminary figures "
                     "from {elections_canada}.",
                     "Results in several ridings in Ontario and Quebec were [too close to call|within a few "
                     "hundred votes], and officials said some could go to [judicial recounts|recounts].",
                     "{carney} told supporters in Ottawa that he would [wait for every vote to be "
                     "counted|respect the outcome], while {poilievre} [thanked volunteers|told supporters "
                     "the party had run a strong campaign].")},
        {"heads": ("Canada's parties weigh next steps after tight election",
                   "What Canada's election result means for trade with the U.S."),
         "ledes": ("Canada's party leaders [met their caucuses|held meetings with newly elected members] on "
                   "{$day} as final results from the federal election were [confirmed|certified] by "
                   "{elections_canada}.",
                   "{elections_canada} finished validating results on {$day}, [days after|following] a "
                   "federal election that left [several ridings decided by narrow margins|parties "
                   "reassessing their strategies]."),
         "details": ("Political scientists said the result reflected deep regional divides, with [strong "
                     "support for {conservatives} in Alberta|{bloc} holding ground in Quebec].",
                     "{trump} [congratulated|spoke with] Canadian leaders after the vote, {white_house} "
                     "said.",
                     "Business groups said [clarity on trade policy|a stable government] was needed quickly, "
                     "given the tariffs imposed by Washington on Canadian steel and aluminium.")},
    ),
    "quote": ("\"This election is about who can stand up for Canadian workers,\" {carney} told a rally [in "
              "Ontario|in Ottawa].",
              "\"Canadians are tired of paying more for everything,\" {poilievre} said at a campaign event.",
              "\"Our voters want a strong voice in Ottawa,\" {blanchet} said.",
              "\"The campaign has been unusually volatile, and late-deciding voters could determine the "
              "result,\" said {@politics}.",
              "\"Turnout in the suburbs will decide [this|the outcome],\" said {@politics}."),
    "reaction": ("{white_house} said Washington [looked forward to working|would work] with whichever "
                 "government emerged from the vote.",
                 "Commentators in the United States noted that trade tensions had [featured heavily|played a "
                 "central role] in the Canadian campaign."),
    "context": ("{carney}, a former central banker, became prime minister in 2025 after winning the "
                "leadership of {liberals}.",
                "Canada's parliamentary system means the party that wins the most seats is usually asked to "
                "form the government, [though|even if] it lacks an outright majority.",
                "Relations with the United States, Canada's largest trading partner, have been "
                "[strained|tested] by tariffs on Canadian goods.",
                "{elections_canada} oversees voting in {$ridings} federal ridings across the country's "
                "provinces and territories."),
    "outlook": ("Analysts said the [next government|incoming government] would face immediate decisions on "
                "trade, housing and defence spending.",
                "Final certified results are expected [within days|later this month], {elections_canada} "
                "said."),
}

QUAKE: dict[str, Any] = {
    "key": "quake", "label": "Nepal earthquake", "section": "world", "share": 0.07, "rise": 2.0,
    "domain": "humanitarian", "datelines": ("Kathmandu", "Kathmandu", "New Delhi"),
    "interest": ("IND", "GBR", "USA", "JPN", "AUS"), "numbers": {"mag": (64, 78, 10), "aid": (20, 150, 1)},
    "growth": (600, 2400, 1.5, {"injured": 3.2, "displaced": 95.0}),
    "topics": ("the earthquake", "the quake", "the disaster"),
    "phases": (
        {"until": 0.6,
         "heads": ("Powerful earthquake strikes central Nepal",
                   "Magnitude {$mag} quake hits Nepal, buildings collapse in Kathmandu"),
         "ledes": ("A magnitude {$mag} earthquake struck central Nepal on {$start}, [toppling|flattening] "
                   "homes and [triggering landslides|cutting roads] in the hills west of Kathmandu, "
                   "officials said.",
                   "At least {$count} people were killed when a powerful earthquake [hit|shook] Nepal on "
                   "{$start}, and tremors were felt as far away as New Delhi, officials said."),
         "details": ("{usgs} said the quake [struck|hit] at a depth of about {$num} kilometres, with its "
                     "epicentre near the district of Gorkha.",
                     "Residents in Kathmandu ran into the streets as buildings swayed, and [several old "
                     "temples|parts of historic buildings] in the capital were damaged, witnesses said.",
                     "{ndrrma} said rescue teams [were being sent|had been deployed] to the worst-hit "
                     "districts, but [landslides|blocked roads] were hampering access.")},
        {"until": 1.6,
         "heads": ("Death toll in Nepal quake rises to {$count}",
                   "Rescuers dig through rubble as Nepal quake toll climbs"),
         "ledes": ("The death toll from the earthquake in Nepal rose to {$count} on {$day}, with more than "
                   "{$injured} injured, as rescuers [searched for survivors|dug through rubble] in remote "
                   "mountain villages.",
                   "Rescue workers in Nepal [pulled|recovered] more survivors from collapsed buildings on "
                   "{$day}, but officials warned that the toll of {$count} dead was likely to rise as teams "
                   "reached [isolated|cut-off] villages."),
         "details": ("{nepal_army} said helicopters had [ferried|airlifted] injured people from Gorkha and "
                     "Lamjung districts to hospitals in Kathmandu.",
                     "Aftershocks [continued to rattle|kept shaking] the region, forcing thousands of "
                     "families to sleep outdoors in [cold|heavy rain].",
                     "{ndrrma} said {$displaced} people had been [displaced|forced from their homes], and "
                     "that [tents|tarpaulins], clean water and medicine were urgently needed.")},
        {"until": 3.0,
         "heads": ("India and China send aid as Nepal counts cost of quake",
                   "{un} appeals for funds to help Nepal quake survivors"),
         "ledes": ("International aid began arriving in Nepal on {$day}, with India and China sending "
                   "[rescue teams and relief supplies|planes loaded with tents and medicine], {$since} after "
                   "the earthquake that killed {$count} people.",
                   "{ocha} launched an appeal on {$day} for [funds|emergency funding] to help {$displaced} "
                   "people affected by the earthquake in Nepal, [warning|saying] that shelter was the most "
                   "urgent need."),
         "details": ("{modi} pledged {$aid} million dollars in assistance and said Indian rescue teams were "
                     "[already on the ground|working alongside Nepali troops].",
                     "{wfp} said it was [distributing|delivering] food to families in [remote|hard-to-reach] "
                     "areas, using mules and porters where roads were blocked.",
                     "{who} said it was sending medical supplies and [mobile health teams|emergency health "
                     "kits] to prevent outbreaks of disease in crowded camps.",
                     "Japan, Britain and the United States [also|separately] pledged assistance, and {ifrc} "
                     "said its volunteers were helping [distribute tents|set up shelters].")},
        {"heads": ("Nepal begins rebuilding after deadly earthquake",
                   "Quake survivors in Nepal face the cold in tents"),
         "ledes": ("Nepal's government said on {$day} it would [rebuild|reconstruct] homes and schools "
                   "destroyed in the earthquake [within two years|as quickly as possible], as survivors in "
                   "the hills [prepared for|braced for] colder weather.",
                   "{$since} after the earthquake that killed {$count} people in Nepal, thousands of "
                   "survivors were still living in [tents|temporary shelters], aid agencies said on {$day}."),
         "details": ("{world_bank} said it would help finance reconstruction, and engineers were "
                     "[assessing|inspecting] damaged bridges and hydropower plants.",
                     "Officials said schools in the worst-hit districts would reopen in temporary classrooms "
                     "[within weeks|next month].",
                     "Survivors in Gorkha said [help had been slow to arrive|they had received only rice and "
                     "tarpaulins] and that many feared [further landslides|the coming rains].")},
    ),
    "quote": ("\"Whole villages [have been|were] flattened. People have lost everything,\" said "
              "{@humanitarian}.",
              "\"The next few days are critical for those still trapped,\" said {@humanitarian}.",
              "\"We are doing everything we can, but the terrain makes it extremely difficult,\" a "
              "spokesperson for {nepal_army} said.",
              "\"Our thoughts are with the people of Nepal,\" {guterres} said in a statement, adding that "
              "{un.l} teams stood ready to help.",
              "\"Health needs will grow as people are crowded into [camps|shelters] without clean water,\" "
              "{tedros} said."),
    "reaction": ("{modi} said India stood [with|by] its neighbour, and Indian air force planes carried "
                 "relief supplies to Kathmandu.",
                 "China said it had sent [a search-and-rescue team|rescue experts and relief goods] and "
                 "offered further help, according to state media in Beijing.",
                 "Governments in London, Tokyo and Canberra [announced|pledged] humanitarian funding, while "
                 "aid agencies said [pledges|commitments] still fell short of needs."),
    "context": ("Nepal sits on a major fault line where two tectonic plates [collide|meet], making it one of "
                "the most earthquake-prone countries in the world.",
                "A magnitude 7.8 earthquake in 2015 killed nearly 9,000 people in Nepal and destroyed "
                "[hundreds of thousands of|more than half a million] homes.",
                "Many houses in rural areas are built of stone and mud, which [offer little "
                "protection|collapse easily] in strong earthquakes, engineers say."),
    "outlook": ("Aid agencies warned that the [monsoon|winter] season could [complicate|slow] relief efforts "
                "in the coming weeks.",
                "The government said it would [set up|establish] a reconstruction fund and asked donors to "
                "meet [later this month|in Kathmandu]."),
}

TRADE: dict[str, Any] = {
    "key": "trade", "label": "US–China tariff dispute", "section": "business", "share": 0.08, "rise": 9.0,
    "domain": "economy", "datelines": ("Washington", "Beijing"),
    "interest": ("USA", "JPN", "KOR", "DEU", "AUS", "BRA"),
    "numbers": {"rate": (25, 60, 1), "goods": (90, 320, 1), "counter": (10, 34, 1)},
    "topics": ("the tariffs", "the trade dispute", "the tariff standoff"),
    "phases": (
        {"until": 0.6,
         "heads": ("{trump} threatens new tariffs on Chinese goods",
                   "Beijing vows to fight as Washington readies tariffs"),
         "ledes": ("{trump} said on {$day} that the United States would impose tariffs of {$rate} per cent "
                   "on [a wide range of|billions of dollars' worth of] Chinese imports, "
                   "[reigniting|escalating] a trade dispute between the world's two largest economies.",
                   "China warned on {$day} that it would [take countermeasures|fight to the end] if "
                   "Washington went ahead with [new tariffs|plans for higher tariffs] on Chinese goods, as "
                   "markets [fell|wobbled] across Asia."),
         "details": ("{greer} said the tariffs would [cover|apply to] goods worth about {$goods} billion "
                     "dollars a year, including electronics, steel and [solar panels|electric vehicle "
                     "batteries].",
                     "{mofcom} said the planned duties [violated|breached] the rules of {wto} and would hurt "
                     "consumers in both countries.",
                     "Soybean farmers in the U.S. Midwest said they feared [retaliation|losing access to "
                     "their biggest export market].")},
        {"until": 1.2,
         "heads": ("U.S. tariffs on Chinese goods take effect, Beijing retaliates",
                   "China hits back with tariffs on U.S. farm goods"),
         "ledes": ("Tariffs of {$rate} per cent on Chinese goods [took effect|came into force] on {$day}, "
                   "and Beijing [responded within hours|quickly responded] with duties of {$counter} per "
                   "cent on American farm products and energy.",
                   "China [announced|imposed] retaliatory tariffs on {$day} on [soybeans, pork and liquefied "
                   "natural gas|agricultural goods and machinery] from the United States, and added several "
                   "American companies to an export-control list."),
         "details": ("{mofcom} also [tightened|announced new] controls on exports of rare earths and [other "
                     "critical minerals|gallium and germanium], which are used in [chips|electronics and "
                     "defence equipment].",
                     "Shares of [carmakers|chipmakers] and exporters fell across Asia, while the yuan "
                     "[weakened|slipped] against the dollar.",
                     "{bessent} said Washington was [open to talks|ready to negotiate] but would not [back "
                     "down|drop its demands] on what he called unfair trade practices.")},
        {"until": 2.0,
         "heads": ("U.S. and Chinese negotiators meet to ease tariff standoff",
                   "{bessent} and {he_lifeng} hold trade talks"),
         "ledes": ("{bessent} and {he_lifeng} held [two days of|lengthy] talks on {$day} aimed at "
                   "[easing|defusing] the tariff dispute between the United States and China, [officials "
                   "said|both sides said].",
                   "Trade negotiators from Washington and Beijing met on {$day} in a neutral venue for their "
                   "first formal talks since the tariffs [took effect|were imposed], raising hopes of a "
                   "truce."),
         "details": ("Officials said the talks covered [tariff levels|a possible reduction in duties], "
                     "export controls on chips and rare earths, and Chinese purchases of American [farm "
                     "goods|agricultural products].",
                     "{wang_wentao} said China was willing to [resolve differences|work toward a solution] "
                     "through dialogue on an equal footing.",
                     "{greer} told reporters that [progress had been made|the talks were constructive] but "
                     "that [significant|important] differences remained.")},
        {"heads": ("U.S. and China agree 90-day tariff truce",
                   "Markets rally as Washington and Beijing cut tariffs"),
         "ledes": ("The United States and China agreed on {$day} to [cut|reduce] tariffs on each other's "
                   "goods for 90 days while negotiations continue, [easing fears|calming concerns] of a "
                   "prolonged trade war.",
                   "Stock markets [rose|rallied] on {$day} after Washington and Beijing announced a "
                   "temporary [truce|pause] in their tariff dispute, with [tech|shipping] shares among the "
                   "biggest gainers."),
         "details": ("Under the deal, U.S. tariffs on Chinese goods will fall [for an initial "
                     "period|temporarily], and China will [suspend|pause] some of its retaliatory measures, "
                     "including [curbs on rare earth exports|duties on farm goods].",
                     "{white_house} said the agreement showed that [pressure|the tariffs] had worked, while "
                     "{mofcom} said it reflected mutual respect.",
                     "Shipping companies said bookings for [trans-Pacific|container] routes [jumped|rose "
                     "sharply] within hours of the announcement.")},
    ),
    "quote": ("\"We are not going to let anyone take advantage of American workers,\" {trump} told reporters "
              "at {white_house}.",
              "\"There are no winners in a trade war,\" a spokesperson for {mofcom} said.",
              "\"Both sides have an interest in avoiding [an all-out|a full-blown] trade war, but neither "
              "wants to be seen to blink,\" said {@economy}.",
              "\"Tariffs at this level [amount to|are effectively] an embargo on [many|some] product "
              "lines,\" said {@economy}.",
              "\"Businesses need certainty, and they are not getting it,\" said {@economy}.",
              "\"China is ready to talk, but not under pressure,\" {wang_wentao} said."),
    "reaction": ("{eu} said it was [monitoring|watching] the situation closely and warned against trade "
                 "diversion onto European markets.",
                 "Officials in Tokyo and Seoul said they were [studying|assessing] the impact on Japanese "
                 "and South Korean companies with factories in China.",
                 "{wto} urged both sides to [resolve|settle] their differences through dialogue, "
                 "[warning|saying] the dispute could slow global trade growth."),
    "context": ("The United States imported goods worth more than 400 billion dollars from China last year, "
                "while its exports to China were worth about a third of that.",
                "The two countries [fought|waged] a tariff war in 2018 and 2019 that [ended with|was paused "
                "by] a partial trade agreement.",
                "China dominates the [processing|refining] of rare earths, which are essential for [electric "
                "vehicles|wind turbines], smartphones and weapons systems.",
                "{imf} has warned that rising tariffs could [slow|weigh on] global growth and push up prices "
                "for consumers."),
    "outlook": ("Economists said the [truce|dispute] would be tested in the coming months by [disagreements "
                "over chips|talks on export controls].",
                "Further rounds of talks are expected [in the coming weeks|later this month], officials "
                "said."),
}

KENYA_IMF: dict[str, Any] = {
    "key": "kenya-imf", "label": "Kenya–IMF loan talks", "section": "business", "share": 0.05, "rise": 9.0,
    "domain": "economy", "datelines": ("Nairobi", "Nairobi", "Washington"),
    "interest": ("KEN", "NGA", "ZAF", "GBR", "USA"),
    "numbers": {"loan": (12, 36, 10), "deficit": (40, 62, 10), "growth_rate": (45, 58, 10)},
    "topics": ("the programme", "the loan talks", "the deal"),
    "phases": (
        {"until": 0.6,
         "heads": ("{imf} team arrives in Nairobi for talks on new Kenya programme",
                   "Kenya seeks new {imf} deal as debt payments loom"),
         "ledes": ("A team from {imf} arrived in Nairobi on {$day} to begin talks with the Kenyan government "
                   "on a new lending programme, as the country [grapples with|struggles under] heavy debt "
                   "repayments.",
                   "Kenya has [opened|started] talks with {imf} on a new programme worth about {$loan} "
                   "billion dollars, {mbadi} said on {$day}, as the government seeks to [ease|manage] "
                   "pressure on its finances."),
         "details": ("{mbadi} said the government aimed to [narrow|reduce] the budget deficit to {$deficit} "
                     "per cent of economic output, [partly through|mainly by] improving tax collection.",
                     "{kenya_treasury} said [interest payments|debt service costs] were consuming [more than "
                     "half|a large share] of tax revenue.",
                     "The shilling has [been stable|held steady] in recent months, [helped by|thanks to] "
                     "strong remittances and tourism receipts, {cbk} said.")},
        {"until": 1.2,
         "heads": ("Kenya and {imf} reach staff-level agreement on {$loan} billion dollar loan",
                   "{imf} and Kenya strike preliminary deal"),
         "ledes": ("{imf} and Kenya reached a staff-level agreement on {$day} on a programme worth {$loan} "
                   "billion dollars, [subject to|pending] approval by the lender's executive board.",
                   "Kenya [secured|clinched] a preliminary agreement with {imf} on {$day} after [weeks "
                   "of|lengthy] negotiations, {georgieva} said, [praising|welcoming] the government's "
                   "commitment to reform."),
         "details": ("The agreement [requires|commits] Kenya to [raise|increase] tax revenue, "
                     "[reform|restructure] loss-making state companies and [publish|disclose] more "
                     "information on its debts.",
                     "{imf} said Kenya's economy was expected to grow by about {$growth_rate} per cent this "
                     "year, supported by agriculture and services.",
                     "{cbk} said the deal would [support|bolster] foreign exchange reserves and "
                     "[reassure|calm] investors.")},
        {"until": 2.0,
         "heads": ("Protests in Nairobi as Kenya unveils tax measures",
                   "{ruto} defends budget plans amid {imf} deal"),
         "ledes": ("Police in Nairobi [fired tear gas at|dispersed] protesters on {$day} as [young "
                   "demonstrators|hundreds of people] marched against proposed tax increases linked to the "
                   "government's agreement with {imf}.",
                   "{ruto} defended his government's budget plans on {$day}, saying the tax measures were "
                   "[needed|necessary] to [reduce borrowing|stop the country sinking further into debt]."),
         "details": ("The proposed measures include [higher|new] taxes on [mobile money transfers|digital "
                     "services] and [an increase|a rise] in fuel levies, according to {kenya_treasury}.",
                     "Human rights groups urged the authorities to [respect|protect] the right to protest "
                     "and called for an investigation into [the use of force|injuries] during the "
                     "demonstrations.",
                     "Opposition lawmakers said the plans would [hit|burden] ordinary Kenyans already "
                     "struggling with [high prices|the cost of living].")},
        {"heads": ("{imf} board approves Kenya programme",
                   "Kenya's eurobonds rally after {imf} approval"),
         "ledes": ("The executive board of {imf} approved Kenya's new programme on {$day}, "
                   "[unlocking|releasing] an immediate disbursement and [ending|concluding] months of "
                   "negotiations.",
                   "Kenyan eurobonds [rose|gained] on {$day} after {imf} [approved|signed off on] the "
                   "country's new lending programme, [easing|reducing] concerns about its ability to repay "
                   "debt."),
         "details": ("{georgieva} said the programme would help Kenya [protect|preserve] spending on health "
                     "and education while [reducing|lowering] its debt burden.",
                     "{world_bank} said it would [consider|look at] additional budget support for Kenya once "
                     "the programme was in place.",
                     "Traders in Nairobi said the shilling [firmed|edged higher] after the decision.")},
    ),
    "quote": ("\"We cannot continue borrowing to pay [interest|old debts],\" {ruto} said in a televised "
              "address.",
              "\"Kenya has made [important|significant] progress, but the road ahead requires "
              "[difficult|tough] choices,\" {georgieva} said.",
              "\"The programme buys time, but it does not solve the [revenue problem|underlying debt "
              "problem],\" said {@economy}.",
              "\"Young people feel they are being asked to pay for decisions they did not make,\" said "
              "{@economy}.",
              "\"Our priority is to [protect|support] households while we [restore|rebuild] fiscal "
              "stability,\" {mbadi} told lawmakers."),
    "reaction": ("Investors in London said an agreement would [reduce|lower] the risk of a default, while "
                 "ratings agencies said they would [review|assess] the country's outlook.",
                 "Business groups in Nairobi said they were [following|watching] {$topic} closely and warned "
                 "against tax increases that could [hurt|stifle] growth."),
    "context": ("Kenya's public debt has [risen sharply|more than doubled] over the past decade, driven by "
                "[borrowing for infrastructure|spending on roads and railways].",
                "Protests against a finance bill in 2024 [forced|led] the government to [withdraw|drop] "
                "proposed tax increases after deadly clashes in Nairobi.",
                "Kenya [repaid|refinanced] a 2 billion dollar eurobond in 2024, [easing|averting] fears of a "
                "default."),
    "outlook": ("The first review of the programme is expected [in six months|later in the year], {imf} "
                "said.",
                "Analysts said the government's ability to [pass|implement] the tax measures would be "
                "[key|crucial] to the programme's success."),
}

STORYLINES: tuple[dict[str, Any], ...] = (SUMMIT, SANCTIONS, ELECTION, QUAKE, TRADE, KENYA_IMF)
