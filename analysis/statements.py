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
from dataclasses import dataclass, field

import pandas as pd

from analysis.config import DATA_DIR

from analysis.attribution import (
    FEMALE_HONORIFICS,
    GROUP_PRONOUNS,
    MALE_HONORIFICS,
    PRONOUN_GENDER,
    Quote,
    clean_name,
    find_quotes,
    load_lexicon,
    misspelled_cue,
)

COLUMNS = [
    "statement_id", "speaker", "speaker_mention", "speaker_start", "speaker_end", "speaker_type",
    "cue", "cue_lemma", "cue_class", "kind", "start", "end", "text", "paragraph", "narrator",
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
#: Prepositions before a gerund cue whose speaker is the subject of the clause it modifies.
GERUND_PREPS = {"by", "before", "after", "while", "in", "without", "when"}
#: Right dependents of a preposed cue, after its clause, that continue the content.
TRAILING_DEPS = {"advcl", "prep", "conj", "npadvmod", "dep", "parataxis"}
CONTINUATION_DEPS = {"prep", "advcl", "xcomp", "dep", "conj", "parataxis", "ccomp", "oprd"}
#: Parts of speech the parser is sure of that are never a misspelled verb ("during", "their").
CLOSED_CLASS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART", "NUM", "PUNCT"}
#: "SMITH: ..." / "Jane Doe: ..." opening a quoted paragraph (interview transcripts).
SPEAKER_LABEL = re.compile(r"([A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}):\s")
#: "“...” ― Jane Doe" (a dash and a bare name after the quote) and "Jane Doe ― “...”".
DASH_NAME_AFTER = re.compile(r"\s*[―—–-]+\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[.,]?\s*$")
DASH_NAME_BEFORE = re.compile(r"^\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*[―—–-]+\s*$")
EDGE_STRIP = set(",.;:–—-()[]") | {"--"}
QUOTE_CHARS = set("“”„«»‘’‹›\"'")


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


# --------------------------------------------------------------------------- names


class _Names:
    """Canonical names: the entities module when given, else a local index of doc.ents."""

    def __init__(self, doc, entities=None):
        self.entities = entities
        self._memo: dict[str, tuple[str | None, str | None]] = {}
        self.labels: dict[str, str] = {}
        self.ent_labels: dict[str, str] = {}
        if entities is not None:
            try:
                self.ent_labels = dict(zip(entities.entities["entity"], entities.entities["label"]))
            except Exception:
                self.ent_labels = {}
        self.surnames: dict[str, str] = {}
        self.full: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
                continue
            name = clean_name(ent.text)
            if not name:
                continue
            self.full.setdefault(name.lower(), name)
            self.labels.setdefault(name, ent.label_)
            words = name.split()
            if ent.label_ == "PERSON" and len(words) > 1:
                for w in (words[-1], words[0]):
                    self.surnames.setdefault(w.lower(), name)

    def canonical(self, text: str) -> tuple[str | None, str | None]:
        """``(canonical name, label)`` for a name as written, memoised per article.

        (A per-instance dict, not ``functools.lru_cache`` on the method, which would
        keep every article's index alive for the whole of a corpus run.)
        """
        if text not in self._memo:
            self._memo[text] = self._canonical(text)
        return self._memo[text]

    def _canonical(self, text: str) -> tuple[str | None, str | None]:
        if self.entities is not None:
            try:
                c = self.entities.resolve(text)
                if c:
                    return c, self.ent_labels.get(c) or self.labels.get(c)
            except Exception:  # a broken entity table must not stop attribution
                pass
        name = clean_name(text)
        if not name:
            return None, None
        key = name.lower()
        if key in self.full:
            c = self.full[key]
            return c, self.labels.get(c)
        if " " not in key and key in self.surnames:
            c = self.surnames[key]
            return c, self.labels.get(c)
        if name.split()[-1].lower() in self.surnames:
            c = self.surnames[name.split()[-1].lower()]
            return c, self.labels.get(c)
        return None, None


def _mention_tokens(tok):
    """Tokens of the noun-phrase mention headed by ``tok``: compounds, modifiers and a
    possessor ("Putin's spokesman"), never a determiner, appositive or relative clause."""
    if tok.pos_ == "PRON":
        return [tok]
    doc = tok.doc
    first = tok.i
    for ch in reversed(list(tok.lefts)):
        lo, hi = ch.left_edge.i, ch.right_edge.i
        if hi != first - 1 or ch.dep_ not in ("compound", "flat", "nmod", "amod", "poss", "nummod"):
            break
        if any(t.is_punct and t.text not in "-’'" for t in doc[lo:hi + 1]):
            break
        first = lo
    last = tok.i
    for ch in tok.rights:                      # flat right parts of a name ("Jr")
        if ch.dep_ == "flat" and ch.i == last + 1:
            last = ch.i
    return list(doc[first:last + 1])


# --------------------------------------------------------------------------- main


def extract_statements(article, doc, entities=None) -> StatementResult:
    """Attributed statements and narrator text of ``article`` (parsed as ``doc``).

    ``entities`` is an ``analysis.entities.EntityResult``; when None it is computed
    if the entities module is available (canonical names), else a local name index
    over ``doc.ents`` is used.
    """
    if entities is None:
        try:
            from analysis.entities import extract_entities

            entities = extract_entities(article, doc)
        except Exception:
            entities = None
    result = _Extractor(article, doc, entities).run()
    _set_doc_extension(doc, result)
    return result


class _Extractor:
    def __init__(self, article, doc, entities):
        self.art = article
        self.text = article.text
        self.doc = doc
        self.lex = load_lexicon()
        self.names = _Names(doc, entities)
        self.sent_of = {}
        self.sents = list(doc.sents)
        for si, s in enumerate(self.sents):
            for t in s:
                self.sent_of[t.i] = si
        self.quotes = find_quotes(self.text, article.paragraphs)
        self.gender: dict[str, dict[str, int]] = {}
        self.pron: dict[int, tuple[str, str]] = {}
        self._cue_cache: dict = {}
        self._roles: dict[int, set[str]] = {}
        self.mentions: list = []
        matcher = _matcher(doc.vocab)
        self.lexical_cues: set[int] = set()
        self.according: list[int] = []
        for match_id, start, _end in matcher(doc):
            if doc.vocab.strings[match_id] == "ACCORDING":
                self.according.append(start)
            else:
                self.lexical_cues.add(start)
        self.pattern_hits = _pattern_hits(doc)

    # ------------------------------------------------------------------ helpers
    def tok_at(self, char: int):
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def in_quote(self, tok, quotes) -> Quote | None:
        for q in quotes:
            if q.open <= tok.idx < q.close + 1:
                return q
        return None

    def joined(self) -> set[int]:
        """Token indices whose content run continues across a sentence boundary (a quote or
        a speaker label's text going on over several sentences); see ``pieces``."""
        return self.__dict__.setdefault("_joined", set())

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
        label = [t for t in doc[max(0, colon.i - 7):colon.i] if t.idx >= pstart and not t.is_space]
        if not label or len(label) > 6 or self.text[pstart:label[0].idx].strip():
            return None
        if not all(t.text[:1].isupper() or t.text in (".", "-", "’", "'") for t in label):
            return None
        after = [t for t in doc[colon.i + 1: colon.i + 12] if t.idx < pend and t.is_alpha]
        if len(after) < 3:
            return None
        span = doc[label[0].i: colon.i]
        canon, lab = self.names.canonical(span.text)
        tagged = {t.ent_type_ for t in span} - {""}
        if lab in ("GPE", "NORP", "LOC", "FAC") or tagged & {"GPE", "NORP", "LOC", "FAC", "DATE", "TIME"}:
            return None
        if not (lab in ("PERSON", "ORG") or tagged & {"PERSON", "ORG"}) or span.root.pos_ not in ("PROPN", "NOUN"):
            return None
        return span.root

    def cue_of(self, tok) -> tuple[str, str, bool] | None:
        """(lemma, class, fuzzy) when ``tok`` is a reporting verb (cached per token)."""
        if tok.i not in self._cue_cache:
            self._cue_cache[tok.i] = self._cue_of(tok)
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
        # misspelled cue in the verb slot right after a subject name/pronoun
        if tok.i == 0 or not tok.is_alpha or tok.is_sent_start or tok.pos_ in CLOSED_CLASS:
            return None
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
    def person_mentions(self):
        """(token index, canonical, is_subject) for every name mention that is a PERSON."""
        out = []
        doc = self.doc
        i = 0
        while i < len(doc):
            t = doc[i]
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN") and t.is_alpha:
                j = i
                while j + 1 < len(doc) and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha \
                        and doc[j + 1].pos_ in ("PROPN", "NOUN") and self.sent_of[j + 1] == self.sent_of[i]:
                    j += 1
                run = doc[i:j + 1]
                canon, label = self.names.canonical(run.text)
                words = {doc[k].lower_.rstrip(".") for k in range(max(0, i - 1), j + 1)}
                honorific = words & (MALE_HONORIFICS | FEMALE_HONORIFICS)
                # surnames are often voted ORG: a PERSON tag here or an honorific decides
                if canon and (label == "PERSON" or (label in (None, "ORG") and (honorific or any(
                        x.ent_type_ == "PERSON" for x in run)))):
                    subj = any(x.dep_ in ("nsubj", "nsubjpass") for x in run) or (
                        run.root.dep_ == "appos" and run.root.head.dep_ == "nsubj")
                    out.append((run.root.i, canon, subj))
                    if words & MALE_HONORIFICS and not words & FEMALE_HONORIFICS:
                        self.vote(canon, "m", 3)
                    elif words & FEMALE_HONORIFICS and not words & MALE_HONORIFICS:
                        self.vote(canon, "f", 3)
                i = j + 1
            else:
                i += 1
        return out

    def vote(self, canon, g, w):
        d = self.gender.setdefault(canon, {"m": 0, "f": 0})
        d[g] += w

    def gender_of(self, canon):
        d = self.gender.get(canon)
        if not d or d["m"] == d["f"]:
            return None
        return "m" if d["m"] > d["f"] else "f"

    def resolve_pronouns(self):
        """Resolve he/she (and his/her) to the most recent compatible person, in text order."""
        mentions = self.person_mentions()
        self.mentions = mentions
        entries = [(i, c, s) for i, c, s in mentions]
        for tok in self.doc:
            g = PRONOUN_GENDER.get(tok.lower_)
            if g is None or tok.pos_ not in ("PRON",) and tok.tag_ not in ("PRP", "PRP$"):
                continue
            target, rule = None, 0
            # rule 1: inside the content of a reporting verb whose speaker is a person
            a = tok
            while a.head.i != a.i:
                child, a = a, a.head
                if child.dep_ in ("nsubj",):
                    continue
                if self.cue_of(a) and child.dep_ not in ("nsubj", "nsubjpass"):
                    s = self.subject_of(a)
                    if s is not None and s.i != tok.i:
                        c = self.person_for(s)
                        if c and self.gender_of(c) in (None, g):
                            target, rule = c, 1
                    break
            if target is None:
                si = self.sent_of[tok.i]
                prior = [e for e in entries if e[0] < tok.i and si - 4 <= self.sent_of[e[0]] <= si]
                for s in range(si, si - 5, -1):
                    cands = [e for e in prior if self.sent_of[e[0]] == s]
                    ordered = sorted(cands, key=lambda e: (not e[2], -e[0]))
                    for _, c, _ in ordered:
                        if self.gender_of(c) in (None, g):
                            target, rule = c, 2
                            break
                    if target:
                        break
            if target is None:
                continue
            self.pron[tok.i] = (target, "PERSON")
            is_speaker = tok.dep_ == "nsubj" and self.cue_of(tok.head) is not None
            if rule == 2 and is_speaker:
                self.vote(target, g, 2)
            elif rule == 1 or rule == 2:
                self.vote(target, g, 1)
            entries.append((tok.i, target, tok.dep_ in ("nsubj", "nsubjpass")))

    def person_for(self, s):
        if s.lower_ in PRONOUN_GENDER:
            return self.pron.get(s.i, (None,))[0]
        c, label = self.names.canonical(" ".join(t.text for t in _mention_tokens(s)))
        return c if label == "PERSON" or (label in (None, "ORG") and s.ent_type_ == "PERSON") else None

    # ------------------------------------------------------------------ speakers
    def subject_of(self, cue, fuzzy=False):
        if fuzzy:
            return cue.doc[cue.i - 1]
        if cue.text == ":":
            return self.colon_label(cue)
        hit = self.pattern_hits.get(cue.i)
        if hit is not None and hit.speaker is not None:
            return hit.speaker
        subjects = [ch for ch in cue.children if ch.dep_ in SUBJECT_DEPS]
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
            if cue.dep_ != "conj" and cue.tag_ != "VBG":
                return None
            head = cue.head
            if cue.dep_ == "advcl" and cue.i > 0 and cue.doc[cue.left_edge.i - 1].text == ",":
                # ", adding that ..." hung on a verb inside reported content ("declined to say how
                # many officers made up the force, only saying ..."): the reporting clause's subject
                while head.dep_ in ("ccomp", "xcomp") and head.head.i != head.i:
                    head = head.head
            return self.subject_of(head)
        if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep" \
                and cue.head.lower_ in GERUND_PREPS and cue.head.head.pos_ in ("VERB", "AUX"):
            # "responded by saying ...", "before explaining why ...": the clause's subject speaks
            return self.subject_of(cue.head.head)
        if cue.dep_ == "relcl" and cue.tag_ == "VBG":
            return None
        return None

    def speaker_for(self, subj, stmts_so_far):
        """(speaker, type, mention (start,end)) for a subject token."""
        toks = _mention_tokens(subj)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        mention = self.text[start:end]
        low = subj.lower_
        if low in PRONOUN_GENDER:
            hit = self.pron.get(subj.i)
            if hit:
                return hit[0], hit[1], (start, end)
            return mention, "UNKNOWN", (start, end)
        if low in GROUP_PRONOUNS or low == "it":
            for st in reversed(stmts_so_far):
                if st.speaker_type in (("ORG", "GPE") if low == "it" else ("GROUP", "ORG", "GPE")):
                    if self.sent_of.get(st.subj.i if st.subj is not None else -1, -99) >= self.sent_of[subj.i] - 3:
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
            self.joined().update(toks)
            return toks, set()
        comps = [ch for ch in cue.children if ch.dep_ == "ccomp"]
        toks: set[int] = set()
        extra: set[int] = set()
        for c in comps:
            toks |= {t.i for t in c.subtree}
        lemma = self.cue_of(cue)[0]
        if not comps and lemma in self.lex.takes_object:
            obj = [ch for ch in cue.rights if ch.dep_ in ("dobj",)]
            if obj:
                for ch in cue.rights:
                    if ch.i >= obj[0].i and ch.dep_ not in ("cc", "conj", "punct"):
                        toks |= {t.i for t in ch.subtree}
                # a comma between two parts of the object content keeps it one span
                toks |= {ch.i for ch in cue.rights if ch.dep_ == "punct" and toks and min(toks) < ch.i < max(toks)}
        hit = self.pattern_hits.get(cue.i)
        if not toks and hit is not None:
            for root in hit.content:
                toks |= {t.i for t in doc[root].subtree}
        if not toks and cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
            toks = {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
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
        return self.through_quote(toks), extra

    def trailing_content(self, cue, after: int) -> set[int]:
        """A preposed cue's dependents to the right of its clause, parsed as the cue's own
        but read as part of what was said ("said X because Y", "says X, but Z",
        "is telling a crowd that X, compared to Y"): their subtrees, unless one holds a
        reporting verb of its own or a direct quote follows."""
        out: set[int] = set()
        for ch in cue.rights:
            if ch.i <= after or ch.dep_ not in TRAILING_DEPS:
                continue
            sub = list(ch.subtree)
            if any(self.cue_of(t) for t in sub if t.pos_ in ("VERB", "AUX")):
                break
            out |= {t.i for t in sub}
        if out:   # with the commas and conjunctions in between: one span
            out |= set(range(after, max(out) + 1))
        return out

    def through_quote(self, toks: set[int]) -> set[int]:
        """Content that ends inside a quotation running on past its sentence ('said that
        “X. Y. Z.”') goes on to the closing mark."""
        if not toks:
            return toks
        doc = self.doc
        last = max(toks)
        end = doc[last].idx + len(doc[last])
        start = doc[min(toks)].idx
        for q in self.quotes:
            if start <= q.open < end <= q.close and self.sent_of.get(self.tok_at(q.close).i if
                                                                 self.tok_at(q.close) else last) != self.sent_of[last]:
                close_tok = self.tok_at(q.close)
                if close_tok is None:
                    continue
                more = set(range(last + 1, close_tok.i + 1))
                self.joined().update(more)
                return toks | more
        return toks

    def pieces(self, toks: set[int]):
        """Contiguous, trimmed character spans of a token set (split at dashes/semicolons)."""
        doc = self.doc
        runs, cur = [], []
        for i in sorted(toks):
            t = doc[i]
            if t.is_space:
                continue
            if cur and (i != cur[-1] + 1 or (self.sent_of[i] != self.sent_of[cur[-1]]
                                              and i not in self.joined())):
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
                    or doc[run[0]].text in "”’" ):
                run = run[1:]
            while run and (doc[run[-1]].text in EDGE_STRIP or doc[run[-1]].is_space or doc[run[-1]].text in "“‘"):
                run = run[:-1]
            if not run or not any(doc[i].is_alpha or doc[i].like_num for i in run):
                continue
            s = doc[run[0]].idx
            e = doc[run[-1]].idx + len(doc[run[-1]])
            out.append((s, e))
        return out

    # ------------------------------------------------------------------ run
    def run(self) -> StatementResult:
        doc, text = self.doc, self.text
        self.resolve_pronouns()
        direct = [q for q in self.quotes if q.direct]
        partial = [q for q in self.quotes if not q.direct]

        # all cue tokens outside direct quotes
        cues = {}
        for tok in doc:
            if self.in_quote(tok, direct):
                continue
            info = self.cue_of(tok)
            if info:
                cues[tok.i] = info
        stmts: list[_Stmt] = []
        used_cues: set[int] = set()

        # ---- direct quotes: find the attribution in the adjacent gaps
        attributed: dict[int, _Stmt] = {}
        cue_stmt: dict[int, _Stmt] = {}
        pending: list[Quote] = []
        by_para: dict[int, list[Quote]] = {}
        for q in direct:
            by_para.setdefault(q.paragraph, []).append(q)
        prev_para_stmt: _Stmt | None = None
        for pidx in sorted(by_para):
            qs = by_para[pidx]
            para = self.art.paragraphs[pidx - 1]
            for k, q in enumerate(qs):
                gap_after = (q.close + 1, qs[k + 1].open if k + 1 < len(qs) else para.end)
                gap_before = (qs[k - 1].close + 1 if k else para.start, q.open)
                st = None
                close_tok = self.tok_at(min(q.close, len(text) - 1))
                open_tok = self.tok_at(q.open)
                ends_comma = text[q.cstart:q.close].rstrip().endswith((",", "?", "!")) or q.malformed
                after_cues = [i for i in cues if gap_after[0] <= doc[i].idx < gap_after[1]
                              and close_tok is not None and self.sent_of[i] == self.sent_of[close_tok.i]]
                before_txt = text[gap_before[0]:gap_before[1]].rstrip()
                before_cues = [i for i in cues if gap_before[0] <= doc[i].idx < gap_before[1]
                               and open_tok is not None and self.sent_of[i] == self.sent_of[open_tok.i]]
                chosen = None
                if after_cues and (ends_comma or not before_cues or not before_txt.endswith((":", ","))):
                    chosen = after_cues[0]
                elif before_cues and before_txt.endswith((":", ",")):
                    chosen = before_cues[-1]
                elif after_cues:
                    chosen = after_cues[0]
                if chosen is not None:
                    cue = doc[chosen]
                    lemma, cls, fuzzy = cues[chosen]
                    subj = self.subject_of(cue, fuzzy)
                    if subj is None:
                        subj = self.nearest_name(cue, gap_after if chosen in after_cues else gap_before)
                    if chosen in cue_stmt:
                        st = cue_stmt[chosen]
                    elif subj is not None:
                        st = self.new_stmt(cue, lemma, cls, subj, "direct", stmts)
                        cue_stmt[chosen] = st
                        used_cues.add(chosen)
                        gap = gap_after if chosen in after_cues else gap_before
                        st.attribution |= {t.i for t in cue.subtree if gap[0] <= t.idx < gap[1]}
                        st.attribution |= {t.i for t in subj.subtree if gap[0] <= t.idx < gap[1]}
                if st is None:
                    st = self.named_quote(q, gap_before, gap_after, stmts)
                if st is None and q.prev_quote is not None and q.prev_quote.open in attributed:
                    st = attributed[q.prev_quote.open]
                    st.pieces.append((q.cstart, q.cend))
                    attributed[q.open] = st
                    continue
                if st is None and k > 0 and qs[k - 1].open in attributed:
                    prev = attributed[qs[k - 1].open]
                    between = doc.char_span(gap_before[0], gap_before[1], alignment_mode="expand") \
                        if gap_before[0] < gap_before[1] else None
                    rest = [t for t in (between or []) if t.i not in prev.attribution and not t.is_punct
                            and not t.is_space]
                    if not rest:
                        st = prev
                        st.pieces.append((q.cstart, q.cend))
                        attributed[q.open] = st
                        continue
                if st is None and prev_para_stmt is not None and k == 0 and (
                        q.open == para.start and prev_para_stmt.kind == "direct"
                        and self._ends_with(prev_para_stmt, pidx - 1)):
                    src = prev_para_stmt
                    st = _Stmt(src.cue, src.cue_text, src.cue_lemma, src.cue_class, src.subj, src.mention,
                               "direct", [], speaker=src.speaker, speaker_type=src.speaker_type)
                    stmts.append(st)
                if st is None:
                    st = self.cueless_attribution(q, pidx, gap_before, gap_after, cues, stmts)
                if st is None and q.continues:
                    pending.append(q)      # may be attributed in a later paragraph
                    continue
                if st is None:
                    if len(text[q.cstart:q.cend].split()) < 4:
                        q.direct = False
                        partial.append(q)
                        continue
                    st = _Stmt(None, "", "", "", None, None, "direct", [])
                    stmts.append(st)
                st.pieces.append((q.cstart, q.cend))
                # a quote that continues into the next paragraph and is attributed later
                p = q.prev_quote
                while p is not None and p.open not in attributed:
                    st.pieces.append((p.cstart, p.cend))
                    attributed[p.open] = st
                    p = p.prev_quote
                attributed[q.open] = st
            if qs:
                prev_para_stmt = attributed.get(qs[-1].open)
        for q in pending:
            if q.open not in attributed:
                st = _Stmt(None, "", "", "", None, None, "direct", [(q.cstart, q.cend)])
                stmts.append(st)
                attributed[q.open] = st

        # ---- indirect / partial statements from the remaining cues
        cands = {}
        for i, (lemma, cls, fuzzy) in cues.items():
            if i in used_cues:
                continue
            cue = doc[i]
            subj = self.subject_of(cue, fuzzy)
            if subj is None:
                continue
            toks, extra = self.complement(cue, fuzzy)
            toks = {t for t in toks if not doc[t].is_space}
            if sum(1 for t in toks if doc[t].is_alpha) < 2 and not extra:
                continue
            if any(self.in_quote(doc[t], direct) for t in toks):
                continue
            cands[i] = (cue, lemma, cls, fuzzy, subj, toks)

        # "according to X"
        according = []
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
                        if c.dep_ == "prep" and c.lower_ in ("by", "of", "from"):
                            poss = next((g for g in c.children if g.dep_ == "pobj"), None)
                holder = poss or pobj
            according.append((tok, holder))

        for i, (cue, lemma, cls, fuzzy, subj, toks) in sorted(cands.items()):
            nested = set()
            for j, other in cands.items():
                if j != i and j in toks:
                    nested |= {t.i for t in other[0].subtree} if not other[3] else {j}
                    nested |= {t.i for t in other[4].subtree} if other[3] else set()
            for acc, _h in according:
                if acc.i in toks:
                    nested |= {t.i for t in acc.subtree}
            content = toks - nested
            ps = self.pieces(content)
            if not ps:
                continue
            st = self.new_stmt(cue, lemma, cls, subj, "indirect", stmts)
            st.pieces = ps
            st.tokens = content
            st.attribution = ({t.i for t in cue.subtree} - toks - nested) | {cue.i} | (
                {t.i for t in subj.subtree} if subj.i < cue.i or fuzzy else set())
            if fuzzy:
                st.attribution |= {subj.i, cue.i}

        for acc, holder in according:
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
            toks = {t.i for t in head.subtree} - {t.i for t in acc.subtree}
            ps = self.pieces(toks)
            if not ps or any(self.in_quote(doc[t], direct) for t in toks):
                continue
            st = _Stmt(acc, text[acc.idx: to_end(doc, acc)], "according to", "neutral", holder, hm,
                       "indirect", ps, speaker=hs, speaker_type=ht)
            st.tokens = toks
            st.attribution = {t.i for t in acc.subtree}
            stmts.append(st)

        # partial quotes inside reported content
        for st in stmts:
            if st.kind == "direct":
                continue
            for q in partial:
                if any(s <= q.open and q.close <= e for s, e in st.pieces):
                    st.kind = "partial"

        # drop a statement whose pieces all lie inside another one by the same speaker
        keep = []
        for st in stmts:
            if st.kind != "direct" and any(
                    o is not st and o.speaker == st.speaker and o.kind != "direct"
                    and all(any(os <= s and e <= oe for os, oe in o.pieces) for s, e in st.pieces)
                    and (len(o.pieces), -(o.cue.i if o.cue is not None else 0))
                    > (len(st.pieces), -(st.cue.i if st.cue is not None else 0))
                    for o in stmts):
                for o in stmts:
                    if o is not st and o.speaker == st.speaker:
                        o.attribution |= st.attribution
                continue
            keep.append(st)
        stmts = [s for s in keep if s.pieces]
        self.nearby_speakers(stmts)
        return self.frames(stmts, partial)

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
        for lo, hi, after in ((q.close + 1, gap_after[1], True), (gap_before[0], q.open, False)):
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
    def frames(self, stmts, partial) -> StatementResult:
        text, doc = self.text, self.doc
        rows = []
        stmts.sort(key=lambda s: min(p[0] for p in s.pieces))
        for g, st in enumerate(stmts, 1):
            quoted = " | ".join(text[q.cstart:q.cend] for q in partial
                                if any(s <= q.open and q.close <= e for s, e in st.pieces))
            ms, me = st.mention if st.mention else (-1, -1)
            for s, e in sorted(set(st.pieces)):
                rows.append({
                    "speaker": st.speaker, "speaker_mention": text[ms:me] if ms >= 0 else "",
                    "speaker_start": ms, "speaker_end": me, "speaker_type": st.speaker_type,
                    "cue": st.cue_text, "cue_lemma": st.cue_lemma, "cue_class": st.cue_class,
                    "kind": st.kind, "start": s, "end": e, "text": text[s:e],
                    "paragraph": self.art.paragraph_at(s), "narrator": False, "group": g,
                    "source": st.source, "source_mention": st.source_mention, "quoted": quoted,
                    "cue_start": st.cue.idx if st.cue is not None else -1,
                    "cue_end": to_end(doc, st.cue) if st.cue is not None else -1,
                })
        sdf = _frame(rows)
        # narrator: every sentence part not covered by a statement or its attribution
        covered = bytearray(len(text))
        for r in rows:
            covered[r["start"]:r["end"]] = b"\x01" * (r["end"] - r["start"])
        for st in stmts:
            for i in st.attribution:
                t = doc[i]
                covered[t.idx:t.idx + len(t)] = b"\x01" * len(t)
            if st.kind == "direct":
                for s, _e in st.pieces:
                    q = next((q for q in self.quotes if q.cstart == s), None)
                    if q is not None:
                        covered[q.open:min(q.close + 1, len(text))] = b"\x01" * (min(q.close + 1, len(text)) - q.open)
        nrows = []
        for sent in self.sents:
            toks = [t.i for t in sent if not t.is_space and not covered[t.idx]]
            for s, e in self.pieces(set(toks)):
                if sum(1 for t in doc.char_span(s, e, alignment_mode="expand") if t.is_alpha) < 2:
                    continue
                nrows.append({
                    "speaker": NARRATOR, "speaker_mention": "", "speaker_start": -1, "speaker_end": -1,
                    "speaker_type": "NARRATOR", "cue": "", "cue_lemma": "", "cue_class": "",
                    "kind": "narrator", "start": s, "end": e, "text": text[s:e],
                    "paragraph": self.art.paragraph_at(s), "narrator": True, "group": 0,
                    "source": "", "source_mention": "", "quoted": "", "cue_start": -1, "cue_end": -1,
                })
        ndf = _frame(nrows)
        ndf["group"] = range(1, len(ndf) + 1) if len(ndf) else ndf["group"]
        return StatementResult(sdf, ndf)


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


@functools.lru_cache(maxsize=1)
def _pattern_specs() -> tuple:
    """``(name, DependencyMatcher pattern)`` pairs from ``analysis/data/statement_patterns.json``."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return tuple((p["name"], p["pattern"]) for p in data["patterns"])


@functools.lru_cache(maxsize=1)
def _role_nouns() -> frozenset:
    """Singular role nouns that name one person ("the foreign minister", "the president")."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    return frozenset(data["role_nouns"])


@functools.lru_cache(maxsize=4)
def _dep_matcher(vocab):
    from spacy.matcher import DependencyMatcher

    m = DependencyMatcher(vocab)
    for name, pattern in _pattern_specs():
        m.add(name, [pattern])
    return m


@functools.lru_cache(maxsize=1)
def _anchor_lemmas() -> frozenset:
    """Lemmas of every pattern's cue node: only sentences holding one are matched."""
    out = set()
    for _name, pattern in _pattern_specs():
        out |= set(pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"])
    return frozenset(out)


def _pattern_hits(doc) -> dict[int, _PatternHit]:
    """Cue token index -> content roots (and speaker) found by the dependency patterns.

    The DependencyMatcher runs only over sentences that hold an anchor lemma in a
    verb slot (its cost grows with the tokens it is given, not with the matches).
    """
    specs = dict(_pattern_specs())
    anchors = _anchor_lemmas()
    matcher = _dep_matcher(doc.vocab)
    hits: dict[int, _PatternHit] = {}
    for sent in doc.sents:
        if not any(t.lemma_ in anchors and t.tag_.startswith("VB") for t in sent):
            continue
        for match_id, token_ids in matcher(sent):
            pattern = specs[doc.vocab.strings[match_id]]
            named = {node["RIGHT_ID"]: sent[i] for node, i in zip(pattern, token_ids)}
            hit = hits.setdefault(named["cue"].i, _PatternHit())
            hit.content |= {t.i for k, t in named.items() if k.startswith("content")}
            if "speaker" in named:
                hit.speaker = named["speaker"]
    return hits


def _set_doc_extension(doc, result) -> None:
    """Expose the result as ``doc._.statements`` (a spaCy Doc extension)."""
    from spacy.tokens import Doc

    if not Doc.has_extension("statements"):
        Doc.set_extension("statements", default=None)
    doc._.statements = result


def to_end(doc, tok) -> int:
    return tok.idx + len(tok.text)


def _frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "statement_id"])
    df = df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    if len(df):
        # renumber groups in text order
        order = {g: k for k, g in enumerate(dict.fromkeys(df["group"]), 1)}
        df["group"] = df["group"].map(order).astype(int)
    df.insert(0, "statement_id", range(1, len(df) + 1))
    for c in ("statement_id", "speaker_start", "speaker_end", "start", "end", "paragraph", "group",
              "cue_start", "cue_end"):
        df[c] = df[c].astype(int)
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
