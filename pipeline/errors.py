"""The errors a user sees as one line and exit code 2 (light: imports nothing heavy)."""


class InputError(RuntimeError):
    """The input as a whole cannot be read (missing file, unknown format, no header)."""


class ModelFileError(RuntimeError):
    """A model file is missing, altered, or was made by an incompatible library version."""


class CorpusError(ValueError):
    """A corpus file holds a row that cannot be used; the message names file and line."""
