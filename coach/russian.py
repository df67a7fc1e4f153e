# ruff: noqa: RUF001, RUF002, RUF003 (Russian words are the point of this module)
"""Russian rep reports read as the English grammar the reader already knows.

`english` rewrites a lower-cased line typed in Russian («гоблет 3х8 12кг», «выпады по 8 на
каждую ногу», «икры пропускаю, болит ахилл») into the words `coach.phrasing.tidy` reads
(«goblet 3x8 12kg», «lunge 8 each leg», «calf skip , hurts achilles»). Words are matched by
their stems, so any case ending reads the same («колено», «коленом», «в колене»); «ё» is
«е»; the Cyrillic «х» between numbers is the times sign. Words that only colour a report
(«сегодня», «немного», «я») go; a word it does not know stays, so the reader asks about it
instead of guessing. Text with no Cyrillic letter comes back unchanged. `kit_words` does
the same for the kit («гантели 8 12 16 кг», «в зале», «только свой вес»).
Pure: a table of patterns, no I/O.
"""

import re
from functools import cache

from coach.fuzzy import closest

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_E = r"\w*"  # any ending
_LOAD_AHEAD = r"[0-9]{1,3}(?:[.,][0-9]{1,2})?(?![0-9]| ?[xх×/+-] ?[0-9])"  # a load, not "3х8"

_NUMBERS = {
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4,
    "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "ноль": 0, "двадцать": 20, "двадцати": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50,
}
_NUMBER = re.compile(r"\b(" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\b")
_TENS_ONES = re.compile(r"\b([2-5]0) ([1-9])\b")

# (pattern, English) in order: exercises and phrases first, then single words.
_PHRASES: tuple[tuple[str, str], ...] = (
    # exercises
    (rf"\bикроножн{_E} подъем{_E}|\bподъем{_E} (?:на )?икр{_E}(?: (?:стоя|сидя))?",
     " calf raise "),
    (rf"(?:эксцентрич{_E} |медленн{_E} )?подъем{_E} на (?:нос|мыс|пальц|цыпоч){_E}"
     rf"(?: с медленн{_E} опускани{_E})?(?: на одн{_E} ног{_E})?", " calf raise "),
    (rf"(?:медленн{_E} )?опускани{_E} (?:на |с )?(?:пят|нос){_E}", " heel drops "),
    (rf"\b(?:с )?(?:медленн{_E} )?опускани{_E}", " "),
    (rf"\bикроножн{_E}|\bна носки\b|\bносочки\b|\bнос(?:ки|ок)\b(?= ?[0-9:\-—])", " calf "),
    (r"\bикр(?:а|ы|у|е|ой|ам|ами|ах)?\b", " calf "),
    (rf"\bодноног{_E} (?:(?:румынск|станов|мертв){_E} ?)*(?:тяг{_E})?"
     rf"|\b(?:(?:румынск|станов|мертв){_E} )+(?:тяг{_E} )?одноног{_E}", " sldl "),
    (rf"\b(присед{_E}|выпад{_E}) на одн{_E} ног{_E}", r"single leg \1"),  # not the sldl
    (rf"(?:(?:румынск|станов|мертв){_E} )*(?:тяг{_E} )?на одн{_E} ног{_E}"
     rf"(?: (?:румынск|станов|мертв){_E})*(?: тяг{_E})?", " sldl "),
    (rf"\bрумынк{_E}", " rdl "),
    (rf"\b(?:румынск{_E}|станов{_E}|мертв{_E})(?: тяг{_E})?|\bтяг(?:а|и|у|е|ой)\b", " deadlift "),
    (rf"\bприсед{_E} гоблет{_E}|\bгоблет{_E}(?:[- ]?присед{_E})?|\bкубков{_E} присед{_E}",
     " goblet "),
    (rf"\bболгарск{_E}(?: (?:выпад|присед|сплит){_E})?", " bulgarian "),
    (rf"\bсплит[- ]?присед{_E}", " split squat "),
    (rf"\bприсед{_E}", " squat "),
    (rf"\b(?:(?:обратн|реверс){_E} )?выпад{_E}(?: назад)?|\bлунж{_E}", " lunge "),
    (rf"\bзашагива{_E}(?: на (?:тумб|скам|платформ|ступ|стул|коробк|ящик){_E})?"
     rf"|\b(?:шаг|заход){_E} на (?:тумб|скам|платформ|ступ|стул|коробк|ящик){_E}"
     rf"|\bстеп[- ]?ап{_E}", " step up "),
    (r"\b(goblet|squat|sldl|deadlift|rdl|lunge|calf raise|calf|step up|heel drops|bulgarian|"
     r"split squat) *[-—:]? *(?:нет|не было)\b", r"\1 skip"),  # «выпады нет»
    # questions in the middle of a session (coach.questions)
    (rf"\b(?:что|какое|какое упражнение) (?:дальше|следующ{_E}|теперь|осталось|еще)\b",
     " what's next "),
    (rf"\b(?:сколько|как долго) (?:отдыха{_E}|отдых|секунд|минут){_E}"
     rf"(?: между подход{_E}| между сетами)?|\bотдых между подход{_E}",
     " how long rest between sets "),
    (rf"\bчем (?:можно )?замени{_E}|\bна что (?:можно )?замени{_E}|\b(?:можно )?замени{_E}"
     rf"|\bзамен{_E}|\bвместо\b|\bальтернатив{_E}", " swap "),
    (rf"\bкак (?:правильно )?(?:делать|выполнять|сделать|делают|делается|выполняется)"
     rf"|\bтехник{_E}", " how do i do "),
    # the whole session, and phrases of a report
    (rf"\bне (?:очень |так )?(?:тяжел|легк|сложн|трудн|глубок|устал){_E}|\bне до конца\b"
     rf"|\bбез проблем\b", " "),  # a remark on how it went, not a skip
    (rf"\b(?:лев|прав){_E} (?:нога )?(?:слабее|сильнее|лучше|хуже)\b", " "),  # a remark
    (rf"\b(?:в |на )?последн{_E} подход{_E}", " last set "),
    (r"\blast set +(?=(?:goblet|squat|sldl|deadlift|rdl|lunge|calf|step|heel|bulgarian|split))",
     "last set of "),
    (r"(last set(?: of [a-z ]+?)?) +(?:был|была|было|были)\b", r"\1 was"),
    (r"\b(10|[0-9]) ?(?:из|/) ?(?:10|десяти)\b", r" \1/10 "),
    (rf"\bног{_E} (?:легк|свеж|бодр){_E}|\b(?:легк|свеж|бодр){_E} ног{_E}", " fresh legs "),
    (rf"\b(?:свеж|бодр){_E}|\bполн(?:а|ый|ой)? сил\b", " fresh "),
    (rf"\b(?:все|вс[её]) (?:сделал{_E}|выполнил{_E}|сделано|выполнено|готово)"
     rf"(?: как (?:надо|нужно|положено))?,? кроме\b|\b(?:сделал|выполнил){_E} (?:все|вс[её])"
     rf"(?: как (?:надо|нужно|положено))?,? кроме\b", " all as planned except "),
    (rf"\b(?:все |всю |вс[ея] )?(?:тренировк{_E} |силов{_E} )?(?:как |так же,? как )?"
     rf"(?:и )?в прошл{_E}(?: раз| тренировк{_E}| неделю)\b", " same as last time "),
    (rf"\b(?:по плану|как (?:и )?(?:за)?планирова{_E}|как в плане|по программе|"
     rf"как написано|как (?:и )?положено|как задано|как надо|как нужно)", " as planned "),
    (rf"\bна кажд{_E} (?:ног{_E}|сторон{_E})|\bна (?:ногу|сторону)\b|\bкажд{_E} ног{_E}"
     rf"|\bс кажд{_E} ног{_E}", " each leg "),
    (rf"\b(?:гантел|гир){_E} по ([0-9]+(?:[.,][0-9]+)?) ?(?:кг|кило{_E})",
     r" \1kg in each hand "),
    (rf"\bв (?:кажд{_E} )?рук{_E}", " in each hand "),
    (rf"([0-9]+(?:[.,][0-9]+)?) ?(?:кг|кило{_E}) кажд(?:ая|ый|ой|ую)\b", r" \1kg in each hand "),
    (rf"\b(?:с )?(?:собствен{_E}|сво{_E}|без (?:доп{_E} )?)(?: доп{_E})? ?"
     rf"(?:вес{_E}|отягощени{_E}|гантел{_E}|гир{_E}|снаряд{_E}|нагрузк{_E})", " bw "),
    (rf"([0-9]+) ?(?:подход{_E}|раз(?:а)?|сет{_E}) (?:по |из )?([0-9]+)(?: повтор{_E}| раз)?",
     r" \1x\2 "),
    (r"\b([1-9]|10) (?:по|на) ([0-9]{1,2})\b(?! ?(?:кг|кило|фунт|[.,][0-9]))", r" \1x\2 "),
    (rf"\b(?:(?:с|со) )?(?:гир|гантел){_E} (?={_LOAD_AHEAD})", " with "),
    (r"\b(?:на |высот\w* )?[0-9]{2,3} ?(?:см|сантиметр\w*)(?!\w)", " "),  # the box's height
    (r"\bна (?=[0-9]{1,3}(?:[.,][0-9]{1,2})? ?(?:кг|кило|,|;|$))", " @ "),  # «3х8 на 16»
    (rf"([0-9]) ?(?:кг|кило{_E}|килограм{_E})\b", r"\1kg "),
    (rf"\b(?:кг|кило{_E}|килограм{_E})\b", " kg "),
    (rf"([0-9]) ?(?:фунт{_E})", r"\1lb "),
    (rf"\bфунт{_E}", " lb "),
    (r"([0-9]) с половиной\b", r"\1.5"),
    (r"(?<=[0-9]) ?[хx] ?(?=[0-9])", "x"),
    (r"\bх(?= ?[0-9])", "x"),
    (r"\b[лl] ?(?=[0-9])", " l "),
    (r"\bп ?(?=[0-9])", " r "),
    # skipping, and what stops it being a skip
    (rf"^(?:сегодня )?не (?:получится|успею|смогу|буду)(?: сегодня)?$"
     rf"|\b(?:сегодня )?без (?:силов|тренировк){_E}|\b(?:пропуска|пропущу|пропуст|отмен){_E} "
     rf"(?:(?:всю|сегодняшн{_E}|эту) )?(?:силов|тренировк|вс){_E}|\b(?:силов|тренировк){_E} "
     rf"(?:сегодня )?(?:пропуска{_E}|пропущу|пропуст{_E}|не будет|отмен{_E})", " skip all "),
    (r"\bне сегодня\b|\bсегодня без\b|\bне (?:делал|сделал|буду|стал|успел|смог|могу|"
     r"получ)\w*|\bпропу(?:ск|щ|ст)\w*|\bотмен\w*|\bмимо\b", " skip "),
    # discomfort (coach.discomfort's words)
    (rf"\bне (?:болит|болело|больно|беспокоит|ныло|тянуло)\b|\bбез бол{_E}"
     rf"|\bбол(?:и|ей|ь) (?:нет|не было|ушла|прошла)\b|\bне было бол{_E}|\bбол{_E} нет\b",
     " no pain "),
    (r"\bв (?:порядке|норме)\b|\bпрошл[оа]\b", " fine "), (r"\b(?:по)?лучше\b", " better "),
    (rf"\bпрострел{_E}|\bстрельн{_E}|\bстреля{_E}|\bкольн{_E}|\bдерн{_E}|\bщелкн{_E}",
     " twinged "),
    (rf"\bпотянул{_E}|\bрастяну{_E}|\bрастяжени{_E}|\bнадорв{_E}|\bтравм{_E}", " strained "),
    (rf"\bпобалива{_E}|\bнемного бол{_E}|\bчуть бол{_E}", " a bit sore "),
    (rf"\bсильн{_E} бол{_E}|\bочень бол{_E}", " really hurts "),
    (rf"\bбол(?:ит|ят|ело|ели|ела|ел|ь|и|ью|ям)\b|\bбольно\b|\bболезнен{_E}", " hurts "),
    (rf"\bзабит{_E}|\bзабил{_E}|\bкрепатур{_E}|\bкрепа\b", " sore "),
    (rf"\bно(?:ет|ют|ло|ющ{_E})\b|\bныл[оаи]?\b|\bлом(?:ит|ило)\b|\bдискомфорт{_E}", " aches "),
    (rf"\bтян(?:ет|ут|уло|ущ{_E})\b|\bзажат{_E}|\bскован{_E}|\bдеревян{_E}", " tight "),
    (rf"\b(?:рас|при)?опух{_E}|\b(?:рас|при)пух{_E}|\bотек{_E}", " swollen "),
    (rf"\bсвел{_E}|\bсудорог{_E}", " cramping "),
    (rf"\bхруст{_E}|\bщелка{_E}", " clicking "),
    (rf"\bжж{_E}|\bгорит\b", " burning "),
    (rf"\bхуже\b|\bухудш{_E}", " worse "),
    (rf"\bостр{_E}", " sharp "),
    (rf"\bтяжел{_E} ног{_E}|\bног{_E} (?:как )?(?:тяжел|ватн|деревян){_E}", " heavy legs "),
    (rf"\bустал{_E} ног{_E}|\bног{_E} устал{_E}", " tired legs "),
    (rf"\bустал{_E}|\bвымота{_E}|\bразбит{_E}", " tired "),
    (r"\bгуд(?:ят|ит|ели|ело)\b|\bватн\w*", " heavy "),
    # body parts (coach.pain's areas)
    (rf"\bахилл{_E}", " achilles "),
    (rf"\bзадн{_E} (?:поверхност{_E} )?бедр{_E}|\bбицепс{_E} бедр{_E}|\bподколен{_E}",
     " hamstring "),
    (rf"\bквадрицепс{_E}|\bпередн{_E} (?:поверхност{_E} )?бедр{_E}", " quad "),
    (rf"\bнадколен{_E}|\b(?:коленн{_E} )?чашечк{_E}"
     rf"|\bколен(?:о|а|у|ом|е|и|ей|ям|ях|ка|ки|ке|ку|кой)?\b", " knee "),
    (rf"\bголеностоп{_E}|\bлодыжк{_E}|\bщиколот{_E}", " ankle "),
    (rf"\bголен{_E}|\bнадкостниц{_E}", " shin "),
    (rf"\bсвод{_E} стоп{_E}|\bподошв{_E}|\bфасци{_E}", " plantar "),
    (rf"\bстоп(?:а|е|у|ы|ой|ам|ах)\b|\bступн{_E}", " foot "),
    (r"\bпят(?:ка|ки|ке|ку|кой|ок|ках|а|е|у)\b", " heel "),
    (rf"\bпал(?:ец|ьц{_E})", " toe "),
    (rf"\bтазобедрен{_E}|\bбедр{_E}|\bтаз(?:а|у|е|ом)?\b", " hip "),
    (rf"\bягодиц{_E}", " glute "),
    (r"\bпах(?:а|у|е|ом)?\b", " groin "),
    (rf"\bпоясниц{_E}", " lower back "),
    (r"\bспин(?:а|ы|е|у|ой)\b", " my back "),
    (rf"\bсухожили{_E}", " tendon "),
    (rf"\bплеч{_E}", " shoulder "),
    (r"\bше(?:я|и|ю|ей)\b", " neck "),
    (rf"\bзапясть{_E}", " wrist "),
    (r"\bног(?:а|и|у|е|ой|ам|ами|ах)?\b", " leg "),
    (r"\bлев(?:ая|ой|ую|ое|ые|ых|ым|ом|а|о)?\b", " left "),
    (r"\bправ(?:ая|ой|ую|ое|ые|ых|ым|ом|а|о)?\b", " right "),
    # done, the rest, corrections
    (rf"\bостальн{_E}|\bдругие\b", " rest "),
    (r"\bкроме\b|\bза исключением\b", " except "),
    (rf"\bтренировк{_E} (?:выполнен|сделан|законч|готов){_E}", " all done "),
    (r"\b(?:все|всё) (?:ок|окей|хорошо|отлично|норм\w*|супер|класс)\b", " all good "),
    (r"\b(?:всё|все|вся|всю|весь)\b", " all "),
    (rf"\b(?:с|вы)дела(?:л|ла|ли|но|н|на)\b|\bвыполни(?:л|ла|ли)\b|\bвыполнен{_E}"
     rf"|\bготов{_E}|\bсделал{_E}"
     rf"|\b(?:по|от)(?:занима|тренирова|работа)л{_E}", " done "),
    (rf"\bзакончи{_E}|\bзаканчива{_E}|\bзакончен{_E}|\bзаверши{_E}|\bфиниш{_E}|\bхватит\b|\bстоп\b|\bконец\b",
     " finished "),
    (r"\b(?:ок|окей|норм|нормально|да|ага)\b", " ok "),
    (rf"\bточнее\b|\bой\b|\bвернее\b|\bисправлени{_E}|\bя имел{_E} в виду\b|\bопечатк{_E}",
     " actually "),
    (r"\bочень\b|\bсильно\b|\bсовсем\b", " really "),
    (rf"\bгантел{_E}", " dumbbell "), (rf"\bдержал{_E}|\bдержа\b", " holding "),
    (r"\bгир(?:я|и|ю|ей|ями|ях)\b", " kettlebell "),
    (rf"\bповтор{_E}", " reps "),
    (rf"\bподход{_E}|\bсет(?:а|ов|ы)?\b", " sets "),
    (r"\bнет времени\b|\bне было времени\b", " no time "),
    (r"\bпри ходьбе\b|\bкогда хожу\b", " when i walk "),
    (r"\bночью\b|\bпо ночам\b", " at night "),
    (r"\bнет\b", " no "),
    (r"\bни\b|\bничего\b", " nothing "),
    (r"\bне\b", " not "),
    (r"\bбез\b", " without "),
    (r"\bно\b|\bа\b|\bзато\b", " but "),
    (r"\bпотому что\b|\bтак как\b|\bиз-за\b", " because "),
    (r"\bи\b|\bпотом\b|\bзатем\b|\bплюс\b", " and "),
    (r"\bмой\b|\bмоя\b|\bмое\b|\bмои\b|\bу меня\b", " my "),
    (rf"\b(?:с|со) (?={_LOAD_AHEAD})", " with "),
)
# Words that only colour a report.
_FILLER = re.compile(
    r"\b(?:я|сегодня|сейчас|вечером|утром|днем|тренировк\w*|силов\w*|упражнени\w*|"
    r"немного|немножко|чуть|чуть-чуть|слегка|слегонца|капельку|довольно|как-то|что-то|"
    r"уже|больше|только|двумя|обеими|отчет\w*|итог\w*|дал(?:ись|ось|ся|ась)|просто|еще|тоже|также|вот|ну|так|итак|короче|кстати|вроде|наверное|"
    r"в|во|на|по|из|за|до|от|к|с|со|о|об|при|через|для|у|же|ли|бы|это|этот|эта|эти|"
    r"было|был|была|были|стал\w*|стало|чувству\w*|ощуща\w*|отлично|хорошо|супер|класс|"
    r"легко|тяжел\w*|тяжко|трудно|нормал\w*|спасибо|привет|тренер|коуч|медленн\w*|медленно|темп\w*|"
    r"последн\w*|кажд\w*|стоя|сидя|раз|раза|разом|штук\w*|повторени\w*|"
    r"сделал\w* (?=[0-9])|получилось|вышло|смог\w*(?= [0-9])|гантелями|гантелей|"
    r"лавк\w*|скамь\w*|тумб\w*|ступеньк\w*|стул\w*|платформ\w*|коробк\w*|"
    r"руке|руках|весом|вес|кажется|похоже|опять|снова|немного)\b")


def has_cyrillic(text: str) -> bool:
    """Whether the text has a Russian letter (the English reader skips the rewrite)."""
    return CYRILLIC.search(text) is not None


def english(text: str) -> str:
    """A lower-cased Russian line in the reader's English words; see the module docstring."""
    if not has_cyrillic(text):
        return text
    s = text.lower().replace("ё", "е").replace("—", " - ").replace("–", " - ")
    s = _NUMBER.sub(lambda m: str(_NUMBERS[m[1]]), s)
    s = _TENS_ONES.sub(lambda m: str(int(m[1]) + int(m[2])), s)
    s = re.sub(r"\b(?:один|одна|одну|одного|одной)\b(?= ?(?:[0-9]|подход|раз|повтор|x))",
               "1", s)
    for pattern, replacement in _compiled():
        s = pattern.sub(replacement, s)
    s = re.sub(r" ([,;:!?])", r"\1", " ".join(_FILLER.sub(" ", s).split())).lstrip(":,;! ")
    rest = re.search(r"as planned,? except (.+)", s)
    if rest and not re.search(r"[0-9]|skip", rest[1]):  # «всё по плану, кроме икр»: the
        skipped = re.split(r",? and |, ", rest[1])  # exceptions were not done
        s = s[:rest.start(1)] + " and ".join(f"{name} skip" for name in skipped)
    return re.sub(r"\b[а-я]{6,}\b", _typo, s)


# Exercise names as typed, for a typo of one letter («гоблетт», «зашагиваня»): a word the
# table left in Russian that is this close to one is that exercise.
_TYPO_NAMES = {
    "гоблет": "goblet", "гоблеты": "goblet", "гоблетом": "goblet", "выпады": "lunge",
    "выпадов": "lunge", "выпадами": "lunge", "зашагивания": "step up",
    "зашагивание": "step up", "зашагиваний": "step up", "становая": "deadlift",
    "становую": "deadlift", "становой": "deadlift", "приседания": "squat",
    "приседаний": "squat", "приседание": "squat",
}


def _typo(match: re.Match[str]) -> str:
    hit = closest(match[0], _TYPO_NAMES)
    return _TYPO_NAMES[hit[0]] if hit is not None and hit[1] <= 1 else match[0]


_KIT = (
    (rf"^(?:у меня )?(?:нет|ничего|ничем|только (?:сво|собствен){_E} вес{_E}|без (?:вес|"
     rf"инвентар|отягощени|снаряд|оборудовани|гантел|гир){_E}|(?:сво|собствен){_E} вес{_E})$",
     "no equipment"),
    (rf"\b(?:тренажерн{_E} )?зал{_E}|\bштанг{_E}|\bблин{_E}|\bфитнес{_E}", " gym "),
    (rf"\bгир{_E}", " kettlebells "), (rf"\bгантел{_E}", " dumbbells "),
    (r"\bот ([0-9.,]+) до ([0-9.,]+)", r" \1-\2 "), (r"\bс шагом ([0-9.,]+)", r" step \1 "),
    (rf"\b(?:кг|кило{_E}|килограм{_E})\b", " kg "), (rf"\bфунт{_E}", " lb "),
)


def kit_words(text: str) -> str:
    """The runner's kit told in Russian, in coach.equipment's words: «гири 16 и 24 кг» →
    "kettlebells 16 и 24 kg", «зал» → "gym", «только свой вес» → "no equipment"."""
    if not has_cyrillic(text):
        return text
    s = " ".join(text.lower().replace("ё", "е").split())
    for pattern, replacement in _KIT:
        s = re.sub(pattern, replacement, s)
    return " ".join(s.split())


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in _PHRASES)
