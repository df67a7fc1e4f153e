"""/equipment: what the runner trains with. Texts, buttons and the thin handlers.

`/equipment` shows the kit and three buttons (body weight only, gym, dumbbells or
kettlebells); owned weights are typed with the command: `/equipment 8 12 16 24 kg
kettlebells`, `/equipment dumbbells 5-25 lb in 5s`. `ask_once` asks right after onboarding
if the runner never said.
"""

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import CoachContext
from coach.equipment import Equipment, EquipmentNotUnderstood, Kind
from coach.reasons import load_text
from i18n import N_, _
from services.equipment import Kit, kit_of, needs_asking, set_kit
from services.plan import NotOnboarded

QUESTION = N_("What do you train with? Loads move to the next weight you actually have.")
WEIGHTS_HOW = N_("Send the weights you own with the command, e.g.\n"
               "/equipment 8 12 16 24 kg kettlebells\n/equipment dumbbells 5-25 lb in 5s")
NOT_UNDERSTOOD = N_("I couldn't read that kit. {how}")
NOT_SET_UP = N_("Let's set up your plan first: send /start.")
KITS = {"kettlebells": N_("Kettlebells"), "dumbbells": N_("Dumbbells")}  # the stored labels
BUTTON_TEXT = {"bw": "body weight only", "gym": "gym"}


def kit_text(kit: Equipment | None, unit: str) -> str:
    """'Body weight only', 'A gym: loads in small plate steps', 'Kettlebells: 8, 12, 16 kg'."""
    if kit is None:
        return _("Not set yet: I plan as if you had a gym.")
    if kit.kind is Kind.BODYWEIGHT:
        return _("Body weight only: you'll climb harder variants instead of adding load.")
    if kit.kind is Kind.GYM:
        return _("A gym: loads move in small plate steps.")
    loads = ", ".join(load_text(w, unit).split(" ")[0] for w in kit.weights_kg)
    name = kit.label or "dumbbells"
    return _("{kit}: {loads} {unit}.").format(
        kit=_(KITS[name]) if name in KITS else name.capitalize(), loads=loads, unit=_(unit))


def saved_text(result: Kit) -> str:
    lines = [_("Got it. {kit}").format(kit=kit_text(result.equipment, result.unit))]
    if result.refitted:
        lines.append(_("I moved targets to weights you have where needed."))
    return "\n".join(lines)


def keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(_("Body weight only"), callback_data="eq:bw"),
         InlineKeyboardButton(_("Gym"), callback_data="eq:gym")],
        [InlineKeyboardButton(_("Dumbbells or kettlebells"), callback_data="eq:w")],
    ])


async def _kit(ctx: CoachContext, user_id: int) -> Kit:
    async with ctx.services.units(read_only=True) as uow:
        return await kit_of(uow, user_id)


async def equipment(update: Update, ctx: CoachContext) -> None:
    """Show the kit with buttons, or store the kit typed after the command."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    try:
        if ctx.args:
            await message.reply_text(await _store(ctx, user.id, " ".join(ctx.args)))
            return
        kit = await _kit(ctx, user.id)
    except NotOnboarded:
        await message.reply_text(_(NOT_SET_UP))
        return
    await message.reply_text(screen_text(kit), reply_markup=keyboard())


def screen_text(kit: Kit) -> str:
    return f"{kit_text(kit.equipment, kit.unit)}\n\n{_(QUESTION)}"


async def on_button(update: Update, ctx: CoachContext) -> None:
    """eq:bw and eq:gym store the kit; eq:w explains how to list the weights; eq:menu
    (a button elsewhere, e.g. in /settings) shows the kit and the choices."""
    query = update.callback_query
    assert query is not None
    choice = (query.data or "").removeprefix("eq:")
    if choice not in (*BUTTON_TEXT, "menu", "w"):
        await query.answer(_("I don't know that button."))
        return
    try:
        text, markup = await _chosen(ctx, query.from_user.id, choice)
    except NotOnboarded:
        await query.answer(_(NOT_SET_UP))
        return
    await query.answer()
    await _show(query, text, markup)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest:  # the same screen again, or a message gone: nothing to change
        return


async def _chosen(ctx: CoachContext, user_id: int,
                  choice: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """What a choice shows: the kit and the choices (menu), how to type weights, or saved."""
    if choice == "menu":
        return screen_text(await _kit(ctx, user_id)), keyboard()
    if choice == "w":
        await _kit(ctx, user_id)  # only a set-up runner is told how to list weights
        return _(WEIGHTS_HOW), None
    return await _store(ctx, user_id, BUTTON_TEXT[choice]), None


async def ask_once(ctx: CoachContext, chat_id: int, user_id: int) -> None:
    """After onboarding: ask what they train with, unless they already said."""
    async with ctx.services.units(read_only=True) as uow:
        asking = await needs_asking(uow, user_id)
    if asking:
        await ctx.bot.send_message(chat_id, _(QUESTION), reply_markup=keyboard())


async def _store(ctx: CoachContext, user_id: int, text: str) -> str:
    try:
        async with ctx.services.units() as uow:
            result = await set_kit(uow, ctx.services.clock.now(), user_id, text)
    except EquipmentNotUnderstood:
        return _(NOT_UNDERSTOOD).format(how=_(WEIGHTS_HOW))
    return saved_text(result)
