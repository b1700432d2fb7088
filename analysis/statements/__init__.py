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

The package has one module per family of constructions; :data:`RULES` lists the rules in
the order they run, each a function ``rule(ex, run)`` of the extraction state
(:class:`~analysis.statements.state.Extraction`) and of what earlier rules found
(:class:`~analysis.statements.base.Run`).
"""
from __future__ import annotations

from analysis.statements import according, comma_cues, cues, headlines, quotes, reported, speakers, tidy
from analysis.statements.base import UNKNOWN, CueInfo, Run, to_end
from analysis.statements.patterns import PATTERNS_PATH
from analysis.statements.records import (
    COLUMNS,
    NARRATOR,
    NARRATOR_KEY,
    STATEMENTS_KEY,
    StatementRecord,
    StatementResult,
    register_extensions,
    statement_records,
    statement_rows,
    statement_tables,
    typed_frame,
    write_statements,
)
from analysis.statements.reference import REFERENCE_COLUMNS, load_reference, score_against_reference
from analysis.statements.state import Extraction

__all__ = [
    "COLUMNS", "NARRATOR", "NARRATOR_KEY", "PATTERNS_PATH", "REFERENCE_COLUMNS", "RULES", "STATEMENTS_KEY", "UNKNOWN",
    "CueInfo", "Extraction", "Run", "StatementRecord", "StatementResult", "StatementsComponent",
    "annotate_statements", "extract_statements", "load_reference", "register_extensions", "run_rules",
    "score_against_reference", "statement_records", "statement_rows", "statement_tables", "to_end",
    "typed_frame",
]

#: The rules, in the order they run. Each is ``rule(ex, run)``: it reads the extraction state
#: ``ex`` and what earlier rules left in ``run``, and adds to ``run`` (``docs/statements.md``
#: maps each to its constructions).
RULES = (
    cues.find_cues,                    # every reporting cue outside direct quotes -> run.cues
    quotes.attribute_direct_quotes,    # each direct quote's cue and speaker -> run.stmts, run.used
    headlines.labelled_paragraphs,     # "Doe: Plan Is ‘Dead,’ Says Mayor": the whole rest is a partial quote
    reported.indirect_candidates,      # unused cues with a subject and content -> run.candidates
    according.according_phrases,       # every "according to X" and its source -> run.according
    reported.indirect_statements,      # one statement per candidate, nested reports left to their cue
    according.according_statements,    # "according to X": a statement's source, or the cue itself
    quotes.quoted_clauses,             # a quote that is part of its cue's clause: the clause, partial
    comma_cues.fronted_content,        # "X, those Democrats argued, Y": the words before the cue too
    headlines.title_case_headline,     # "Jane Doe Praises X For Y"
    tidy.mark_partial,                 # reported speech holding a quoted fragment is partial
    tidy.drop_nested,                  # a statement inside another by the same speaker goes
    speakers.nearby_speakers,          # an unattributed quote speaks for the nearest speaker before it
)


def run_rules(ex: Extraction) -> Run:
    """Apply :data:`RULES` in order to one article's extraction state."""
    run = Run(direct=[q for q in ex.quotes if q.direct], partial=[q for q in ex.quotes if not q.direct])
    for rule in RULES:
        rule(ex, run)
    return run


def extract_statements(article, doc, entities=None) -> StatementResult:
    """Attributed statements and narrator text of ``article`` (parsed as ``doc``): annotates
    the Doc (:func:`annotate_statements`) and returns its tables (:func:`statement_tables`).

    ``entities`` is an ``analysis.entities.EntityResult`` (computed when None).
    """
    annotate_statements(doc, article, entities)
    return statement_tables(doc, article)


def annotate_statements(doc, article=None, entities=None):
    """Find the statements of ``doc`` and write them onto it (``doc.spans["statements"]``,
    ``doc.spans["narrator"]``, the ``Span._`` extensions and ``doc._.discourse``).

    ``article`` gives the paragraphs (by default the Doc's own, :func:`analysis.doc_cache.article_of`);
    ``entities``, an :class:`analysis.entities.EntityResult`, gives canonical names (computed when None).
    """
    from analysis.doc_cache import article_of, doc_text

    article = article or article_of(doc)
    if article.analysis_text != doc_text(doc):
        raise ValueError("the article's text is not the Doc's text")
    if entities is None:
        from analysis.entities import extract_entities

        entities = extract_entities(article, doc)
    ex = Extraction(article, doc, entities)
    run = run_rules(ex)
    write_statements(ex, run.stmts, run.partial)
    return doc


class StatementsComponent:
    """A spaCy pipeline component: ``nlp.add_pipe("statements")`` after the parser and NER
    annotates every Doc with its statements (see :func:`annotate_statements`), reading the
    Doc's Article and its ``news_entities`` result where the pipeline left them."""

    def __call__(self, doc):
        from analysis.doc_cache import article_of, entities_of

        return annotate_statements(doc, article_of(doc), entities_of(doc))


def _register_factory() -> None:
    from spacy.language import Language

    if "statements" not in Language.factories:
        Language.factory("statements", requires=["token.dep", "token.lemma", "doc.ents"],
                         assigns=["doc.spans"])(lambda nlp, name: StatementsComponent())


_register_factory()
register_extensions()      # also in a process that only receives annotated Docs (nlp.pipe n_process)
