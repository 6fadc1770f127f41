"""Where the index lives: an embedded folder or a Chroma server. The one place that reads
`settings.chroma_url`; everything else matches on the `Location` it returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings


@dataclass(frozen=True)
class Embedded:
    """An embedded Chroma index in generations under `index_dir` (see `generations`)."""

    index_dir: Path

    def __str__(self) -> str:
        return str(self.index_dir)


@dataclass(frozen=True)
class Server:
    """A `chroma run` server at `url`, updated in place."""

    url: str

    def __str__(self) -> str:
        return self.url


Location = Embedded | Server


def location_of(settings: Settings) -> Location:
    """The index named by the settings: `ASSISTANT_CHROMA_URL` if set, else the index folder."""
    if settings.chroma_url:
        return Server(settings.chroma_url)
    return Embedded(settings.index_dir)
