"""`make demo`: the real bot against the fake Telegram, chatted with in a browser.

Nothing here runs in production: the fake Bot API (fakes/telegram_api.py, the one the tests
use) serves only 127.0.0.1, `chat.py` is the visitor's chat as the page draws it, and the
demo clock (`clock.py`) moves only when the visitor asks it to.
"""
