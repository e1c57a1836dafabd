"""Ruled tables on real copies: the grid is found though its lines are light grey, drift by half a degree
across the table, and break where they cross (the images are drawn here as a copier leaves them)."""
from __future__ import annotations

from PIL import Image, ImageDraw

from extractors.readers.scan_grid import ruling

XS = [300, 380, 1330, 1720, 2020]               # a number, a task, a term and a responsible column
YS = [650, 780, 870, 1200, 1570, 1990, 2310]    # header, column numbers, four rows


def _page(grey: int, drift: int, gap: int) -> Image.Image:
    """A page of 2105 x 2921 px (250 dpi) with the grid drawn ``grey``, its lines sinking ``drift`` px from
    left to right and from top to bottom, broken for ``gap`` px where they cross."""
    img = Image.new("L", (2105, 2921), 255)
    d = ImageDraw.Draw(img)
    slope = drift / (XS[-1] - XS[0])
    for y in YS:
        for a, b in zip(XS, XS[1:]):       # each piece between two crossings, with a break at each end
            d.line([(a + gap, y + (a + gap - XS[0]) * slope), (b - gap, y + (b - gap - XS[0]) * slope)],
                   fill=grey, width=2)
    for x in XS:
        for a, b in zip(YS, YS[1:]):
            d.line([(x + (a - YS[0]) * slope, a + gap), (x + (b - YS[0]) * slope, b - gap)], fill=grey, width=2)
    return img


def _shape(img: Image.Image) -> list[tuple[int, int, int]]:
    return [(len(g.ys) - 1, len(g.xs) - 1, len(g.cells)) for g in ruling(img)[0]]


def test_a_clean_grid():
    assert _shape(_page(grey=40, drift=0, gap=0)) == [(6, 4, 24)]


def test_light_grey_lines_of_a_copy():
    assert _shape(_page(grey=185, drift=0, gap=0)) == [(6, 4, 24)]


def test_lines_drifting_half_a_degree_across_the_table():
    assert _shape(_page(grey=60, drift=15, gap=0)) == [(6, 4, 24)]


def test_lines_broken_where_they_cross_keep_a_narrow_columns_cells_apart():
    assert _shape(_page(grey=60, drift=10, gap=6)) == [(6, 4, 24)]


def test_a_frame_round_the_page_is_no_table():
    """A photocopy's dark page edges (and a line under the letterhead inside them) box the text in: one
    cell, which is no table, so the page is read as paragraphs."""
    img = Image.new("L", (2105, 2921), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([40, 40, 2065, 2881], outline=30, width=12)
    d.line([(300, 520), (1800, 520)], fill=30, width=3)
    assert _shape(img) == []
