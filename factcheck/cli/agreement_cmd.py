"""`factcheck agreement [--document ID] [--format table|json|csv] [--against curated [--min-agree N]]`:
agreement between annotators, or each annotator scored against the curated set."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from db.files import refuse_project_files
from factcheck.cli import decision_output
from factcheck.cli.common import Subparsers, data_stdout, open_store, printable, printable_json
from factcheck.cli.document_ids import document_id
from factcheck.core import agreement, curation_scores
from factcheck.core.agreement import MEASURE_TITLES, MEASURES, AgreementRow
from factcheck.core.curation_scores import ScoreRow
from factcheck.core.decision_agreement import DecisionRow
from factcheck.core.errors import FactcheckError
from factcheck.core.link_agreement import ATTRIBUTION, STRUCTURE_MEASURES
from factcheck.core.names import shown
from factcheck.services.agreement import store_agreement
from factcheck.services.claim_agreement import store_decision_agreement
from factcheck.services.curating import scores_against_curated
from factcheck.services.formats.output import text_output
from factcheck.services.structure_agreement import structure_agreement

FORMATS = ("table", "json", "csv")

EXPLANATION = (
    "F1 exact: a match has the same label, start and end (and the same pieces, for a tag in pieces). "
    "F1 overlap: tags with the same label that share a character (of their pieces, not the gaps). "
    "Cohen's kappa and Krippendorff's alpha are chance-corrected, over the characters of the text, one "
    "covered/not-covered sequence per label. A dash means undefined (nothing to compare). "
    "Pairs are compared on the documents both annotated."
)

STRUCTURE_EXPLANATION = (
    "Links: a link matches when its type matches and both ends match (the same tag, or tags with the same "
    "label: exact, the same pieces of text; overlap, a shared character), either way round for a "
    "symmetric type. Attribution: the content tag, its source tag and its cue tag all match. F1 counts "
    "one-to-one matches; a dash means neither made any."
)

AGAINST_EXPLANATION = (
    "Each annotator against the curated set (see 'factcheck export --curated'): precision is the share of "
    "the annotator's tags that match a curated tag, recall the share of curated tags the annotator "
    "matched; exact: same label, start and end (and pieces); overlap: same label and at least one shared "
    "character. A dash means undefined. Annotators are scored on the documents they tagged."
)


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "agreement",
        help="agreement between each pair of annotators (F1, Cohen's kappa, Krippendorff's alpha)",
        description=EXPLANATION,
    )
    parser.add_argument(
        "--document",
        metavar="ID",
        help="only this document: its id or the start of it (default: each and all)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default, for reading), json (a list of rows) or csv (one row per figure)",
    )
    parser.add_argument("--out", "-o", metavar="PATH", help="file to write ('-' or absent: standard output)")
    parser.add_argument(
        "--against",
        choices=("curated",),
        help="score each annotator against the curated set (precision, recall, F1; exact and overlap)",
    )
    parser.add_argument(
        "--min-agree",
        metavar="N",
        type=_at_least_one,
        help="with --against curated: as 'export --curated --min-agree N'",
    )


def _at_least_one(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return n


def run(args: argparse.Namespace) -> int:
    with open_store(args, read_only=True) as store:
        titles = {d.id: d.title for d in store.document_summaries()}
        if args.document is not None:
            args.document = document_id(args.document, titles)
        if args.min_agree is not None and args.against is None:
            raise FactcheckError("--min-agree applies to --against curated only.")
        scores: list[ScoreRow] | None = None
        rows: list[AgreementRow] = []
        decisions: list[DecisionRow] = []
        if args.against == "curated":
            scores = scores_against_curated(store, args.document, args.min_agree)
        else:
            rows = store_agreement(store, args.document)
            rows += structure_agreement(store, args.document)  # links and attribution, beside the spans
            decisions = store_decision_agreement(store, args.document)  # claim cards' votes, verdicts
        project = store.path

    def write(out: TextIO) -> int:
        if scores is not None:
            return _write_scores(scores, titles, args.format, out)
        return _write(rows, titles, args.format, out, decisions)

    if args.out in (None, "-"):
        if args.format == "table":
            return write(sys.stdout)
        with data_stdout() as stream:
            return write(stream)
    out = Path(args.out)
    refuse_project_files(out, project)
    with text_output(out, bom=args.format == "csv") as fh:
        status = write(fh)
    print(f"Wrote the {'scores' if scores is not None else 'agreement'} to {out}.", file=sys.stderr)
    return status


def _write(
    rows: Sequence[AgreementRow],
    titles: dict[str, str],
    fmt: str,
    out: TextIO,
    decisions: Sequence[DecisionRow] = (),
) -> int:
    if fmt == "json":
        dicts = [r.as_dict() for r in rows] + decision_output.as_rows(decisions)
        out.write(printable_json(json.dumps(dicts, indent=2, ensure_ascii=False)))
        out.write("\n")
    elif fmt == "csv":
        write_csv(rows, out, decisions)
    else:
        if decisions:
            out.write(decision_output.table(decisions) + ("\n" if rows else ""))
        if not rows and decisions:
            return 0
        if not rows:
            print(
                "No agreement to show: it needs two annotators who tagged the same document. "
                "Import a teammate's work with: factcheck import THEIR_EXPORT.json",
                file=out,
            )
            return 0
        spans = [r for r in rows if r.measure in MEASURES]
        out.write(format_table(spans, titles))
        structure = [r for r in rows if r.measure in STRUCTURE_MEASURES]
        if structure:
            out.write("\n" + format_structure_table(structure, titles))
    return 0


def write_csv(rows: Sequence[AgreementRow], out: TextIO, decisions: Sequence[DecisionRow] = ()) -> None:
    more = [
        agreement.csv_line(
            ("", "", str(d["annotator_a"] or ""), str(d["annotator_b"] or "")),
            str(d["measure"]),
            d["value"],
            d["cards"],
        )
        for d in decision_output.as_rows(decisions)
    ]
    agreement.write_csv(rows, out, more)


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def format_table(rows: Sequence[AgreementRow], titles: dict[str, str] | None = None) -> str:
    """Wide and aligned: one line per (document, label, pair), one column per measure."""
    titles = titles or {}
    lines: dict[tuple[str | None, str | None, str, str], dict[str, float | None]] = {}
    for r in rows:
        lines.setdefault((r.document, r.label, r.annotator_a, r.annotator_b), {})[r.measure] = r.value
    header = ["Document", "Label", "Annotator A", "Annotator B", *(MEASURE_TITLES[m] for m in MEASURES)]
    body = []
    for (doc, label, a, b), values in lines.items():
        name = "(all)" if doc is None else _document_name(doc, titles)
        texts = [printable(t) for t in (name, label or "(all)")] + [shown(a), shown(b)]  # teammates' names
        body.append([*texts, *(_cell(values.get(m)) for m in MEASURES)])
    return _aligned(header, body, 4, EXPLANATION)


def _aligned(header: list[str], body: list[list[str]], numeric_from: int, explanation: str) -> str:
    """header and body as aligned columns (figures from column numeric_from on, right-aligned), a blank
    line between documents (the first column), then the explanation."""
    table = [header, *body]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        cells = [
            c.rjust(w) if i >= numeric_from else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    out = [fmt(header), "  ".join("-" * w for w in widths)]
    previous: str | None = None
    for row in body:
        if previous is not None and row[0] != previous:
            out.append("")  # a blank line between documents
        previous = row[0]
        out.append(fmt(row))
    out += ["", *textwrap.wrap(explanation, 100)]
    return "\n".join(out) + "\n"


def format_structure_table(rows: Sequence[AgreementRow], titles: dict[str, str] | None = None) -> str:
    """Links (one line per link type) and attribution, per (document, pair): F1 exact and overlap."""
    titles = titles or {}
    lines: dict[tuple[str | None, str | None, str, str], dict[str, float | None]] = {}
    for r in rows:
        mode = r.measure.rsplit("_", 1)[1]  # exact | overlap
        lines.setdefault((r.document, r.label, r.annotator_a, r.annotator_b), {})[mode] = r.value
    header = [
        "Document",
        "Links of type / attribution",
        "Annotator A",
        "Annotator B",
        "F1 exact",
        "F1 overlap",
    ]
    body = []
    for (doc, label, a, b), values in lines.items():
        name = "(all)" if doc is None else _document_name(doc, titles)
        what = "attribution" if label == ATTRIBUTION else f"link {label}"
        texts = [printable(t) for t in (name, what)] + [shown(a), shown(b)]
        body.append([*texts, _cell(values.get("exact")), _cell(values.get("overlap"))])
    return _aligned(header, body, 4, STRUCTURE_EXPLANATION)


def _document_name(doc_id: str, titles: dict[str, str]) -> str:
    title = titles.get(doc_id, "")
    if len(title) > 30:
        title = title[:29] + "…"
    return f"{title} [{doc_id[:8]}]" if title else doc_id


# -- against the curated set -------------------------------------------------------------------------
def _write_scores(rows: Sequence[ScoreRow], titles: dict[str, str], fmt: str, out: TextIO) -> int:
    if fmt == "json":
        out.write(printable_json(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False)))
        out.write("\n")
    elif fmt == "csv":
        curation_scores.write_csv(rows, out)
    elif not rows:
        print("No scores to show: nobody has tagged a document yet.", file=out)
    else:
        out.write(format_scores_table(rows, titles))
    return 0


def format_scores_table(rows: Sequence[ScoreRow], titles: dict[str, str] | None = None) -> str:
    """Wide and aligned: one line per (document, label, annotator), one column per measure."""
    titles = titles or {}
    measures = curation_scores.MEASURES
    lines: dict[tuple[str | None, str | None, str], dict[str, float | None]] = {}
    for r in rows:
        lines.setdefault((r.document, r.label, r.annotator), {})[r.measure] = r.value
    header = ["Document", "Label", "Annotator", *(curation_scores.MEASURE_TITLES[m] for m in measures)]
    body = []
    for (doc, label, annotator), values in lines.items():
        name = "(all)" if doc is None else _document_name(doc, titles)
        texts = [printable(t) for t in (name, label or "(all)")] + [shown(annotator)]
        body.append([*texts, *(_cell(values.get(m)) for m in measures)])
    return _aligned(header, body, 3, AGAINST_EXPLANATION)
