"""Every text the bot can say has a complete, checked translation in every catalog."""

import re

import pytest

import i18n
from tools import messages

TEMPLATE = messages.extract()


@pytest.mark.parametrize("code", [c for c in i18n.LANGUAGES if c != i18n.SOURCE])
def test_every_text_is_translated_none_fuzzy_placeholders_and_plurals_matching(
        code: str) -> None:
    found = messages.problems(messages.read(code), TEMPLATE)
    assert not found, f"{len(found)} problems in {code} (make messages):\n" + "\n".join(
        found[:50])


# The coach says "ты" to the runner, in every message: never the formal "вы".
FORMAL = re.compile(r"\b(вы|вас|вам|вами|ваш\w*)\b", re.IGNORECASE)


def test_russian_speaks_to_the_runner_in_one_form_of_address() -> None:
    catalog = messages.read("ru")
    formal = [m.id for m in catalog if m.id and any(
        FORMAL.search(s) for s in messages.texts(m.string))]
    assert not formal, formal[:10]


def test_the_pseudo_locale_changes_every_text_and_keeps_placeholders() -> None:
    pseudo = messages.pseudo(TEMPLATE)
    for message in TEMPLATE:
        if not message.id or message.pluralizable:
            continue
        (source,) = messages.texts(message.id)
        changed = pseudo.pgettext(message.context, source) if message.context else (
            pseudo.gettext(source))
        assert changed != source
        assert messages.placeholders(changed) == messages.placeholders(source)
