"""Ruled tables in a scanned page image: ruling lines found by morphology (long runs of ink, numpy
only), the grid they draw with its merged cells, the lines erased before OCR, and the OCR'd words put
into the cells they fall in — the same table rows a text-layer table gives."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractors.readers.ocr import RESOLUTION, read_region, unsure_share
from extractors.readers.word_table import PageTable, cell_text
from schemas.document import Locator

INK = 160                  # grey level under which a pixel is ink
MIN_H_RUN = 0.08           # a horizontal ruling line: ink along this share of the page width
MIN_H_PIECE = 40           # a piece of it between two crossings (a narrow number column is ~80 px wide)
MIN_V_RUN = 45             # a vertical one: this many pixels (a row of one text line is about 60 at 250 dpi)
COVER = 0.6                # share of a grid edge a line must cover to separate two cells
MIN_INK_SHARE = 0.004      # a cell with less ink than this is empty, not a missed word
REREAD_CONF = 40           # a cell whose page OCR is this unsure is read again on its own
SNAP = 4                   # pixels: the margin kept inside a cell's ruling lines when it is read again
DRIFT = 20                 # pixels: a line this close to a grid position is on it (a copy's lines drift
                           # by half a degree: 15 px across a table)
LINE_INK = 205            # the lighter level tried for a copy's ruling lines on white paper
LIGHTER_GAIN = 1.3         # ... where it finds this many times the ruling pixels of the ink level
MERGE = 14                 # pixels (about 1.4 mm): bands of a projection this close are one ruling line


@dataclass
class Grid:
    ys: list[int]                     # horizontal ruling lines, top to bottom (pixels)
    xs: list[int]                     # vertical ones, left to right
    cells: list[tuple[int, int, int, int]]   # (row, col, row_span, col_span) of each cell in the grid


def _runs(mask: np.ndarray, lengths: tuple[int, ...], axis: int) -> list[np.ndarray]:
    """For each length, the pixels lying on a run of at least that many ink pixels along ``axis`` (an
    opening by a line): each run's start and end from one difference pass, the long ones painted back by
    one running sum per length."""
    m = mask if axis == 1 else mask.T
    rows, cols = m.shape
    edges = np.diff(m.view(np.int8), axis=1, prepend=0, append=0)   # +1 where a run starts, -1 just after it
    row, start = np.nonzero(edges == 1)
    _, end = np.nonzero(edges == -1)                                 # runs in the same order as their starts
    out = []
    for length in lengths:
        long = end - start >= length
        paint = np.zeros((rows, cols + 1), np.int8)
        paint[row[long], start[long]] = 1
        paint[row[long], end[long]] = -1
        covered = np.cumsum(paint[:, :cols], axis=1, dtype=np.int8) > 0   # runs never overlap: 0 or 1
        out.append(covered if axis == 1 else covered.T)
    return out


def _positions(profile: np.ndarray, min_count: int) -> list[int]:
    """Centres of the bands where a projection profile reaches ``min_count``; bands closer than MERGE are
    one line (a thick or slightly slanted line of a real scan reaches the count in several bands)."""
    bands, start = [], None
    for i, v in enumerate(np.append(profile, 0)):
        if v >= min_count and start is None:
            start = i
        elif v < min_count and start is not None:
            if bands and start - bands[-1][1] <= MERGE:
                bands[-1][1] = i - 1
            else:
                bands.append([start, i - 1])
            start = None
    return [(a + b) // 2 for a, b in bands]


def ruling(image) -> tuple[list[Grid], np.ndarray, np.ndarray]:
    """The page's grids and its ruling lines (to erase before OCR). A copier's thin ruling is often lighter
    than its print: a lighter level is tried too (on white paper only; on grey paper the ink level is all
    there is), and taken where it finds more cells. Lighter always would erase letters' grey edges by the
    lines where the ink level reads the grid whole."""
    h, v, pieces = line_masks(image)
    grids = find_grids(h, v, pieces)
    light = min(LINE_INK, int(np.median(np.asarray(image))) - 50)
    if light > INK:
        lh, lv, lpieces = line_masks(image, light)
        # only where the lighter level draws much more ruling (crisp lines gain ~20 % from their grey edges)
        if lh.sum() + lv.sum() > LIGHTER_GAIN * (h.sum() + v.sum()):
            lgrids = find_grids(lh, lv, lpieces)
            if sum(len(g.cells) for g in lgrids) > sum(len(g.cells) for g in grids):
                return lgrids, lh, lv
    return grids, h, v


def line_masks(image, level: int = INK) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines (pixels under ``level``), and the horizontal pieces: a line's
    stretch between two crossings, which a copy often breaks off (only trusted where a whole line runs:
    bold letters' tops make pieces too)."""
    ink = np.asarray(image) < level
    bridged = ink | np.roll(ink, 1, axis=0) | np.roll(ink, 1, axis=1)     # scan noise breaks thin lines
    h, pieces = _runs(bridged, (max(int(ink.shape[1] * MIN_H_RUN), 20), MIN_H_PIECE), axis=1)
    (v,) = _runs(bridged, (MIN_V_RUN,), axis=0)
    return h, v, pieces


def _covered(mask_line: np.ndarray) -> float:
    return float(mask_line.mean()) if mask_line.size else 0.0


def find_grids(h: np.ndarray, v: np.ndarray, pieces: np.ndarray | None = None) -> list[Grid]:
    """The ruled tables of a page image (straightened), from its line masks, each as its grid of cells:
    the lines' positions from whole lines, the edges between cells from their pieces."""
    ys = _positions(h.sum(axis=1), int(h.shape[1] * MIN_H_RUN))
    xs = _positions(v.sum(axis=0), MIN_V_RUN)
    if len(ys) < 2 or len(xs) < 2:
        return []
    near = lambda m, pos, axis: m.take(range(max(pos - DRIFT, 0), min(pos + DRIFT + 1, m.shape[axis])), axis=axis).any(axis=axis)  # noqa: E731
    verticals = [near(v, x, 1) for x in xs]
    grids: list[Grid] = []
    band: list[int] = [ys[0]]
    for y in ys[1:] + [None]:
        # consecutive horizontal lines joined by at least one vertical line belong to one table
        if y is not None and any(_covered(col[band[-1]:y]) > COVER for col in verticals):
            band.append(y)
            continue
        if len(band) >= 3:    # two rows at least: a ruled header alone is no grid, its table may be borderless
            grid = _grid(band, xs, h if pieces is None else pieces, v, near)
            if grid:
                grids.append(grid)
        band = [y] if y is not None else []
    return grids


def _grid(ys: list[int], xs: list[int], h: np.ndarray, v: np.ndarray, near) -> Grid | None:
    cols = [x for x in xs if _covered(near(v, x, 1)[ys[0]:ys[-1]]) > 0.3]
    if len(cols) < 3:
        return None     # one column: a copier's dark page edges or a frame round text, read as paragraphs
    vert = {x: near(v, x, 1) for x in cols}
    horiz = {y: near(h, y, 0) for y in ys}
    nr, nc = len(ys) - 1, len(cols) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and _covered(vert[cols[c + 1]][ys[r]:ys[r + 1]]) < COVER:
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and _covered(horiz[ys[r + 1]][cols[c]:cols[c + 1]]) < COVER:
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    for units in groups.values():
        r0, c0 = min(u[0] for u in units), min(u[1] for u in units)
        r1, c1 = max(u[0] for u in units), max(u[1] for u in units)
        cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return Grid(ys=ys, xs=cols, cells=sorted(cells))


def erase_lines(image, h: np.ndarray, v: np.ndarray):
    """The image with its ruling lines painted white, so OCR reads no bars and dashes."""
    from PIL import Image
    a = np.asarray(image).copy()
    a[h | v] = 255
    return Image.fromarray(a)


def grid_tables(grids: list[Grid], image, words: list[dict], page_no: int) -> list[PageTable]:
    """The grids as table rows, each cell holding the words whose centre falls in it; a cell with ink
    where the page's OCR found no word, or only doubtful ones, is read again on its own."""
    scale = 72 / RESOLUTION
    ink = np.asarray(image) < INK
    out = []
    for g in grids:
        rows: list[list[dict]] = [[] for _ in range(len(g.ys) - 1)]
        for r, c, rs, cs in g.cells:
            x0, x1, y0, y1 = (p * scale for p in (g.xs[c], g.xs[c + cs], g.ys[r], g.ys[r + rs]))
            inside = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and y0 <= (w["top"] + w["bottom"]) / 2 <= y1]
            if not inside or min(w["conf"] for w in inside) < REREAD_CONF:
                inside = _reread(image, ink, g.xs[c], g.xs[c + cs], g.ys[r], g.ys[r + rs]) or inside
            rows[r].append({"text": cell_text(inside) if inside else "", "col": c, "col_span": cs, "row_span": rs,
                            "locator": Locator(page=page_no, bbox=tuple(round(v, 1) for v in (x0, y0, x1, y1)),
                                               row=r, cell=c, ocr=True, ocr_unsure=unsure_share(inside))})
        bbox = tuple(round(p * scale, 1) for p in (g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]))
        out.append(PageTable(bbox=bbox, rows=[sorted(r, key=lambda c: c["col"]) for r in rows]))
    return out


def _reread(image, ink: np.ndarray, x0: int, x1: int, y0: int, y1: int) -> list[dict]:
    pad = SNAP + 2   # inside the cell's ruling lines
    box = (x0 + pad, y0 + pad, x1 - pad, y1 - pad)
    if box[2] - box[0] < 8 or box[3] - box[1] < 8 or ink[box[1]:box[3], box[0]:box[2]].mean() < MIN_INK_SHARE:
        return []
    return read_region(image, box)
