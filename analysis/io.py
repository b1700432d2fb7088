"""Atomic writes: a file appears whole or not at all, with the permissions an ordinary
write would give it (the umask honoured: 0644 under the usual umask 022), so tables,
figures and reports can be published by a web server running as another user.
A SIGINT/SIGTERM that arrives during a write is acted on once the write is done
(:func:`analysis.stopping.atomic_section`), so no temporary file is left behind."""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from analysis.stopping import atomic_section


@functools.lru_cache(maxsize=1)
def umask() -> int:
    """The process umask, read once (reading it means setting it: two threads reading it at
    once could leave the wrong one in place; the suite never changes it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the umask."""
    return 0o666 & ~umask()


def dir_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0777 less the umask."""
    return 0o777 & ~umask()


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_section():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, file_mode())          # mkstemp makes 0600; publish like open() would
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
    return path


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_csv(df, path: str | os.PathLike) -> Path:
    """Write a DataFrame as UTF-8 CSV atomically (no index)."""
    return atomic_write_bytes(path, csv_bytes(df))


def csv_bytes(df) -> bytes:
    """``df.to_csv(index=False, lineterminator="\\n")`` as UTF-8 bytes, the same bytes, without
    pandas' per-call formatting machinery (which costs more than a ten-row table's contents).

    pandas writes through :mod:`csv` (minimal quoting, ``"`` doubled); each value is written
    as pandas formats it: missing values empty, whole numbers and flags as ``str``, floats as
    their shortest repr. A column of any other type (dates, categories, float32, pandas'
    nullable Int64/boolean/Float64/string, ...) is left to pandas.
    """
    import numpy as np

    def pandas_bytes() -> bytes:
        return df.to_csv(index=False, lineterminator="\n").encode("utf-8")

    if df.columns.nlevels > 1 or not df.columns.is_unique:
        return pandas_bytes()
    columns = []
    values = df.to_numpy(dtype=object).T.tolist()     # one conversion, Python scalars by column
    for dtype, vals in zip(df.dtypes, values):
        kind = dtype.kind if isinstance(dtype, np.dtype) else ""    # nullable, categorical...: pandas
        if kind == "f" and dtype == np.float64:
            columns.append([_float(v) for v in vals])
        elif kind in ("i", "u", "b") or ((kind in ("O", "U") or str(dtype) == "str") and all(
                v is None or isinstance(v, (str, int, float)) for v in vals)):
            columns.append([_text(v) for v in vals])
        else:
            return pandas_bytes()
    return _csv(list(df.columns), columns)


def _text(v) -> str:
    """A whole number, flag, string or missing value (None or NaN, written empty), as pandas writes it."""
    return "" if v is None or v != v else str(v)


def _float(v) -> str:
    """A float64 as pandas writes it: its shortest repr, NaN (``v != v``) empty."""
    return "" if v != v else repr(float(v))


def _csv(header: list, columns: list[list[str]]) -> bytes:
    """Formatted columns as CSV, written as pandas writes them (:mod:`csv`, minimal quoting)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(c) for c in header])
    w.writerows(zip(*columns))
    return buf.getvalue().encode("utf-8")


def rows_csv_bytes(columns: list, rows: list[dict]) -> bytes | None:
    """The bytes ``pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\\n")``
    would give, written straight from the rows; None when a column mixes types (whole numbers
    with floats or missing values, say), whose inferred dtype would change how pandas writes
    them: the caller then builds the DataFrame."""
    import numpy as np

    out = []
    for c in columns:
        vals = [r[c] for r in rows]
        kinds = {type(v) for v in vals}
        if kinds <= {float, np.float64}:            # pandas infers float64
            out.append([_float(v) for v in vals])
        elif kinds <= {str, type(None)} or kinds <= {int} or kinds <= {bool}:   # str/object, int64, bool
            out.append([_text(v) for v in vals])
        else:
            return None
    return _csv(columns, out)
