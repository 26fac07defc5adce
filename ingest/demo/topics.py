"""Background coverage of the demo news web: six everyday topics, each with a few angles (data only).

``{%…}`` slots name the article's focus country (usually the outlet's own), so topics are about many
countries while keeping their own vocabulary.
"""

from __future__ import annotations

from typing import Any

ECONOMY: dict[str, Any] = {
    "key": "economy", "label": "Economy", "section": "business", "share": 0.22, "domain": "economy",
    "topics": ("the figures", "the data", "the economy"),
    "angles": (
        {"heads": ("{%adj} inflation [eases|slows] to {$cpi} per cent",
                   "Inflation in {%name} rises more than expected"),
         "ledes": ("Consumer price inflation in {%name} [eased|slowed] to {$cpi} per cent in {$lastmonth}, "
                   "official figures showed on {$day}, [giving|offering] some relief to households "
                   "[squeezed|hit] by higher living costs.",
                   "{%adj} inflation [rose|picked up] to {$cpi} per cent in {$lastmonth}, [driven by|pushed "
                   "up by] food and energy prices, data from the national statistics agency showed on "
                   "{$day}."),
         "details": ("Food prices were up {$pct} per cent from a year earlier, while [transport|housing] "
                     "costs [rose|climbed] more modestly.",
                     "Core inflation, which strips out volatile items such as food and fuel, [held "
                     "steady|edged lower], the figures showed.",
                     "Economists [polled|surveyed] ahead of the release had expected a [slightly "
                     "higher|slightly lower] reading.",
                     "Rents and insurance premiums were among the [fastest-rising|stickiest] items in the "
                     "basket, the statistics agency said.",
                     "Petrol prices [fell|dropped] for a [second|third] month in a row, [helping|offsetting] "
                     "higher prices for [meat and dairy|fresh vegetables].",
                     "Retailers said shoppers were [trading down|switching] to cheaper own-brand products.",
                     "Services inflation, closely watched by policymakers, [eased|edged down] to {$cpi} per "
                     "cent.",
                     "\"Prices are still rising, just more slowly than before,\" one shopkeeper in {%cap} "
                     "told reporters.",
                     "The government said its [energy subsidies|cuts to fuel duty] had helped to [hold "
                     "down|contain] prices.")},
        {"heads": ("{%cb} holds interest rates steady", "{%cb} cuts rates as growth slows"),
         "ledes": ("{%cb} [kept|left] its benchmark interest rate unchanged on {$day}, [saying|arguing] that "
                   "inflation in {%name} remained [too high|above target] to justify lower borrowing costs.",
                   "{%cb} cut its main interest rate by a quarter of a percentage point on {$day}, "
                   "[citing|pointing to] slowing growth and easing price pressures in {%name}."),
         "details": ("Policymakers [said|noted] that [wage growth|consumer spending] remained "
                     "[strong|resilient], and that further decisions would depend on incoming data.",
                     "The decision was [widely expected|in line with forecasts] by economists and [had "
                     "little effect on|barely moved] the currency.",
                     "Mortgage holders and small businesses have [struggled|been squeezed] by borrowing "
                     "costs that remain well above their levels of a few years ago.",
                     "Minutes of the meeting showed that [two|several] members of the committee had argued "
                     "for a [different|larger] move.",
                     "The currency [rose|slipped] slightly against the dollar after the announcement.",
                     "Banks are expected to pass the decision on to borrowers [within weeks|in the coming "
                     "weeks], analysts said.",
                     "Financial markets had priced in [a small chance|some probability] of a move before the "
                     "announcement.",
                     "The central bank said it [would not hesitate|stood ready] to act if inflation [proved "
                     "persistent|picked up again].",
                     "Economists said the decision [left the door open|kept options open] for a change [at "
                     "the next meeting|later in the year].")},
        {"heads": ("{%adj} economy grows {$gdp} per cent in the quarter",
                   "Unemployment in {%name} falls to {$jobless} per cent"),
         "ledes": ("The economy of {%name} grew by {$gdp} per cent in the latest quarter, [faster|slower] "
                   "than economists had expected, official data showed on {$day}.",
                   "Unemployment in {%name} [fell|dipped] to {$jobless} per cent, the lowest level in "
                   "[months|more than a year], as employers [hired more|added jobs] in services and "
                   "construction, figures showed on {$day}."),
         "details": ("Household spending and [exports|investment] [drove|supported] growth, [while|though] "
                     "manufacturing output [fell|was flat].",
                     "The [finance ministry|government] said the figures showed the economy was [on a solid "
                     "footing|recovering], but opposition politicians said [wages|incomes] had not kept up "
                     "with prices.",
                     "Exports to China and the United States were [mixed|uneven], with "
                     "[machinery|commodities] shipments rising.",
                     "Business surveys pointed to [cautious|modest] hiring plans for the months ahead.",
                     "Construction activity [picked up|recovered] after a weak start to the year, helped by "
                     "[public spending|housebuilding].",
                     "Real wages, adjusted for inflation, [rose|grew] for a [fourth|fifth] consecutive "
                     "quarter.",
                     "Government spending [added|contributed] about half a percentage point to growth, the "
                     "statistics agency said.",
                     "Economists said the economy [had avoided|was likely to avoid] a recession, but warned "
                     "that growth remained [fragile|uneven].",
                     "Job vacancies [fell|declined] for a [third|fourth] consecutive month, suggesting "
                     "demand for workers was cooling.")},
    ),
    "quote": ("\"The trend is [encouraging|moving in the right direction], but it is too early to declare "
              "victory,\" said {@economy}.",
              "\"Households are still feeling the squeeze,\" said {@economy}.",
              "\"We expect policymakers to stay cautious [for now|in the near term],\" said {@economy}.",
              "\"Global uncertainty, including trade tensions, is weighing on [investment|business "
              "confidence],\" said {@economy}.",
              "\"The labour market is cooling, but slowly,\" said {@economy}.",
              "\"Central banks will not want to declare victory too soon,\" said {@economy}.",
              "\"Consumers are more cautious than the headline numbers suggest,\" said {@economy}."),
    "context": ("{imf} [forecasts|expects] global growth of about 3 per cent this year, [warning|cautioning] "
                "that trade tensions [pose|present] risks.",
                "Central banks around the world raised interest rates sharply in 2022 and 2023 to "
                "[tame|curb] inflation that followed the pandemic.",
                "Energy prices have [eased|fallen] from their peaks, [helping|allowing] inflation to come "
                "down in many economies.",
                "Government borrowing costs have [risen|climbed] in many large economies this year, "
                "[limiting|constraining] room for tax cuts.",
                "Many households [drew down|used up] savings built up during the pandemic to cope with "
                "higher prices.",
                "Governments face pressure to [support|help] households while keeping budget deficits under "
                "control."),
    "outlook": ("The next [set of figures|data release] is due [next month|in four weeks].",
                "Markets will be watching [wage data|retail sales] for further clues on the outlook."),
    "generic": ("Bond yields [edged lower|were little changed] after the release, while stock markets "
                "[rose|ended slightly higher].",
                "The statistics agency revised figures for earlier months [slightly|only marginally].",
                "Small businesses said [energy bills|borrowing costs] remained their biggest concern, "
                "according to a survey by a business lobby.",
                "Consumer confidence [improved|was broadly unchanged] in {$lastmonth}, a separate survey "
                "showed."),
}

TECHNOLOGY: dict[str, Any] = {
    "key": "technology", "label": "Technology", "section": "technology", "share": 0.16, "domain": "tech",
    "topics": ("the announcement", "the technology", "the plans"),
    "angles": (
        {"heads": ("{%co} unveils new AI [model|tools] for businesses",
                   "{%co} plans {$num} billion investment in data centres"),
         "ledes": ("{%co} on {$day} [unveiled|launched] a new artificial intelligence [system|platform] "
                   "aimed at [businesses|banks and retailers] in {%name} and abroad, as competition in the "
                   "sector [intensifies|heats up].",
                   "{%co} said on {$day} it would invest {$num} billion in new data centres in {%name} over "
                   "the next five years, [betting on|citing] rising demand for artificial intelligence "
                   "services."),
         "details": ("The company said the [system|tools] could [summarise documents|answer customer "
                     "queries] and [write software code|analyse data] in several languages.",
                     "Shares in {%co} [rose|jumped] {$dec} per cent after the announcement.",
                     "Analysts said the investment would [require|need] large amounts of electricity, "
                     "[raising|renewing] questions about the sector's energy use.",
                     "The company said it would hire [hundreds of|more] engineers and open a research centre "
                     "in {%cap}.",
                     "The company did not disclose how much it had spent developing the [system|technology].",
                     "Rivals are expected to [respond|announce similar products] within months, industry "
                     "analysts said.",
                     "The announcement comes as governments [compete|race] to attract investment in "
                     "computing infrastructure.",
                     "The company said the new data centres would run largely on [renewable "
                     "power|electricity from wind and solar].",
                     "Trade unions said they wanted assurances that [automation|the new tools] would not "
                     "lead to job cuts.")},
        {"heads": ("{%adj} regulators tighten rules on data and AI",
                   "{%name} proposes new law on online safety"),
         "ledes": ("Lawmakers in {%name} [proposed|unveiled] new rules on {$day} to [regulate|oversee] "
                   "artificial intelligence and [protect|safeguard] personal data, as governments worldwide "
                   "try to keep pace with the technology.",
                   "{%adj} regulators said on {$day} they would [require|force] large online platforms to "
                   "[do more|take stronger action] to protect children and remove illegal content."),
         "details": ("Companies that [break|breach] the rules could face fines of up to {$pct} per cent of "
                     "their annual turnover, [under the proposals|according to the draft].",
                     "Technology groups said they supported [the aims of|the principle behind] the rules but "
                     "warned that [heavy|overly strict] regulation could [stifle|slow] innovation.",
                     "{eu} has already [adopted|introduced] comprehensive rules on artificial intelligence, "
                     "which [many|several] governments are studying.",
                     "Consumer groups said the plans did not go far enough to [protect|shield] users from "
                     "[scams|harmful content].",
                     "A public consultation on the [proposals|draft rules] will run for [three months|twelve "
                     "weeks].",
                     "The rules would require companies to [label|disclose] content produced by artificial "
                     "intelligence.",
                     "Officials said a new regulator would be given powers to [audit|inspect] algorithms "
                     "used by large platforms.",
                     "Privacy campaigners [welcomed|broadly welcomed] the proposals but said enforcement "
                     "would be [key|crucial].")},
        {"heads": ("Cyberattack disrupts services at {%co}", "{%co} hit by major outage"),
         "ledes": ("{%co} said on {$day} it was [investigating|responding to] a cyberattack that "
                   "[disrupted|knocked out] some of its services for [several hours|most of the day], "
                   "affecting customers across {%name}.",
                   "Customers of {%co} in {%name} were unable to [access|use] its services for hours on "
                   "{$day} after [a technical fault|a software update went wrong], the company said."),
         "details": ("The company said there was [no evidence|nothing to suggest] that customer data had "
                     "been [stolen|accessed], but it had [informed|notified] the authorities.",
                     "Security researchers said the attack [bore the hallmarks|appeared to be the work] of a "
                     "criminal ransomware group.",
                     "[Banks|Retailers] that rely on the company's systems said [some transactions|payments] "
                     "had been delayed.",
                     "Services were [gradually restored|back to normal] by the evening, the company said.",
                     "The national cyber security agency said it was [aware of|assisting with] the incident.",
                     "Customers were advised to [change their passwords|be alert to phishing emails] as a "
                     "precaution.",
                     "The company's shares [fell|slipped] {$dec} per cent in early trading before "
                     "[recovering|paring losses].",
                     "Experts said attacks on [payment systems|critical infrastructure] had become more "
                     "frequent over the past year.")},
    ),
    "quote": ("\"Every company is now a technology company, and every one of them is a target,\" said "
              "{@tech}.",
              "\"The question is not whether to regulate, but how to do it without [freezing|locking in] "
              "today's giants,\" said {@tech}.",
              "\"Demand for computing power is [growing faster|rising faster] than anyone predicted,\" said "
              "{@tech}.",
              "\"Trust is the product now,\" said {@tech}.",
              "\"Regulators are always a step behind, by design,\" said {@tech}.",
              "\"The winners will be the companies that can secure cheap, clean power,\" said {@tech}."),
    "context": ("Investment in artificial intelligence has [surged|soared] since 2023, with companies "
                "spending heavily on chips and data centres.",
                "Governments have [struggled|scrambled] to agree common rules for the technology, which "
                "[critics|campaigners] say could spread misinformation.",
                "A shortage of skilled engineers has pushed up salaries across the industry, [according "
                "to|recruiters and] industry surveys.",
                "Spending on cloud computing has [grown|risen] by double digits each year since the "
                "pandemic.",
                "Cyber insurance premiums have [risen|increased] sharply as attacks have become more "
                "frequent."),
    "outlook": ("Further details are expected [next month|in the coming weeks].",
                "Lawmakers are expected to debate the [proposals|plans] [before the summer|later this "
                "year]."),
    "generic": ("Technology shares have [outperformed|lagged] the broader market this year.",
                "Demand for skilled software engineers [remains strong|has cooled slightly], recruiters say.",
                "Data centre operators are [racing|competing] to secure electricity and land for new sites.",
                "Smaller companies say they struggle to [compete|keep up] with the spending of the largest "
                "technology groups."),
}

SPORT: dict[str, Any] = {
    "key": "sport", "label": "Sport", "section": "sport", "share": 0.18, "domain": "sport",
    "topics": ("the result", "the match", "the competition"),
    "angles": (
        {"heads": ("{%name} win World Cup qualifier", "Draw leaves {%adj} World Cup hopes in the balance"),
         "ledes": ("{%name} [beat|defeated] their opponents {$goals} in a World Cup qualifier on {$day}, "
                   "[moving closer to|boosting their hopes of] a place at the tournament.",
                   "The {%adj} national football team [was held to|drew] a {$draw} draw in a World Cup "
                   "qualifier on {$day}, [leaving|putting] their qualification hopes [in the balance|at "
                   "risk]."),
         "details": ("A [late|second-half] goal from a substitute [decided|shaped] the game in front of a "
                     "crowd of {$big}.",
                     "The coach said the team had [shown character|dug deep] but needed to [improve|be "
                     "sharper] in front of goal.",
                     "{fifa} said the final round of qualifying matches would be played [next month|in the "
                     "autumn].",
                     "The captain, who was making a [record|milestone] appearance, was substituted with a "
                     "minor injury.",
                     "The visitors [had a goal disallowed|hit the post] in the first half before the home "
                     "side [took control|settled].",
                     "The result [lifted|left] the team [second|third] in their qualifying group with two "
                     "matches to play.",
                     "Fans [celebrated|sang] long after the final whistle, and the players [saluted|thanked] "
                     "the crowd.",
                     "The coach said he would [make changes|rotate the squad] for the next game because of "
                     "fatigue.")},
        {"heads": ("{%adj} athletes win {$num} medals at international meeting",
                   "{%name} top medal table at regional championship"),
         "ledes": ("{%adj} athletes won {$num} medals at an international athletics meeting on {$day}, [led "
                   "by|including] a national record in the women's 400 metres.",
                   "{%name} [topped|finished second in] the medal table at a regional athletics championship "
                   "that ended on {$day}, [raising hopes|boosting confidence] ahead of next year's world "
                   "championships."),
         "details": ("The winning time was [the fastest|among the fastest] recorded this season, according "
                     "to {world_athletics}.",
                     "Several athletes [withdrew|pulled out] because of injuries, and organisers said heat "
                     "had affected performances.",
                     "Coaches said investment in [training centres|youth programmes] was beginning to pay "
                     "off.",
                     "A teenager [making her senior debut|competing in her first major event] won the 1,500 "
                     "metres.",
                     "The relay team [narrowly missed|just missed] a medal after a [fumbled|slow] final "
                     "changeover.",
                     "Organisers said more than {$big} spectators attended over the three days of "
                     "competition.",
                     "Officials said [drug testing|anti-doping controls] had been stepped up for the "
                     "championship.")},
        {"heads": ("{%name} launches bid to host the Olympics", "{ioc} delegation visits {%cap} as Olympic "
                                                                "bid gathers pace"),
         "ledes": ("{%name} formally [launched|submitted] a bid on {$day} to host the Olympic Games in the "
                   "2030s, with officials [promising|pledging] a [low-cost|sustainable] event built largely "
                   "on existing venues.",
                   "A delegation from {ioc} visited {%cap} on {$day} to [assess|inspect] venues for a "
                   "possible Olympic bid, as organisers [stressed|played up] public support for the "
                   "project."),
         "details": ("Officials said the bid would cost about {$num} billion dollars and [rely on|use] "
                     "temporary venues to [keep costs down|limit spending].",
                     "[Critics|Some campaigners] said the money would be better spent on [grassroots "
                     "sport|schools and hospitals].",
                     "A decision on the host is not expected for [several years|some time], {ioc} said.",
                     "Polls suggest [a majority of residents|most people] in {%cap} support the bid.",
                     "The bid committee said [ticket sales|broadcast rights] and sponsorship would cover "
                     "most of the operating costs.",
                     "Rival bids are expected from several other countries, according to officials familiar "
                     "with the process.",
                     "Supporters of the bid said the Games would [speed up|accelerate] investment in "
                     "transport and housing.")},
    ),
    "quote": ("\"The players gave everything [tonight|today],\" the coach told reporters.",
              "\"Results like this do not happen by accident; they come from years of investment,\" said "
              "{@sport}.",
              "\"There is real depth in this squad now,\" said {@sport}.",
              "\"The fans deserve a team that competes at the highest level,\" said {@sport}.",
              "\"The pressure on the coach is real, but so is the progress,\" said {@sport}.",
              "\"Hosting a major event is only worth it if the legacy is planned from day one,\" said "
              "{@sport}."),
    "context": ("Sport has become a [central|growing] part of public spending debates, as governments weigh "
                "the cost of hosting major events.",
                "{ioc} has [changed|reformed] its bidding process in recent years to [reduce|cut] the cost "
                "of hosting the Games.",
                "Attendances at domestic fixtures have [recovered|climbed] strongly since the pandemic.",
                "Broadcast rights have become the biggest source of income for most national federations.",
                "Participation in [amateur sport|grassroots clubs] has [grown|increased] since the pandemic, "
                "surveys show."),
    "outlook": ("[Organisers|Officials] said further details would be announced [next month|in the coming "
                "weeks].",
                "The next round of fixtures and events is due to be confirmed [within days|next month]."),
    "generic": ("Ticket sales for the [event|fixture] were [strong|brisk], organisers said.",
                "Broadcasters said viewing figures were among the highest of the season.",
                "Injuries to key players have [disrupted|complicated] preparations in recent weeks.",
                "Supporters travelled in large numbers, and police said the day passed [peacefully|without "
                "incident]."),
}

CULTURE: dict[str, Any] = {
    "key": "culture", "label": "Culture", "section": "culture", "share": 0.12, "domain": "culture",
    "topics": ("the festival", "the exhibition", "the prize"),
    "angles": (
        {"heads": ("Film festival opens in {%cap} with record entries", "Drama from {%name} wins top "
                                                                        "festival prize"),
         "ledes": ("An international film festival opened in {%cap} on {$day} with a record number of "
                   "entries, [as|while] organisers [promised|pledged] a programme [heavy on debut "
                   "films|focused on new voices].",
                   "A drama from {%name} about [a family|three generations] [divided|reunited] by "
                   "[migration|war] won the top prize at an international film festival on {$day}."),
         "details": ("The jury praised the film's [restrained|quiet] performances and its "
                     "[portrait|depiction] of rural life.",
                     "More than {$big} tickets were sold, organisers said, [up from|compared with] last "
                     "year.",
                     "Streaming platforms were among the buyers [circling|looking at] the winning films, "
                     "according to distributors.",
                     "The festival's opening film, a [comedy|period drama], received a long standing "
                     "ovation.",
                     "The festival [screened|showed] films from more than {$num}0 countries over "
                     "[ten|eleven] days.",
                     "Several directors used their speeches to [call for|urge] more support for independent "
                     "cinema.",
                     "Distributors said [audiences|cinema attendance] had recovered strongly this year.")},
        {"heads": ("Major exhibition of ancient textiles opens in {%cap}",
                   "Museum in {%cap} returns artefacts to their country of origin"),
         "ledes": ("A major exhibition of ancient textiles and ceramics opened at the national museum in "
                   "{%cap} on {$day}, bringing together [hundreds of|more than 300] objects [never "
                   "shown|rarely shown] in public.",
                   "The national museum in {%cap} said on {$day} it would return [a collection of|dozens of] "
                   "artefacts taken during the colonial era, following [years of|long] negotiations."),
         "details": ("Curators said the exhibition had taken [four years|several years] to prepare, with "
                     "loans from [private collections|museums] in [a dozen|several] countries.",
                     "{unesco} welcomed the decision and said [returns|restitution] of cultural property "
                     "were [gathering pace|becoming more common].",
                     "Admission will be free on [weekends|the first Sunday of each month], the museum said.",
                     "The museum said visitor numbers had [doubled|risen sharply] over the past [two "
                     "years|decade].",
                     "The exhibition [includes|features] objects [lent|loaned] by collectors who have never "
                     "shown them in public.",
                     "Curators said [conservation|restoration] work on some pieces had taken [months|more "
                     "than a year].",
                     "The museum said it would [tour|send] the exhibition to other cities next year.")},
        {"heads": ("Debut novel wins {%adj} book prize", "Shortlist announced for {%adj} literary award"),
         "ledes": ("A debut novel about [a coastal town|a family bakery] [won|took] {%adj} literature's "
                   "[richest|best-known] prize on {$day}, [beating|ahead of] five more established writers.",
                   "Judges of a leading {%adj} literary award [announced|unveiled] their shortlist on "
                   "{$day}, [featuring|with] [four|five] first-time authors."),
         "details": ("The judges described the winning book as [tender|funny and unsettling] and [formally "
                     "daring|beautifully observed].",
                     "Sales of shortlisted books typically [rise|jump] sharply after the announcement, "
                     "according to booksellers.",
                     "The prize comes with [a cash award|prize money] and a translation grant.",
                     "The winner, a former [teacher|journalist], said she had written the book over "
                     "[seven|ten] years.",
                     "The novel [follows|tells the story of] a woman who returns home after [decades|years] "
                     "abroad.",
                     "The publisher said it would [reprint|order a new print run of] the book after the "
                     "announcement.",
                     "Judges read more than {$num}0 books submitted for the prize this year.")},
    ),
    "quote": ("\"Audiences are hungry for stories they have not heard before,\" said {@culture}.",
              "\"This is a [remarkable|generous] and [ambitious|surprising] piece of work,\" said "
              "{@culture}.",
              "\"Culture budgets are under pressure everywhere, which makes moments like this matter,\" said "
              "{@culture}.",
              "\"It is a brave and unusual choice by the judges,\" said {@culture}.",
              "\"Institutions are rethinking what they owe to the places their collections came from,\" said "
              "{@culture}."),
    "context": ("Attendance at museums and festivals has [recovered|bounced back] since the pandemic, though "
                "funding remains [tight|under pressure].",
                "Arts organisations have [warned|complained] about rising costs for [venues|insurance and "
                "transport].",
                "Festival organisers have [sought|tried] to broaden audiences with cheaper tickets for young "
                "people.",
                "Streaming services have [changed|transformed] how films are financed and distributed.",
                "Literary prizes are among the few events that reliably [boost|lift] sales of new fiction."),
    "outlook": ("More details of the programme will be published [online|on the organisers' website] [next "
                "month|in the coming weeks].",
                "Organisers said next year's plans would be announced [in the spring|later this year]."),
    "generic": ("Tickets [sold out|were snapped up] within hours of going on sale.",
                "Critics [were divided|disagreed] over the [selection|programme], with some calling it [too "
                "safe|uneven].",
                "Local businesses said the event brought [welcome|much-needed] trade to the city centre.",
                "Public funding for the arts has [fallen|stagnated] in real terms over the past decade."),
}

HEALTH: dict[str, Any] = {
    "key": "health", "label": "Health", "section": "health", "share": 0.14, "domain": "health",
    "topics": ("the outbreak", "the programme", "the report"),
    "angles": (
        {"heads": ("Measles cases rise in {%name} as vaccination rates fall",
                   "{%name} launches catch-up vaccination drive"),
         "ledes": ("Health officials in {%name} reported {$num}0 new measles cases on {$day}, "
                   "[warning|saying] that falling vaccination rates had left [children|communities] exposed "
                   "to the disease.",
                   "The health ministry in {%cap} [launched|began] a catch-up vaccination campaign on "
                   "{$day}, [aiming|hoping] to reach children who missed routine jabs."),
         "details": ("{who} has [warned|said] that measles cases are rising in many regions after "
                     "vaccination programmes were disrupted during the pandemic.",
                     "Doctors urged parents to check their children's records and [book|make] appointments "
                     "at local clinics.",
                     "Most of those infected were [unvaccinated|under the age of five], officials said.",
                     "Schools in affected areas were asked to [check|review] pupils' vaccination records.",
                     "Health officials said the outbreak was [concentrated|mainly found] in [areas with low "
                     "vaccine uptake|a few districts].",
                     "Clinics [extended|lengthened] their opening hours to cope with demand for "
                     "[jabs|vaccinations].",
                     "Officials said there had been [no deaths|no serious complications] so far, but urged "
                     "vigilance.")},
        {"heads": ("Doctors in {%name} strike over pay and conditions",
                   "Hospital waiting lists grow in {%name}"),
         "ledes": ("Junior doctors in {%name} began a [48-hour|three-day] strike on {$day} in a dispute over "
                   "pay and working hours, [forcing|causing] hospitals to postpone [thousands of|many] "
                   "appointments.",
                   "Waiting lists for hospital treatment in {%name} [rose|grew] to a record {$big} in "
                   "{$lastmonth}, official figures showed on {$day}."),
         "details": ("The health ministry said talks with [unions|doctors' representatives] would resume "
                     "[next week|in the coming days].",
                     "Emergency care [continued|was maintained] during the strike, hospital managers said.",
                     "Patient groups said people were waiting [months|far too long] for routine operations "
                     "such as hip replacements.",
                     "Hospital managers said [staff shortages|rising demand] had made it harder to reduce "
                     "waiting times.",
                     "The doctors' union said [pay had fallen|salaries had not kept pace with inflation] "
                     "over the past decade.",
                     "The government said the pay demands were [unaffordable|unrealistic] but that it "
                     "remained open to talks.",
                     "Emergency departments reported long [queues|waits] over the weekend, hospital figures "
                     "showed.")},
        {"heads": ("{who} report warns of rising obesity", "{%adj} scientists link air pollution to dementia "
                                                           "risk"),
         "ledes": ("{who} warned on {$day} that obesity rates [were rising|continued to rise] in most "
                   "countries, [urging|calling on] governments to [tax sugary drinks|restrict junk food "
                   "advertising].",
                   "{%adj} researchers said on {$day} they had found a link between long-term exposure to "
                   "air pollution and a higher risk of dementia, in a study of [thousands of|more than "
                   "50,000] adults."),
         "details": ("The study, published in a peer-reviewed journal, [followed|tracked] participants for "
                     "more than a decade.",
                     "The report said that [diabetes|heart disease] linked to poor diet was putting health "
                     "systems under strain.",
                     "Researchers cautioned that the findings showed [an association|a correlation], not "
                     "proof of cause.",
                     "The authors called for [tighter limits|stricter standards] on [vehicle "
                     "emissions|pollution from industry].",
                     "The report recommended [clearer labelling|better labelling] of food and more [physical "
                     "activity|sport] in schools.",
                     "Researchers adjusted the results for [income|age], smoking and other factors.",
                     "The findings add to evidence that [pollution|poor diet] harms health in ways that are "
                     "[only now|still being] understood.")},
    ),
    "quote": ("\"Prevention is always cheaper than cure,\" said {@health}.",
              "\"We are seeing the consequences of years of underinvestment,\" said {@health}.",
              "\"These numbers should worry every health minister,\" said {@health}.",
              "\"Hospitals cannot recruit their way out of this quickly,\" said {@health}.",
              "\"Outbreaks like this are a warning we ignore at our peril,\" said {@health}."),
    "context": ("Health systems around the world are still [dealing with|working through] backlogs built up "
                "during the pandemic.",
                "{who} recommends that at least 95 per cent of children receive two doses of measles "
                "vaccine.",
                "Staff shortages have [worsened|deepened] in many hospitals, according to professional "
                "bodies.",
                "Vaccination rates for childhood diseases fell in many countries during the pandemic.",
                "Ageing populations are [increasing|adding to] demand for health care in most rich "
                "countries."),
    "outlook": ("Officials said they would publish [updated figures|a progress report] next month.",
                "The ministry is expected to [set out|announce] its plans [before the end of the year|in the "
                "autumn]."),
    "generic": ("Pharmacists reported [strong|steady] demand for [flu jabs|vaccinations] this season.",
                "Public health campaigns have [struggled|found it hard] to reach younger adults, officials "
                "say.",
                "Spending on health care has [risen|grown] faster than the wider economy for years.",
                "Doctors' groups said [prevention|primary care] should be the priority for new funding."),
}

CLIMATE: dict[str, Any] = {
    "key": "climate", "label": "Climate", "section": "climate", "share": 0.18, "domain": "climate",
    "topics": ("the heatwave", "the targets", "the report"),
    "angles": (
        {"heads": ("Heatwave brings record temperatures to {%name}",
                   "{%adj} authorities issue heat warnings as temperatures soar"),
         "ledes": ("Temperatures in parts of {%name} [reached|hit] a record {$temp} degrees Celsius on "
                   "{$day}, [prompting|leading] authorities to [issue heat warnings|close schools early].",
                   "{%adj} authorities [issued|extended] heat warnings on {$day} as a heatwave "
                   "[gripped|scorched] much of the country for a [fifth|sixth] day."),
         "details": ("Hospitals reported a rise in [heatstroke cases|admissions linked to the heat], "
                     "particularly among older people.",
                     "Farmers warned that the heat and lack of rain were [damaging|threatening] crops.",
                     "{wmo} said heatwaves were becoming [more frequent|longer and more intense] as the "
                     "planet warms.",
                     "Local authorities opened [cooling centres|air-conditioned public buildings] and urged "
                     "people to check on elderly neighbours.",
                     "[Train operators|Transport authorities] imposed speed limits because of the risk of "
                     "rails buckling in the heat.",
                     "Water companies urged customers to [save water|use water sparingly] after [weeks of|a "
                     "prolonged spell of] dry weather.",
                     "Firefighters [tackled|battled] several grass fires on the outskirts of {%cap}.")},
        {"heads": ("{%name} raises renewable energy target", "{%adj} solar and wind output hits record"),
         "ledes": ("The government of {%name} [raised|increased] its target for renewable electricity on "
                   "{$day}, aiming for [wind and solar|clean energy] to supply {$share} per cent of power by "
                   "2035.",
                   "Solar and wind farms generated a record share of electricity in {%name} in {$lastmonth}, "
                   "[data from the grid operator showed|the grid operator said] on {$day}."),
         "details": ("Officials said the target would require [faster approval|quicker permitting] of "
                     "projects and upgrades to the grid.",
                     "Industry groups welcomed the plan but said investment in [storage|batteries] needed to "
                     "[double|increase sharply].",
                     "Coal still [accounts for|provides] a significant share of power generation, the "
                     "figures showed.",
                     "Households that installed rooftop solar panels [cut|reduced] their bills, consumer "
                     "groups said.",
                     "The grid operator said [storage|battery capacity] had [doubled|grown sharply] in the "
                     "past year.",
                     "Officials said new [offshore wind|solar] auctions would be held [next year|later this "
                     "year].",
                     "Critics said the target would [raise|push up] household bills, a claim the government "
                     "rejected.")},
        {"heads": ("{ipcc} scientists warn of accelerating sea level rise",
                   "Global temperatures near record again, {wmo} says"),
         "ledes": ("Scientists warned on {$day} that sea levels were rising faster than [expected|previously "
                   "thought], in a report [drawing on|citing] work by {ipcc}.",
                   "{wmo} said on {$day} that global temperatures were [close to|near] record levels, "
                   "[urging|calling on] governments to cut emissions faster."),
         "details": ("The report said coastal cities [would face|faced] more frequent flooding [unless "
                     "emissions fell|as the oceans warmed].",
                     "Scientists said the past decade was the warmest on record.",
                     "Climate negotiators are due to meet [later this year|in the autumn] to review national "
                     "plans to cut emissions.",
                     "The report said that [glaciers|ice sheets] were losing mass at an accelerating rate.",
                     "The report [drew on|was based on] data from thousands of [measuring stations|tide "
                     "gauges] and satellites.",
                     "Scientists said the [rate|pace] of warming over land was faster than over the oceans.",
                     "Low-lying island states said the findings [showed|underlined] the urgency of cutting "
                     "emissions.")},
    ),
    "quote": ("\"The science is clear, and the window to act is closing,\" said {@climate}.",
              "\"Every fraction of a degree matters,\" said {@climate}.",
              "\"The cheapest electricity we can build today is clean,\" said {@climate}.",
              "\"Adaptation is no longer optional,\" said {@climate}.",
              "\"The pace of the energy transition is now set by grids and permits, not by technology,\" "
              "said {@climate}."),
    "context": ("Under the 2015 global climate accord, countries agreed to try to limit warming to 1.5 "
                "degrees Celsius above pre-industrial levels.",
                "Extreme weather has [cost|caused] billions of dollars in damage worldwide this year, "
                "according to insurers.",
                "Emissions from [energy|power generation] remain the largest source of greenhouse gases.",
                "Renewable energy capacity [grew|expanded] at a record pace worldwide last year.",
                "Heatwaves are among the deadliest [weather events|natural hazards], particularly for older "
                "people."),
    "outlook": ("The government is expected to [publish|set out] a detailed plan [later this year|within "
                "months].",
                "Officials said they would publish an updated assessment [next year|in the coming months]."),
    "generic": ("Environmental groups said the [measures|plans] did not go far enough.",
                "Insurers have [raised premiums|warned about rising claims] in areas exposed to "
                "[floods|fires].",
                "Scientists said the [trend|pattern] was consistent with long-term warming.",
                "Energy companies said [investment|new projects] depended on stable government policy."),
}

TOPICS: tuple[dict[str, Any], ...] = (ECONOMY, TECHNOLOGY, SPORT, CULTURE, HEALTH, CLIMATE)
