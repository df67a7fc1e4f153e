"""Developer tools, not part of the running bot: the end-to-end harness, the demo, the
plan state machine. The product packages (bot, coach, scheduler, services, storage) never
import from here."""
