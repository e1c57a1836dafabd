"""Prefect flows, the watcher, the digest and the command line: thin layers over extractors and warehouse."""
