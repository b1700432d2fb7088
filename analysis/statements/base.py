"""The pieces every rule shares: the statement under construction (:class:`Stmt`), a cue's
lexicon entry (:class:`CueInfo`), what the rules hand on (:class:`Run`), word lists used by
several rules and small syntactic helpers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

UNKNOWN = "(unknown)"
RELATIVE = {"who", "that", "which", "whom"}
#: Nouns naming a document rather than a speaker ("according to the Kremlin's transcripts").
DOCUMENT_NOUNS = {
    "transcript", "report", "statement", "data", "figure", "document", "survey", "poll", "study",
    "filing", "record", "release", "website", "account", "analysis", "estimate", "readout",
    "source", "tally", "count", "minute", "letter", "memo", "post", "tweet",
}
#: Prepositions before a gerund cue that belongs to a verb or noun phrase whose subject speaks
#: ("has taken to urging X", "is keen on telling X", "made a point of saying", "since announcing").
GERUND_TOPIC_PREPS = {"to", "on", "of", "since"}
#: Cues whose object is the one addressed, not what was said ("Doe Tells Democratic Convention").
ADDRESSEE_LEMMAS = {"tell"}
#: Punctuation that ends a clause inside a sentence: a comma cue's content starts after it.
CLAUSE_BREAKS = {";", ":", "—", "–", "--"}
#: Finite verb tags: a cue that can have a subject of its own.
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
QUOTE_CHARS = set("“”„«»‘’‹›\"'")


@dataclass
class Stmt:
    """A statement under construction: its cue, speaker and content pieces (character spans).
    ``records.write_statements`` turns the finished ones into the Doc's statement spans."""

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


def purpose_infinitive(tok) -> bool:
    """A to-infinitive hung on a verb as its purpose ("stood up to say ...", "took to Twitter to
    call X Y", "used the speech to call for Y"): the verb's subject speaks."""
    return tok.dep_ == "advcl" and tok.tag_ == "VB" and any(
        ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children)


def by_agent(verb):
    """The object of a passive verb's "by" phrase ("reported by the Post": Post), or None."""
    agent = next((ch for ch in verb.children if ch.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def to_end(doc, tok) -> int:
    """The character offset where ``tok`` ends."""
    return tok.idx + len(tok.text)


@dataclass
class Run:
    """What the rules hand on to each other (``RULES`` in ``__init__`` runs them in order)."""

    direct: list                                     # direct quotes (``attribution.Quote``)
    partial: list                                    # partial quotes; short uncued direct ones join
    stmts: list = field(default_factory=list)        # Stmt, in the order the rules found them
    cues: dict = field(default_factory=dict)         # token index -> CueInfo (``cues.find_cues``)
    used: set = field(default_factory=set)           # cues a direct quote took (``quotes``)
    candidates: dict = field(default_factory=dict)   # token index -> reported.Candidate
    according: list = field(default_factory=list)    # according.According
