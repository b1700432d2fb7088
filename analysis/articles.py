"""Loading articles: text exactly as read, paragraphs with offsets, metadata.

An article is a plain-text file: one paragraph per line, or, where the text has
blank lines, paragraphs separated by blank lines with soft-wrapped lines inside
them (``split_paragraphs``). Its id is the file stem. An optional sidecar ``<stem>.meta.json`` beside it carries metadata
(title, outlet, date, note). The text is never edited: every character offset
produced anywhere in the suite indexes ``Article.text``.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.config import resolve_path

#: Saved web pages: the main text is extracted with trafilatura.
HTML_SUFFIXES = (".html", ".htm")
#: Fewer words than this extracted from a web page means it holds no article (a menu, a
#: cookie banner or a footer is what the extractor falls back to on such pages).
MIN_ARTICLE_WORDS = 25
#: File suffixes treated as articles when a folder is loaded.
ARTICLE_SUFFIXES = (".txt",) + HTML_SUFFIXES
#: A language guess below this confidence is not reported (short texts are often ambiguous).
LANGUAGE_CONFIDENCE = 0.9


class ArticleError(ValueError):
    """Bad input: the message is one clear line meant for a human."""


@dataclass(frozen=True)
class Paragraph:
    index: int  # 1-based, counting non-blank lines
    start: int
    end: int
    text: str


@dataclass
class Article:
    id: str
    text: str
    encoding: str
    path: Path | None = None
    metadata: dict = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.paragraphs:
            self.paragraphs = split_paragraphs(self.text)

    @functools.cached_property
    def analysis_text(self) -> str:
        """The text the Doc is parsed from: ``text`` with soft wraps as spaces (same length,
        so offsets into either agree; see :func:`unwrap`)."""
        return unwrap(self.text, self.paragraphs)

    @property
    def layout(self) -> str:
        """``"blocks"`` (blank lines separate paragraphs) or ``"lines"`` (one per line)."""
        return layout(self.text)

    @functools.cached_property
    def language(self) -> tuple[str, float]:
        """``(ISO 639-1 code, confidence)`` of the text's language (py3langid's bundled model)."""
        return detect_language(self.text)

    @property
    def language_warning(self) -> str | None:
        """One line for a reader when the article is confidently not English, else None."""
        code, p = self.language
        if code == "en" or p < LANGUAGE_CONFIDENCE:
            return None
        return (f"the text looks {language_name(code)} ({code}, confidence {p:.2f}), not English: it is "
                "analysed with English models, so names, statements and scores are unreliable")

    @property
    def title(self) -> str:
        return str(self.metadata.get("title") or self.id)

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @property
    def mojibake(self) -> bool:
        """True when ftfy finds mojibake (e.g. ``Â£``); the text is still analysed as read."""
        import ftfy.badness

        return ftfy.badness.is_bad(self.text)

    def paragraph_at(self, offset: int) -> int:
        """1-based paragraph index containing character ``offset`` (0 if between paragraphs)."""
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p.index
        return 0

    @classmethod
    def from_text(cls, text: str, id: str = "text", metadata: dict | None = None) -> "Article":
        """Build an article from a string (tests, corpora, notebooks)."""
        _check_text(text, id)
        return cls(id=id, text=text, encoding="str", metadata=dict(metadata or {}))


#: One or more blank lines (only spaces or tabs between two line breaks): a paragraph break.
PARAGRAPH_BREAK = re.compile(r"\r?\n(?:[^\S\r\n]*\r?\n)+")
#: A single line break inside a paragraph (a soft wrap when paragraphs are separated by blank lines).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def layout(text: str) -> str:
    """``"blocks"`` when blank lines separate the paragraphs (hard-wrapped text, mail, wire
    copy), else ``"lines"``: one paragraph per line, as in the bundled seed."""
    return "blocks" if PARAGRAPH_BREAK.search(text.strip()) else "lines"


#: No hard-wrapped text has lines longer than this: a single line break after a longer line
#: ends a paragraph even where blank lines separate the others (web copy pasted with mixed
#: breaks), while wraps at the usual 60-80 columns stay soft.
LONGEST_WRAPPED_LINE = 100


def _paragraph_breaks(text: str) -> list[re.Match]:
    """In blank-line layout, the line breaks that end a paragraph: a blank line follows, only
    space follows, or the line they end is longer than any hard wrap. One pass, linear."""
    last = len(text.rstrip())
    out, line_start = [], 0
    for m in LINE_BREAK.finditer(text):
        if (PARAGRAPH_BREAK.match(text, m.start()) or m.end() >= last
                or len(text[line_start:m.start()].strip()) > LONGEST_WRAPPED_LINE):
            out.append(m)
        line_start = m.end()
    return out


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``, with offsets that exclude breaks and edge spaces.

    Where the text has blank lines, blank lines separate paragraphs and a single line break
    inside one is a soft wrap (unless the line it ends is longer than any hard wrap, see
    :data:`LONGEST_WRAPPED_LINE`); otherwise every non-blank line is a paragraph.
    """
    if layout(text) == "blocks":
        return _between(text, _paragraph_breaks(text))
    return line_paragraphs(text)


def line_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of ``text`` as a paragraph (as for text laid out one paragraph a line)."""
    return _between(text, list(LINE_BREAK.finditer(text)))


def _between(text: str, breaks: list) -> list[Paragraph]:
    """The paragraphs between the matches ``breaks``, offsets excluding edge spaces."""
    out = []
    pos = 0
    for m in [*breaks, None]:
        lo, hi = pos, (m.start() if m is not None else len(text))
        pos = m.end() if m is not None else len(text)
        chunk = text[lo:hi]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = lo + (len(chunk) - len(chunk.lstrip()))
        end = start + len(stripped)
        out.append(Paragraph(len(out) + 1, start, end, text[start:end]))
    return out


def unwrap(text: str, paragraphs: list[Paragraph]) -> str:
    """``text`` with every line break inside a paragraph (a soft wrap) turned into spaces.

    The result has the same length, so every character offset into it indexes the text
    as read: the Doc is parsed from it and tables quote it, while ``Article.text`` keeps
    the line breaks."""
    if not any("\n" in p.text or "\r" in p.text for p in paragraphs):
        return text
    parts, pos = [], 0
    for p in paragraphs:
        parts.append(text[pos:p.start])
        parts.append(p.text.replace("\r", " ").replace("\n", " "))
        pos = p.end
    parts.append(text[pos:])
    return "".join(parts)


@functools.lru_cache(maxsize=1)
def _language_identifier():
    """py3langid's bundled model, read from an uncompressed copy (:func:`langid_copy`; the
    package's xz file took 0.36 s to decompress in every process). Its two large tables (the
    27 MB score table and the 37 MB transition table) are memory-mapped: processes share them,
    and each reads only the pages an article's features touch. Same model, same scores."""
    from array import array

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        folder = langid_copy(MODEL_DIR / MODEL_FILE)
        # plain ndarray views of the mapped files: np.memmap's own indexing costs 2.5x per byte
        ptc = np.load(folder / "ptc.npy", mmap_mode="r").view(np.ndarray)
        nextmove = np.load(folder / "nextmove.npy", mmap_mode="r").view(np.ndarray)
        small = np.load(folder / "rest.npz", allow_pickle=False)
    except (OSError, ValueError):        # nowhere to write the copy: the package's own loader
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    with small:
        row = array("H" if small["nextmove_row"].dtype.itemsize == 2 else "I", small["nextmove_row"].tobytes())
        return LanguageIdentifier(ptc, small["pc"], small["classes"].tolist(), nextmove,
                                  small["out_feat"].tolist(), norm_probs=True, tk_row=row)


def langid_copy(model_file: Path) -> Path:
    """The folder holding py3langid's model uncompressed (``ptc.npy``, ``nextmove.npy``,
    ``rest.npz``), written once per model file: beside the installed packages
    (``<venv>/share/news-analysis/``, which ``make venv`` fills) where that is writable, else
    under the cache folder. Written atomically, ``rest.npz`` last: its presence marks a whole copy."""
    import io
    import lzma
    import sys

    import numpy as np

    from analysis.config import CACHE_DIR
    from analysis.io import atomic_write_bytes

    st = model_file.stat()
    key = hashlib.sha1(f"{model_file}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    places = [Path(sys.prefix) / "share" / "news-analysis" / "langid" / key, CACHE_DIR / "langid" / key]
    for folder in places:
        if (folder / "rest.npz").exists():
            return folder
    with lzma.open(model_file) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    for folder in places:
        try:
            for name in ("ptc", "nextmove"):
                buf = io.BytesIO()
                np.save(buf, arrays[name])
                atomic_write_bytes(folder / f"{name}.npy", buf.getvalue())
            buf = io.BytesIO()
            np.savez(buf, **{k: v for k, v in arrays.items() if k not in ("ptc", "nextmove")})
            atomic_write_bytes(folder / "rest.npz", buf.getvalue())
            return folder
        except OSError:
            continue
    raise OSError("no writable folder for the language model's copy")


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability)`` for ``text`` (its first 20,000 characters)."""
    code, p = _language_identifier().classify(text[:20000])
    return str(code), round(float(p), 3)


def language_name(code: str) -> str:
    """"German" for "de" (pycountry), else the code itself."""
    import pycountry

    lang = pycountry.languages.get(alpha_2=code)
    return lang.name if lang is not None else code


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode UTF-8, or detect and record a legacy encoding. Raise ArticleError on binary."""
    if not data.strip():
        raise ArticleError(f"{name}: file is empty or blank")
    if b"\x00" in data:
        raise ArticleError(f"{name}: looks like binary content (NUL bytes), not text")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    # Western news text: where cp1252 reads as cleanly as the detector's pick
    # (short texts often tie with cp1250), prefer it.
    for match in results:
        if best is not None and match.encoding == "cp1252" and match.chaos <= best.chaos:
            best = match
            break
    if best is None:
        raise ArticleError(f"{name}: cannot decode the text (not UTF-8 and no legacy encoding fits)")
    return str(best), best.encoding


#: Longer texts are refused (spaCy's own limit: a parse this size needs about 1 GB per 100,000
#: characters); no news article comes near it.
MAX_CHARACTERS = 1_000_000
#: An article id names its output folder: these cannot.
RESERVED_IDS = {"corpus"}


def check_id(article_id: str, name: str) -> str:
    """``article_id`` when it can name an output folder, else an ArticleError."""
    if (not article_id or article_id.startswith(".") or any(c in article_id for c in "/\\")
            or any(ord(c) < 32 for c in article_id)):
        raise ArticleError(f"{name}: article id {article_id!r} cannot name a folder "
                           "(empty, leading '.', a slash or a control character)")
    if article_id in RESERVED_IDS:
        raise ArticleError(f"{name}: article id {article_id!r} is reserved for the pooled corpus tables; rename it")
    return article_id


def _check_text(text: str, name: str) -> None:
    if not text.strip():
        raise ArticleError(f"{name}: file is empty or blank")
    if len(text) > MAX_CHARACTERS:
        raise ArticleError(f"{name}: {len(text):,} characters, more than the {MAX_CHARACTERS:,} an article may have")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if "\x00" in text or controls > max(3, len(text) // 100):
        raise ArticleError(f"{name}: looks like binary content, not text")


def load_article(path: str | Path) -> Article:
    """One article file: plain text (``.txt`` or any other suffix) or a saved web page
    (``.html``/``.htm``, main text extracted); an ``http(s)://`` address is fetched."""
    if is_url(str(path)):
        return article_from_url(str(path))
    p = resolve_path(path)
    if not p.exists():
        raise ArticleError(f"{path}: no such file or directory")
    if p.is_dir():
        raise ArticleError(f"{path}: is a directory, expected an article file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    check_id(p.stem, str(path))
    if p.suffix.lower() in HTML_SUFFIXES:
        return article_from_html(data, p.stem, str(path), path=p, metadata=_read_metadata(p))
    text, encoding = decode_bytes(data, str(path))
    _check_text(text, str(path))
    return Article(id=p.stem, text=text, encoding=encoding, path=p, metadata=_read_metadata(p))


# --------------------------------------------------------------------------- web pages
def is_url(s: str) -> bool:
    return bool(re.match(r"https?://", s, re.IGNORECASE))


def article_from_html(html: bytes | str, id: str, name: str, path: Path | None = None,
                      url: str | None = None, metadata: dict | None = None) -> Article:
    """The main text of a web page, paragraph per line, with its title, date, author and
    site (as ``outlet``): navigation, cookie banners, related links, footers and scripts are
    left out (trafilatura). ``metadata`` (a sidecar) overrides what the page says."""
    import trafilatura

    if isinstance(html, bytes) and b"\x00" in html:
        raise ArticleError(f"{name}: looks like binary content (NUL bytes), not a web page")
    try:
        page = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False, include_images=False)
    except Exception as exc:  # lxml or trafilatura on broken markup
        raise ArticleError(f"{name}: cannot read the web page ({type(exc).__name__}: {exc})".splitlines()[0]) from None
    text = (page.text or "").strip() if page is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:   # a menu or a banner is what a fallback finds
        raise ArticleError(f"{name}: no article text found in the web page")
    _check_text(text, name)
    meta = {"format": "html"}
    for key, value in (("title", page.title), ("date", page.date), ("author", page.author),
                       ("outlet", page.sitename or page.hostname), ("url", url or page.url)):
        if value:
            meta[key] = str(value)
    meta.update(metadata or {})
    return Article(id=id, text=text + "\n", encoding="html", path=path, metadata=meta)


def article_from_url(url: str, timeout: float = 20.0) -> Article:
    """Fetch a web page and extract its article; one clear error when it cannot be fetched."""
    import http.client
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "news-analysis/1.0 (+article analysis)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
    except urllib.error.HTTPError as exc:
        raise ArticleError(f"{url}: cannot fetch (HTTP {exc.code} {exc.reason})") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise ArticleError(f"{url}: cannot fetch ({reason})") from None
    slug = re.sub(r"[^\w-]+", "-", re.sub(r"^https?://(www\.)?", "", url, flags=re.I)).strip("-")[:60] or "page"
    return article_from_html(data, slug, url, url=url)


def _read_metadata(p: Path) -> dict:
    side = p.with_name(p.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{side}: metadata sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{side}: metadata sidecar must be a JSON object")
    return meta


def article_paths(path: str | Path) -> list[Path]:
    """The article files a PATH argument names: the file itself, a web address, or a
    folder's ``*.txt``, ``*.html`` and ``*.htm`` files.

    Only those files in a folder are articles, so reference annotations
    (``*.statements.csv``) and metadata sidecars can sit beside them. A corpus
    (``.csv``, ``.jsonl``) must be named explicitly.
    """
    if is_url(str(path)):
        return [str(path)]
    p = resolve_path(path)
    if not p.exists():
        raise ArticleError(f"{path}: no such file or directory")
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise ArticleError(f"{path}: folder holds no article files (*.txt, *.html, *.htm)")
        return files
    return [p]


def load_articles(*paths: str | Path) -> list[Article]:
    """Load every article a list of files and folders names (strict: first error raises)."""
    return [load_article(f) for path in paths for f in article_paths(path)]
