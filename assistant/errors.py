"""Errors that carry a message for the person at the keyboard: what is wrong and what to do."""


class UserError(Exception):
    """An expected failure (bad input, missing index, unreachable server), shown without a traceback."""
