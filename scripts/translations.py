"""Extract, update and compile the gettext catalogues of everything outside marketapp/ui.

    python scripts/translations.py               extract the msgids, update every .po, compile
                                                 every .mo (then translate what is new, run again)
    python scripts/translations.py --check       write nothing; exit 1 and say what is missing
                                                 or stale
    python scripts/translations.py --init ug_CN  start the catalogue of a new language

Needs Babel (``pip install -e ".[test]"``); the app itself reads the ``.mo`` files with the
standard library's gettext. Extraction follows babel.cfg (marketapp/ minus marketapp/ui) with
the keywords of marketapp.core.text.EXTRACT_KEYWORDS. The ``.po`` files have no source
locations and are sorted by msgid, so two branches adding strings rarely touch the same lines.
The commands' help texts are read from the click command tree. ``click.po`` translates click's
own messages (usage, errors, help headings), extracted from the installed click
(marketapp/cli_text.py says how they reach click).
Qt screens have their own catalogue: see marketapp/ui/shell/i18n.py.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marketapp.cli_text import CLICK_DOMAIN  # noqa: E402
from marketapp.core.text import DOMAIN, EXTRACT_KEYWORDS  # noqa: E402

LOCALE_DIR = ROOT / "resources" / "locale"
WIDTH = 100


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def template() -> Catalog:
    """Every msgid in the code (no translations), as ``pybabel extract -F babel.cfg``."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = parse_keywords(list(EXTRACT_KEYWORDS))
    catalog = Catalog(domain=DOMAIN, project="marketapp")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    # The commands' help (docstrings, help=): read from the command tree, as click shows it.
    from marketapp.cli import _register_commands, cli
    from marketapp.cli_text import help_msgids

    _register_commands()
    for message in help_msgids(cli):
        catalog.add(message, None, [("marketapp/cli.py", 0)])
    return catalog


def click_po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CLICK_DOMAIN}.po"))


def click_template() -> Catalog:
    """click's own messages (usage, errors, help's headings), from the installed click."""
    import click

    catalog = Catalog(domain=CLICK_DOMAIN, project="click")
    keywords = {"_": None, "ngettext": (1, 2)}
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        for lineno, message, _comments, context in extract_from_file(
                "python", str(source), keywords=keywords):
            catalog.add(message, None, [(source.name, lineno)], context=context)
    catalog.add("required", None, [("core.py", 0)])  # _(extra["required"]): not extractable
    return catalog


def read(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, domain=path.stem)


def po_bytes(catalog: Catalog) -> bytes:
    # A fixed header: no dates or versions that would change on every run (and conflict
    # between branches); the header entry is not fuzzy, the file is in use.
    whose = ("click's messages, as marketapp's command line shows them"
             if catalog.domain == CLICK_DOMAIN else "marketapp's text outside the Qt screens")
    catalog.header_comment = (f"# {whose}, in {catalog.locale_identifier}.\n"
                              "# Translate the empty msgstr lines, then run "
                              "python scripts/translations.py.")
    catalog.project, catalog.version = "marketapp", ""
    catalog.msgid_bugs_address = ""
    catalog.fuzzy = False
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, no_location=True, sort_output=True,
             ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(po: Path) -> bytes:
    """The compiled catalogue; fuzzy entries are left out, as msgfmt does."""
    out = io.BytesIO()
    write_mo(out, read(po))
    return out.getvalue()


def updated(po: Path, pot: Catalog) -> bytes:
    catalog = read(po)
    # No fuzzy guesses: a new English text stays untranslated until someone translates it.
    catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
    return po_bytes(catalog)


def problems(po: Path, pot: Catalog, complete: bool = True) -> list[str]:
    """What is missing or stale; ``complete=False`` (click's catalogue): every entry the
    catalogue has is translated, but a message a newer click added is not a problem (it is
    shown in English until the catalogue is updated)."""
    catalog = read(po)
    found = []
    for message in pot:
        if not message.id:
            continue
        have = catalog.get(message.id, message.context)
        name = f"{message.id!r}" + (f" (context {message.context!r})" if message.context else "")
        if have is None:
            if complete:
                found.append(f"{po.parent.parent.name}: not in the catalogue: {name}")
        elif not have.string or (isinstance(have.string, tuple) and not all(have.string)) \
                or have.fuzzy:
            found.append(f"{po.parent.parent.name}: not translated: {name}")
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != mo_bytes(po):
        found.append(f"{mo} is stale: compile it")
    return found


def init(locale: str, pot: Catalog) -> Path:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{pot.domain}.po"
    if po.exists():
        raise SystemExit(f"{po} exists already")
    catalog = Catalog(locale=locale, domain=pot.domain, project="marketapp")
    catalog.update(pot, no_fuzzy_matching=True)
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(po_bytes(catalog))
    return po


def catalogues() -> list[tuple[list[Path], Catalog, bool]]:
    """(the .po files, their template, whether every template message must be there)."""
    return [(po_files(), template(), True), (click_po_files(), click_template(), False)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; report problems")
    parser.add_argument("--init", metavar="LOCALE", help="start a new language's .po")
    args = parser.parse_args(argv)
    if args.init:
        for _files, pot, _complete in catalogues():
            po = init(args.init, pot)
            print(f"{po.relative_to(ROOT)}: translate it")
        print("then add the language to marketapp/core/text.py's LANGUAGES and run this "
              "script again")
        return 0
    if args.check:
        found = [p for files, pot, complete in catalogues() for po in files
                 for p in problems(po, pot, complete)]
        print("\n".join(found) or "catalogues complete and compiled")
        return 1 if found else 0
    for files, pot, _complete in catalogues():
        for po in files:
            po.write_bytes(updated(po, pot))
            po.with_suffix(".mo").write_bytes(mo_bytes(po))
            left = [p for p in problems(po, pot) if "stale" not in p]
            print(f"{po.relative_to(ROOT)}: {len(pot)} messages, {len(left)} to translate")
            if left:
                print("\n".join(f"  {p}" for p in left))
    return 0


if __name__ == "__main__":
    sys.exit(main())
