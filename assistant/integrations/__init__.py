"""Adapters that let other frameworks use the assistant without bypassing its safety steps."""
