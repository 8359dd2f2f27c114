"""A user's actor dictionary (CSV: name, aliases, country, office, from, to), as ICEWS users keep one.

What it says wins over what Accord learned from the articles.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

COLUMNS = ["name", "aliases", "country", "office", "from", "to"]


@dataclass
class Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    office: str | None = None
    start: str | None = None
    end: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def load(path: str | None) -> list[Entry]:
    if not path:
        return []
    file = Path(path)
    if not file.is_file():
        raise InputError(f"actor dictionary {path} does not exist")
    with file.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = set(COLUMNS[:1]) - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"actor dictionary {path} needs the columns {', '.join(COLUMNS)}")
        entries = []
        for row in reader:
            if not (row.get("name") or "").strip():
                continue
            entries.append(Entry(
                name=row["name"].strip(),
                aliases=[a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()],
                country=(row.get("country") or "").strip().upper() or None,
                office=(row.get("office") or "").strip() or None,
                start=(row.get("from") or "").strip() or None,
                end=(row.get("to") or "").strip() or None,
            ))
    return entries
