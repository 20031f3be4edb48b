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
Qt screens have their own catalogue: see marketapp/ui/shell/i18n.py.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    return catalog


def read(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    # A fixed header: no dates or versions that would change on every run (and conflict
    # between branches); the header entry is not fuzzy, the file is in use.
    catalog.header_comment = (f"# marketapp's text outside the Qt screens, in {catalog.locale_identifier}.\n"
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


def problems(po: Path, pot: Catalog) -> list[str]:
    catalog = read(po)
    found = []
    for message in pot:
        if not message.id:
            continue
        have = catalog.get(message.id, message.context)
        name = f"{message.id!r}" + (f" (context {message.context!r})" if message.context else "")
        if have is None:
            found.append(f"{po.parent.parent.name}: not in the catalogue: {name}")
        elif not have.string or have.fuzzy:
            found.append(f"{po.parent.parent.name}: not translated: {name}")
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != mo_bytes(po):
        found.append(f"{mo} is stale: compile it")
    return found


def init(locale: str, pot: Catalog) -> Path:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        raise SystemExit(f"{po} exists already")
    catalog = Catalog(locale=locale, domain=DOMAIN, project="marketapp")
    catalog.update(pot, no_fuzzy_matching=True)
    po.parent.mkdir(parents=True)
    po.write_bytes(po_bytes(catalog))
    return po


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; report problems")
    parser.add_argument("--init", metavar="LOCALE", help="start a new language's .po")
    args = parser.parse_args(argv)
    pot = template()
    if args.init:
        po = init(args.init, pot)
        print(f"{po.relative_to(ROOT)}: translate it, add the language to "
              "marketapp/core/text.py's LANGUAGES, then run this script again")
        return 0
    if args.check:
        found = [p for po in po_files() for p in problems(po, pot)]
        print("\n".join(found) or "catalogues complete and compiled")
        return 1 if found else 0
    for po in po_files():
        po.write_bytes(updated(po, pot))
        po.with_suffix(".mo").write_bytes(mo_bytes(po))
        left = [p for p in problems(po, pot) if "stale" not in p]
        print(f"{po.relative_to(ROOT)}: {len(pot)} messages, {len(left)} to translate")
        if left:
            print("\n".join(f"  {p}" for p in left))
    return 0


if __name__ == "__main__":
    sys.exit(main())
