"""`make demo`: the real bot against a stand-in Telegram, chatted with in a browser.

Nothing here runs in production: the stand-in Bot API (`chat.py`, `api.py`) serves only
127.0.0.1, and the demo clock (`clock.py`) moves only when the visitor asks it to.
"""
