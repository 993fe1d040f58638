"""One way to show numbers on every admin page: 99.57%, 10,000, "99.57% of 10,000", +0.12 pp."""


def percent(value: float | None, digits: int = 2) -> str:
    return f"{value:.{digits}%}" if isinstance(value, int | float) else "—"


def count(value: int | None) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


def share(value: float | None, of: int | None) -> str:
    """An accuracy with the number of examples it was measured on."""
    return "—" if value is None or not of else f"{percent(value)} of {count(of)}"


def points(difference: float | None) -> str:
    """A difference of two accuracies in percentage points, signed."""
    return "—" if difference is None else f"{difference * 100:+.2f} pp"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
