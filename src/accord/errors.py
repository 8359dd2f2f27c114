"""Errors with stable names; each message is one line that names the file or setting."""


class AccordError(Exception):
    """Base class: the CLI prints `Error: <message>` and exits 1."""


class InputError(AccordError):
    """An input file cannot be read as an article."""


class StoreError(AccordError):
    """The store cannot be opened or written."""


class ModelError(AccordError):
    """The spaCy model named in the settings cannot be loaded."""
