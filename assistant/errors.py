"""Errors that carry a message for the person at the keyboard: what is wrong and what to do."""


class UserError(Exception):
    """An expected failure (bad input, missing index, unreachable server): no traceback shown."""


class InvalidQuestion(UserError):
    """A question refused before answering: empty, over-long, or with too much history.

    The HTTP API answers these with a 4xx status and this message.
    """


class IndexUnavailable(UserError):
    """No usable index: missing, empty, built with another model, or the server is unreachable.

    The message says what to run (usually `assistant ingest`). The HTTP API answers 503.
    """


class IndexOutdated(IndexUnavailable):
    """The index was built by another model, backend, model file or chunker: rebuild it.

    `assistant ingest --rebuild-if-stale` (what `make run` uses) rebuilds on this one only.
    """
