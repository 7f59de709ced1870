"""Name normalisation across scripts: the keys that search and linkage are built on."""

from mixmig.engines.names.normalise import (
    is_cjk,
    name_tokens,
    normalise,
    prefixes,
    query_terms,
    romanise,
    search_terms,
)

__all__ = ["is_cjk", "name_tokens", "normalise", "prefixes", "query_terms", "romanise", "search_terms"]
