"""Parameter serialization (OpenAPI 3.0/3.1 ``style`` and ``explode``), and URL joining.

Every parameter is written as its ``ParamStyle`` says (the location's default when
the endpoint has none): path ``simple``, ``label`` and ``matrix``; query ``form``,
``spaceDelimited``, ``pipeDelimited`` and ``deepObject``; header ``simple``; cookie
``form``; a parameter declared with ``content`` as one JSON string. Values follow
the spec's types: booleans ``true``/``false``, enums by value, dates and date-times
ISO 8601, models by wire (alias) name; None is left out, and so is an empty array
or object unless ``allow_empty_value`` is set. Expansion follows RFC 6570 (which the
OpenAPI style examples table follows): each value is percent-encoded as RFC 3986
says, and the delimiters of a style are written as they are.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Final, cast
from urllib.parse import quote, quote_plus, unquote, urlencode

import httpx
import pydantic

from ._api import Location, ParamStyle
from ._json import dumps_request_body

__all__ = [
    "build_path",
    "build_url",
    "encode_cookies",
    "encode_form",
    "encode_headers",
    "encode_query",
    "encode_query_string",
    "encode_scalar",
    "styles_at",
    "with_query_pairs",
    "without_query_names",
]

_PLACEHOLDER: Final = re.compile(r"\{([^{}]+)\}")

# "." and ".." are left alone by percent-encoding, yet URL normalisation would
# treat them as path navigation; encode them in full.
_DOT_SEGMENTS: Final = {".": "%2E", "..": "%2E%2E"}

# With allowReserved, RFC 3986 reserved characters stay as they are, except those that
# would change the query's structure: "&" (next parameter), "#" (fragment) and "+"
# (a space to form decoders).
_RESERVED_KEPT: Final = ":/?[]@!$'()*,;="

_DEFAULTS: Final[Mapping[Location, ParamStyle]] = {
    "path": ParamStyle("simple", explode=False),
    "header": ParamStyle("simple", explode=False),
    "query": ParamStyle("form", explode=True),
    "cookie": ParamStyle("form", explode=True),
    "form": ParamStyle("form", explode=True),
}

Encoder = Callable[[str], str]
Shaped = str | list[str] | dict[str, str]
"""A parameter value reduced to what styles know: a primitive, an array or an object."""


def encode_scalar(value: object) -> str:
    """One parameter value as text: enums by value, booleans as true/false, dates ISO 8601."""
    if isinstance(value, enum.Enum):
        value = cast(object, value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, pydantic.BaseModel | Mapping | list | tuple):
        # A structure inside an array or object element has no style of its own: JSON.
        return dumps_request_body(cast(object, value)).decode("utf-8")
    return str(value)


def _shape(value: object) -> Shaped | None:
    """``value`` as a primitive's text, a list of texts or a mapping of texts; None if absent."""
    if value is None:
        return None
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="python", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        items = cast(Mapping[object, object], value).items()
        return {encode_scalar(k): encode_scalar(v) for k, v in items if v is not None}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode_scalar(v) for v in cast(Sequence[object], value) if v is not None]
    return encode_scalar(value)


def _content(value: object) -> str:
    """A parameter declared with ``content``: its JSON text."""
    return dumps_request_body(value).decode("utf-8")


def _flat(items: dict[str, str], enc: Encoder) -> list[str]:
    """An object as alternating keys and values: ``R,100,G,200``."""
    return [enc(part) for pair in items.items() for part in pair]


def _pairs(items: dict[str, str], enc: Encoder) -> list[str]:
    """An object as ``key=value`` texts: ``R=100``."""
    return [f"{enc(key)}={enc(value)}" for key, value in items.items()]


def styles_at(
    params: Mapping[tuple[Location, str], ParamStyle], location: Location
) -> dict[str, ParamStyle]:
    """The styles an endpoint declares for one location, by wire name."""
    return {name: style for (where, name), style in params.items() if where == location}


# -- path ------------------------------------------------------------------------------


def _pct_segment(text: str) -> str:
    return quote(text, safe="")


def _expand_path(name: str, value: object, style: ParamStyle) -> str:
    if style.content_type is not None:
        return _pct_segment(_content(value))
    shaped = _shape(value)
    assert shaped is not None
    enc = _pct_segment
    if style.style == "label":
        if isinstance(shaped, str):
            return "." + enc(shaped)
        if isinstance(shaped, list):
            return "." + ("." if style.explode else ",").join(map(enc, shaped))
        if style.explode:
            return "." + ".".join(_pairs(shaped, enc))
        return "." + ",".join(_flat(shaped, enc))
    if style.style == "matrix":
        key = enc(name)
        if isinstance(shaped, str):
            return f";{key}={enc(shaped)}" if shaped else f";{key}"
        if isinstance(shaped, list):
            if style.explode:
                return "".join(f";{key}={enc(item)}" for item in shaped)
            return f";{key}=" + ",".join(map(enc, shaped))
        if style.explode:
            return "".join(";" + pair for pair in _pairs(shaped, enc))
        return f";{key}=" + ",".join(_flat(shaped, enc))
    # simple
    if isinstance(shaped, str):
        return enc(shaped)
    if isinstance(shaped, list):
        return ",".join(map(enc, shaped))
    return ",".join(_pairs(shaped, enc) if style.explode else _flat(shaped, enc))


def build_path(
    template: str,
    params: Mapping[str, object] | None,
    styles: Mapping[str, ParamStyle] | None = None,
) -> str:
    """Fill the ``{name}`` placeholders of ``template`` as each parameter's style says.

    Every character of a value that could change the URL's structure (``/ ? # %``
    ...) is percent-encoded, so a value can never reach another path. Raises
    ``ValueError`` for a missing, None or empty parameter.
    """
    values = params or {}
    declared = styles or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None:
            raise ValueError(f"missing path parameter {name!r}")
        text = _expand_path(name, value, declared.get(name, _DEFAULTS["path"]))
        if not text:
            raise ValueError(f"path parameter {name!r} must not be empty")
        return _DOT_SEGMENTS.get(text, text)

    return _PLACEHOLDER.sub(replace, template)


def build_url(base_url: httpx.URL | str, path: str) -> httpx.URL:
    """``path`` appended to ``base_url``'s path (not resolved as a relative reference).

    A query string on the base URL is kept; a fragment is dropped.
    """
    base = httpx.URL(base_url)
    prefix = str(base.copy_with(query=None, fragment=None)).rstrip("/")
    url = httpx.URL(prefix + "/" + path.lstrip("/"))
    return url.copy_with(query=base.query) if base.query else url


# -- query, form bodies and cookies ------------------------------------------------------


def _pct_query(text: str) -> str:
    return quote(text, safe="")


def _pct_reserved(text: str) -> str:
    return quote(text, safe=_RESERVED_KEPT)


def _pct_form(text: str) -> str:
    # A URL-encoded body writes a space as "+", as HTML forms do.
    return quote_plus(text, safe="")


def _pct_form_reserved(text: str) -> str:
    return quote_plus(text, safe=_RESERVED_KEPT)


def _plain(text: str) -> str:
    return text


def _expand_form(
    name: str, value: object, style: ParamStyle, enc: Encoder, key: Encoder
) -> list[tuple[str, str]]:
    """(name, value) pairs of a query parameter, form field or cookie, each already
    passed through ``key`` (names) and ``enc`` (values); delimiters are left as they are."""
    if value is None:
        return []
    if style.content_type is not None:
        return [(key(name), enc(_content(value)))]
    shaped = _shape(value)
    if shaped is None:
        return []
    if isinstance(shaped, str):
        return [(key(name), enc(shaped))]
    if not shaped:
        return [(key(name), "")] if style.allow_empty_value else []
    if style.style == "deepObject" and isinstance(shaped, dict):
        return [(key(f"{name}[{k}]"), enc(v)) for k, v in shaped.items()]
    delimiter = {"spaceDelimited": enc(" "), "pipeDelimited": enc("|")}.get(style.style, ",")
    if isinstance(shaped, list):
        if style.explode:
            return [(key(name), enc(item)) for item in shaped]
        return [(key(name), delimiter.join(map(enc, shaped)))]
    if style.explode:
        return [(key(k), enc(v)) for k, v in shaped.items()]
    return [(key(name), delimiter.join(_flat(shaped, enc)))]


def _merged(sources: Sequence[Mapping[str, object] | None]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for source in sources:
        if source:
            merged.update(source)
    return merged


def encode_query(
    *sources: Mapping[str, object] | None, styles: Mapping[str, ParamStyle] | None = None
) -> list[tuple[str, str]]:
    """Merge query parameter mappings into an ordered list of (name, value) pairs, not
    percent-encoded.

    Later sources replace earlier ones by name. None values are dropped; each value is
    expanded as ``styles`` says (default: ``form`` with ``explode``: lists as repeated
    parameters, mappings as one parameter per key).
    """
    declared = styles or {}
    default = _DEFAULTS["query"]
    return [
        pair
        for name, value in _merged(sources).items()
        for pair in _expand_form(name, value, declared.get(name, default), _plain, _plain)
    ]


def _query_texts(
    sources: Sequence[Mapping[str, object] | None],
    styles: Mapping[str, ParamStyle] | None,
    location: Location,
) -> list[str]:
    declared = styles or {}
    default = _DEFAULTS[location]
    texts: list[str] = []
    for name, value in _merged(sources).items():
        style = declared.get(name, default)
        if location == "form":
            enc = _pct_form_reserved if style.allow_reserved else _pct_form
        else:
            enc = _pct_reserved if style.allow_reserved else _pct_query
        for key, text in _expand_form(name, value, style, enc, _pct_name):
            texts.append(f"{key}={text}")
    return texts


def _pct_name(text: str) -> str:
    return quote(text, safe="[]")


def encode_query_string(
    *sources: Mapping[str, object] | None, styles: Mapping[str, ParamStyle] | None = None
) -> str:
    """The query string (without ``?``) of the merged sources, percent-encoded.

    As ``encode_query``, with each value percent-encoded (RFC 3986; a space is ``%20``)
    and each style's delimiters (``,``, ``|``, ``%20``, ``[...]``) written as they are;
    ``allow_reserved`` keeps reserved characters other than ``& # +`` unencoded.
    """
    return "&".join(_query_texts(sources, styles, "query"))


def encode_form(
    form: Mapping[str, object], styles: Mapping[str, ParamStyle] | None = None
) -> bytes:
    """An ``application/x-www-form-urlencoded`` body, each field as its ``encoding`` says
    (``styles``, by field name; default ``form`` with ``explode``; a field with a
    ``content_type`` is sent as JSON); encoded as ``encode_query_string`` does, but with a
    space written ``+``."""
    return "&".join(_query_texts((form,), styles, "form")).encode("ascii")


def _pct_cookie(text: str) -> str:
    return quote(text, safe="")


def encode_cookies(
    cookies: Mapping[str, object] | None, styles: Mapping[str, ParamStyle] | None = None
) -> list[tuple[str, str]]:
    """Cookie parameters (style ``form``) as (name, value) pairs for a ``Cookie`` header;
    values are percent-encoded, so ``;`` ``,`` and spaces cannot split them."""
    declared = styles or {}
    default = _DEFAULTS["cookie"]
    return [
        pair
        for name, value in (cookies or {}).items()
        for pair in _expand_form(name, value, declared.get(name, default), _pct_cookie, _plain)
    ]


# -- headers ---------------------------------------------------------------------------


def _expand_header(value: object, style: ParamStyle) -> str | None:
    if style.content_type is not None:
        return _content(value)
    shaped = _shape(value)
    if shaped is None or isinstance(shaped, str):
        return shaped
    if isinstance(shaped, list):
        return ",".join(shaped)
    return ",".join(_pairs(shaped, _plain) if style.explode else _flat(shaped, _plain))


def encode_headers(
    headers: Mapping[str, object] | None, styles: Mapping[str, ParamStyle] | None = None
) -> dict[str, str]:
    """Header parameters as text (style ``simple``); None values are dropped."""
    if not headers:
        return {}
    declared = styles or {}
    default = _DEFAULTS["header"]
    encoded: dict[str, str] = {}
    for name, value in headers.items():
        if value is None:
            continue
        text = _expand_header(value, declared.get(name, default))
        if text is not None:
            encoded[name] = text
    return encoded


# -- raw query editing -----------------------------------------------------------------


def _raw_items(url: httpx.URL) -> Iterator[tuple[str, str]]:
    """(decoded name, raw ``name=value`` text) of each parameter of ``url``'s query."""
    for text in url.query.decode("ascii").split("&"):
        if text:
            yield unquote(text.split("=", 1)[0].replace("+", " ")), text


def with_query_pairs(url: httpx.URL, pairs: Sequence[tuple[str, str]]) -> httpx.URL:
    """``url`` with ``pairs`` appended, replacing parameters of the same names; the rest
    of the query keeps its encoding as it is."""
    if not pairs:
        return url
    names = {name for name, _ in pairs}
    kept = [text for name, text in _raw_items(url) if name not in names]
    return url.copy_with(query="&".join([*kept, urlencode(pairs)]).encode("ascii"))


def without_query_names(url: httpx.URL, names: frozenset[str]) -> httpx.URL:
    """``url`` without the parameters whose lower-cased names are in ``names``."""
    if not url.query:
        return url
    kept = [text for name, text in _raw_items(url) if name.lower() not in names]
    return url.copy_with(query="&".join(kept).encode("ascii") if kept else None)
