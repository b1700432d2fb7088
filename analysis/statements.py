"""Statement extraction and speaker attribution for English news articles.

``extract_statements(article, doc, entities=None)`` finds every attributed
statement - direct quotes (curly, straight or British single marks, split,
cross-paragraph, malformed closers), partial quotes inside reported speech,
indirect speech (clausal complements, postposed and inverted cues,
"according to", relative clauses, object-content cues such as "expressed
opposition", misspelled cues such as "asid") - and attributes it to a canonical
speaker (pronouns resolved rule-based over the parse, surnames to full names,
titles and appositives stripped, unnamed groups normalised). Everything left
over is returned as narrator text. Rules and columns: ``docs/statements.md``.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import astuple, dataclass, field
from typing import NamedTuple

import pandas as pd

from analysis.config import DATA_DIR
from analysis.discourse import Names as _Names  # noqa: F401  (kept importable under its old name)
from analysis.discourse import discourse, doc_text

from analysis.attribution import (
    GROUP_PRONOUNS,
    PRONOUN_GENDER,
    Quote,
    clean_name,
    find_quotes,
    load_lexicon,
    misspelled_cue,
)

COLUMNS = [
    "statement_id", "speaker", "speaker_mention", "speaker_start", "speaker_end", "speaker_type",
    "speaker_class", "cue", "cue_lemma", "cue_class", "kind", "start", "end", "text", "paragraph", "narrator",
    "group", "source", "source_mention", "quoted", "cue_start", "cue_end",
]
NARRATOR = "(narrator)"
UNKNOWN = "(unknown)"
SUBJECT_DEPS = {"nsubj"}
RELATIVE = {"who", "that", "which", "whom"}
#: Nouns naming a document rather than a speaker ("according to the Kremlin's transcripts").
DOCUMENT_NOUNS = {
    "transcript", "report", "statement", "data", "figure", "document", "survey", "poll", "study",
    "filing", "record", "release", "website", "account", "analysis", "estimate", "readout",
    "source", "tally", "count", "minute", "letter", "memo", "post", "tweet",
}
#: Documents issued in someone's name: a participle cue modifying one as the object of a verb
#: ("Doe issued a statement saying ...") speaks for that verb's subject.
ISSUED_NOUNS = {"statement", "release", "letter", "memo", "petition", "website", "ad", "advertisement",
                "resolution", "report", "video"}
#: Cues that put a question: content may be an if/whether clause, an "about" phrase or a
#: to-infinitive, and the passive ("Asked whether ...", "was asked by X to ...") has the asker
#: in its "by" phrase or unnamed.
QUESTION_LEMMAS = {"ask", "inquire", "enquire"}
#: Prepositions before a gerund cue whose speaker is the subject of the clause it modifies.
GERUND_PREPS = {"by", "before", "after", "while", "in", "without", "when"}
#: Prepositions before a gerund cue that belongs to a verb or noun phrase whose subject speaks
#: ("has taken to urging X", "is keen on telling X", "made a point of saying", "since announcing").
GERUND_TOPIC_PREPS = {"to", "on", "of", "since"}
#: Cues whose object is the one addressed, not what was said ("Doe Tells Democratic Convention").
ADDRESSEE_LEMMAS = {"tell"}
#: Words opening a headline before its speaker's name ("How Paul Ryan Thinks About ...").
HEADLINE_OPENERS = {"how", "why", "what", "when", "where", "who", "watch", "video", "exclusive"}
#: Entity types of a prepositional phrase that sets the scene of a statement rather than saying it.
SETTING_ENTITIES = {"GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "WORK_OF_ART", "EVENT"}
#: Right dependents of a preposed cue, after its clause, that continue the content.
TRAILING_DEPS = {"advcl", "prep", "conj", "npadvmod", "dep", "parataxis"}
#: The same after a pattern's content ("vowed to X unless Y"), but not a coordinated verb: that
#: is the speaker's next action ("called her “third-rate” and boycotted ...").
PATTERN_TRAILING_DEPS = TRAILING_DEPS - {"conj", "parataxis"}
#: Dependents that give an as-clause cue content of its own ("as he said goodbye", "as she
#: announced her run"): it then reports that, not the clause it modifies.
AS_CLAUSE_OBJECTS = {"dobj", "ccomp", "xcomp", "dative", "attr", "oprd"}
#: Dependents after a comma cue that give it content of its own ("..., Doe announced his run").
COMMA_CUE_OBJECTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative"}
#: Punctuation that ends a clause inside a sentence: a comma cue's content starts after it.
CLAUSE_BREAKS = {";", ":", "—", "–", "--"}
#: Prepositions whose phrase after a cue says what was said ("insisted on X", "spoke about X").
TOPIC_PREPS = {"about", "of", "for", "against"}
#: Where the words of a comma cue ("..., Doe said on Monday") end.
COMMA_CUE_STOPS = {",", ";", ".", "?", "!", "--", "—", "–", ":"}
#: Finite verb tags: a cue that can have a subject of its own.
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
#: Dependencies climbed from the word before a subjectless cue to the head of its noun phrase
#: ("Figures reported on Sunday now suggest ...": Sunday -> on -> reported -> Figures).
LEFT_SUBJECT_CLIMB = {"pobj", "prep", "acl", "compound", "amod", "nummod", "quantmod", "poss", "case", "npadvmod",
                      "csubj"}
#: Prepositions naming a partner of the exchange ("as Doe joked with a friend", "as voters
#: responded to X"): such an as-clause tells when something happened, not who says it.
AS_CLAUSE_PARTNERS = {"with", "to"}
CONTINUATION_DEPS = {"prep", "advcl", "xcomp", "dep", "conj", "parataxis", "ccomp", "oprd"}
#: Parts of speech the parser is sure of that are never a misspelled verb ("during", "their").
CLOSED_CLASS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART", "NUM", "PUNCT"}
#: "SMITH: ..." / "Jane Doe: ..." opening a quoted paragraph (interview transcripts).
SPEAKER_LABEL = re.compile(r"([A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}):\s")
#: "“...” ― Jane Doe" (a dash and a bare name after the quote) and "Jane Doe ― “...”".
DASH_NAME_AFTER = re.compile(r"\s*[―—–-]+\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[.,]?\s*$")
DASH_NAME_BEFORE = re.compile(r"^\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[―—–-]+\s*$")
#: Punctuation that ends a sentence (a quote opening after one starts a new sentence).
SENTENCE_ENDS = {".", "?", "!"}
EDGE_STRIP = set(",.;:–—-()[]") | {"--"}
QUOTE_CHARS = set("“”„«»‘’‹›\"'")


#: cues whose content may be a one-word answer ("said yes", "would say so").
SHORT_ANSWER_LEMMAS = frozenset({"say", "answer", "reply", "respond"})
SHORT_ANSWERS = frozenset({"yes", "no", "so"})


@dataclass
class StatementResult:
    statements: pd.DataFrame  # attributed statements, one row per content piece, sorted by start
    narrator: pd.DataFrame    # unattributed (narrator) sentence parts, same columns


@dataclass
class _Stmt:
    cue: object | None            # spaCy Token or None
    cue_text: str
    cue_lemma: str
    cue_class: str
    subj: object | None           # Token of the speaker mention head (or None)
    mention: tuple[int, int] | None
    kind: str
    pieces: list[tuple[int, int]]
    speaker: str = UNKNOWN
    speaker_type: str = "UNKNOWN"
    source: str = ""
    source_mention: str = ""
    group: int = 0
    attribution: set = field(default_factory=set)   # token indices of the attribution clause
    tokens: set = field(default_factory=set)        # content token indices (indirect)
    whole_report: bool = False    # the content is wholly another cue's report, which stands apart


class CueInfo(NamedTuple):
    """A reporting-verb token's lexicon entry: lemma, class, and whether it was a misspelling."""

    lemma: str
    cls: str
    fuzzy: bool


@dataclass
class _Candidate:
    """A reporting verb that may introduce reported speech: its subject and content tokens."""

    cue: object          # Token
    info: CueInfo
    subj: object         # Token
    toks: set


@dataclass
class _According:
    """An "according to" phrase and the token naming its source."""

    acc: object          # the Token "according"
    holder: object       # Token


@dataclass
class _Gaps:
    """Character ranges between a direct quote and its neighbours within the paragraph."""

    before: tuple[int, int]
    after: tuple[int, int]


@dataclass
class _QuoteState:
    """What attributing the direct quotes has decided so far."""

    attributed: dict = field(default_factory=dict)   # quote open offset -> _Stmt
    cue_stmt: dict = field(default_factory=dict)     # cue token index -> _Stmt
    used_cues: set = field(default_factory=set)
    pending: list = field(default_factory=list)      # quotes continued into a later paragraph


# --------------------------------------------------------------------------- names


def _mention_tokens(tok):
    """Tokens of the noun-phrase mention headed by ``tok``: compounds, modifiers and a
    possessor ("Putin's spokesman"), never a determiner, appositive or relative clause."""
    if tok.pos_ == "PRON":
        return [tok]
    doc = tok.doc
    first = tok.i
    for ch in reversed(list(tok.lefts)):
        lo, hi = ch.left_edge.i, ch.right_edge.i
        if hi != first - 1 or ch.dep_ not in ("compound", "flat", "nmod", "amod", "poss", "nummod", "quantmod"):
            break
        if any(t.is_punct and t.text not in "-’'" for t in doc[lo:hi + 1]):
            break
        first = lo
    last = tok.i
    for ch in tok.rights:                      # flat right parts of a name ("Jr")
        if ch.dep_ == "flat" and ch.i == last + 1:
            last = ch.i
    toks = list(doc[first:last + 1])
    # symbols the tagger took for names ("Maria Lopez 😀 said"): never part of a mention
    while len(toks) > 1 and not any(c.isalnum() for c in toks[-1].text):
        toks.pop()
    while len(toks) > 1 and not any(c.isalnum() for c in toks[0].text):
        toks.pop(0)
    return toks


# --------------------------------------------------------------------------- main


def extract_statements(article, doc, entities=None) -> StatementResult:
    """Attributed statements and narrator text of ``article`` (parsed as ``doc``): annotates
    the Doc (:func:`annotate_statements`) and returns its tables (:func:`statement_tables`).

    ``entities`` is an ``analysis.entities.EntityResult`` (computed when None).
    """
    annotate_statements(doc, article, entities)
    return statement_tables(doc, article)


class _Extractor:
    def __init__(self, article, doc, entities):
        self.art = article
        self.text = article.analysis_text   # soft wraps as spaces; offsets as in article.text
        self.doc = doc
        self.lex = load_lexicon()
        self.entities = entities
        self.quotes = find_quotes(self.text, article.paragraphs)
        #: offsets of doubled-apostrophe marks by role: their token's text ("''") does not say
        self.doubled_open = {q.open for q in self.quotes if q.open_width == 2}
        self.doubled_close = {q.close for q in self.quotes if q.close_width == 2}
        self._cue_cache: dict = {}
        #: token indices whose content run continues across a sentence boundary (a quote or a
        #: speaker label's text going on over several sentences); see ``pieces``
        self.joined: set[int] = set()
        self._roles: dict[int, set[str]] = {}
        matcher = _matcher(doc.vocab)
        self.lexical_cues: set[int] = set()
        self.according: list[int] = []
        for match_id, start, _end in matcher(doc):
            if doc.vocab.strings[match_id] == "ACCORDING":
                self.according.append(start)
            else:
                self.lexical_cues.add(start)
        self.pattern_hits = _pattern_hits(doc)
        # the Doc's one sentence map, name index and pronoun resolver, built with this
        # module's rule that a pronoun in a person's reported speech is that person
        self.names = _Names(doc, entities)        # cue_of needs names while pronouns resolve
        shared = discourse(doc, entities, cue_of=self.cue_of, subject_of=self.subject_of, rebuild=True,
                           names=self.names)
        self.sentences = shared.sentences
        self.sent_of = shared.sentences.of
        self.sents = shared.sentences.spans
        self.pronouns = shared.pronouns
        self.mentions = [(m.i, m.canonical, m.subject) for m in shared.pronouns.mentions]

    # ------------------------------------------------------------------ helpers
    def tok_at(self, char: int):
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def in_quote(self, tok, quotes) -> Quote | None:
        for q in quotes:
            if q.open <= tok.idx < q.after:
                return q
        return None

    def colon_label(self, colon):
        """The name before a colon that opens a paragraph as a speaker label: a headline
        ("Jane Doe: Tax Plan Is 'Dead'") or an unquoted transcript line ("DOE: We will ...").
        Returns the head token of the name, or None. The label is 1-6 capitalised tokens from
        the paragraph start, tagged PERSON or ORG (or resolving to a known person or
        organisation), and at least three words follow the colon."""
        doc = self.doc
        p = self.art.paragraph_at(colon.idx)
        if p < 1:
            return None
        pstart, pend = self.art.paragraphs[p - 1].start, self.art.paragraphs[p - 1].end
        label = [t for t in doc[max(0, colon.i - 11):colon.i] if t.idx >= pstart and not t.is_space]
        if not label or self.text[pstart:label[0].idx].strip():
            return None
        dash = [k for k, t in enumerate(label) if t.text in ("–", "—", "-", "--")]
        if dash and 0 < dash[-1] <= 2 and label[0].is_upper:
            label = label[dash[-1] + 1:]    # "EXCLUSIVE – Jane Doe: ..."
        # "Doe to Voters: ..." / "Doe To Farmers Worried About Prices: ...": Doe speaks
        to = next((k for k, t in enumerate(label) if t.lower_ == "to" and t.pos_ == "ADP"), None)
        if to is not None and 0 < to <= 3 and all(t.ent_type_ == "PERSON" for t in label[:to]):
            label = label[:to]
        if not label or len(label) > 6:
            return None
        # capitalised, but a lower-case group noun may close it ("Doe campaign:")
        if not all(t.text[:1].isupper() or t.text in (".", "-", "’", "'") for t in label[:-1]):
            return None
        if not (label[-1].text[:1].isupper() or label[-1].text in (".", "-", "’", "'") or (
                len(label) > 1 and label[-1].pos_ == "NOUN" and label[-1].is_lower
                and label[-2].ent_type_ in ("PERSON", "ORG"))):
            return None
        after = [t for t in doc[colon.i + 1: colon.i + 12] if t.idx < pend and t.is_alpha]
        if len(after) < 3:
            return None
        span = doc[label[0].i: label[-1].i + 1]
        canon, lab = self.names.canonical(span.text)
        tagged = {t.ent_type_ for t in span} - {""}
        if lab in ("GPE", "NORP", "LOC", "FAC") or tagged & {"GPE", "NORP", "LOC", "FAC", "DATE", "TIME"}:
            return None
        if self.headline_source(label, p):
            return span.root
        if not (lab in ("PERSON", "ORG") or tagged & {"PERSON", "ORG"}):
            return None
        # a name the tagger marked as a whole counts whatever part of speech it got ("Doe" as ADJ)
        if span.root.pos_ not in ("PROPN", "NOUN") and not all(t.ent_type_ in ("PERSON", "ORG") for t in span):
            return None
        return span.root

    @staticmethod
    def headline_source(label, paragraph: int) -> bool:
        """A headline's label names its source even when the tagger knows no name in it ("Poll:",
        "Newspaper:", "Milbank:", "HUFFPOLLSTER:"): the first paragraph, a capitalised phrase that
        starts with no determiner or preposition ("The Latest:", "On Trade, ...:" are rubrics) and
        holds no comma or conjunction ("Netanyahu and Obama:" is a topic) and no finite verb ("Fix
        Is In:" is a clause)."""
        return paragraph == 1 and label[0].pos_ not in ("DET", "ADP", "SCONJ", "CCONJ") and not any(
            t.text == "," or t.pos_ in ("CCONJ", "AUX") or t.tag_ in FINITE_TAGS for t in label)

    def cue_of(self, tok) -> CueInfo | None:
        """(lemma, class, fuzzy) when ``tok`` is a reporting verb (cached per token)."""
        if tok.i not in self._cue_cache:
            found = self._cue_of(tok)
            self._cue_cache[tok.i] = CueInfo(*found) if found else None
        return self._cue_cache[tok.i]

    def _cue_of(self, tok):
        lex = self.lex
        if tok.text == ":":
            return (":", "neutral", False) if self.colon_label(tok) is not None else None
        if tok.i in self.lexical_cues:
            lemma = tok.lemma_.lower()
            if lemma not in lex.lemmas:
                lemma = lex.forms.get(tok.lower_)
            if lemma in lex.lemmas:
                if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
                    return None
                return lemma, lex.classes[lemma], False
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _nominal_cues():
            # a speech noun with its speaker and content ("his claim that ...", "a warning by X that ...")
            hit = self.pattern_hits.get(tok.i)
            lemma = _nominal_cues()[tok.lemma_.lower()]
            if hit is not None and hit.speaker is not None and hit.content and lemma in lex.lemmas:
                return lemma, lex.classes[lemma], False
            return None
        # misspelled cue in the verb slot right after a subject name/pronoun
        if tok.i == 0 or not tok.is_alpha or tok.is_sent_start or tok.pos_ in CLOSED_CLASS:
            return None
        if tok.text[:1].isupper():
            return None   # a name ("Robby Mook said"), not a typo of a cue ("mock")
        prev = tok.doc[tok.i - 1]
        subjectish = prev.pos_ in ("PROPN", "PRON") or (prev.text[:1].isupper() and prev.pos_ == "NOUN")
        if not subjectish or prev.lower_ in RELATIVE:
            return None
        sent = tok.sent
        rest = [t for t in sent if t.i > tok.i]
        if not rest or rest[0].is_punct or not any(t.pos_ in ("VERB", "AUX") for t in rest):
            return None
        form = misspelled_cue(tok.text, lex)
        if form is None:
            return None
        lemma = lex.forms[form]
        return lemma, lex.classes[lemma], True

    # ------------------------------------------------------------------ pronouns
    def gender_of(self, canon):
        return self.pronouns.gender_of(canon)

    # ------------------------------------------------------------------ speakers
    def subject_of(self, cue, fuzzy=False):
        if fuzzy:
            return cue.doc[cue.i - 1]
        if cue.text == ":":
            return self.colon_label(cue)
        hit = self.pattern_hits.get(cue.i)
        if hit is not None and hit.speaker is not None:
            return hit.speaker
        if self.as_clause_cue(cue) and self.agent_of(cue) is not None:
            return self.agent_of(cue)   # "As reported by the Post, X": the agent speaks
        subjects = [ch for ch in cue.children if ch.dep_ in SUBJECT_DEPS]
        # an inverted cue after a comma whose content's subject the parser gave it too ("X signals
        # the end, said Jane Doe"): the subject after the cue speaks
        if cue.i > 0 and cue.doc[cue.i - 1].text == "," and not any(ch.dep_ == "ccomp" for ch in cue.children):
            after = [ch for ch in subjects if ch.i > cue.i and ch.left_edge.i == cue.i + 1]
            if after:
                return after[0]
        # a dateline parsed as a second subject ("MOSCOW - Putin said"): the nearest one speaks
        before = [ch for ch in subjects if ch.i < cue.i]
        for ch in ([before[-1]] if before else subjects[:1]):
            if ch.lower_ in RELATIVE and cue.dep_ == "relcl":
                return cue.head
            if ch.lower_ in RELATIVE or ch.tag_ == "EX":
                return None
            return ch
        if cue.dep_ == "acl" and cue.tag_ in ("VBD", "VBZ") and cue.head.dep_ == "appos":
            # "Jane Doe, editor of the X agency, called on ...": a finite verb misparsed as a
            # modifier of the appositive; the appositive's anchor speaks
            h = cue.head
            while h.dep_ == "appos" and h.head.i != h.i:
                h = h.head
            return h
        if cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.i != cue.i and cue.tag_ in (
                "VBG", "VBD", "VBZ", "VBP", "VBN", "VB"):
            head = cue.head
            if cue.dep_ == "xcomp" and cue.tag_ == "VB" and any(
                    ch.dep_ == "ccomp" or (ch.dep_ == "aux" and ch.lower_ == "to") for ch in cue.children):
                # an infinitive cue: "went on to say that ...", "continues to insist ...", "was
                # quick to point out that ...", "declined to comment on X", "went on to call X
                # “Y”": the governing verb's subject speaks
                adjective = head.pos_ == "ADJ" and head.dep_ == "acomp"
                if adjective:
                    head = head.head
                if head.pos_ in ("VERB", "AUX"):
                    objs = [ch for ch in head.children if ch.dep_ == "dobj" and ch.i < cue.i]
                    if objs:
                        return objs[-1]   # "forced X to admit that ...": the object speaks
                    subj = self.subject_of(head)
                    if subj is not None and subj.lower_ == "it" and (
                            adjective or any(ch.dep_ == "acomp" for ch in head.children)):
                        return None   # "it is safe to say ...": nobody speaks
                    return subj
            if cue.dep_ != "conj" and cue.tag_ != "VBG" and not _purpose_infinitive(cue):
                return None
            if cue.dep_ == "advcl" and cue.i > 0 and cue.doc[cue.left_edge.i - 1].text == ",":
                # ", adding that ..." hung on a verb inside reported content ("declined to say how
                # many officers made up the force, only saying ..."): the reporting clause's subject
                while head.dep_ in ("ccomp", "xcomp") and head.head.i != head.i:
                    head = head.head
            subj = self.subject_of(head)
            if subj is None and cue.dep_ == "conj":
                # "Doe was forced into damage control and said that ...", "officials were angered
                # by the deal and predicted ...": the passive first conjunct's subject speaks
                subj = next((ch for ch in head.children if ch.dep_ == "nsubjpass" and ch.lower_ not in RELATIVE), None)
            return subj
        if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep" \
                and cue.head.lower_ in GERUND_PREPS and cue.head.head.pos_ in ("VERB", "AUX"):
            # "responded by saying ...", "before explaining why ...": the clause's subject speaks
            return self.subject_of(cue.head.head)
        if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep" \
                and cue.head.lower_ in GERUND_TOPIC_PREPS:
            return self.gerund_governor_subject(cue)
        if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN") and (
                any(ch.dep_ == "ccomp" and ch.i > cue.i for ch in cue.children)
                or any(ch.dep_ in ("dobj", "xcomp") or ch.dep_ == "prep" and ch.lower_ in ("on", "for")
                       for ch in cue.rights)):
            # "a statement saying that ...", "Brockovich saying she ...", "voters saying they ...",
            # "a gunman claiming allegiance to X", "petitions calling on X to Y": the noun the
            # participle modifies speaks, or who issued it ("Doe issued a statement saying ...")
            return self.issuer(cue.head) or cue.head
        if cue.dep_ == "relcl" and cue.tag_ == "VBG":
            return None
        return self.left_subject(cue)

    @staticmethod
    def left_subject(cue):
        """A finite cue that reports a clause but got no subject from the parser ("About 4 in 10
        say they ...", "..., former president Bill Clinton said his wife ...", "Jay Doe, the
        club's president, suggested that ..."): the noun phrase ending right before it (past the
        cue's own adverbs), or the name an appositive ending there describes. None otherwise."""
        doc = cue.doc
        if cue.tag_ not in FINITE_TAGS or cue.dep_ in ("relcl", "acl", "amod") or not any(
                ch.dep_ == "ccomp" and ch.i > cue.i for ch in cue.children) or any(
                ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in cue.children):
            return None
        k = cue.i - 1
        while k > 0 and doc[k].dep_ in ("advmod", "neg", "aux", "npadvmod") and doc[k].head.i == cue.i:
            k -= 1
        appositive = doc[k].text == ","
        if appositive:
            k -= 1
        t = doc[k]
        while t.dep_ in LEFT_SUBJECT_CLIMB and t.head.i < cue.i and t.head.i != t.i:
            t = t.head
        if t.dep_ == "csubj" and t.head.i == cue.i:
            # "voters going to the polls on Tuesday said ...": a participle read as the subject
            t = next((ch for ch in t.children if ch.dep_ == "nsubj"), t)
        if appositive:
            while t.dep_ == "conj" and t.head.i < t.i:
                t = t.head
            if t.dep_ != "appos" or t.head.pos_ != "PROPN":
                return None
            t = t.head
        if t.pos_ not in ("NOUN", "PROPN", "NUM") or t.lower_ in RELATIVE:
            return None
        return t

    def gerund_governor_subject(self, cue):
        """A gerund cue after to/on/of/since ("has taken to urging X to Y", "pivoted to arguing
        that", "is keen on telling X to Y", "made a point of saying that", "Instead of calling
        himself X, Doe said", "Since announcing that ..."): the subject of the verb the phrase
        belongs to, reached through the nouns and adjectives it hangs on."""
        gov = cue.head.head
        while gov.pos_ not in ("VERB", "AUX") and gov.dep_ in ("dobj", "acomp", "pobj", "prep", "attr") \
                and gov.head.i != gov.i:
            gov = gov.head
        if gov.pos_ not in ("VERB", "AUX"):
            return None
        return self.subject_of(gov)

    @staticmethod
    def issuer(noun):
        """The subject of the verb whose object is an issued document ("Doe released a
        statement", "supporters launched petitions", "the group placed ads"), or None."""
        if noun.lemma_.lower() not in ISSUED_NOUNS or noun.dep_ != "dobj":
            return None
        return next((ch for ch in noun.head.children if ch.dep_ == "nsubj" and ch.lower_ not in RELATIVE), None)

    def speaker_for(self, subj, stmts_so_far):
        """(speaker, type, mention (start,end)) for a subject token."""
        toks = _mention_tokens(subj)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        mention = self.text[start:end]
        low = subj.lower_
        if low in PRONOUN_GENDER:
            hit = self.pronouns.resolved.get(subj.i)
            if hit:
                return hit.name, hit.type, (start, end)
            return mention, "UNKNOWN", (start, end)
        if low in GROUP_PRONOUNS or low == "it":
            for st in reversed(stmts_so_far):
                if st.speaker_type in (("ORG", "GPE") if low == "it" else ("GROUP", "ORG", "GPE")):
                    if (self.sent_of[st.subj.i] if st.subj is not None else -99) >= self.sent_of[subj.i] - 3:
                        return st.speaker, st.speaker_type, (start, end)
            return mention, "UNKNOWN", (start, end)
        if subj.pos_ == "PRON":
            return mention, "UNKNOWN", (start, end)
        if self.names.canonical(mention)[1] != "PERSON":
            # "the minister, Jane Doe, told ..." -> the appositive name speaks
            for ch in subj.children:
                if ch.dep_ == "appos" and ch.pos_ == "PROPN":
                    atoks = _mention_tokens(ch)
                    a_s, a_e = atoks[0].idx, atoks[-1].idx + len(atoks[-1])
                    c, lab = self.names.canonical(self.text[a_s:a_e])
                    if c and lab == "PERSON":
                        return c, "PERSON", (start, a_e)
        canon, label = self.names.canonical(mention)
        if canon is None and subj.ent_type_ == "PERSON":
            # "Minister of Transport of Norway Helen Marsh": the role phrase is not the name
            ent = next((e for e in self.doc.ents if e.start <= subj.i < e.end), None)
            if ent is not None and ent.label_ == "PERSON" and ent.text != mention:
                canon = self.names.canonical(ent.text)[0] or clean_name(ent.text)
                label = "PERSON"
        if canon is None and subj.ent_type_:
            canon, label = clean_name(mention), subj.ent_type_
        if canon:
            if label in (None, "ORG") and (subj.ent_type_ == "PERSON" or self.gender_of(canon)):
                label = "PERSON"   # this mention is tagged PERSON, or the text gives it a gender
            typ = label if label in ("PERSON", "ORG", "GPE") else ("GPE" if label in ("NORP", "LOC", "FAC") else "ORG")
            return canon, typ, (start, end)
        # a role noun: the name inside its phrase, or the person the text gave that role
        if subj.lemma_.lower() in _role_nouns() and subj.tag_ in ("NN", "NNP"):
            hit = self.name_in_phrase(subj) or self.role_antecedent(subj)
            if hit is not None:
                return hit, "PERSON", (start, end)
        # a common noun phrase: an unnamed source
        words = [t for t in toks if t.dep_ != "det"] or toks
        name = self.text[words[0].idx: end]
        if not any(t.pos_ == "PROPN" for t in words):
            name = name.lower()
        typ = "GROUP" if subj.tag_ in ("NNS", "NNPS") or subj.lower_ in ("police", "people", "staff") else "UNKNOWN"
        return name, typ, (start, end)

    def name_in_phrase(self, subj) -> str | None:
        """"Minister of Foreign Affairs of Lithuania Linas Linkevičius said": the person
        named at the end of the role's own phrase (before any clause or comma)."""
        last = None
        for t in subj.subtree:
            if t.i <= subj.i:
                continue
            if t.is_punct or t.dep_ in ("relcl", "acl", "appos") or t.pos_ in ("VERB", "AUX"):
                break
            last = t
        if last is None or last.ent_type_ != "PERSON":
            return None
        ent = next((e for e in self.doc.ents if e.start <= last.i < e.end), None)
        if ent is None:
            return None
        canon, label = self.names.canonical(ent.text)
        return canon or clean_name(ent.text)

    def role_words(self, i) -> set[str]:
        """Lower-cased lemmas of the noun phrase around the person mention headed at ``i``:
        titles before the name, the role phrase it hangs from, its appositive."""
        if i in self._roles:
            return self._roles[i]
        top = self.doc[i]
        while top.dep_ in ("appos", "pobj", "prep", "compound") and top.head.i != top.i:
            top = top.head
        skip = set()
        for t in top.subtree:
            if t.dep_ in ("relcl", "acl", "ccomp", "advcl") and t.i != top.i:
                skip |= {x.i for x in t.subtree}
        words = {t.lemma_.lower() for t in top.subtree if t.i not in skip and t.is_alpha}
        self._roles[i] = words
        return words

    def role_antecedent(self, subj) -> str | None:
        """"The foreign minister said": the latest person mentioned earlier with that role
        ("Foreign Minister Jane Doe", "Jane Doe, the foreign minister"), preferring the one
        that shares the role's modifiers ("Russian president")."""
        role = subj.lemma_.lower()
        mods = {t.lemma_.lower() for t in subj.lefts if t.dep_ in ("amod", "compound") and t.is_alpha} - {"former"}
        best, best_key = None, None
        for i, canon, _s in self.mentions:
            if i >= subj.i or (subj.left_edge.i <= i <= subj.right_edge.i):
                continue
            words = self.role_words(i)
            if role not in words:
                continue
            key = (len(mods & words), i)
            if best_key is None or key > best_key:
                best, best_key = canon, key
        return best

    # ------------------------------------------------------------------ content
    def complement(self, cue, fuzzy):
        """Token indices of the reported content (before removing nested statements)."""
        doc = self.doc
        if fuzzy:
            sent = cue.sent
            return {t.i for t in sent if t.i > cue.i}, set()
        if cue.text == ":":
            para = self.art.paragraphs[self.art.paragraph_at(cue.idx) - 1]
            toks = {t.i for t in doc[cue.i + 1:] if t.idx < para.end}
            self.joined.update(toks)
            return toks, set()
        comps = self.reported_clauses(cue)
        lemma = self.cue_of(cue)[0]
        if not comps and lemma in QUESTION_LEMMAS:
            comps = [ch for ch in cue.children if ch.i > cue.i and self.question_content(ch)][:1]
        toks: set[int] = set()
        extra: set[int] = set()
        for c in comps:
            toks |= {t.i for t in c.subtree}
        if not comps and lemma in self.lex.takes_object:
            obj = [ch for ch in cue.rights if ch.dep_ in ("dobj",)]
            if obj:
                for ch in cue.rights:
                    if ch.i >= obj[0].i and ch.dep_ not in ("cc", "conj", "punct"):
                        toks |= {t.i for t in ch.subtree}
                # a comma between two parts of the object content keeps it one span
                toks |= {ch.i for ch in cue.rights if ch.dep_ == "punct" and toks and min(toks) < ch.i < max(toks)}
        if not toks and not comps:
            toks = self.gerund_content(cue)
        if not toks and not comps and lemma in SHORT_ANSWER_LEMMAS:
            toks = self.short_answer(cue)
        hit = self.pattern_hits.get(cue.i)
        if not toks and hit is not None:
            for root in hit.content:
                toks |= {t.i for t in doc[root].subtree}
            if toks and all(r > cue.i for r in hit.content):
                # "vowed to impose a tariff unless the company cancels ...": what the parser hung
                # on the cue after the pattern's content goes on with it
                toks |= self.trailing_content(cue, max(toks), PATTERN_TRAILING_DEPS)
        if not toks and cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
            toks = {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
        if not toks and self.as_clause_cue(cue) and not self.cue_of(cue.head):
            toks = self.as_clause_content(cue)
        if not toks and not comps:
            toks = self.comma_cue_content(cue, lemma)
        if comps and all(c.i < cue.i for c in comps):
            # postposed cue: ", Giles said, including ..." -> the continuation is content too
            for ch in cue.rights:
                if ch.dep_ in CONTINUATION_DEPS and ch.dep_ != "ccomp":
                    first = min(t.i for t in ch.subtree)
                    if first > 0 and doc[first - 1].text == "," and not self.cue_of(ch):
                        extra |= {t.i for t in ch.subtree}
        if comps and all(c.i > cue.i for c in comps):
            toks |= self.trailing_content(cue, max(c.i for c in comps))
        toks |= extra
        return self.through_quote(toks, cue), extra

    def comma_cue_content(self, cue, lemma) -> set[int]:
        """A cue set off after a comma with its subject (", Doe said," / ", his aide told the
        Post." / ", said Jane Doe, a lawyer.") that the parser hung anywhere but as the head of
        what it reports: the sentence before that comma, and after the cue's own words a
        continuation after a comma."""
        doc = self.doc
        sent = cue.sent
        subj = self.comma_cue_subject(cue)
        if subj is None or subj.lower_ in RELATIVE or subj.pos_ == "PRON" and subj.lower_ == "it":
            return set()
        kids = list(cue.children)
        inverted = subj.i > cue.i
        lo = cue.i if inverted else subj.left_edge.i
        if any(ch.dep_ == "mark" for ch in kids) or any(
                (ch.dep_ in COMMA_CUE_OBJECTS and not (ch.dep_ == "dobj" and lemma in ADDRESSEE_LEMMAS))
                or (ch.dep_ == "prep" and (ch.lower_ in TOPIC_PREPS or any(g.dep_ == "pcomp" for g in ch.children)))
                for ch in kids if ch.i > cue.i):
            return set()   # content of its own: "..., he insisted on getting them out"
        if lo - 1 <= sent.start or doc[lo - 1].text != ",":
            return set()
        own = {t.i for t in subj.subtree} | {ch.i for ch in kids if ch.dep_ in ("advmod", "aux", "neg") and ch.i < cue.i}
        if any(k not in own for k in range(lo, cue.i)):
            return set()
        inside = {t.i for t in cue.subtree}
        j = subj.right_edge.i + 1 if inverted else cue.i + 1
        while j < sent.end and doc[j].text not in COMMA_CUE_STOPS and not doc[j].is_space:
            if j not in inside:
                return set()
            j += 1
        start = max([sent.start] + [t.i + 1 for t in doc[sent.start:lo - 1] if t.text in CLAUSE_BREAKS])
        front = {t.i for t in doc[start:lo - 1] if not t.is_space}
        back = {t.i for t in doc[j + 1:sent.end] if not t.is_space} if j < sent.end and doc[j].text == "," else set()
        toks = front | back
        if sum(1 for i in front if doc[i].is_alpha) < 3 or not self.main_clause(toks):
            return set()
        return toks

    @staticmethod
    def comma_cue_subject(cue):
        """The subject of a comma cue: the nearest one before it (", Doe said"), or, when a comma
        comes right before the cue, the one right after it (", said Jane Doe")."""
        subjects = [ch for ch in cue.children if ch.dep_ == "nsubj"]
        doc = cue.doc
        if cue.i > 0 and doc[cue.i - 1].text == ",":
            after = [ch for ch in subjects if ch.i > cue.i and ch.left_edge.i == cue.i + 1]
            if after:
                return after[0]
        before = [ch for ch in subjects if ch.i < cue.i]
        return before[-1] if before else None

    def main_clause(self, toks: set[int]) -> bool:
        """``toks`` hold a subject and its verb that no subordinating word introduces and that
        is not a relative clause ("the industry was over-supplied", not only "when we're focusing
        on X", "which is safe" or "According to the results")."""
        doc = self.doc
        for i in toks:
            t = doc[i]
            if t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and t.head.i in toks and t.head.i != i:
                verb = t.head
                if verb.dep_ not in ("relcl", "acl", "pcomp") and not any(
                        ch.dep_ == "mark" or (ch.dep_ == "advmod" and ch.tag_ == "WRB") for ch in verb.children):
                    return True
        return False

    @staticmethod
    def as_clause_cue(cue) -> bool:
        """A cue in an as-clause with a subject (or a passive one with a "by" agent: "As reported by
        the Post, X") and no object or clause of its own ("As the Post reported, X"; "X, as Doe
        noted"): it reports the clause the as-clause modifies (unless
        that clause is a report of its own: "As he has done before, Doe said ...")."""
        if cue.dep_ != "advcl" or cue.head.pos_ not in ("VERB", "AUX"):
            return False
        kids = list(cue.children)
        return any(ch.dep_ == "mark" and ch.lower_ == "as" for ch in kids) and (
            any(ch.dep_ == "nsubj" for ch in kids) or _Extractor.agent_of(cue) is not None) and not any(
            ch.dep_ in AS_CLAUSE_OBJECTS or (ch.dep_ == "prep" and ch.lower_ in AS_CLAUSE_PARTNERS)
            for ch in kids)

    @staticmethod
    def agent_of(cue):
        """The "by" agent of a passive cue without a subject ("as reported by the Post"), or None."""
        if cue.tag_ != "VBN" or any(ch.dep_ in ("nsubj", "nsubjpass") for ch in cue.children):
            return None
        return _by_agent(cue)

    @staticmethod
    def as_clause_content(cue) -> set[int]:
        """The clause an as-clause cue modifies, without the as-clause, and without a fronted
        adverbial before it that has no subject of its own ("Of course, as Doe observed, X": X)."""
        head = cue.head
        toks = {t.i for t in head.subtree} - {t.i for t in cue.subtree}
        before = {i for i in toks if i < cue.left_edge.i}
        if before and head.i not in before and not any(
                cue.doc[i].dep_ in ("nsubj", "nsubjpass", "csubj") for i in before):
            toks -= before
        return toks

    @staticmethod
    def gerund_content(cue) -> set[int]:
        """A gerund clause right after the cue that the parser made its ``xcomp`` ("reported
        spending $6 million on ads", "recalled sitting in on focus groups", "denied having met
        him"): what was reported."""
        for ch in cue.rights:
            if ch.dep_ == "xcomp" and ch.tag_ == "VBG" and ch.left_edge.i == cue.i + 1:
                return {t.i for t in ch.subtree}
        return set()

    @staticmethod
    def reported_clauses(cue) -> list:
        """The cue's clausal complements, less one the parser hung on it from before a colon,
        dash (also a spaced hyphen) or semicolon ("Even its backers sounded equivocal: Doe called it “the least bad
        option”"; "she drew his ire - he called her “weak”"): that clause is the narrator's."""
        doc = cue.doc
        out = []
        for ch in cue.children:
            if ch.dep_ != "ccomp":
                continue
            if ch.i < cue.i and any(t.text in CLAUSE_BREAKS or (t.text == "-" and t.whitespace_ and doc[t.i - 1].whitespace_)
                                    for t in doc[ch.right_edge.i + 1:cue.i]):
                continue
            out.append(ch)
        return out

    def clausal_content(self, cue) -> bool:
        """The cue reports a clause (``ccomp``) or a content a dependency pattern found, not
        a bare object noun phrase."""
        hit = self.pattern_hits.get(cue.i)
        return bool(self.reported_clauses(cue)) or (hit is not None and bool(hit.content))

    def judged_name(self, cue, info, toks) -> bool:
        """A one-word object of an expressive cue that takes its object as content: the one
        praised, criticised or mocked ("criticized Singer", "praised Putin", "mocked Rubio")."""
        if info.fuzzy or info.cls != "expressive" or info.lemma not in self.lex.takes_object:
            return False
        words = [self.doc[t] for t in toks if self.doc[t].is_alpha]
        return len(words) == 1 and words[0].dep_ == "dobj" and words[0].head.i == cue.i and words[0].pos_ in ("PROPN", "NOUN")

    def short_answer(self, cue) -> set[int]:
        """A one-word answer right after the cue: "said yes", "would say so", "said no to X"."""
        doc = self.doc
        if cue.i + 1 >= len(doc):
            return set()
        ans = doc[cue.i + 1]
        if ans.lower_ not in SHORT_ANSWERS or ans.head.i != cue.i or ans.dep_ not in (
                "intj", "advmod", "dobj", "npadvmod", "dep", "ccomp", "attr"):
            return set()
        nxt = doc[ans.i + 1] if ans.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("that", "far", "much", "many", "long", "more", "-"):
            return set()
        toks = {ans.i}
        if ans.lower_ != "so" and nxt is not None and nxt.lower_ == "to" and nxt.head.i in (cue.i, ans.i):
            toks |= {t.i for t in nxt.subtree}   # "said no to the war"
        return toks

    @staticmethod
    def question_content(ch) -> bool:
        """A dependent of "ask" that is the question: an if/whether clause the parser hung as
        ``advcl``, an "about" phrase, or a to-infinitive ("asked to respond")."""
        if ch.dep_ == "advcl":
            return any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in ch.children)
        if ch.dep_ == "prep":
            return ch.lower_ == "about"
        if ch.dep_ == "xcomp" and ch.pos_ in ("VERB", "AUX"):
            return any(a.dep_ == "aux" and a.lower_ == "to" for a in ch.children)
        return False

    def passive_asker(self, cue):
        """The asker of a passive question cue ("was asked by X", "Asked by X to ..."): the
        "by" phrase's object, or None. ``False`` when the cue is not a passive "ask"."""
        if self.cue_of(cue)[0] not in QUESTION_LEMMAS or cue.dep_ == "amod":
            return False
        if cue.tag_ != "VBN" and not (cue.tag_ == "VBD" and cue.dep_ == "advcl" and cue.i == cue.sent.start):
            return False   # a sentence-initial "Asked what ..., X said" is often tagged VBD
        if any(ch.dep_ == "nsubj" for ch in cue.children):
            return False
        return _by_agent(cue)

    def trailing_content(self, cue, after: int, deps=TRAILING_DEPS) -> set[int]:
        """A preposed cue's dependents to the right of its clause, parsed as the cue's own
        but read as part of what was said ("said X because Y", "says X, but Z",
        "is telling a crowd that X, compared to Y"): their subtrees, unless one holds a
        reporting verb of its own or a direct quote follows."""
        out: set[int] = set()
        for ch in cue.rights:
            if ch.i <= after or ch.dep_ not in deps:
                continue
            sub = list(ch.subtree)
            if any(self.cue_of(t) for t in sub if t.pos_ in ("VERB", "AUX")):
                break
            out |= {t.i for t in sub}
        if out:   # with the commas and conjunctions in between: one span
            out |= set(range(after, max(out) + 1))
        return out

    def through_quote(self, toks: set[int], cue=None) -> set[int]:
        """Content that ends inside a quotation running on past its sentence ('said that
        “X. Y. Z.”') goes on to the closing mark."""
        if not toks:
            return toks
        doc = self.doc
        last = max(toks)
        end = doc[last].idx + len(doc[last])
        start = doc[min(toks)].idx
        for q in self.quotes:
            if start <= q.open < end <= q.close:
                close_tok = self.tok_at(q.close)
                if close_tok is None:
                    continue
                if self.sent_of[close_tok.i] == self.sent_of[last]:
                    more = self.past_inner_quote(toks, last, close_tok, cue) if (
                        cue is not None and q.style == "double" and (self.text[q.close] != "'" or q.close_width == 2)) else set()
                    if more:
                        return toks | more
                    continue
                more = set(range(last + 1, close_tok.i + 1))
                self.joined.update(more)
                return toks | more
        return toks

    def past_inner_quote(self, toks: set[int], last: int, close_tok, cue) -> set[int]:
        """Content cut short at the closing mark of a quotation it opened, when the parser hung
        that mark (and what follows) on the cue ('said X is “peanuts,” compared to Y'; 'says
        there is a “long road ahead” but Z'): the rest of the sentence, up to a reporting verb
        with a subject of its own that is not a pronoun, and not past the cue's own clause
        ("Although X admitted that Y “Z,” he ...")."""
        doc = self.doc
        if close_tok.i in toks or any(not doc[i].is_punct for i in range(last + 1, close_tok.i)):
            return set()
        end = doc[close_tok.i].sent.end
        if end < len(doc) and doc[end].is_lower:   # a sentence break the parser put after the mark
            end = doc[end].sent.end
        if cue.dep_ not in ("ROOT", "conj"):
            end = min(end, cue.right_edge.i + 1)
        stop = end
        for t in doc[close_tok.i + 1:end]:
            if t.text == ";" or (t.dep_ == "appos" and t.head.i <= close_tok.i):
                stop = min(w.i for w in t.subtree) if t.dep_ == "appos" else t.i
                break   # '“Title,” Doe's best seller': an appositive to the quoted words
            if t.dep_ == "conj" and self.cue_of(t.head) and t.pos_ in ("VERB", "AUX") and not any(
                    ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children):
                stop = t.i
                break   # "called X “Y” and left": the narrator's next action
            subj = [ch for ch in t.children if ch.dep_ in ("nsubj", "nsubjpass")]
            if t.pos_ in ("VERB", "AUX") and self.cue_of(t) and any(
                    ch.pos_ != "PRON" or doc[t.i + 1].text == ":" for ch in subj):
                stop = min([t.i] + [w.i for ch in subj for w in ch.subtree])
                break   # another speaker's report, or one that introduces a quote
        more = set(range(last + 1, max(stop, close_tok.i + 1)))
        while max(more) > close_tok.i and (doc[max(more)].is_space or doc[max(more)].is_punct
                                           or doc[max(more)].dep_ == "cc"):
            more.discard(max(more))
        if max(more) <= close_tok.i:
            return set()
        self.joined.update(more)
        return more

    def pieces(self, toks: set[int]):
        """Contiguous, trimmed character spans of a token set (split at dashes/semicolons)."""
        doc = self.doc
        runs, cur = [], []
        for i in sorted(toks):
            t = doc[i]
            if t.is_space:
                continue
            if cur and (i != cur[-1] + 1 or (self.sent_of[i] != self.sent_of[cur[-1]]
                                              and i not in self.joined)):
                runs.append(cur)
                cur = []
            if t.text == ";" or (t.text in ("–", "—", "--") and t.head.pos_ in ("VERB", "AUX")):
                runs.append(cur)
                cur = []
                continue
            cur.append(i)
        runs.append(cur)
        out = []
        for run in runs:
            while run and (doc[run[0]].text in EDGE_STRIP or doc[run[0]].is_space or (
                    doc[run[0]].lower_ == "that" and len(run) > 1 and (
                        doc[run[0]].dep_ == "mark" or doc[run[1]].pos_ in ("PRON", "PROPN", "DET")))
                    or doc[run[0]].text in "”’" or doc[run[0]].idx in self.doubled_close):
                run = run[1:]
            while run and (doc[run[-1]].text in EDGE_STRIP or doc[run[-1]].is_space or doc[run[-1]].text in "“‘"
                           or doc[run[-1]].idx in self.doubled_open):
                run = run[:-1]
            if not run or not any((doc[i].is_alpha and doc[i].dep_ != "cc") or doc[i].like_num for i in run):
                continue   # nothing left but punctuation and a conjunction ('” but')
            s = doc[run[0]].idx
            e = doc[run[-1]].idx + len(doc[run[-1]])
            out.append((s, e))
        return out

    # ------------------------------------------------------------------ run
    def run(self) -> tuple[list[_Stmt], list[Quote]]:
        """The extraction, step by step; returns the statements and the partial quotes."""
        direct = [q for q in self.quotes if q.direct]
        partial = [q for q in self.quotes if not q.direct]
        cues = self.find_cues(direct)
        stmts: list[_Stmt] = []
        used = self.attribute_direct_quotes(direct, partial, cues, stmts)
        self.labelled_paragraphs(stmts, partial)
        candidates = self.indirect_candidates(cues, used, direct)
        according = self.according_phrases()
        self.indirect_statements(candidates, according, stmts)
        self.according_statements(according, direct, stmts)
        self.quoted_clauses(stmts, direct)
        self.fronted_content(stmts)
        self.title_case_headline(stmts)
        self.mark_partial(stmts, partial)
        stmts = self.drop_nested(stmts)
        self.nearby_speakers(stmts)
        return stmts, partial

    def labelled_paragraphs(self, stmts, partial) -> None:
        """A speaker label whose quote does not make up the rest of its paragraph ("Doe: Plan
        Is ‘Dead,’ Says Mayor"; "Doe: ‘No Idea’ Why Taxes Rose") speaks the whole rest of the
        paragraph, a partial quote, not the quoted fragment alone."""
        text = self.text
        for st in stmts:
            if st.kind != "direct" or st.cue is None or st.cue.text != ":" or not st.pieces:
                continue
            para = self.art.paragraphs[self.art.paragraph_at(st.cue.idx) - 1]
            s, e = st.cue.idx + 1, para.end
            if not all(s <= ps and pe <= e for ps, pe in st.pieces):
                continue
            inner = [q for q in self.quotes if s <= q.open and q.close < e]
            rest = list(text[s:e])
            for q in inner:
                rest[q.open - s:q.after - s] = " " * (q.after - q.open)
            if not re.search(r"[^\W\d_]{2}", "".join(rest)):
                continue
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] == "."):
                e -= 1
            st.pieces = [(s, e)]
            st.kind = "partial"
            partial.extend(q for q in inner if q not in partial)

    # ------------------------------------------------------------------ step 1: cues
    def find_cues(self, direct: list[Quote]) -> dict[int, CueInfo]:
        """Every reporting-verb token outside direct quotes."""
        cues = {}
        for tok in self.doc:
            if self.in_quote(tok, direct):
                continue
            info = self.cue_of(tok)
            if info:
                cues[tok.i] = info
        return cues

    # ------------------------------------------------------------------ step 2: direct quotes
    def attribute_direct_quotes(self, direct, partial, cues, stmts) -> set[int]:
        """Attribute each direct quote, paragraph by paragraph; returns the cues used.

        A quote too short to be a clause and with no speaker becomes a partial quote
        (it is moved from ``direct`` to ``partial``).
        """
        state = _QuoteState()
        by_para: dict[int, list[Quote]] = {}
        for q in direct:
            by_para.setdefault(q.paragraph, []).append(q)
        prev_para_stmt: _Stmt | None = None
        for pidx in sorted(by_para):
            qs = by_para[pidx]
            para = self.art.paragraphs[pidx - 1]
            for k, q in enumerate(qs):
                gaps = _Gaps(before=(qs[k - 1].after if k else para.start, q.open),
                             after=(q.after, qs[k + 1].open if k + 1 < len(qs) else para.end))
                if self.quote_inside_report(q, gaps, cues):
                    q.direct = False
                    direct.remove(q)
                    partial.append(q)
                    continue
                st = self.quote_cue_statement(q, gaps, cues, state, stmts)
                if st is None:
                    st = self.named_quote(q, gaps.before, gaps.after, stmts)
                if st is None:
                    cont = self.continued_statement(q, k, qs, gaps, state)
                    if cont is not None:
                        cont.pieces.append((q.cstart, q.cend))
                        state.attributed[q.open] = cont
                        continue
                if st is None and prev_para_stmt is not None and k == 0 and (
                        q.open == para.start and prev_para_stmt.kind == "direct"
                        and self._ends_with(prev_para_stmt, pidx - 1)):
                    src = prev_para_stmt      # a new quote paragraph by the last quote's speaker
                    st = _Stmt(src.cue, src.cue_text, src.cue_lemma, src.cue_class, src.subj, src.mention,
                               "direct", [], speaker=src.speaker, speaker_type=src.speaker_type)
                    stmts.append(st)
                if st is None:
                    st = self.cueless_attribution(q, pidx, gaps.before, gaps.after, cues, stmts)
                if st is None and q.continues:
                    state.pending.append(q)      # may be attributed in a later paragraph
                    continue
                if st is None:
                    if len(self.text[q.cstart:q.cend].split()) < 4:
                        q.direct = False
                        partial.append(q)
                        continue
                    st = _Stmt(None, "", "", "", None, None, "direct", [])
                    stmts.append(st)
                st.pieces.append((q.cstart, q.cend))
                # a quote that continues into the next paragraph and is attributed later
                p = q.prev_quote
                while p is not None and p.open not in state.attributed:
                    st.pieces.append((p.cstart, p.cend))
                    state.attributed[p.open] = st
                    p = p.prev_quote
                state.attributed[q.open] = st
            if qs:
                prev_para_stmt = state.attributed.get(qs[-1].open)
        for q in state.pending:
            if q.open not in state.attributed:
                st = _Stmt(None, "", "", "", None, None, "direct", [(q.cstart, q.cend)])
                stmts.append(st)
                state.attributed[q.open] = st
        return state.used_cues

    def quote_inside_report(self, q, gaps: _Gaps, cues) -> bool:
        """A quote after a comma that sits inside the clause a preceding cue reports ('joked that
        he likes a good, “quiet week now and then” since ...') is a quoted fragment of that
        report, not a direct quote of its own."""
        doc = self.doc
        if not self.text[gaps.before[0]:q.open].rstrip().endswith(","):
            return False
        open_tok = self.tok_at(q.open)
        if open_tok is None:
            return False
        for i in cues:
            cue = doc[i]
            if not (gaps.before[0] <= cue.idx < q.open) or self.sent_of[i] != self.sent_of[open_tok.i]:
                continue
            for c in cue.children:
                if c.dep_ == "ccomp" and c.i > cue.i and c.left_edge.i < open_tok.i and \
                        c.left_edge.i <= open_tok.i <= c.right_edge.i:
                    return True
        return False

    def quote_cue_statement(self, q, gaps: _Gaps, cues, state: _QuoteState, stmts) -> _Stmt | None:
        """The statement of a reporting verb in the quote's own sentence, before or after it
        ("“…,” she said" / "She said: “…”"); one cue may serve several quotes."""
        doc, text = self.doc, self.text
        close_tok = self.tok_at(min(q.close, len(text) - 1))
        open_tok = self.tok_at(q.open)
        ends_comma = text[q.cstart:q.close].rstrip().endswith((",", "?", "!")) or q.malformed
        after_cues = [i for i in cues if gaps.after[0] <= doc[i].idx < gaps.after[1]
                      and close_tok is not None and self.sent_of[i] == self.sent_of[close_tok.i]]
        before_txt = text[gaps.before[0]:gaps.before[1]].rstrip()
        before_cues = [i for i in cues if gaps.before[0] <= doc[i].idx < gaps.before[1]
                       and open_tok is not None and self.sent_of[i] == self.sent_of[open_tok.i]]
        chosen = None
        if after_cues and (ends_comma or not before_cues or not before_txt.endswith((":", ","))):
            chosen = after_cues[0]
        elif before_cues and before_txt.endswith((":", ",")):
            chosen = before_cues[-1]
        elif after_cues:
            chosen = after_cues[0]
        if chosen is None:
            return None
        cue = doc[chosen]
        info = cues[chosen]
        gap = gaps.after if chosen in after_cues else gaps.before
        subj = self.subject_of(cue, info.fuzzy)
        if subj is None:
            subj = self.nearest_name(cue, gap)
        if chosen in state.cue_stmt:
            return state.cue_stmt[chosen]
        if subj is None:
            return None
        st = self.new_stmt(cue, info.lemma, info.cls, subj, "direct", stmts)
        state.cue_stmt[chosen] = st
        state.used_cues.add(chosen)
        st.attribution |= {t.i for t in cue.subtree if gap[0] <= t.idx < gap[1]}
        st.attribution |= {t.i for t in subj.subtree if gap[0] <= t.idx < gap[1]}
        return st

    def continued_statement(self, q, k, qs, gaps: _Gaps, state: _QuoteState) -> _Stmt | None:
        """The statement a cue-less quote continues: the quote it carries on from across a
        paragraph break, or the previous quote of the paragraph when nothing but its own
        attribution stands between them ("“…,” she said. “…”")."""
        if q.prev_quote is not None and q.prev_quote.open in state.attributed:
            return state.attributed[q.prev_quote.open]
        if k > 0 and qs[k - 1].open in state.attributed:
            prev = state.attributed[qs[k - 1].open]
            between = self.doc.char_span(gaps.before[0], gaps.before[1], alignment_mode="expand") \
                if gaps.before[0] < gaps.before[1] else None
            rest = [t for t in (between or []) if t.i not in prev.attribution and not t.is_punct
                    and not t.is_space]
            if not rest:
                return prev
        return None

    # ------------------------------------------------------------------ step 3: reported speech
    def indirect_candidates(self, cues, used: set[int], direct) -> dict[int, _Candidate]:
        """Cues not used by a direct quote, with a subject and a content of two words or more (or a
        one-word answer: "said yes")."""
        doc = self.doc
        cands = {}
        for i, info in cues.items():
            if i in used:
                continue
            cue = doc[i]
            subj = self.subject_of(cue, info.fuzzy)
            asker = None if subj is not None or info.fuzzy else self.passive_asker(cue)
            if subj is None and asker is False:
                continue
            if _purpose_infinitive(cue) and not self.clausal_content(cue):
                continue   # "went to X to meet the press": only a clause or a pattern's content
            subj = subj if subj is not None else asker   # None: an unnamed asker
            toks, extra = self.complement(cue, info.fuzzy)
            toks = self.before_next_quote({t for t in toks if not doc[t].is_space}, direct)
            if sum(1 for t in toks if doc[t].is_alpha) < 2 and not extra and not (
                    len(toks) == 1 and doc[min(toks)].lower_ in SHORT_ANSWERS
                    and info.lemma in SHORT_ANSWER_LEMMAS and not info.fuzzy) and not self.judged_name(cue, info, toks):
                continue
            if any(self.in_quote(doc[t], direct) for t in toks):
                continue
            cands[i] = _Candidate(cue, info, subj, toks)
        return cands

    def before_next_quote(self, toks: set[int], direct) -> set[int]:
        """Content whose sentence the parser ran on into the next direct quote ("... gripped his
        hands tensely. ''There was ..."): the content stops before the opening mark of a direct
        quote that follows a full stop, question or exclamation mark inside it."""
        doc = self.doc
        opens = {q.open for q in direct}
        for i in sorted(toks):
            if doc[i].idx not in opens:
                continue
            prev = i - 1
            while prev > 0 and doc[prev].is_space:
                prev -= 1
            if prev in toks and doc[prev].text in SENTENCE_ENDS:
                return {t for t in toks if t < i}
        return toks

    def according_phrases(self) -> list[_According]:
        """Every "according to X", with the source it names (the holder of a document)."""
        doc = self.doc
        out = []
        for ai in sorted(self.according):
            tok = doc[ai]
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            holder = pobj
            if pobj.lemma_.lower() in DOCUMENT_NOUNS:
                poss = next((c for c in pobj.children if c.dep_ == "poss"), None)
                if poss is None:
                    for c in pobj.children:
                        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                            poss = next((g for g in c.children if g.dep_ == "pobj"), None)
                holder = poss or pobj
            out.append(_According(tok, holder))
        return out

    def indirect_statements(self, cands: dict[int, _Candidate], according, stmts) -> None:
        """One statement per candidate cue; content nested in another cue's is left to that cue."""
        for i, c in sorted(cands.items()):
            nested = set()
            inner = []
            for j, other in cands.items():
                if j != i and j in c.toks:
                    if other.cue.pos_ == "NOUN" or (other.cue.dep_ == "xcomp" and other.cue.tag_ == "VB") or (
                            other.cue.dep_ == "pcomp" and other.cue.head.lower_ in GERUND_TOPIC_PREPS):
                        continue   # "argues X's threats to Y are empty", "said he doesn't want to offer
                        # predictions": the noun phrase or infinitive stays in the report
                    inner.append(other)
                    nested |= {t.i for t in other.cue.subtree} if not other.info.fuzzy else {j}
                    nested |= {t.i for t in other.subj.subtree} if other.info.fuzzy and other.subj is not None else set()
            for a in according:
                if a.acc.i in c.toks:
                    nested |= {t.i for t in a.acc.subtree}
            content = c.toks - nested
            whole_report = False
            if nested and not c.info.fuzzy and sum(1 for t in content if self.doc[t].is_alpha) < 2 and all(
                    o.subj is None or c.subj is None
                    or self.speaker_for(o.subj, stmts)[0] != self.speaker_for(c.subj, stmts)[0]
                    or 2 * len(o.toks) < len(c.toks)
                    for o in inner):
                # the whole content is another speaker's report ("Doe said Roe had claimed that X"):
                # the outer statement keeps it all, the nested one stands on its own too (a
                # speaker's report of their own words is the nested statement alone, unless that
                # covers under half of the clause: "said she jokingly referred to herself as X")
                content, whole_report = c.toks, True
            ps = self.pieces(content)
            if not ps:
                continue
            if c.subj is None:     # "Asked whether ...": the asker is not named
                st = _Stmt(c.cue, c.cue.text, c.info.lemma, c.info.cls, None, None, "indirect", [])
                stmts.append(st)
            else:
                st = self.new_stmt(c.cue, c.info.lemma, c.info.cls, c.subj, "indirect", stmts)
            st.pieces = ps
            st.tokens = content
            st.whole_report = whole_report
            st.attribution = ({t.i for t in c.cue.subtree} - c.toks - nested) | {c.cue.i} | (
                {t.i for t in c.subj.subtree} if c.subj is not None and (c.subj.i < c.cue.i or c.info.fuzzy)
                else set())
            if c.info.fuzzy:
                st.attribution |= {c.subj.i, c.cue.i}

    def according_statements(self, according: list[_According], direct, stmts) -> None:
        """"According to X" names the source of a statement's claim, or is the cue itself."""
        doc, text = self.doc, self.text
        for a in according:
            acc, holder = a.acc, a.holder
            head = acc.head
            owner = next((s for s in stmts if s.cue is not None and s.cue.i == head.i), None)
            hs, ht, hm = self.speaker_for(holder, stmts)
            mtoks = _mention_tokens(holder)
            mention_text = text[mtoks[0].idx: mtoks[-1].idx + len(mtoks[-1])]
            if owner is not None:
                owner.source, owner.source_mention = hs, mention_text
                owner.attribution |= {t.i for t in acc.subtree}
                continue
            if head.i == acc.i:
                continue
            toks = self.postposed_content(acc) or {t.i for t in head.subtree} - {t.i for t in acc.subtree}
            ps = self.pieces(toks)
            if not ps or any(self.in_quote(doc[t], direct) for t in toks):
                continue
            st = _Stmt(acc, text[acc.idx: to_end(doc, acc)], "according to", "neutral", holder, hm,
                       "indirect", ps, speaker=hs, speaker_type=ht)
            st.tokens = toks
            st.attribution = {t.i for t in acc.subtree}
            stmts.append(st)

    def fronted_content(self, stmts) -> None:
        """A cue set off by commas inside what it reports ("In a general election, those
        Democrats argued, black voters would turn out"; "The club's investment, she said, “is a
        perfect example”"): the words before it from the sentence start are content too, when
        no statement covers them and they hold no cue of their own."""
        doc = self.doc
        covered = [(s, e) for st in stmts for s, e in st.pieces]
        for st in stmts:
            cue, subj = st.cue, st.subj
            if cue is None or subj is None or cue.dep_ != "parataxis" or not st.pieces:
                continue
            lo, hi = min(subj.left_edge.i, cue.i), max(subj.right_edge.i, cue.i)
            start = cue.sent.start
            if lo - 1 <= start or doc[lo - 1].text != "," or hi + 1 >= cue.sent.end or doc[hi + 1].text != ",":
                continue
            front = {t.i for t in doc[start:lo - 1] if not t.is_space}
            if sum(1 for i in front if doc[i].is_alpha) < 2 or self.setting_phrase(front) or any(
                    self.cue_of(doc[i]) or doc[i].dep_ == "ROOT" for i in front) or any(
                    s < to_end(doc, doc[max(front)]) and doc[min(front)].idx < e for s, e in covered):
                continue
            st.pieces = self.pieces(front) + st.pieces
            if st.kind == "direct":
                st.kind = "partial"

    def title_case_headline(self, stmts) -> None:
        """A Title Case headline "Jane Doe Praises X For Y" / "Doe Tweets A Graphic ...", where the
        tagger reads the capitalised cue as a name: the first capitalised lexicon verb form in -s
        after a capitalised name is the cue, the name its speaker and the rest of the headline
        its content (unless a statement already covers that rest; not *tell*, whose object is the
        one addressed)."""
        if not self.art.paragraphs:
            return
        doc, para = self.doc, self.art.paragraphs[0]
        toks = [t for t in doc if para.start <= t.idx < para.end and not t.is_space]
        for k, cue in enumerate(toks):
            if k == 0 or not cue.text[:1].isupper() or not cue.lower_.endswith("s") or cue.lower_ not in self.lex.forms \
                    or self.lex.forms[cue.lower_] in ADDRESSEE_LEMMAS:
                continue
            j = k
            while j > 0 and (toks[j - 1].text[:1].isupper() or toks[j - 1].text in ("’s", "'s")) \
                    and toks[j - 1].text != ":":
                j -= 1
            while j < k and toks[j].lower_ in HEADLINE_OPENERS:
                j += 1
            rest = {t.i for t in toks[k + 1:]}
            if j == k or sum(1 for i in rest if doc[i].is_alpha) < 2:
                continue
            lo, hi = doc[min(rest)].idx, to_end(doc, doc[max(rest)])
            if any(s < hi and lo < e for st in stmts for s, e in st.pieces):
                return
            self.joined.update(rest)
            lemma = self.lex.forms[cue.lower_]
            ms, me = toks[j].idx, to_end(doc, toks[k - 1])
            canon, label = self.names.canonical(self.text[ms:me])
            speaker = canon or clean_name(self.text[ms:me])
            typ = label if label in ("PERSON", "ORG", "GPE") else "UNKNOWN"
            st = _Stmt(cue, cue.text, lemma, self.lex.classes[lemma], toks[k - 1], (ms, me), "indirect",
                       self.pieces(rest), speaker=speaker, speaker_type=typ)
            st.attribution = {t.i for t in toks[j:k + 1]}
            stmts.append(st)
            return

    def setting_phrase(self, toks: set[int]) -> bool:
        """One prepositional phrase naming a place, time, outlet or event ("On ABC's “Good
        Morning America” Tuesday", "In the United States"): where or when the words were said."""
        doc = self.doc
        heads = [i for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
        if len(heads) != 1 or doc[heads[0]].dep_ != "prep":
            return False
        return any(doc[i].ent_type_ in SETTING_ENTITIES for i in toks if doc[i].dep_ == "pobj")

    def postposed_content(self, acc) -> set[int]:
        """"X, Y and Z, according to W" closing its sentence after a comma: the whole sentence
        before that comma is the content, not only the clause the parser hung "according" on
        (a last conjunct, or the complement of another verb). Empty otherwise."""
        doc = self.doc
        sent = acc.sent
        comma = doc[acc.i - 1] if acc.i > sent.start else None
        if comma is None or comma.text != "," or any(
                not t.is_punct and not t.is_space for t in doc[acc.right_edge.i + 1:sent.end]):
            return set()
        return {t.i for t in doc[sent.start:comma.i] if not t.is_space}

    # ------------------------------------------------------------------ step 4: tidy up
    def quoted_clauses(self, stmts, direct) -> None:
        """A direct quote that is only part of the clause its cue reports ("The club's
        investment “is a perfect example of adapting” to the changing economics, she said";
        "He said the people of X “deserve someone who's with them”"): the statement is the whole
        reported clause, a partial quote, when that clause has two or more words of its own
        outside the quotation marks."""
        doc = self.doc
        for st in stmts:
            if st.kind != "direct" or st.cue is None or st.cue.pos_ not in ("VERB", "AUX"):
                continue
            for comp in (ch for ch in st.cue.children if ch.dep_ == "ccomp"):
                toks = {t.i for t in comp.subtree if not t.is_space}
                if st.subj is not None and {t.i for t in st.subj.subtree} & toks or any(
                        doc[i].text == ":" for i in toks):
                    continue   # a misparse that takes in the attribution, or a quote a colon introduces
                lo, hi = doc[min(toks)].idx, to_end(doc, doc[max(toks)])
                inner = [p for p in st.pieces if lo <= p[0] and p[1] <= hi]
                if not inner:
                    continue
                own = [i for i in toks if doc[i].is_alpha and self.in_quote(doc[i], direct) is None]
                if len(own) < 2:
                    continue
                st.pieces = [p for p in st.pieces if p not in inner] + self.pieces(toks)
                st.kind = "partial"

    @staticmethod
    def mark_partial(stmts, partial) -> None:
        """Reported speech holding a quoted fragment is a partial quote."""
        for st in stmts:
            if st.kind == "direct":
                continue
            if any(any(s <= q.open and q.close <= e for s, e in st.pieces) for q in partial):
                st.kind = "partial"

    @staticmethod
    def drop_nested(stmts) -> list[_Stmt]:
        """Drop a statement whose pieces all lie inside another one by the same speaker."""
        keep = []
        for st in stmts:
            if st.kind != "direct" and any(
                    o is not st and o.speaker == st.speaker and o.kind != "direct" and not o.whole_report
                    and all(any(os <= s and e <= oe for os, oe in o.pieces) for s, e in st.pieces)
                    and (len(o.pieces), -(o.cue.i if o.cue is not None else 0))
                    > (len(st.pieces), -(st.cue.i if st.cue is not None else 0))
                    for o in stmts):
                for o in stmts:
                    if o is not st and o.speaker == st.speaker:
                        o.attribution |= st.attribution
                continue
            keep.append(st)
        return [s for s in keep if s.pieces]

    # ------------------------------------------------------------------ quotes without an adjacent cue
    def named_quote(self, q, gap_before, gap_after, stmts):
        """A direct quote without a cue whose speaker is written next to it: a speaker
        label ("SMITH: ...") or a dash and a bare name ("... ” ― Jane Doe")."""
        doc, text = self.doc, self.text
        # speaker label at the start of the quoted text (interview transcripts)
        m = SPEAKER_LABEL.match(text, q.cstart, q.cend)
        if m and (m.group(1).isupper() or self.names.canonical(m.group(1))[1] == "PERSON"):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None and len(span):
                return self.labelled_stmt(span, stmts)
        # dash and a name, after the closing mark or before the opening one
        for lo, hi, after in ((q.after, gap_after[1], True), (gap_before[0], q.open, False)):
            if lo >= hi:
                continue
            seg = text[lo:hi]
            m = DASH_NAME_AFTER.match(seg) if after else DASH_NAME_BEFORE.match(seg)
            if m:
                span = doc.char_span(lo + m.start(1), lo + m.end(1), alignment_mode="expand")
                if span is not None and len(span) and all(t.text[:1].isupper() or not t.is_alpha for t in span):
                    return self.labelled_stmt(span, stmts)
        return None

    def cueless_attribution(self, q, pidx, gap_before, gap_after, cues, stmts):
        """A direct quote whose own sentence has no cue: "according to X, “...”", or a
        cue ending the previous paragraph with a colon ("Doe continued:")."""
        doc, text = self.doc, self.text
        para = self.art.paragraphs[pidx - 1]
        # "According to him, “...”"
        open_tok = self.tok_at(q.open)
        for ai in self.according:
            acc = doc[ai]
            if gap_before[0] <= acc.idx < gap_before[1] and open_tok is not None \
                    and self.sent_of[ai] == self.sent_of[open_tok.i]:
                pobj = next((c for c in doc[ai + 1].children if c.dep_ == "pobj"), None)
                if pobj is None or pobj.lemma_.lower() in DOCUMENT_NOUNS:
                    continue
                speaker, typ, mention = self.speaker_for(pobj, stmts)
                st = _Stmt(acc, text[acc.idx:to_end(doc, doc[ai + 1])], "according to", "neutral", pobj,
                           mention, "direct", [], speaker=speaker, speaker_type=typ)
                st.attribution = {acc.i, acc.i + 1} | {t.i for t in pobj.subtree}
                stmts.append(st)
                return st
        # a cue ending the previous paragraph with a colon
        if pidx > 1 and text[para.start:q.open].strip() == "":
            prev = self.art.paragraphs[pidx - 2]
            if prev.text.rstrip().endswith(":"):
                last = [i for i in cues if prev.start <= doc[i].idx < prev.end
                        and self.sent_of[i] == self.sent_of[self.tok_at(prev.end - 1).i]]
                for i in reversed(last):
                    lemma, cls, fuzzy = cues[i]
                    subj = self.subject_of(doc[i], fuzzy)
                    if subj is not None:
                        st = self.new_stmt(doc[i], lemma, cls, subj, "direct", stmts)
                        st.attribution |= {t.i for t in doc[i].subtree if prev.start <= t.idx < prev.end}
                        return st
        return None

    def labelled_stmt(self, span, stmts):
        """A statement whose speaker is a bare name written next to the quote."""
        head = span.root
        speaker, typ, mention = self.speaker_for(head, stmts)
        if typ == "UNKNOWN" and head.pos_ != "PRON":
            canon = clean_name(span.text)
            speaker = self.names.canonical(canon)[0] or (canon.title() if canon.isupper() else canon)
            typ = "PERSON"
            mention = (span.start_char, span.end_char)
        st = _Stmt(None, "", "", "", head, mention, "direct", [], speaker=speaker, speaker_type=typ)
        st.attribution = {t.i for t in span}
        stmts.append(st)
        return st

    def nearby_speakers(self, stmts):
        """An unattributed direct quote speaks for the nearest earlier statement's speaker in
        the same or the previous paragraph, else for the nearest person named before it
        in that stretch (reporters let a speaker run on across quote paragraphs)."""
        ordered = sorted(stmts, key=lambda s: min(p[0] for p in s.pieces))
        for k, st in enumerate(ordered):
            if st.speaker != UNKNOWN or st.kind != "direct":
                continue
            start = min(p[0] for p in st.pieces)
            para = self.art.paragraph_at(start)
            for prev in reversed(ordered[:k]):
                pp = self.art.paragraph_at(min(p[0] for p in prev.pieces))
                if pp < para - 1:
                    break
                if prev.speaker != UNKNOWN and prev.speaker_type in ("PERSON", "ORG", "GPE"):
                    st.speaker, st.speaker_type = prev.speaker, prev.speaker_type
                    break
            if st.speaker != UNKNOWN:
                continue
            lo = self.art.paragraphs[max(0, para - 2)].start
            cands = [(i, c) for i, c, _s in self.mentions if lo <= self.doc[i].idx < start]
            if cands:
                st.speaker, st.speaker_type = cands[-1][1], "PERSON"

    def _ends_with(self, st, pidx):
        para = self.art.paragraphs[pidx - 1]
        return any(para.start <= s < para.end for s, _ in st.pieces)

    def nearest_name(self, cue, gap):
        best = None
        for t in self.doc[max(0, cue.i - 6): cue.i + 6]:
            if gap[0] <= t.idx < gap[1] and (t.pos_ in ("PROPN",) or t.lower_ in PRONOUN_GENDER):
                if best is None or abs(t.i - cue.i) < abs(best.i - cue.i):
                    best = t
        return best

    def new_stmt(self, cue, lemma, cls, subj, kind, stmts):
        speaker, typ, mention = self.speaker_for(subj, stmts)
        st = _Stmt(cue, cue.text, lemma, cls, subj, mention, kind, [], speaker=speaker, speaker_type=typ)
        stmts.append(st)
        return st

    # ------------------------------------------------------------------ output
    def annotate(self, stmts, partial) -> None:
        """Write the statements onto the Doc: ``doc.spans["statements"]`` (one Span per piece,
        in text order) and ``doc.spans["narrator"]`` (every sentence part no statement or
        attribution covers), each Span's record reachable through its ``Span._`` extensions."""
        text, doc = self.text, self.doc
        records = []
        stmts.sort(key=lambda s: min(p[0] for p in s.pieces))
        for g, st in enumerate(stmts, 1):
            quoted = " | ".join(text[q.cstart:q.cend] for q in partial
                                if any(s <= q.open and q.close <= e for s, e in st.pieces))
            ms, me = st.mention if st.mention else (-1, -1)
            for s, e in sorted(set(st.pieces)):
                records.append(StatementRecord(
                    start=s, end=e, kind=st.kind, group=g, speaker=st.speaker, speaker_type=st.speaker_type,
                    speaker_start=ms, speaker_end=me, cue_text=st.cue_text, cue_lemma=st.cue_lemma,
                    cue_class=st.cue_class, cue_start=st.cue.idx if st.cue is not None else -1,
                    cue_end=to_end(doc, st.cue) if st.cue is not None else -1,
                    source=st.source, source_mention=st.source_mention, quoted=quoted))
        records = _in_text_order(records)
        # narrator: every sentence part not covered by a statement or its attribution
        covered = bytearray(len(text))
        for r in records:
            covered[r.start:r.end] = b"\x01" * (r.end - r.start)
        for st in stmts:
            for i in st.attribution:
                t = doc[i]
                covered[t.idx:t.idx + len(t)] = b"\x01" * len(t)
            if st.kind == "direct":
                for s, _e in st.pieces:
                    q = next((q for q in self.quotes if q.cstart == s), None)
                    if q is not None:
                        covered[q.open:min(q.after, len(text))] = b"\x01" * (min(q.after, len(text)) - q.open)
        narrator = []
        for sent in self.sents:
            toks = [t.i for t in sent if not t.is_space and not covered[t.idx]]
            for s, e in self.pieces(set(toks)):
                if sum(1 for t in doc.char_span(s, e, alignment_mode="expand") if t.is_alpha) < 2:
                    continue
                narrator.append(StatementRecord(start=s, end=e, kind="narrator", group=len(narrator) + 1,
                                                speaker=NARRATOR, speaker_type="NARRATOR"))
        _set_statement_spans(doc, records, narrator)


@functools.lru_cache(maxsize=4)
def _matcher(vocab):
    """spaCy Matcher for lexicon cues (lemma or surface form in a verb slot) and "according to"."""
    from spacy.matcher import Matcher

    lex = load_lexicon()
    m = Matcher(vocab)
    verb = {"REGEX": "^VB"}
    m.add("CUE", [
        [{"LEMMA": {"IN": sorted(lex.lemmas)}, "TAG": verb}],
        [{"LOWER": {"IN": sorted(lex.forms)}, "TAG": verb}],
        [{"LEMMA": {"IN": sorted(lex.lemmas)}, "POS": {"IN": ["VERB", "AUX"]}}],
        [{"LOWER": {"IN": sorted(lex.forms)}, "POS": {"IN": ["VERB", "AUX"]}}],
    ])
    m.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])
    return m


PATTERNS_PATH = DATA_DIR / "statement_patterns.json"


@dataclass
class _PatternHit:
    content: set = field(default_factory=set)   # token indices whose subtrees are the content
    speaker: object | None = None               # Token, when the pattern names the speaker


#: A cue node's ``"LEMMA": {"IN": LEXICON_LEMMAS}`` in the JSON stands for every lemma of
#: ``reporting_verbs.csv`` (one copy of the lexicon); ``NOMINAL_CUES`` for every noun of the
#: JSON's ``nominal_cues``.
LEXICON_LEMMAS = "reporting_verbs.csv"
NOMINAL_CUES = "nominal_cues"


@functools.lru_cache(maxsize=1)
def _nominal_cues() -> dict:
    """Speech nouns ("claim", "warning") -> the lexicon verb lemma they name ("claim", "warn")."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return dict(data.get("nominal_cues", {}))


@functools.lru_cache(maxsize=1)
def _pattern_specs() -> tuple:
    """``(name, DependencyMatcher pattern)`` pairs from ``analysis/data/statement_patterns.json``."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    expand = {LEXICON_LEMMAS: sorted(load_lexicon().lemmas), NOMINAL_CUES: sorted(_nominal_cues())}
    for p in data["patterns"]:
        for node in p["pattern"]:
            lemma = node.get("RIGHT_ATTRS", {}).get("LEMMA")
            if isinstance(lemma, dict) and isinstance(lemma.get("IN"), str):
                lemma["IN"] = expand[lemma["IN"]]
    return tuple((p["name"], p["pattern"]) for p in data["patterns"])


@functools.lru_cache(maxsize=1)
def _role_nouns() -> frozenset:
    """Singular role nouns that name one person ("the foreign minister", "the president")."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return frozenset(data["role_nouns"])


@functools.lru_cache(maxsize=256)
def _dep_matcher(vocab, names: tuple[str, ...]):
    """A ``DependencyMatcher`` of the named patterns, added in the data file's order."""
    from spacy.matcher import DependencyMatcher

    m = DependencyMatcher(vocab)
    for name, pattern in _pattern_specs():
        if name in names:
            m.add(name, [pattern])
    return m


@functools.lru_cache(maxsize=1)
def _patterns_by_cue_lemma() -> dict[str, frozenset]:
    """Cue lemma -> names of the patterns whose cue node can have that lemma."""
    out: dict[str, set] = {}
    for name, pattern in _pattern_specs():
        for lemma in pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"]:
            out.setdefault(lemma, set()).add(name)
    return {lemma: frozenset(names) for lemma, names in out.items()}


@functools.lru_cache(maxsize=1)
def _anchor_lemmas() -> frozenset:
    """Lemmas of every pattern's cue node: only sentences holding one are matched."""
    return frozenset(_patterns_by_cue_lemma())


def _pattern_hits(doc) -> dict[int, _PatternHit]:
    """Cue token index -> content roots (and speaker) found by the dependency patterns.

    The DependencyMatcher runs only over sentences that hold an anchor lemma in a verb or
    noun slot, and with only the patterns whose cue lemma occurs in the sentence: its cost
    grows with the tokens and the pattern nodes it is given, not with the matches. Matches
    come in the data file's pattern order, as from one matcher of every pattern.
    """
    specs = dict(_pattern_specs())
    order = [name for name, _ in _pattern_specs()]
    anchors = _anchor_lemmas()
    by_lemma = _patterns_by_cue_lemma()
    hits: dict[int, _PatternHit] = {}
    for sent in doc.sents:
        if not any(t.lemma_ in anchors and t.tag_.startswith(("VB", "NN")) for t in sent):
            continue
        names = set().union(*(by_lemma.get(t.lemma_, ()) for t in sent))
        matcher = _dep_matcher(doc.vocab, tuple(n for n in order if n in names))
        for match_id, token_ids in matcher(sent.as_doc()):
            pattern = specs[doc.vocab.strings[match_id]]
            named = {node["RIGHT_ID"]: sent[i] for node, i in zip(pattern, token_ids)}
            hit = hits.setdefault(named["cue"].i, _PatternHit())
            hit.content |= {t.i for k, t in named.items() if k.startswith("content")}
            if "speaker" in named:
                hit.speaker = named["speaker"]
    return hits


# --------------------------------------------------------------------------- the annotated Doc

STATEMENTS_KEY = "statements"
NARRATOR_KEY = "narrator"
#: Where the records behind the two span groups live in ``doc.user_data``.
_RECORDS = ("news_analysis", "statement_records")


@dataclass(frozen=True)
class StatementRecord:
    """One piece of an attributed statement (or one narrator sentence part), as the Doc holds
    it: a row of ``statements.csv`` / ``narrator.csv`` without its number."""

    start: int                 # exact character offsets into the text as read
    end: int
    kind: str                  # direct | partial | indirect | narrator
    group: int                 # pieces of one statement share a group
    speaker: str
    speaker_type: str
    speaker_start: int = -1
    speaker_end: int = -1
    cue_text: str = ""
    cue_lemma: str = ""
    cue_class: str = ""
    cue_start: int = -1
    cue_end: int = -1
    source: str = ""
    source_mention: str = ""
    quoted: str = ""


def _in_text_order(records: list[StatementRecord]) -> list[StatementRecord]:
    """Sorted by (start, end), groups renumbered 1.. in order of first appearance."""
    from dataclasses import replace

    records = sorted(records, key=lambda r: (r.start, r.end))
    order: dict[int, int] = {}
    for r in records:
        order.setdefault(r.group, len(order) + 1)
    return [replace(r, group=order[r.group]) for r in records]


def _record(span) -> StatementRecord | None:
    """The record behind a statement or narrator Span (None for any other Span)."""
    recs = span.doc.user_data.get(_RECORDS)
    k = span.id - 1
    if not recs or not 0 <= k < len(recs):
        return None
    rec = StatementRecord(*recs[k])
    inner = span.doc.char_span(rec.start, rec.end, alignment_mode="expand")
    return rec if inner is not None and (inner.start, inner.end) == (span.start, span.end) else None


def _field(name):
    def get(span):
        rec = _record(span)
        return getattr(rec, name) if rec is not None else None
    return get


def _speaker_span(span):
    rec = _record(span)
    if rec is None or rec.speaker_start < 0:
        return None
    return span.doc.char_span(rec.speaker_start, rec.speaker_end, alignment_mode="expand")


def _cue_span(span):
    rec = _record(span)
    if rec is None or rec.cue_start < 0:
        return None
    return span.doc.char_span(rec.cue_start, rec.cue_end, alignment_mode="expand")


def register_extensions() -> None:
    """``Span._.speaker`` (canonical name), ``._.speaker_span``, ``._.speaker_type``,
    ``._.cue`` (a Span), ``._.cue_lemma``, ``._.cue_class``, ``._.kind``, ``._.group``,
    ``._.source`` (relaying source), ``._.quoted`` and ``._.statement`` (the whole record)."""
    from spacy.tokens import Span

    getters = {"statement": _record, "speaker_span": _speaker_span, "cue": _cue_span}
    for name in ("speaker", "speaker_type", "cue_lemma", "cue_class", "kind", "group", "source",
                 "source_mention", "quoted"):
        getters[name] = _field(name)
    for name, getter in getters.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


def _set_statement_spans(doc, statements: list[StatementRecord], narrator: list[StatementRecord]) -> None:
    from spacy.tokens import Span

    register_extensions()
    records = statements + narrator
    doc.user_data[_RECORDS] = [astuple(r) for r in records]   # plain values: the Doc serialises
    spans = []
    for k, rec in enumerate(records, 1):
        sp = doc.char_span(rec.start, rec.end, alignment_mode="expand")
        spans.append(Span(doc, sp.start, sp.end, label=rec.kind, span_id=k))
    doc.spans[STATEMENTS_KEY] = spans[:len(statements)]
    doc.spans[NARRATOR_KEY] = spans[len(statements):]


def _rows(doc, key: str, paragraph_at) -> list[dict]:
    from analysis.speakers import speaker_class

    text = doc_text(doc)
    rows = []
    for sp in doc.spans[key]:
        r = sp._.statement
        rows.append({
            "speaker": r.speaker,
            "speaker_mention": text[r.speaker_start:r.speaker_end] if r.speaker_start >= 0 else "",
            "speaker_start": r.speaker_start, "speaker_end": r.speaker_end, "speaker_type": r.speaker_type,
            "speaker_class": speaker_class(r.speaker, r.speaker_type, sp._.speaker_span),
            "cue": r.cue_text, "cue_lemma": r.cue_lemma, "cue_class": r.cue_class,
            "kind": r.kind, "start": r.start, "end": r.end, "text": text[r.start:r.end],
            "paragraph": paragraph_at(r.start), "narrator": r.kind == "narrator", "group": r.group,
            "source": r.source, "source_mention": r.source_mention, "quoted": r.quoted,
            "cue_start": r.cue_start, "cue_end": r.cue_end,
        })
    return rows


def statement_tables(doc, article=None) -> StatementResult:
    """The statements and narrator tables: a view of ``doc.spans["statements"]`` and
    ``doc.spans["narrator"]`` (columns in ``docs/tables.md``)."""
    from analysis.articles import Article

    if STATEMENTS_KEY not in doc.spans or _RECORDS not in doc.user_data:
        raise ValueError("the Doc has no statements: run annotate_statements (or the 'statements' component) first")
    article = article or Article.from_text(doc_text(doc), id="doc")
    return StatementResult(_frame(_rows(doc, STATEMENTS_KEY, article.paragraph_at)),
                           _frame(_rows(doc, NARRATOR_KEY, article.paragraph_at)))


def annotate_statements(doc, article=None, entities=None):
    """Find the statements of ``doc`` and write them onto it (``doc.spans["statements"]``,
    ``doc.spans["narrator"]``, the ``Span._`` extensions and ``doc._.discourse``).

    ``article`` gives the paragraphs (by default split from ``doc.text``); ``entities``, an
    :class:`analysis.entities.EntityResult`, gives canonical names (computed when None).
    """
    from analysis.articles import Article

    article = article or Article.from_text(doc_text(doc), id="doc")
    if article.analysis_text != doc_text(doc):
        raise ValueError("the article's text is not the Doc's text")
    if entities is None:
        from analysis.entities import extract_entities

        entities = extract_entities(article, doc)
    ex = _Extractor(article, doc, entities)
    stmts, partial = ex.run()
    ex.annotate(stmts, partial)
    return doc


class StatementsComponent:
    """A spaCy pipeline component: ``nlp.add_pipe("statements")`` after the parser and NER
    annotates every Doc with its statements (see :func:`annotate_statements`)."""

    def __call__(self, doc):
        return annotate_statements(doc)


def _register_factory() -> None:
    from spacy.language import Language

    if "statements" not in Language.factories:
        Language.factory("statements", requires=["token.dep", "token.lemma", "doc.ents"],
                         assigns=["doc.spans"])(lambda nlp, name: StatementsComponent())


_register_factory()
register_extensions()      # also in a process that only receives annotated Docs (nlp.pipe n_process)


def _purpose_infinitive(tok) -> bool:
    """A to-infinitive hung on a verb as its purpose ("stood up to say ...", "took to Twitter to
    call X Y", "used the speech to call for Y"): the verb's subject speaks."""
    return tok.dep_ == "advcl" and tok.tag_ == "VB" and any(
        ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children)


def _by_agent(verb):
    """The object of a passive verb's "by" phrase ("reported by the Post": Post), or None."""
    agent = next((ch for ch in verb.children if ch.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def to_end(doc, tok) -> int:
    return tok.idx + len(tok.text)


#: Columns of the statements and narrator tables that are whole numbers (``narrator`` is the flag).
_INT_COLUMNS = ("statement_id", "speaker_start", "speaker_end", "start", "end", "paragraph", "group",
                "cue_start", "cue_end")


def _frame(rows) -> pd.DataFrame:
    # sorted, groups renumbered and numbers cast on the rows themselves, then one frame: pandas'
    # sort, map and nine astype calls cost more than that on a frame of ten rows
    rows = sorted(rows, key=lambda r: (r["start"], r["end"]))
    order = {g: k for k, g in enumerate(dict.fromkeys(r["group"] for r in rows), 1)}   # groups in text order
    rows = [{"statement_id": i, **r, "group": order[r["group"]]} for i, r in enumerate(rows, 1)]
    for r in rows:
        for c in _INT_COLUMNS:
            r[c] = int(r[c])
        r["narrator"] = bool(r["narrator"])
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in _INT_COLUMNS:          # an empty table: typed columns all the same
        if df[c].dtype != "int64":
            df[c] = df[c].astype(int)
    if df["narrator"].dtype != bool:
        df["narrator"] = df["narrator"].astype(bool)
    return df


# --------------------------------------------------------------------------- evaluation

REFERENCE_COLUMNS = ["ref_id", "paragraph", "speaker", "speaker_type", "kind", "cue", "group",
                     "start", "end", "text", "source", "note"]


def load_reference(path) -> pd.DataFrame:
    """A hand-coded statement reference (``seeds/<id>.statements.csv``)."""
    from analysis.config import resolve_path

    return pd.read_csv(resolve_path(path), dtype={"source": str, "note": str}, keep_default_na=False)


def _norm(name) -> str:
    return " ".join(str(name).casefold().split())


def score_against_reference(pred: pd.DataFrame, ref: pd.DataFrame, min_overlap: float = 0.5) -> dict:
    """Precision/recall/F1 of statement spans and speaker/kind accuracy over matched pairs.

    A predicted row matches a reference row when both lie in the same paragraph and
    their character overlap is at least ``min_overlap`` of the LONGER of the two
    spans. Pairs are matched one-to-one, largest overlap first. Returns a dict with
    ``precision``, ``recall``, ``f1``, ``speaker_accuracy`` and ``kind_accuracy``
    (over matched pairs), the counts, and ``comparison``: one row per reference row
    and per unmatched prediction (columns ``ref_id``, ``pred_id``, ``paragraph``,
    ``ref_speaker``, ``pred_speaker``, ``speaker_ok``, ``ref_kind``, ``pred_kind``,
    ``kind_ok``, ``overlap``, ``ref_text``, ``pred_text``, ``status`` in
    matched / missed / spurious).
    """
    pred = pred.reset_index(drop=True)
    ref = ref.reset_index(drop=True)
    pairs = []
    for pi, p in pred.iterrows():
        for ri, r in ref.iterrows():
            if int(p["paragraph"]) != int(r["paragraph"]):
                continue
            ov = min(p["end"], r["end"]) - max(p["start"], r["start"])
            longest = max(p["end"] - p["start"], r["end"] - r["start"], 1)
            if ov > 0 and ov / longest >= min_overlap:
                pairs.append((ov / longest, pi, ri))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p, used_r, match = set(), set(), {}
    for ov, pi, ri in pairs:
        if pi in used_p or ri in used_r:
            continue
        used_p.add(pi)
        used_r.add(ri)
        match[ri] = (pi, ov)
    rows = []
    for ri, r in ref.iterrows():
        m = match.get(ri)
        p = pred.loc[m[0]] if m else None
        rows.append({
            "ref_id": r.get("ref_id", ri + 1), "pred_id": int(p["statement_id"]) if m and "statement_id" in p else
            (m[0] + 1 if m else None), "paragraph": int(r["paragraph"]),
            "ref_speaker": r["speaker"], "pred_speaker": p["speaker"] if m else None,
            "speaker_ok": bool(m and _norm(p["speaker"]) == _norm(r["speaker"])),
            "ref_kind": r["kind"], "pred_kind": p["kind"] if m else None,
            "kind_ok": bool(m and p["kind"] == r["kind"]),
            "overlap": round(m[1], 3) if m else 0.0,
            "ref_text": r["text"], "pred_text": p["text"] if m else None,
            "status": "matched" if m else "missed",
        })
    for pi, p in pred.iterrows():
        if pi not in used_p:
            rows.append({
                "ref_id": None, "pred_id": int(p["statement_id"]) if "statement_id" in p else pi + 1,
                "paragraph": int(p["paragraph"]), "ref_speaker": None, "pred_speaker": p["speaker"],
                "speaker_ok": False, "ref_kind": None, "pred_kind": p["kind"], "kind_ok": False,
                "overlap": 0.0, "ref_text": None, "pred_text": p["text"], "status": "spurious",
            })
    comp = pd.DataFrame(rows)
    n_match = len(match)
    precision = n_match / len(pred) if len(pred) else 0.0
    recall = n_match / len(ref) if len(ref) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    matched = comp[comp["status"] == "matched"]
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": float(matched["speaker_ok"].mean()) if n_match else 0.0,
        "kind_accuracy": float(matched["kind_ok"].mean()) if n_match else 0.0,
        "n_pred": len(pred), "n_ref": len(ref), "n_matched": n_match,
        "comparison": comp,
    }
