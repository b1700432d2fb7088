"""Shared by the notebook generators: build a notebook from a cell spec and write it.

A spec is a list of ``(kind, source)`` with kind ``"md"``, ``"code"`` or
``"param"`` (the one code cell tagged ``parameters`` for papermill). Kinds ``"md-details"`` and
``"code-details"`` make a cell part of the report's closing reference sections (method,
caveats, codebook, evaluation): they carry the ``details`` tag, and the HTML report folds each
run of them that starts with a ``## heading`` into a closed ``<details>`` section
(:func:`analysis.report.fold_details`); in JupyterLab they are ordinary open cells. Cell ids
are stable (``<prefix>-NN``) so regenerating gives an identical file, and the
notebook is written without outputs, on the project's named kernel.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.config import KERNEL_NAME, NOTEBOOKS_DIR
from analysis.report import DETAILS_TAG


def build_notebook(spec: list[tuple[str, str]], id_prefix: str) -> nbformat.NotebookNode:
    cells = []
    for i, (kind, src) in enumerate(spec):
        details = kind.endswith("-details")
        kind = kind.removesuffix("-details")
        if kind == "md":
            cell = new_markdown_cell(src)
        elif kind in ("code", "param"):
            cell = new_code_cell(src)
            if kind == "param":
                cell.metadata["tags"] = ["parameters"]
        else:
            raise ValueError(f"unknown cell kind {kind!r}")
        if details:
            cell.metadata["tags"] = cell.metadata.get("tags", []) + [DETAILS_TAG]
        cell.id = f"{id_prefix}-{i:02d}"
        cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": KERNEL_NAME, "display_name": f"Python ({KERNEL_NAME})", "language": "python"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def write_notebook(spec: list[tuple[str, str]], filename: str, id_prefix: str) -> Path:
    out = NOTEBOOKS_DIR / filename
    nbformat.write(build_notebook(spec, id_prefix), str(out))
    print(f"wrote {out}")
    return out
