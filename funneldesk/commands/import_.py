"""``funneldesk import FILE --db PATH [--format csv|xlsx|vcf] [--encoding NAME]
[--duplicates skip|merge|keep]``.

Prints the JSON summary (with the text encoding the file was read in) and exits 0
whenever the file could be read, even when some rows were rejected; a missing, empty or
mislabelled file, or an unknown encoding, is one line and exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk import cli_support as cli
from funneldesk.core.importing import DUPLICATE_POLICIES, FORMATS, import_file
from funneldesk.core.safe_replace import remove_with_companions
from funneldesk.core.search import update_search_index


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "import",
        run,
        help="import contacts from CSV, Excel (.xlsx) or vCard (.vcf); prints a JSON summary",
        description="Import contacts. Columns are recognised by their headers (English, "
        "Chinese, Google Contacts, Outlook). Prints "
        '{"imported": N, "skipped": N, "errors": [{"row": R, "message": "..."}], '
        '"encoding": "utf-8"}.',
    )
    parser.add_argument("file", metavar="FILE", help="the file to import")
    parser.add_argument(
        "--format", choices=FORMATS, help="file format (default: from the name and content)"
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="text encoding of a CSV or vCard file, e.g. utf-8, gb18030, windows-1252 "
        "(default: chosen from the file's bytes; a vCard value's own CHARSET still wins)",
    )
    parser.add_argument(
        "--duplicates",
        choices=DUPLICATE_POLICIES,
        default="skip",
        help="a row whose phone or e-mail is already known: skip it (default), merge it "
        "into the existing card, or keep it as a new card",
    )


def run(args: argparse.Namespace) -> int:
    target = cli.database_path(args)
    new_file = not target.exists()
    db = cli.open_for_writing(args, create=True)
    try:
        result = import_file(
            db,
            Path(args.file),
            fmt=args.format,
            encoding=args.encoding,
            duplicates=args.duplicates,
            progress=cli.TerminalProgress("Importing"),
            building=cli.TerminalProgress("Building the customer indexes"),
            record_undo=False,
        )
        update_search_index(db, cli.TerminalProgress("Indexing for search"))
    except BaseException:
        db.close()
        if new_file:  # a file made for this import alone goes with it: nothing is left behind
            remove_with_companions(target)
        raise
    db.close()
    cli.print_json(result.summary())
    return 0
