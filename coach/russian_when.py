# ruff: noqa: RUF001, RUF002, RUF003 (Russian words are the point of this module)
"""Days, times, runs and races told in Russian, in the words the English readers know.

`days_words` serves coach.days («вт и чт», «по выходным», «каждый день кроме воскресенья»,
«с понедельника по пятницу»); `time_words` coach.times («в 7 вечера», «в полседьмого»,
«после работы»); `run_words` coach.races and coach.week_talk («полумарафон 12 апреля»,
«марафон в мае», «10 км через 3 недели», «интервалы перенёс на четверг»). Month names, in
any case, come from Babel's Russian locale data. Text with no Cyrillic letter comes back
unchanged. Pure: no clock, no I/O.
"""

import re
from functools import cache

from babel.dates import get_month_names

from coach.russian import has_cyrillic

_E = r"\w*"
_NUMBERS = {"один": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3,
            "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
            "одиннадцать": 11, "двенадцать": 12, "полдень": 12, "четырех": 4, "пяти": 5,
            "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11,
            "двенадцати": 12, "пятнадцать": 15, "двадцать": 20, "тридцать": 30, "сорок": 40,
            "сорок пять": 45, "пятьдесят": 50}
_ORDINAL = {"первого": 1, "второго": 2, "третьего": 3, "четвертого": 4, "пятого": 5,
            "шестого": 6, "седьмого": 7, "восьмого": 8, "девятого": 9, "десятого": 10,
            "одиннадцатого": 11, "двенадцатого": 12}
_WEEKDAYS = (
    (rf"\bпонедельник{_E}|\bпн\b", "monday"), (rf"\bвторник{_E}|\bвт\b", "tuesday"),
    (r"\bсред(?:а|у|ы|е|ам|ами|ах)\b|\bср\b", "wednesday"),
    (rf"\bчетверг{_E}|\bчт\b", "thursday"), (rf"\bпятниц{_E}|\bпт\b", "friday"),
    (rf"\bсуббот{_E}|\bсб\b", "saturday"), (rf"\bвоскресен{_E}|\bвск?\b", "sunday"),
)
_DAYS = (
    *_WEEKDAYS,
    (r"\b(?:каждый день|ежедневно|всю неделю|все дни|вс[ея] неделю)\b", " every day "),
    (rf"\bвыходн{_E}", " weekends "), (rf"\bбудн{_E}|\bрабоч{_E} дн{_E}", " weekdays "),
    (r"\bкроме\b|\bно не\b|\bза исключением\b|\bбез\b", " except "),
    (r"\bсо? (\w+) (?:по|до) (\w+)", r" \1 to \2 "), (r"\bи\b", " and "),
    (r"\b(?:по|в|во|на|каждый|каждую|каждое|каждой)\b", " "),
)
_TIMES = (
    (r"\bпосле работы\b", " after work "), (r"\b(?:перед работой|до работы)\b", " before work "),
    (rf"\bв обед{_E}|\bобед{_E}", " lunch "), (r"\bутром\b|\bутро\b", " morning "),
    (r"\bвечером\b|\bвечер\b", " evening "), (r"\bдн[её]м\b|\bпосле обеда\b", " afternoon "),
    (r"\bв час\b", " 1 "),
    (r"([0-9]{1,2}(?:[:.][0-9]{2})?) ?(?:час(?:а|ов)?|ч)?\.? ?(?:утра)\b", r"\1 am"),
    (r"([0-9]{1,2}(?:[:.][0-9]{2})?) ?(?:час(?:а|ов)?|ч)?\.? ?(?:вечера|дня)\b", r"\1 pm"),
    (r"\b(?:около|примерно|где-то|часов в|ориентировочно)\b", " around "),
    (r"\b(?:часов|часа|час|ч|в|во|ровно|давай|лучше|можно)\b", " "),
)
_RUNS = (
    *_WEEKDAYS,
    (rf"\bполумарафон{_E}|\bполовинк{_E}", " half marathon "), (rf"\bмарафон{_E}", " marathon "),
    (r"\b(5|10|21|42)(?:[.,][0-9])? ?(?:км|k|к)\b", r" \1k "), (rf"\bдесятк{_E}", " 10k "),
    (rf"\bпят[её]рк{_E}", " 5k "), (rf"\bпаркран{_E}", " parkrun "),
    (rf"\bзабег{_E}|\bстарт(?:а|е|ы|у|ом)?\b|\bгонк{_E}|\bсоревновани{_E}|\bтрейл{_E}"
     rf"|\bультр{_E}", " race "),
    (r"\b([0-9]{1,2})-?(?:го|ого|е)\b", r"\1"),  # «1-го мая»
    (rf"\bв следующ{_E}|\bна следующ{_E}", " next "),
    (rf"\bв эт{_E}|\bэт(?:от|у|о|a)\b", " this "),
    (rf"\b(?:был\w* )?тяжел{_E} (?:тренировк|пробежк|беговая|бег){_E}", " ran hard "),
    (r"\bбуд(?:ут|ет)\b", " will be "),
    (rf"\b(?:про)?бежал{_E}|\bбегал{_E}|\bпробег{_E}", " ran "), (r"\bвчера\b", " yesterday "),
    (rf"\bпрошл{_E}", " last "), (rf"\bбыл{_E}", " was "),
    (r"\bзавтра\b", " tomorrow "), (r"\bсегодня\b", " today "),
    (rf"\bинтервал{_E}", " intervals "), (rf"\bтемпов{_E}|\bтемп\b", " tempo "),
    (rf"\bдлительн{_E}|\bдлинн{_E}", " long run "), (rf"\bгорк{_E}|\bгорн{_E}", " hills "),
    (rf"\bфартлек{_E}", " fartlek "), (rf"\bпробежк{_E}|\bбег\b|\bтренировк{_E}", " run "),
    (rf"\bперен[её]с{_E}|\bперенос{_E}|\bперенесл{_E}|\bсдвину{_E}|\bпереехал{_E}", " moved "),
    (rf"\bсделал{_E}|\bзакончил{_E}|\bвыполнил{_E}", " done "),
    (rf"\bтяжел{_E}|\bжестк{_E}|\bбыстр{_E}", " hard "),
    (rf"\bгоблет{_E}|\bвыпад{_E}|\bприсед{_E}|\bстанов{_E}|\bзашагив{_E}|\bподход{_E}"
     rf"|\bповтор{_E}", " sets "),
    (r"\bбол(?:ит|ят|ь|ьно)\b", " hurts "), (r"\bна\b", " to "),
    (r"\bв\b|\bво\b", " "),
)


def days_words(text: str) -> str:
    """Russian training days in coach.days's words: «вт и чт» → "tuesday and thursday"."""
    return _rewrite(text, _DAYS) if has_cyrillic(text) else text


def time_words(text: str) -> str:
    """A Russian time of day in coach.times's words: «в 7 вечера» → "7 pm"."""
    if not has_cyrillic(text):
        return text
    s = _numbers(text.lower().replace("ё", "е"))
    s = re.sub(r"\b(?:в )?(?:половин[аеуы] |пол-?)(" + "|".join(_ORDINAL) + r")\b",
               lambda m: f" half {_ORDINAL[m[1]] - 1 or 12} ", s)
    s = re.sub(r"\b([0-9]{1,2}) (15|20|30|40|45|50)\b", r"\1:\2", s)  # «шесть тридцать»
    s = re.sub(r"([0-9]{1,2}) ?(?:час(?:а|ов)?|ч)? ?ночи\b",
               lambda m: f"{m[1]} {'pm' if int(m[1]) >= 9 else 'am'}", s)
    return _rewrite(s, _TIMES)


def run_words(text: str) -> str:
    """A Russian sentence about runs and races in the words of coach.races and
    coach.week_talk: «полумарафон 12 апреля» → "half marathon 12 april"."""
    if not has_cyrillic(text):
        return text
    s = _numbers(text.lower().replace("ё", "е"))
    s = re.sub(r"\bчерез (?:(\d{1,2}) )?(недел|месяц|дн|день)\w*", _in, s)
    for pattern, month in _months():
        s = pattern.sub(f" {month} ", s)
    return _rewrite(s, _RUNS)


def _rewrite(text: str, table: tuple[tuple[str, str], ...]) -> str:
    s = text.lower().replace("ё", "е")
    for pattern, replacement in table:
        s = re.sub(pattern, replacement, s)
    return " ".join(s.split())


def _numbers(s: str) -> str:
    return re.sub(r"\b(" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\b",
                  lambda m: str(_NUMBERS[m[1]]), s)


def _in(match: re.Match[str]) -> str:
    """«через 3 недели» → "in 3 weeks", «через месяц» → "in a month"."""
    unit = {"недел": "week", "месяц": "month"}.get(match[2], "day")
    return f" in {match[1] or 'a'} {unit}s " if match[1] else f" in a {unit} "


@cache
def _months() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each month's Russian names in any case («май», «мая», «мае», «апр.») from Babel's
    locale data, to its English name."""
    english = get_month_names("wide", "stand-alone", "en")
    found = []
    for number, name in english.items():
        forms = {get_month_names(width, context, "ru")[number].rstrip(".").replace("ё", "е")
                 for width in ("wide", "abbreviated") for context in ("format", "stand-alone")}
        stems = {form[:-1] if form[-1] in "ьйая" else form for form in forms}
        alternatives = "|".join(sorted(stems, key=len, reverse=True))
        found.append((re.compile(rf"\b(?:{alternatives})(?:ь|й|я|а|е|ю|ем|ом)?\b\.?"),
                      name.lower()))
    return tuple(found)
