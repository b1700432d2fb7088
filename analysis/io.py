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
    import csv
    import io
    import math

    if df.columns.nlevels > 1 or not df.columns.is_unique:
        return df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    import numpy as np

    columns = []
    values = df.to_numpy(dtype=object).T.tolist()     # one conversion, Python scalars by column
    for dtype, vals in zip(df.dtypes, values):
        kind = dtype.kind if isinstance(dtype, np.dtype) else ""    # nullable, categorical...: pandas
        if kind in ("i", "u", "b"):
            columns.append([str(v) for v in vals])
        elif kind == "f" and dtype == np.float64:
            columns.append(["" if math.isnan(v) else repr(float(v)) for v in vals])
        elif kind in ("O", "U") or str(dtype) == "str":
            if any(v is not None and not isinstance(v, (str, int, float)) for v in vals):
                return df.to_csv(index=False, lineterminator="\n").encode("utf-8")
            columns.append(["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in vals])
        else:
            return df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(c) for c in df.columns])
    w.writerows(zip(*columns))
    return buf.getvalue().encode("utf-8")


#: How :func:`rows_csv_bytes` writes a column whose values all have one of these types, as pandas
#: writes the column it would infer from them (float64, int64, bool, str or object).
def _plain(v) -> str:
    return "" if v is None else str(v)


def _float(v) -> str:
    return "" if v != v else repr(float(v))       # NaN (v != v) is written empty


def rows_csv_bytes(columns: list, rows: list[dict]) -> bytes | None:
    """The bytes ``pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\\n")``
    would give, written straight from the rows; None when a column mixes types (whole numbers
    with floats or missing values, say), whose inferred dtype would change how pandas writes
    them: the caller then builds the DataFrame."""
    import csv
    import io

    import numpy as np

    out = []
    for c in columns:
        vals = [r[c] for r in rows]
        kinds = {type(v) for v in vals}
        if kinds <= {float, np.float64}:
            out.append([_float(v) for v in vals])
        elif kinds <= {str, type(None)} or kinds <= {int} or kinds <= {bool}:
            out.append([_plain(v) for v in vals])
        else:
            return None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(c) for c in columns])
    w.writerows(zip(*out))
    return buf.getvalue().encode("utf-8")
