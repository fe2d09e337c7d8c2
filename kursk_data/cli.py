"""The ``kursk-data`` command line: list claims, validate files, export figures, check and
compare texts."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from kursk_data.errors import UsageError, ValidationError
from kursk_data.formats import FORMATS, printable, render
from kursk_data.textfiles import check_input, read_text, text_chunks

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# basis and period_basis beside the figure and the period they qualify: an implied 0 or a
# period that is the ledger's reading must not read as a plain stated fact.
TABLE_COLUMNS = [
    "claim_id",
    "topic",
    "measure",
    "qualifier",
    "basis",
    "value",
    "low",
    "high",
    "unit",
    "period_start",
    "period_end",
    "period_basis",
    "claimant",
    "claimant_side",
    "source_id",
]


def _add_no_shipped(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-shipped",
        dest="shipped",
        action="store_false",
        help="use your files on their own, without the shipped Kursk ledger",
    )


def _at_least(least: int):
    """An argparse type: a whole number of ``least`` or more."""

    def whole(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if n < least:
            raise argparse.ArgumentTypeError(f"must be {least} or more: {n}")
        return n

    return whole


def _add_claims_file(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--claims", metavar="FILE", help="your own claims CSV, merged into the shipped ledger"
    )
    p.add_argument("--sources", metavar="FILE", help="your own sources CSV that FILE cites")
    _add_no_shipped(p)


def _add_spreadsheet_safe(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="with --format csv: start text cells a spreadsheet would run as a formula "
        "(=, +, -, @) with an apostrophe; the values then no longer read back exactly",
    )


def _check_spreadsheet_safe(args: argparse.Namespace) -> None:
    if args.spreadsheet_safe and args.format != "csv":
        raise UsageError("--spreadsheet-safe is for --format csv")


def _need_claims(args: argparse.Namespace) -> None:
    if not args.shipped and not args.claims:
        raise UsageError("--no-shipped needs your claims file: --claims FILE")


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
    _add_spreadsheet_safe(p)
    _add_claims_file(p)
    p.add_argument("--sides", metavar="FILE", help="your own sides CSV that --claims names")

    p = sub.add_parser("sources", help="print the sources the claims cite")
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_spreadsheet_safe(p)

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
        "--sides", metavar="FILE", help="a sides CSV (sides.csv) that FILE's claims name"
    )
    _add_no_shipped(p)
    p.add_argument(
        "--max-problems",
        type=_at_least(0),
        default=100,
        metavar="N",
        help="print at most N problems (and N warnings), then a count of the rest "
        "and a summary by rule (default 100)",
    )

    p = sub.add_parser(
        "figures",
        help="export every registered figure (PNG, SVG, PDF, JSON)",
        description="Write figures/<id>.png/.svg/.pdf, the rows drawn (.csv) and a .json "
        "sidecar for each registered figure, and a gallery README.md. Every figure is drawn; "
        "only the files whose bytes changed are written.",
    )
    p.add_argument("--out", metavar="DIR", default="figures", help="output directory")
    p.add_argument("--only", metavar="ID", action="append", help="export only this figure")
    p.add_argument("--force", action="store_true", help="rewrite every file, changed or not")
    p.add_argument("--list", action="store_true", help="list the registered figures and exit")
    p.add_argument(
        "--jobs",
        type=_at_least(1),
        default=None,
        metavar="N",
        help="draw with N processes (default: one per core)",
    )
    _add_claims_file(p)
    p.add_argument("--sides", metavar="FILE", help="your own sides CSV that --claims names")

    p = sub.add_parser(
        "check",
        help="find the figures a news text states and check them",
        description="List every figure FILE (or - for standard input) states: value, unit, "
        "qualifier and what it counts. A figure given in two units is checked against the "
        "exact conversion; with --ledger each figure is matched to ledger claims of the same "
        "measure. Exit 0 when every unit pair agrees, 1 when one disagrees, 2 on a usage error "
        "(missing, empty, binary or non-UTF-8 input).",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--ledger",
        action="store_true",
        help="match each figure to ledger claims of the same measure (consistent / conflicts)",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_claims_file(p)

    p = sub.add_parser(
        "compare",
        help="compare the figures of two texts (rewrites of one report)",
        description="Align the figures of texts A and B by what they count and list what "
        "changed: a value, a qualifier, a second unit, a figure added or dropped. Either file "
        "may be - (standard input). Exit 0 when the figures agree, 1 when any differ, 2 on a "
        "usage error.",
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--format", choices=FORMATS, default="table")
    return parser


def _cmd_claims(args: argparse.Namespace) -> int:
    from kursk_data.load import load_claims

    _need_claims(args)
    _check_spreadsheet_safe(args)
    frame = load_claims(
        args.topic,
        path=args.claims,
        sources_path=args.sources,
        source=args.source,
        shipped=args.shipped,
        sides_path=args.sides,
    )
    if args.format == "table":
        frame = frame[TABLE_COLUMNS]
    elif args.format == "csv":
        # A claims file again, column for column, so it validates and loads like the input.
        frame = frame.drop(columns="ledger")
    _write(render(frame, args.format, spreadsheet_safe=args.spreadsheet_safe), args.format)
    return EXIT_OK


def _cmd_sources(args: argparse.Namespace) -> int:
    from kursk_data.load import load_sources

    _check_spreadsheet_safe(args)
    frame = load_sources()
    if args.format == "table":
        frame = frame[["source_id", "role", "publisher", "published", "url"]]
    _write(render(frame, args.format, spreadsheet_safe=args.spreadsheet_safe), args.format)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from kursk_data.validation import validate

    cap = args.max_problems
    report = validate(
        args.file, sources=args.sources, sides=args.sides, shipped=args.shipped, max_problems=cap
    )
    args.outcome = EXIT_INVALID if report.total else EXIT_OK  # kept if the reader leaves early
    from kursk_data.validation.read import display_name

    name = printable(display_name(args.file))
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


def _write(text: str, fmt: str) -> None:
    """Write a command's output. CSV and JSON are data files, UTF-8 whatever the terminal's
    encoding (degrading them would change the values); text for reading goes through the
    terminal's encoding (see :func:`_degrade`)."""
    if fmt in ("csv", "json") and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        sys.stdout.write(text)


# The typographic characters of messages and tables, spelled for a stream that cannot encode
# them (PYTHONIOENCODING=ascii, a C locale); anything else is shown as an escape.
_PLAIN = {
    "\u2014": "--",
    "\u2013": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00b2": "2",
    "\u00d7": "x",
    "\u00b7": "-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2192": "->",
}


def _degrade(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character the output cannot encode becomes its plain spelling
    or an escape, so a report is never lost (nor its exit code) to the terminal's encoding."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start : err.end]
    return "".join(_PLAIN.get(ch) or ascii(ch)[1:-1] for ch in bad), err.end


def _prepare_streams() -> str | None:
    """Make standard output and error safe to write; a problem that stops the run, else None."""
    import codecs

    codecs.register_error("kursk-data-plain", _degrade)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="kursk-data-plain")
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        return "standard output is closed; redirect it to a file or /dev/null"
    return None


def _reader_left() -> None:
    """Standard output's reader has gone (`| head`): send what is still buffered nowhere, so
    the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _check_out_folder(out: str) -> None:
    """A usage error, before any work, for an --out that cannot become a folder of figures."""
    from kursk_data.figure_folder import check_out_folder

    check_out_folder(out)


def _cmd_figures(args: argparse.Namespace) -> int:
    if args.list:
        from kursk_data.figures import FIGURES

        for fig in FIGURES.values():
            print(f"{fig.id}: {fig.title}")
        return EXIT_OK
    _need_claims(args)
    if args.only and not args.claims:  # a user's ledger has its own ids: checked on export
        from kursk_data.figures import FIGURES

        args.only = list(dict.fromkeys(args.only))  # --only X --only X draws X once
        unknown = [i for i in args.only if i not in FIGURES]
        if unknown:
            known = ", ".join(FIGURES)
            raise UsageError(f"unknown figure id(s): {', '.join(unknown)}; known: {known}")
    _check_out_folder(args.out)
    import os

    import matplotlib

    # Files only: never a window. Set on matplotlib, not in the environment, before pyplot
    # picks a backend.
    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    from kursk_data.figures import export_figures

    refused = False  # a figure that failed its own check: the others are written, exit 1
    for line in export_figures(
        args.out,
        only=args.only,
        force=args.force,
        claims_path=args.claims,
        sources_path=args.sources,
        sides_path=args.sides,
        shipped=args.shipped,
        jobs=args.jobs or os.cpu_count() or 1,  # --jobs is 1 or more when given
    ):
        print(line)
        refused = refused or line.startswith("refused ")
    return EXIT_INVALID if refused else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from kursk_data.extract.find import check_stream, report_columns

    if not args.ledger and (args.claims or args.sources):
        raise UsageError("--claims and --sources are used with --ledger")
    fh = check_input(args.file)
    claims = None
    try:
        if args.ledger:
            from kursk_data.load import load_claims

            claims = load_claims(path=args.claims, sources_path=args.sources)
        bad = shown = 0
        left = False
        # The text is read and reported piece by piece (paragraphs of about 256 KB): the
        # memory a 20 MB text needs is that of one piece (issue #22, item 19).
        for report, piece_bad in check_stream(text_chunks(fh), ledger=args.ledger, claims=claims):
            bad += piece_bad
            args.outcome = EXIT_INVALID if bad else EXIT_OK  # kept if the reader leaves early
            if report.empty or left:
                continue
            if args.format == "table":
                report = report[report_columns(args.ledger)]
            try:
                _write(
                    _continue_rendering(render(report, args.format), args.format, shown),
                    args.format,
                )
            except BrokenPipeError:
                # The reader left (`| head`): the rest is still checked, so the exit code
                # answers for the whole text, not only for what was shown.
                left = True
            shown += len(report)
    finally:
        fh.close()
    if left:
        raise BrokenPipeError
    if args.format == "json":
        _write("[]\n" if not shown else "\n]\n", args.format)
    elif not shown:
        if args.format == "table":
            print(f"{'standard input' if args.file == '-' else args.file}: no figures found")
            return EXIT_OK
        sys.stdout.write(render(_empty_report(args.ledger), args.format))
    if bad:
        print(f"{bad} figure pair(s) disagree beyond rounding", file=sys.stderr)
    return EXIT_INVALID if bad else EXIT_OK


def _empty_report(ledger: bool):
    from kursk_data.extract import check_text

    report, _ = check_text("-", ledger=False)
    return report.assign(ledger="") if ledger else report


def _continue_rendering(text: str, fmt: str, shown: int) -> str:
    """One piece of a streamed report: the header only with the first piece; JSON records
    joined into one array."""
    if fmt == "json":
        inner = text.strip()[1:-1].strip("\n")
        return ("[\n" if not shown else ",\n") + inner
    if not shown:
        return text
    skip = 2 if fmt == "markdown" else 1
    return text.split("\n", skip)[skip] if text.count("\n") > skip else ""


def _cmd_compare(args: argparse.Namespace) -> int:
    from kursk_data.extract import compare_texts
    from kursk_data.extract.compare import texts_agree

    if args.a == "-" and args.b == "-":
        raise UsageError("only one of A and B can be - (standard input)")
    changes = compare_texts(read_text(args.a), read_text(args.b))
    args.outcome = EXIT_OK if texts_agree(changes) else EXIT_INVALID  # if the reader leaves
    if args.format == "table":
        if changes.empty:
            print("neither text states a figure")
            return EXIT_OK
        shown = changes[["change", "counts", "a_line", "a_phrase", "b_line", "b_phrase", "detail"]]
        sys.stdout.write(render(shown, "table"))
    else:
        _write(render(changes, args.format), args.format)
    differ = int((changes["change"] != "same").sum())
    if differ:
        print(f"{differ} of {len(changes)} figure(s) differ", file=sys.stderr)
    return args.outcome


_COMMANDS = {
    "claims": _cmd_claims,
    "sources": _cmd_sources,
    "validate": _cmd_validate,
    "figures": _cmd_figures,
    "check": _cmd_check,
    "compare": _cmd_compare,
}


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning as one line, like the errors: no source path, no second line of code."""
    if sys.stderr is not None:
        print(f"kursk-data: warning: {printable(str(message))}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never a traceback for bad input)."""
    stop = _prepare_streams()
    if stop is not None:
        if sys.stderr is not None:
            print(f"kursk-data: error: {stop}", file=sys.stderr)
        return EXIT_USAGE
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():  # restored on return: main() may run in a notebook
            warnings.showwarning = _warning_line
            code = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that left shows here, while the outcome is known
        return code
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
        # The reader stopped early (`| head`): the outcome stands. A report of problems is
        # still a failure; output with no verdict (a listing) succeeded.
        _reader_left()
        return getattr(args, "outcome", EXIT_OK)
    except OSError as err:  # the disk, a folder or a file failed under us: say which, briefly
        where = f"{err.filename}: " if err.filename else ""
        text = printable(where + (err.strerror or str(err)))
        print(f"kursk-data: error: {text}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
