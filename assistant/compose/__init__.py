"""Composing replies: the `Composer` seam (`base`), the extractive composer, the fixed replies."""

from assistant.compose.base import Composed, Composer, Evidence
from assistant.compose.extractive import ExtractiveComposer

__all__ = ["Composed", "Composer", "Evidence", "ExtractiveComposer"]
