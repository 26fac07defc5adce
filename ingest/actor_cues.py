"""Words around a name that say what it is, where spaCy's small model guesses wrong.

`revise_entities` returns the doc's entities with these cues applied, before actors are read from them:
- A descriptor noun right before a name types it, as news writes appositions: "surfwear firm Quiksilver",
  "the journal Nature Astronomy", "the Swiss daily Le Matin", "sites such as Suprnova" name organisations;
  "supertanker Sirius Star", "the documentary X" name things, which are not actors; "judge Inaba",
  "striker Kane" name people. A person or organisation the model found is kept when a verb follows it
  ("the company Bill Gates founded"): only a name that ends its phrase is retyped.
- The capitalised words after an honorific are a person: "Mr Townsend", "Mr. Tanaka-Briggs".
- Capitalised words the model left unread before ", who" are a person: "Marek Novak, who served"; a
  person runs on over a hyphen the model cut it at: "Ingrid Solberg-Dahl".
- A group noun right after a name makes it an organisation: "the Young Goon gang", "the 8 Block crew".
- Capitalised words the model left off an organisation's front join it: "World Anti-Doping Agency".
- Events are not organisations: "the Winter Meetings", "the Champions Cup" (names ending in an event noun).
- A possessive inside an organisation ends it: "the Health Authority’s Opioid Prevention campaign" is the
  authority; what it owns is kept only when it is not a product or programme ("AMD's Opteron chip").
- A one-word "person" after ", of" is a home town: "Bob Wellington, of Torfaen, said".
- A corporate suffix the model left off joins the organisation's span: "Intel Corp.".
`retype` fixes the model's commonest type errors on a span: "Mr Blair", a lone name that says something
("Volker said", "said McIlroy"), owns what only people have ("Orozco's face") or is joined to a person
("Nadal and Moya") is a person, not an organisation; an acronym, or a name ending in a word such as
"Police" or "Council", is not a person.
`echoes` finds a name again where the article repeats it and the model missed it ("Sondland said" after
"Gordon Sondland"). `is_credit` and `is_street` tell a wire agency in a dateline or picture credit, and a
road, from an actor. `outside_other_names` drops the country words that belong to a name the model found
(a given name, a title of a work).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ingest.actor_names import TITLE_WORDS, ActorTable, name_key, words
from ingest.countries import CountryMention

# Nouns that are rarely verbs, so "<noun> <Name>" is an apposition ("firm Quiksilver"); verbs such as
# "label", "brand", "show", "ship", "play" are left out ("polls show Labour ahead").
ORG_DESCRIPTORS = words(
    """firm firms company companies group groups maker makers carmaker carmakers automaker retailer retailers
    supermarket supermarkets chain chains bank banks lender lenders insurer insurers airline airlines
    operator operators publisher publishers newspaper newspapers paper daily weekly tabloid tabloids
    magazine magazines journal journals broadcaster broadcasters network networks website websites site
    sites startup start-up startups conglomerate manufacturer manufacturers studio studios band bands
    charity charities agency agencies union unions party parties outlet outlets giant giants subsidiary
    subsidiaries club clubs"""
)
# People's roles written in lower case before their name: "judge Inaba noted", "striker Kane scored".
PERSON_DESCRIPTORS = words(
    """judge coach spokesman spokeswoman spokesperson prosecutor lawyer attorney detective sheriff senator
    governor mayor ambassador envoy striker midfielder defender goalkeeper quarterback pitcher singer actor
    actress rapper comedian novelist author director chairman chairwoman founder teammate"""
)
THING_DESCRIPTORS = words(
    """tanker supertanker vessel freighter yacht submarine aircraft spacecraft satellite movie movies
    documentary album albums song songs novel novels musical sitcom painting opera videogame console handset
    smartphone hurricane typhoon cyclone"""
)
# What can follow a descriptor without being a name: roles ("the club chairman"), dates, group words.
NOT_NAME_STARTS = TITLE_WORDS | words(
    """manager managers coach boss bosses owner owners founder founders director directors editor editors
    staff member members head heads spokesman chief chiefs executive executives official officials
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december"""
)
LIST_CUES = (("such", "as"), ("like",), ("including",))
GROUP_NOUNS = words("gang gangs crew crews cartel cartels mafia syndicate syndicates")
EVENT_HEADS = words(
    """meetings summit olympics cup open championship championships awards festival tournament marathon
    expo week prix"""
)
# Last words of an organisation's name that no surname is: "Surrey Police", "Kent County Council".
ORGANISATION_HEADS = words(
    """police constabulary department ministry council committee commission agency authority association
    institute university hospital corporation federation brigade bureau party union league"""
)
# Things an organisation owns that are not organisations: "AMD's Opteron chip", "the agency's X campaign".
OWNED_THINGS = words(
    """chip chips processor processors phone phones smartphone handset console app software device devices
    car cars model models engine drug vaccine campaign campaigns programme program project initiative
    scheme plan brand service"""
)
# What only people have: "Orozco's face", "Ford's friends", "Boras's client".
PERSONAL_THINGS = words(
    """face eyes hands hair voice smile tears heart mind life death funeral grave birthday wife husband son
    sons daughter daughters mother father brother sister parents children kids friends friend girlfriend
    boyfriend fiance fiancee fiancé fiancée widow lawyer lawyers attorney attorneys agent client clients
    memoir autobiography horror anger fury grief body corpse arm arms leg legs knee shoulder ankle wrist hip
    injury career"""
)
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
NAME_LINKS = words("of & de du des la le van von der")
HONORIFICS = words("mr mrs ms miss mx dr sir dame lord lady rev")
DETERMINERS = words("the a an our my your his her their its this that")  # "Our Lakewood units"
CREDIT_WORDS = words("photo photos photograph image images picture credit via")
# Cited as sources they are organisations; in datelines and picture credits they are page furniture.
WIRE_AGENCIES = frozenset(
    ["reuters", "ap", "afp", "associated press", "agence france presse", "epa", "ap photo"]
)
STREET_WORDS = words("street st avenue ave road rd boulevard blvd lane")
# Corporate suffixes, as written: part of an organisation's span, not of its name ("Intel Corp." is Intel).
CORPORATE_SUFFIXES = frozenset(
    {"Inc.", "Inc", "Corp.", "Corp", "Co.", "Ltd.", "Ltd", "Plc", "plc", "PLC", "LLC", "L.L.C.", "LLP", "AG"}
    | {"SA", "S.A.", "NV", "N.V.", "GmbH"}
)
SPEECH_VERBS = words(
    """said says told tells added adds asked asks explained wrote writes tweeted noted stated insisted argued
    recalled replied testified acknowledged admitted warned"""
)
# Lower-case words found inside names: "Bank of England", "Oil and Gas", "Charles de Gaulle", "bin Laden".
INNER_NAME_WORDS = NAME_LINKS | words(
    "and for the a an on upon at in to und et y e les den ter da di do dos das del della dei bin ibn al el"
)
DESCRIPTORS = ORG_DESCRIPTORS | THING_DESCRIPTORS | PERSON_DESCRIPTORS
# Words after a name that close its phrase, unlike a verb ("the company Bill Gates founded").
PHRASE_ENDS = words("and or off in at on from with to near into for by of since during after before")


def revise_entities(doc: Doc) -> list[Span]:
    """The doc's entities, retyped, added or dropped by the cues of the module docstring, in order."""
    ents = list(doc.ents)
    for span, label in _descriptor_names(doc):
        ents = _replace(ents, span, label)
    for span in _group_names(doc):
        ents = _replace(ents, span, "ORG")
    for span in _honoured_names(doc):
        ents = _replace(ents, span, "PERSON")
    for span in _described_people(doc):
        ents = _replace(ents, span, "PERSON")
    revised: list[Span] = []
    for ent in ents:
        if ent.label_ == "ORG":
            revised.extend(_organisation_parts(_with_suffix(_with_name_before(ent))))
        elif ent.label_ == "PERSON":
            revised.extend([] if _home_town(ent) else [_with_hyphenated_rest(ent)])
        else:
            revised.append(ent)
    return sorted(revised, key=lambda s: s.start)


def _with_name_before(ent: Span) -> Span:
    """An organisation with the capitalised words the model left off its front: "World Anti-Doping Agency"."""
    doc, start = ent.doc, ent.start
    while start > 0 and _left_off(doc[start - 1]):
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_, span_id=ent.id_)


def _with_suffix(ent: Span) -> Span:
    """An organisation with the corporate suffix the model left off its end: "Intel Corp.", "Acme Ltd"."""
    doc, end = ent.doc, ent.end
    if end < len(doc) and doc[end].text in CORPORATE_SUFFIXES and not doc[end].ent_type_:
        return Span(doc, ent.start, end + 1, label=ent.label_, span_id=ent.id_)
    return ent


def _with_hyphenated_rest(ent: Span) -> Span:
    """A person with the rest of a hyphenated surname the model cut off: "Ingrid Solberg-Dahl"."""
    doc, end = ent.doc, ent.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_title
        and not doc[end + 1].ent_type_
    ):
        end += 2
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_, span_id=ent.id_)


def _described_people(doc: Doc) -> Iterator[Span]:
    """Two or more capitalised words of no entity before ", who" are a person: "Marek Novak, who served"."""
    for token in _tokens_among(doc, _WHO_IDS):
        comma = token.i - 1
        if comma < 2 or doc[comma].text != ",":
            continue
        start = comma
        while (
            start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and not doc[start - 1].ent_type_
        ):
            start -= 1
        if comma - start >= 2 and doc[start].lower_ not in NOT_NAME_STARTS:
            yield doc[start:comma]


def _left_off(token: Token) -> bool:
    """A capitalised word of no entity, opening neither its sentence nor a quote, not a stop word or title."""
    opens = token.is_sent_start or (token.i > 0 and (token.nbor(-1).is_quote or token.nbor(-1).is_punct))
    return (
        token.is_title
        and token.is_alpha
        and not opens
        and not token.is_stop
        and not token.ent_type_
        and token.lower_ not in NOT_NAME_STARTS
    )


def _replace(ents: list[Span], span: Span, label: str | None) -> list[Span]:
    """The entities with `span` in place of those it overlaps (or, for label None, without them)."""
    kept = [e for e in ents if e.end <= span.start or e.start >= span.end]
    if label is None:
        return kept
    return [*kept, Span(span.doc, span.start, span.end, label=label)]


def _ids(vocabulary: frozenset[str]) -> numpy.ndarray:
    """The string hashes of words, as ``Doc.to_array(LOWER)`` gives them."""
    return numpy.array(sorted(get_string_id(word) for word in vocabulary), dtype=numpy.uint64)


_DESCRIPTOR_IDS = _ids(DESCRIPTORS)
_GROUP_IDS = _ids(GROUP_NOUNS)
_HONORIFIC_IDS = _ids(HONORIFICS | {f"{h}." for h in HONORIFICS})
_WHO_IDS = _ids(frozenset({"who"}))


def _tokens_among(doc: Doc, ids: numpy.ndarray) -> Iterator[Token]:
    """The tokens whose lower-case form has one of `ids`, found without a Python loop over the doc."""
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), ids)).tolist():
        yield doc[i]


def _descriptor_names(doc: Doc) -> Iterator[tuple[Span, str | None]]:
    """Names right after a descriptor noun or "<descriptor> such as", with their label (None: no actor)."""
    for token in _tokens_among(doc, _DESCRIPTOR_IDS):
        word = token.lower_
        if not token.is_lower:
            continue
        label = "ORG" if word in ORG_DESCRIPTORS else "PERSON" if word in PERSON_DESCRIPTORS else None
        yield from ((span, label) for span in _names_from(doc, token.i + 1, listed=False))
        for cue in LIST_CUES:
            end = token.i + 1 + len(cue)
            if label == "ORG" and tuple(t.lower_ for t in doc[token.i + 1 : end]) == cue:
                yield from ((span, label) for span in _names_from(doc, end, listed=True))


def _names_from(doc: Doc, i: int, *, listed: bool) -> Iterator[Span]:
    """The capitalised name starting at token i (and, after "such as", the names listed with it)."""
    while i < len(doc):
        span = _name_at(doc, i)
        if span is None:
            return
        yield span
        if not listed:
            return
        i = span.end
        while i < len(doc) and doc[i].lower_ in {",", "and", "or"}:
            i += 1


def _name_at(doc: Doc, i: int) -> Span | None:
    """A run of capitalised words (with "of", "&", "de" … inside) at token i that ends its phrase."""
    first = doc[i]
    if not _capitalised(first) or first.is_sent_start or first.lower_ in NOT_NAME_STARTS:
        return None
    end = i + 1
    while end < len(doc) and (
        _capitalised(doc[end])
        or (doc[end].lower_ in NAME_LINKS and end + 1 < len(doc) and _capitalised(doc[end + 1]))
    ):
        end += 1
    span = doc[i:end]
    model = [e for e in doc.ents if e.start < end and e.end > i]
    ends_phrase = end == len(doc) or doc[end].is_punct or doc[end].lower_ in PHRASE_ENDS
    if any(e.label_ in {"PERSON", "ORG"} for e in model) and not ends_phrase:
        return None  # "the company Bill Gates founded", "the smartphone Apple sells": a clause's subject
    return span


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and not token.is_punct


def _honoured_names(doc: Doc) -> Iterator[Span]:
    """The capitalised words after an honorific are a person: "Mr Townsend", "Mr. Tanaka-Briggs"."""
    for token in _tokens_among(doc, _HONORIFIC_IDS):
        start = token.i + 1 + (token.i + 1 < len(doc) and doc[token.i + 1].text == ".")
        end = start
        while end < len(doc) and (
            _capitalised(doc[end])
            or (doc[end].text == "-" and end + 1 < len(doc) and _capitalised(doc[end + 1]))
        ):
            end += 1
        if token.text[:1].isupper() and end > start and doc[start].lower_ not in NOT_NAME_STARTS:
            yield doc[start:end]


def _group_names(doc: Doc) -> Iterator[Span]:
    """Names before a group noun, after a determiner: "the Young Goon gang", "the 8 Block crew"."""
    for token in _tokens_among(doc, _GROUP_IDS):
        if not token.is_lower:
            continue
        start = token.i
        while start > 0 and (_capitalised(doc[start - 1]) or (doc[start - 1].like_num and start < token.i)):
            start -= 1
        name = doc[start : token.i]
        if start > 0 and doc[start - 1].lower_ in {"the", "a", "an"} and any(_capitalised(t) for t in name):
            yield name


def _organisation_parts(ent: Span) -> Iterable[Span]:
    """An ORG without event names, cut at an inner possessive; its owned part kept unless a product."""
    if ent[-1].lower_ in EVENT_HEADS:
        return []
    doc = ent.doc
    inner = next((t.i for t in ent[1:-1] if t.text in POSSESSIVE and not _plural_owner(doc[t.i - 1])), None)
    if inner is None:
        return [] if _owned_thing(ent) else [ent]
    parts = [Span(doc, ent.start, inner, label="ORG", span_id=ent.id_)]
    rest = Span(doc, inner + 1, ent.end, label="ORG")
    if not (ent.end < len(doc) and doc[ent.end].lower_ in OWNED_THINGS):
        parts.append(rest)
    return parts


def _plural_owner(token: Token) -> bool:
    """ "Women's", "Workers'", "People's": a plural owner is part of a name ("People's Liberation Army")."""
    return token.lower_ in {"women", "men", "children", "people"} or token.lower_.endswith("s")


def _owned_thing(ent: Span) -> bool:
    """A name between an owner's possessive and a product noun: "AMD's Opteron chip"."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    owned = ent.start > 0 and doc[ent.start - 1].text in POSSESSIVE
    return owned and after is not None and after.lower_ in OWNED_THINGS


def _owns_personal_things(span: Span) -> bool:
    """True when a possessive and a word for what only people have follow the span ("Ford's friends")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in POSSESSIVE:
        return False
    return doc[span.end + 1].lower_ in PERSONAL_THINGS


def _home_town(ent: Span) -> bool:
    """A one-word "person" in ", of <name>," after a name: a home town or constituency."""
    doc = ent.doc
    if len(ent) != 1 or ent.start < 2:
        return False
    return doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text == ","


def retype(span: Span, table: ActorTable) -> Span:
    """The span with the model's commonest type errors fixed (see the module docstring); a name the ruler or
    the team rules took from the table keeps its type."""
    if span.id_ in table.entries:
        return span
    label = span.label_
    if label == "ORG" and (
        span[0].lower_.rstrip(".") in HONORIFICS
        or (_lone_unknown_name(span, table) and (_speaker(span) or _paired_with_person(span)))
        or (span[0].is_title and _lone_unknown_name(span, table) and _owns_personal_things(span))
    ):
        label = "PERSON"
    elif label == "PERSON" and (
        (len(span) == 1 and span.text.isupper() and len(span.text) > 1)
        or (len(span) > 1 and span[-1].is_title and span[-1].lower_ in ORGANISATION_HEADS)
    ):
        label = "ORG"
    if label == span.label_:
        return span
    return Span(span.doc, span.start, span.end, label=label, span_id=span.id_)


def _lone_unknown_name(span: Span, table: ActorTable) -> bool:
    """One capitalised word, not an acronym ("McIlroy" counts), that the actor table does not know."""
    word = span[0]
    capitalised = word.text[:1].isupper() and not word.is_upper
    return len(span) == 1 and capitalised and table.lookup(span.text) is None


def _speaker(span: Span) -> bool:
    """The name says or tells something: "Volker said", "said McIlroy"."""
    doc = span.doc
    after = span.end < len(doc) and doc[span.end].lower_ in SPEECH_VERBS
    return after or (span.start > 0 and doc[span.start - 1].lower_ in SPEECH_VERBS)


def _paired_with_person(span: Span) -> bool:
    """The name is joined by "and"/"or" to a person the model found: "Nadal and Moya"."""
    doc = span.doc
    before = span.start > 1 and doc[span.start - 1].lower_ in {"and", "or"}
    after = span.end + 1 < len(doc) and doc[span.end].lower_ in {"and", "or"}
    return (before and doc[span.start - 2].ent_type_ == "PERSON") or (
        after and doc[span.end + 1].ent_type_ == "PERSON"
    )


def echoes(doc: Doc, names: Sequence[Span], covered: set[int]) -> list[Span]:
    """Uses of a name the article has elsewhere that the model missed: "Sondland said" after "Gordon
    Sondland". ``names`` are the actor spans found outside headings; ``covered`` the tokens of found actors
    and countries. Forms are each name and a person's surname (its last word, from three letters); a lone
    word only when the model named it twice (once may be its error). A use is the same words where no actor
    or country was found (the model may have read them as another kind of entity: it calls a surname a
    place as often as it misses it) and not part of a longer capitalised name ("Google Stadia", "Academy
    Awards"), a lone word being neither a stop word nor after a determiner ("in May", "the King"). Names
    with digits or without letters are not echoed ("3D", "GLP-1")."""
    seen = Counter(span.text for span in names)
    forms: dict[tuple[str, ...], str] = {}
    for span in names:
        tokens = tuple(t.text for t in span if t.text not in POSSESSIVE)
        letters = "".join(tokens)
        if not any(c.isalpha() for c in letters) or any(c.isdigit() for c in letters):
            continue
        if len(tokens) > 1 or seen[span.text] > 1:
            forms.setdefault(tokens, span.label_)
        if span.label_ == "PERSON" and len(tokens) > 1 and len(tokens[-1]) >= 3:
            forms.setdefault(tokens[-1:], "PERSON")
    lengths: dict[str, list[int]] = {}  # first word → lengths of the forms it starts, longest first
    for form in sorted(forms, key=len, reverse=True):
        lengths.setdefault(form[0], []).append(len(form))
    found, i = [], 0
    while i < len(doc):
        for n in lengths.get(doc[i].text, ()):
            label = forms.get(tuple(t.text for t in doc[i : i + n]))
            if label is not None and _echo(doc[i : i + n], covered):
                found.append(Span(doc, i, i + n, label=label))
                i += n - 1
                break
        i += 1
    return found


def _echo(span: Span, covered: set[int]) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if any(t.i in covered for t in span) or _name_word(before) or _name_word(after):
        return False
    return len(span) > 1 or not (span[0].is_stop or (before is not None and before.lower_ in DETERMINERS))


def _name_word(token: Token | None) -> bool:
    """A capitalised word, not a stop word nor capitalised for opening its sentence: the neighbour of a
    name inside a longer one."""
    if token is None or token.is_sent_start or token.is_stop or not token.is_alpha:
        return False
    return token.text[0].isupper()


def is_credit(span: Span) -> bool:
    """A wire agency as a dateline or credit: "LONDON (Reuters) -", "Reuters/Jane Doe", "Photo: AFP"."""
    doc = span.doc
    if name_key(span.text) not in WIRE_AGENCIES:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if "/" in {before.text if before else "", after.text if after else ""}:
        return True
    if before is not None and before.text == ":" and span.start > 1:
        before = doc[span.start - 2]
    if before is not None and before.lower_ in CREDIT_WORDS:
        return True
    return _dateline(span, before, after)


def _dateline(span: Span, before: Token | None, after: Token | None) -> bool:
    """A parenthesised agency after a capitalised place name, or alone at the start or end of a line."""
    if before is None or after is None or before.text != "(" or after.text != ")":
        return False
    doc = span.doc
    opener = doc[before.i - 1] if before.i > 0 else None
    closer = doc[after.i + 1] if after.i + 1 < len(doc) else None
    at_line_start = opener is None or "\n" in opener.text or opener.text.isupper()
    return at_line_start or closer is None or "\n" in closer.text


def is_street(span: Span) -> bool:
    """Roads are places, not organisations ("Church Ave.")."""
    return span.label_ == "ORG" and span[-1].lower_.rstrip(".") in STREET_WORDS


def outside_other_names(doc: Doc, countries: list[CountryMention], table: ActorTable) -> list[CountryMention]:
    """The mentions, less country words that belong to another name the model found: a person's given
    name (a country name starting a two-word person before a surname the actor table does not know:
    "Israel Folau", "Kenya Moore"; but "Russia Putin", a headline's owner and its leader, keeps its
    country), or a word inside the title of a work or product ("My Big Fat Greek Wedding")."""
    titles = [e for e in doc.ents if e.label_ in {"WORK_OF_ART", "PRODUCT"} and len(e) >= 3]
    two_word_persons = {e.start_char: e for e in doc.ents if e.label_ == "PERSON" and len(e) == 2}
    kept = []
    for m in countries:
        ent = two_word_persons.get(m.start)
        given = (
            ent is not None
            and m.kind in {"name", "variant"}
            and m.end == ent[0].idx + len(ent[0])
            and ent[1].is_title
            and not ent[1].text.endswith("s")  # "Lesotho Hats", "Kenya Airways": a company's plural noun
            and table.lookup(ent[1].text) is None
        )
        # inside a title, after its first word ("The" aside): "Chinese J-20 fighter" keeps its country
        titled = any(e[e[0].lower_ == "the"].idx < m.start and m.end <= e.end_char for e in titles)
        if not (given or titled):
            kept.append(m)
    return kept
