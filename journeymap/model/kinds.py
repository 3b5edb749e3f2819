"""The kinds of value a map's field may hold: the vocabulary of the one definition in `records.py`
(where a record class is a kind too: a mapping with its own fields).

A kind is plain data. Two readers turn it into a checker: `quick.py` into a function that
vouches for a valid value without pydantic, and `definition.py` into the pydantic type that
publishes the JSON Schema and explains a broken value. A new field is one line in `records.py`;
a new kind is a class here and one branch in each of those two readers.
"""

from __future__ import annotations

from typing import Any, Callable, Optional


class Kind:
    """What a value may be."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(repr(getattr(self, n)) for n in self.__slots__)})"


class Pattern(Kind):
    """A string matching an anchored regular expression (ids, periods), at most `max_length` long."""

    __slots__ = ("regex", "max_length")

    def __init__(self, regex: str, max_length: Optional[int] = None):
        self.regex, self.max_length = regex, max_length


class Text(Kind):
    """A string; `empty_ok=False` is the constrained text that must say something (names, pains)."""

    __slots__ = ("empty_ok",)

    def __init__(self, empty_ok: bool = True):
        self.empty_ok = empty_ok


class Number(Kind):
    """A finite number (an int is taken as a float, a bool is not a number), within optional bounds."""

    __slots__ = ("low", "high")

    def __init__(self, low: Optional[float] = None, high: Optional[float] = None):
        self.low, self.high = low, high


class Whole(Kind):
    """A whole number within bounds; a whole float such as 5.0 counts, as JSON Schema says."""

    __slots__ = ("low", "high")

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high


class Flag(Kind):
    """true or false."""

    __slots__ = ()


class Choice(Kind):
    """One of a few words."""

    __slots__ = ("options",)

    def __init__(self, *options: str):
        self.options = options


class Version(Kind):
    """The format version, exactly; `true` is not 1."""

    __slots__ = ("number",)

    def __init__(self, number: int):
        self.number = number


class ListOf(Kind):
    __slots__ = ("item", "min_items")

    def __init__(self, item: Any, min_items: int = 0):
        self.item, self.min_items = item, min_items


class MapOf(Kind):
    """A mapping from keys of one kind to values of another (KPIs by name, emotion by persona)."""

    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Any):
        self.key, self.value = key, value


class OneOf(Kind):
    """Any of `kinds`, which must take different types of input (a number, or a mapping)."""

    __slots__ = ("kinds",)

    def __init__(self, *kinds: Any):
        self.kinds = kinds


class Shorthand(Kind):
    """A record that may also be written as a single `short` value, which `expand` turns into its
    mapping (`channels: [web]` for `[{id: web}]`)."""

    __slots__ = ("record", "short", "expand")

    def __init__(self, record: type, short: Kind, expand: Callable[[Any], Any]):
        self.record, self.short, self.expand = record, short, expand

