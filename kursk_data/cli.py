"""The ``kursk-data`` command line: list claims, validate files, export figures, check texts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kursk_data.formats import FORMATS, printable, render
from kursk_data.validation import UsageError, ValidationError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
TABLE_COLUMNS = [
    "claim_id",
    "topic",
    "measure",
    "qualifier",
    "value",
    "low",
    "high",
    "unit",
    "period_start",
    "period_end",
    "claimant",
    "claimant_side",
    "source_id",
]


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {n}")
    return n


def _add_claims_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--claims", metavar="FILE", help="your own claims CSV, merged into the ledger")
    p.add_argument("--sources", metavar="FILE", help="your own sources CSV that FILE cites")


def build_parser() -> argparse.ArgumentParser:
    from kursk_data._version import __version__

    parser = argparse.ArgumentParser(
        prog="kursk-data",
        description="A sourced ledger of the figures reported about the Kursk incursion.",
        epilog="Exit codes: 0 success, 1 invalid data or inconsistent figures, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"kursk-data {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "claims",
        help="print the claims ledger",
        description="Print the claims, filtered by topic or source.",
    )
    p.add_argument("--topic", choices=["territory", "troops", "losses", "prisoners"])
    p.add_argument("--source", help="a source role (article, context, user) or a source_id")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (key columns) or csv/json/markdown (every column)",
    )
    _add_claims_file(p)

    p = sub.add_parser("sources", help="print the sources the claims cite")
    p.add_argument("--format", choices=FORMATS, default="table")

    p = sub.add_parser(
        "validate",
        help="check a claims or sources CSV file",
        description="Check a claims file (or a sources file, recognised by its "
        "header) against the ledger's rules. Prints one line per problem: "
        "FILE:ROW:COLUMN: VALUE — RULE. Exit 0 valid, 1 invalid, 2 usage error.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sources", metavar="FILE", help="a sources CSV that FILE's claims cite")
    p.add_argument(
        "--max-problems",
        type=_count,
        default=100,
        metavar="N",
        help="print at most N problems (and N warnings), then a count of the rest "
        "and a summary by rule (default 100)",
    )

    p = sub.add_parser(
        "figures",
        help="export every registered figure (PNG, SVG, PDF, JSON)",
        description="Write figures/<id>.png/.svg/.pdf and a .json sidecar for "
        "each registered figure, skipping those whose inputs are unchanged.",
    )
    p.add_argument("--out", metavar="DIR", default="figures", help="output directory")
    p.add_argument("--only", metavar="ID", action="append", help="export only this figure")
    p.add_argument("--force", action="store_true", help="rewrite even if inputs are unchanged")
    p.add_argument("--list", action="store_true", help="list the registered figures and exit")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="render with N processes (default: one per core)",
    )
    _add_claims_file(p)

    p = sub.add_parser(
        "check",
        help="find the figures a news text states and check them",
        description="List every figure FILE (or - for stdin) states, with its "
        "qualifier and unit; flag figures given in two units that disagree. "
        "Exit 1 when any pair is inconsistent.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--ledger", action="store_true", help="say which figures match a ledger claim")
    p.add_argument("--format", choices=FORMATS, default="table")
    return parser


def _cmd_claims(args: argparse.Namespace) -> int:
    from kursk_data.load import load_claims

    frame = load_claims(args.topic, path=args.claims, sources_path=args.sources, source=args.source)
    if args.format == "table":
        frame = frame[TABLE_COLUMNS]
    sys.stdout.write(render(frame, args.format))
    return EXIT_OK


def _cmd_sources(args: argparse.Namespace) -> int:
    from kursk_data.load import load_sources

    frame = load_sources()
    if args.format == "table":
        frame = frame[["source_id", "role", "publisher", "published", "url"]]
    sys.stdout.write(render(frame, args.format))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from kursk_data.validation import validate

    cap = args.max_problems
    report = validate(args.file, sources=args.sources, max_problems=cap)
    name = printable(args.file)
    for p in report:
        print(p)
    if report.total > len(report):
        print(f"... and {report.total - len(report):,} more problem(s) not shown (--max-problems)")
    for p in report.warnings:
        print(p)
    if report.warning_total > len(report.warnings):
        print(
            f"... and {report.warning_total - len(report.warnings):,} more warning(s) not shown "
            "(--max-problems)"
        )
    if report.total + report.warning_total > 1:
        print("By rule:")
        for line in report.summary:
            print(f"  {line}")
    warned = f", {report.warning_total:,} warning(s)" if report.warning_total else ""
    if not report.total:
        print(f"{name}: valid{warned}")
        return EXIT_OK
    print(f"{name}: {report.total:,} problem(s){warned}", file=sys.stderr)
    return EXIT_INVALID


def _check_out_folder(out: str) -> None:
    """A usage error, before any work, for an --out that cannot become a folder of figures."""
    from kursk_data.figures.export import check_out_folder

    check_out_folder(out)


def _cmd_figures(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")  # files only: never open a window
    from kursk_data.figures import FIGURES, export_figures

    if args.list:
        for fig in FIGURES.values():
            print(f"{fig.id}: {fig.title}")
        return EXIT_OK
    unknown = [i for i in args.only or [] if i not in FIGURES]
    if unknown:
        raise UsageError(f"unknown figure id(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    _check_out_folder(args.out)
    for line in export_figures(
        args.out,
        only=args.only,
        force=args.force,
        claims_path=args.claims,
        sources_path=args.sources,
        jobs=args.jobs or os.cpu_count() or 1,
    ):
        print(line)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kursk_data.extract import check_text

    if args.file == "-":  # bytes, decoded as a file's are: binary input fails alike
        data, label = sys.stdin.buffer.read(), "standard input"
    else:
        p = Path(args.file)
        if not p.is_file():
            raise UsageError(f"{args.file}: no such file")
        data, label = p.read_bytes(), args.file
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(f"{label}: not UTF-8 text ({err.reason})") from err
    if "\x00" in text:
        raise UsageError(f"{label}: not a text file (contains NUL bytes)")
    report, bad = check_text(text, ledger=args.ledger)
    sys.stdout.write(render(report, args.format))
    if bad:
        print(f"{bad} figure pair(s) disagree beyond rounding", file=sys.stderr)
    return EXIT_INVALID if bad else EXIT_OK


_COMMANDS = {
    "claims": _cmd_claims,
    "sources": _cmd_sources,
    "validate": _cmd_validate,
    "figures": _cmd_figures,
    "check": _cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never a traceback for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ValidationError as err:
        shown = err.problems[:100]
        for p in shown:
            print(p, file=sys.stderr)
        if err.total > len(shown):
            print(f"... and {err.total - len(shown):,} more problem(s)", file=sys.stderr)
        return EXIT_INVALID
    except (UsageError, ValueError) as err:
        print(f"kursk-data: error: {printable(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except OSError as err:  # the disk, a folder or a file failed under us: say which, briefly
        where = f"{err.filename}: " if err.filename else ""
        text = printable(where + (err.strerror or str(err)))
        print(f"kursk-data: error: {text}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
