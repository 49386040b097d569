"""What every spreadsheet export shares."""


def neutralise(value) -> str:
    """A cell that starts like a formula (= + - @, or a tab or carriage return that Excel skips before
    one) is prefixed with ' so the spreadsheet shows it as text instead of running it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
