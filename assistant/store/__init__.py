"""The index: read and write seams (`base`), the Chroma adapter, generations, the manifest.

`open_index(settings)` opens the index for reading wherever the settings say it lives;
`assistant.store.writer.open_writer` opens it for one ingest. Importing this package does not
import chromadb: the adapter is imported when an index is opened.
"""

from __future__ import annotations

from assistant.errors import IndexUnavailable
from assistant.settings import Settings
from assistant.store.base import StoreReader
from assistant.store.location import Embedded, Server, location_of

__all__ = ["StoreReader", "open_index"]


def open_index(settings: Settings) -> StoreReader:
    """Open the index for reading; nothing is written to the index folder.

    Embedded: the live generation, leased until `close()` (see `generations`). Raises
    `IndexUnavailable` (the message says what to run) when the index is missing or empty,
    damaged, built with another model, dimension or chunker version, or the server is down.
    """
    from assistant.store.chroma import ChromaStore, embedded_client, server_client
    from assistant.store.generations import lease_live_generation

    location = location_of(settings)
    match location:
        case Server(url):
            store = ChromaStore(server_client(url), settings)
        case Embedded(index_dir):
            # Leased until the store is closed: no ingest removes a generation still read.
            lease = lease_live_generation(index_dir)
            if lease is None:
                raise IndexUnavailable(
                    f"no index at {index_dir}; run `assistant ingest` to build it"
                )
            try:
                client = embedded_client(str(lease.path), settings)
                store = ChromaStore(client, settings, generation=lease.name, lease=lease)
            except BaseException:
                lease.release()
                raise
    if store.stats().chunks == 0:
        store.close()
        raise IndexUnavailable(
            f"the index at {location} is empty; run `assistant ingest` to fill it"
        )
    return store
