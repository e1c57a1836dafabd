"""What a PDF page draws (its path objects, form XObjects' included), read by pdfium as the line, rect and
curve objects pdfplumber would make of them, so that pdfplumber's own table finder runs on them without
pdfminer's parse of the page. pdfminer's rules (converter.paint_path) are followed: each subpath apart, a
closing 'h' ends at the subpath's start, a redundant line before it dropped; a two-point subpath is a
line, a closed axis-aligned four-sided one a rect, any other a curve through its segments' end points;
paths neither stroked nor filled draw nothing. Coordinates are pdfplumber's: y from the page's top."""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw

# pdfium's segment types as pdfminer's path operators
OPERATORS = {raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l", raw.FPDF_SEGMENT_BEZIERTO: "c"}
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def drawn_objects(page, height: float) -> dict[str, list[dict]]:
    """{"line": [...], "rect": [...], "curve": [...]}: the page's drawings in content order, as pdfplumber's
    object dicts (the fields its edges and table finder read)."""
    out: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    for path, matrix in _paths(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, IDENTITY):
        for kind, pts in _painted_shapes(path, matrix):
            out[kind].append(_object(kind, pts, height))
    return out


def _paths(parent, count, get, outer: tuple):
    """(path object, its matrix to page space) of every path under ``parent``, form XObjects entered."""
    m = raw.FS_MATRIX()
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, m):
            raise ValueError("pdfium gives no matrix for a page object")
        matrix = _concat((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            yield from _paths(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, matrix)
        else:
            yield obj, matrix


def _concat(inner: tuple, outer: tuple) -> tuple:
    """The matrix applying ``inner`` then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _painted_shapes(path, matrix: tuple):
    """("line" | "rect" | "curve", points in PDF space) of each subpath of a painted path."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(path, fill, stroke):
        raise ValueError("pdfium gives no draw mode for a path")
    if not fill.value and not stroke.value:
        return
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple]] = []   # [(operator, point)] per subpath
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(path)):
        seg = raw.FPDFPath_GetPathSegment(path, i)
        op = OPERATORS.get(raw.FPDFPathSegment_GetType(seg))
        if op is None or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            raise ValueError("a path segment pdfium cannot read")
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if op == "c":   # pdfium gives a curve's two control points and its end as three segments
            bezier = (bezier + 1) % 3
            if bezier:
                continue
        if op == "m":
            subpaths.append([(op, point)])
        elif subpaths:
            subpaths[-1].append((op, point))
        if raw.FPDFPathSegment_GetClose(seg) and subpaths:
            subpaths[-1].append(("h", subpaths[-1][0][1]))
    for sub in subpaths:
        shape = _shape(sub)
        if shape:
            yield shape


def _shape(sub: list[tuple]) -> tuple[str, list[tuple]] | None:
    """pdfminer's paint_path for one subpath."""
    shape = "".join(op for op, _ in sub)
    pts = [p for _, p in sub]
    if len(shape) < 2:   # a lone move draws nothing (pdfminer's split needs a segment after it)
        return None
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return "rect", [pts[0], pts[2]]
    return "curve", pts


def _object(kind: str, pts: list[tuple], height: float) -> dict:
    """pdfplumber's dict of a pdfminer line, rect or curve (bbox from the points, top-down y)."""
    if kind == "rect":
        (x0, y0), (x1, y1) = pts
        pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
            "top": height - y1, "bottom": height - y0, "doctop": height - y1,
            "pts": [(px, height - py) for px, py in pts]}
