"""The `srok` command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from extractors.readers import ReadError, read_document

app = typer.Typer(add_completion=False, no_args_is_help=True, help="srok: obligations and deadlines from official letters")


def _read(path: Path):
    try:
        return read_document(path)
    except ReadError as e:
        sys.stderr.write(f"srok: cannot read {path}: {e}\n")
        raise typer.Exit(2)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@app.command()
def parse(file: Path, as_json: bool = typer.Option(False, "--json", help="print the whole document model")) -> None:
    """Show the document model a reader makes of FILE (for debugging readers)."""
    doc = _read(file)
    if as_json:
        _print_json(doc.model_dump(mode="json"))
        return
    out = Console()
    out.print(f"[bold]{doc.origin.name}[/] {doc.origin.format}, {len(doc.blocks)} blocks, pages={doc.origin.pages}")
    for b in doc.blocks:
        where = b.locator.describe()
        if b.kind == "table":
            t = Table(title=f"table · {where}", show_header=False, show_lines=True)
            for row in b.rows:
                t.add_row(*[c.text + (f" ⟨{c.row_span}×{c.col_span}⟩" if c.row_span > 1 or c.col_span > 1 else "")
                            for c in row.cells])
            out.print(t)
        else:
            out.print(f"[dim]{b.index:>3} {b.kind:<9} {where:<16}[/] {b.text}", markup=True, highlight=False)


@app.command()
def extract(file: Path, as_json: bool = typer.Option(False, "--json", help="print the output contract as JSON"),
            entities: bool = typer.Option(True, help="run named-entity recognition")) -> None:
    """Extract document metadata, obligations, deadlines, responsible bodies and references from FILE."""
    from extractors.pipeline import contract, extract as run
    doc = _read(file)
    data = contract(doc, run(doc, with_entities=entities))
    if as_json:
        _print_json(data)
        return
    out = Console()
    d = data["document"]
    out.print(f"[bold]{data['file']}[/]: {d['doc_type']} № {d['reg_number']} от {d['reg_date']} — "
              f"{d['sender']['name']} ({d['sender']['region']}, {d['sender']['municipality']})")
    t = Table("№", "task", "responsible", "deadline", "status", show_lines=True)
    for o in data["obligations"]:
        dl = o["deadline"]
        t.add_row(o["number"] or "", o["text"][:160], "; ".join(r["name"] for r in o["responsible"]),
                  f"{dl['start'] or ''} … {dl['end'] or ''}\n({dl['raw']})" if dl else "—", o["status"])
    out.print(t)


@app.command()
def demo(folder: Path = typer.Argument(Path("fixtures"))) -> None:
    """The main job on the embedded default: extract every document in FOLDER and list deadlines."""
    from extractors.pipeline import extract as run
    out = Console()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".pdf")):
        try:
            doc = read_document(path)
        except ReadError as e:
            out.print(f"[red]{path.name}: {e}[/]")
            continue
        ex = run(doc, with_entities=False)
        s = ex.document.sender
        out.print(f"[bold]{path.name}[/] {ex.document.doc_type}: {s.region or '?'} / {s.municipality or '—'}: "
                  f"{len(ex.obligations)} obligations")
        for o in ex.obligations:
            dl = o.deadline
            when = f"{dl.start or ''}…{dl.end}" if dl else "no deadline"
            out.print(f"   {o.number or '·':>5} {when:<24} {o.text[:90]}", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
