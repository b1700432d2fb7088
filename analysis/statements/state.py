"""The extraction state every rule reads: :class:`Extraction`.
"""
from __future__ import annotations

import functools

from analysis.attribution import Quote, find_quotes
from analysis.discourse import Names, discourse
from analysis.lexicons import load_lexicon
from analysis.statements.cues import cue_matcher, cue_of
from analysis.statements.patterns import find_pattern_hits
from analysis.statements.subjects import subject_of

EDGE_STRIP = set(",.;:–—-()[]") | {"--"}


class Extraction:
    """What every rule reads about one article: its text and Doc, the lexicon, the quotation
    marks, the cue and pattern matches, and the Doc's shared sentences, names and pronouns
    (``analysis.discourse``); plus the caches and the ``joined`` set the rules fill in. The
    rules are functions of this object (``ex``) in the package's modules."""

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
        #: token index -> its CueInfo or None (see ``cues.cue_of``)
        self.cue_cache: dict = {}
        #: token indices whose content run continues across a sentence boundary (a quote or a
        #: speaker label's text going on over several sentences); see ``pieces``
        self.joined: set[int] = set()
        self.roles: dict[int, set[str]] = {}      # see ``speakers.role_words``
        matcher = cue_matcher(doc.vocab)
        self.lexical_cues: set[int] = set()
        self.according_at: list[int] = []        # token indices of "according to"
        for match_id, start, _end in matcher(doc):
            if doc.vocab.strings[match_id] == "ACCORDING":
                self.according_at.append(start)
            else:
                self.lexical_cues.add(start)
        self.pattern_hits = find_pattern_hits(doc)
        # the Doc's one sentence map, name index and pronoun resolver, built with this
        # package's rule that a pronoun in a person's reported speech is that person
        self.names = Names(doc, entities)        # cue_of needs names while pronouns resolve
        shared = discourse(doc, entities, cue_of=functools.partial(cue_of, self),
                           subject_of=functools.partial(subject_of, self), rebuild=True, names=self.names)
        self.sentences = shared.sentences
        self.sent_of = shared.sentences.of
        self.sents = shared.sentences.spans
        self.pronouns = shared.pronouns
        self.mentions = [(m.i, m.canonical, m.subject) for m in shared.pronouns.mentions]

    def tok_at(self, char: int):
        """The token at character offset ``char``, or None."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def in_quote(self, tok, quotes) -> Quote | None:
        """The quote of ``quotes`` whose marks enclose ``tok``, or None."""
        for q in quotes:
            if q.open <= tok.idx < q.after:
                return q
        return None

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
