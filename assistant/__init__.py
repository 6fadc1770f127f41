"""Health-education chat assistant: answers only from the clinic's own articles, with citations."""

__version__ = "0.1.0"
