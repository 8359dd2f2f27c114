"""Errors with stable names; each message is one line that names the file or setting."""


class AccordError(Exception):
    """Base class: the CLI prints `Error: <message>` and exits 1."""


class InputError(AccordError):
    """An input file cannot be read as an article."""


class StoreError(AccordError):
    """The store cannot be opened or written."""


class ModelError(AccordError):
    """The spaCy model named in the settings cannot be loaded."""


class FilterError(InputError):
    """A filter value (a state, a kind, a date, a parameter name) that cannot be used: one line for the CLI, and
    the parameter, value and hint apart for the HTTP API, so the page can show the message beside its control."""

    def __init__(self, param: str, value: str, message: str, hint: str | None = None, status: int = 400):
        super().__init__(message + (f"; {hint}" if hint else ""))
        self.param, self.value, self.message, self.hint, self.status = param, value, message, hint, status

    def body(self) -> dict[str, object]:
        return {"error": {"param": self.param, "value": self.value, "message": self.message, "hint": self.hint}}
