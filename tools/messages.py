"""The translation catalogs' upkeep: extract the texts, update each catalog, a pseudo-locale.

Run: python -m tools.messages            (make messages: extract, then update every catalog)
     python -m tools.messages --check    (exit 1 if a catalog misses or has a fuzzy text)

Extraction reads the product packages' source (`_`, `N_`, `ngettext`, `pgettext` calls)
with Babel, writes i18n/coachbot.pot, and merges it into every
i18n/locales/<lang>/LC_MESSAGES/coachbot.po: a new text arrives untranslated, a changed
one fuzzy (with the old translation as a hint), a gone one obsolete. The bot compiles the
catalogs when it loads them (i18n/__init__.py), so there is no compile step to forget.
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "coach", "scheduler", "services", "storage", "i18n")
TEMPLATE = ROOT / "i18n" / "coachbot.pot"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdif]|%[sdif]")


def extract() -> Catalog:
    """Every marked text of the product packages, with where it is used."""
    template = Catalog(project="coachbot", domain=i18n.DOMAIN, charset="utf-8")
    for package in PACKAGES:
        found = extract_from_dir(ROOT / package, method_map=[("**.py", "python")],
                                 keywords=DEFAULT_KEYWORDS, comment_tags=("i18n:",),
                                 strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            template.add(message, None, [(f"{package}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def catalog_path(code: str) -> Path:
    return i18n.LOCALES / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def read(code: str) -> Catalog:
    path = catalog_path(code)
    if not path.exists():
        return Catalog(locale=code, domain=i18n.DOMAIN, project="coachbot", charset="utf-8",
                       header_comment=f"# coachbot's texts in {i18n.NAMES.get(code, code)}.",
                       fuzzy=False)
    with path.open("rb") as po:
        return read_po(po, locale=code, domain=i18n.DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=99, sort_output=True, ignore_obsolete=True,
                 omit_header=False)


def update() -> list[str]:
    """Extract, write the template, merge it into every catalog; what each now misses."""
    template = extract()
    write(template, TEMPLATE)
    report = []
    for code in i18n.LANGUAGES:
        if code == i18n.SOURCE:
            continue
        catalog = read(code)
        catalog.update(template, update_header_comment=False, update_creation_date=False)
        catalog.fuzzy = False
        write(catalog, catalog_path(code))
        report.append(f"{code}: {len(problems(catalog, template))} to translate or check")
    return report


def texts(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple (plural messages hold several)."""
    if isinstance(value, (tuple, list)):
        return tuple(str(v or "") for v in value)
    return (str(value or ""),)


def _ids(message: Message) -> tuple[str, ...]:
    return texts(message.id)


def _strs(message: Message) -> tuple[str, ...]:
    return texts(message.string)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems(catalog: Catalog, template: Catalog) -> list[str]:
    """What stops `catalog` from being complete for `template`: missing, empty or fuzzy
    translations, placeholders that differ, the wrong number of plural forms."""
    found = []
    forms = catalog.num_plurals
    for wanted in template:
        if not wanted.id:
            continue
        have = catalog.get(wanted.id, context=wanted.context)
        key = _ids(wanted)[0][:60]
        if have is None or not all(_strs(have)):
            found.append(f"untranslated: {key!r}")
            continue
        if have.fuzzy:
            found.append(f"fuzzy: {key!r}")
        if wanted.pluralizable and len(_strs(have)) != forms:
            found.append(f"plural forms {len(_strs(have))} != {forms}: {key!r}")
        expected = placeholders(_ids(wanted)[-1])
        for text in _strs(have):
            if placeholders(text) != expected:
                found.append(f"placeholders {sorted(placeholders(text))} != "
                             f"{sorted(expected)}: {key!r}")
    return found


def pseudo(template: Catalog, mark: str = "\u2e22{}\u2e25") -> gettext.GNUTranslations:
    """A catalog whose every text is changed visibly (letters swapped for look-alikes,
    bracketed), placeholders kept: install it and any untranslated text stands out."""
    swap = str.maketrans("aceiouyACEIOUY", "áçéíóúýÁÇÉÍÓÚÝ")

    def change(text: str) -> str:
        parts = PLACEHOLDER.split(text)
        kept = PLACEHOLDER.findall(text)
        out = parts[0].translate(swap)
        for holder, part in zip(kept, parts[1:], strict=True):
            out += holder + part.translate(swap)
        return mark.format(out)

    catalog = Catalog(locale="en", domain=i18n.DOMAIN, charset="utf-8")
    for message in template:
        if not message.id:
            continue
        strings: str | tuple[str, ...] = (
            tuple(change(t) for t in _ids(message)) if message.pluralizable
            else change(_ids(message)[0]))
        catalog.add(message.id, strings, context=message.context)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.messages")
    parser.add_argument("--check", action="store_true",
                        help="report what each catalog misses; exit 1 if anything")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.check:
        for line in update():
            print(line)
        return 0
    template, bad = extract(), 0
    for code in i18n.LANGUAGES[1:]:
        found = problems(read(code), template)
        bad += len(found)
        print(f"{code}: {len(found)} problems", *found[:40], sep="\n  ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
