# replicate.py - a single-file Python client for the Replicate HTTP API.
# Copyright (c) 2026 The replicate.py authors. MIT License: see the LICENSE file,
# or https://opensource.org/licenses/MIT. Vendored copies keep this header.
"""Run models on Replicate from Python with nothing but the standard library.

A drop-in for the official ``replicate`` package's common surface::

    import replicate

    output = replicate.run(
        "black-forest-labs/flux-schnell",
        input={"prompt": "an iguana on the beach, pointillism"},
    )
    with open("output.png", "wb") as f:
        f.write(output[0].read())

Environment variables (each read when it is needed, never frozen at import):

    REPLICATE_API_TOKEN      the API token, sent as ``Authorization: Bearer ...``
    REPLICATE_BASE_URL       the API host, default ``https://api.replicate.com``
                             (a value ending in ``/v1`` is accepted too)
    REPLICATE_POLL_INTERVAL  seconds between polls of a running prediction, default 0.5

To vendor it, copy this one file next to your code: it imports nothing outside the
standard library and runs on CPython 3.8 and newer. ``python replicate.py --help`` (or
``python -m replicate``) is a command line for the same API.
"""

from __future__ import annotations  # annotations stay strings: never evaluated at run time

import os
import sys
import time
import _thread

# The types below exist for type checkers alone: `typing` is not imported at run time
# (import time is a feature of a vendored client), and annotations are never evaluated.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import asyncio
    import datetime
    import http.client
    import logging
    import socket
    import ssl
    import urllib.request
    import weakref
    from http.client import HTTPMessage, HTTPResponse
    from types import ModuleType, TracebackType
    from typing import (IO, Any, AsyncIterator, Awaitable, BinaryIO, Callable, Coroutine, Dict,
                        Generator, Iterable, Iterator, KeysView, List, Literal, Mapping, NoReturn,
                        Optional, Pattern, Protocol, Sequence, Set, Tuple, Type, TypeVar, Union,
                        overload)
    from typing import Generic as _GenericBase  # mypy takes no `_GenericBase = Generic` as a base

    _T = TypeVar("_T")
    #: A prediction's or a training's status; `aborted` ends one that never started.
    PredictionStatus = Literal["starting", "processing", "succeeded", "failed", "canceled",
                               "aborted"]
    #: What the module accepts as a model reference: 'owner/name', 'owner/name:version', a
    #: 64-hex version id, or the object itself.
    ModelRef = Union[str, "Model", "Version", "ModelVersionIdentifier"]
    #: A file given as an input: a path or an open binary file.
    FileInput = Union[str, "os.PathLike[str]", IO[bytes], BinaryIO]
    #: `wait=` of a create: hold the request until done (True, or 1-60 s), or not (False).
    Wait = Union[bool, int, float]
    #: `cancel_after=`: seconds, or a duration string such as '90s' or '1h30m'.
    Duration = Union[int, float, str]
    #: `webhook_events_filter=` values.
    WebhookEvent = Literal["start", "output", "logs", "completed"]
    #: A `progress=` callback of run() and wait(): called with the prediction.
    ProgressCallback = Callable[["Prediction"], object]

    class _HeaderItems(Protocol):
        """`headers=` of webhooks.validate(): anything with items(), as a dict, the
        email.message.Message of http.server and frameworks' header objects have."""

        def items(self) -> Iterable[Tuple[str, Union[str, Sequence[str]]]]: ...
else:
    class _GenericBase:
        """At run time `Page[Prediction]` in a user's annotation is `Page` itself."""

        def __class_getitem__(cls, item):
            return cls

    _T = None

__all__ = [
    "Account",
    "Accounts",
    "APIConnectionError",
    "AsyncFunction",
    "AsyncRun",
    "Client",
    "Collection",
    "Collections",
    "Deployment",
    "DeploymentPredictions",
    "Deployments",
    "DeploymentsPredictions",
    "File",
    "FileOutput",
    "Files",
    "FileSaveError",
    "Function",
    "Hardware",
    "HardwareNamespace",
    "InvalidArgumentError",
    "InvalidSecretKeyError",
    "InvalidSignatureError",
    "InvalidTimestampError",
    "MissingWebhookBodyError",
    "MissingWebhookHeaderError",
    "Model",
    "ModelError",
    "ModelExamples",
    "ModelPredictions",
    "ModelReadme",
    "Models",
    "ModelsPredictions",
    "ModelVersionIdentifier",
    "OutputIterator",
    "Page",
    "Prediction",
    "Predictions",
    "PredictionTimeoutError",
    "Progress",
    "ReplicateError",
    "ReplicateException",
    "Run",
    "SearchResult",
    "ServerSentEvent",
    "Training",
    "Trainings",
    "URLPath",
    "Version",
    "Versions",
    "Webhooks",
    "WebhookSigningSecret",
    "WebhookValidationError",
    "accounts",
    "async_encode_json",
    "async_paginate",
    "async_run",
    "async_search",
    "async_stream",
    "base64_encode_file",
    "collections",
    "default_client",
    "deployments",
    "encode_json",
    "files",
    "get_path_url",
    "hardware",
    "main",
    "models",
    "paginate",
    "predictions",
    "run",
    "run_batch",
    "search",
    "stream",
    "trainings",
    "transform_output",
    "use",
    "webhooks",
]

__version__ = "1.0.0"
_MIRRORS = "1.0.7"  # the official client's release whose API this module follows
_USER_AGENT = "replicate-py/%s (the API of replicate-python %s)" % (__version__, _MIRRORS)

# --- Constants ---

_DEFAULT_BASE_URL = "https://api.replicate.com"
_DEFAULT_POLL_INTERVAL = 0.5
_CONNECT_TIMEOUT = 5.0  # seconds to open a connection, as the official client
_READ_TIMEOUT = 30.0  # seconds between bytes of a response, as the official client
_MAX_WAIT = 60  # the longest `Prefer: wait` the API honours, in seconds
_MIN_CANCEL_AFTER = 5  # the shortest `Cancel-After` the API accepts, in seconds
_MAX_FILE_NAME = 255  # bytes of UTF-8: the longest `filename` the files API accepts
# bytes of UTF-8 of a saved file's name: its temporary names ('.<name>.<8 hex>.tmp',
# '<name>.part', a '-12' for a fresh name) must fit in the 255 of a directory entry too
_MAX_SAVED_NAME = 200
_TERMINAL_STATUSES = frozenset(("succeeded", "failed", "canceled", "aborted"))
_CHUNK_SIZE = 1 << 20  # one read of a download or an upload
_DOWNLOAD_RESUMES = 3  # times a broken download is continued (Range) or restarted
_PREALLOCATE = 256 << 20  # bytes: the largest announced length read() takes in one piece
_MAX_SSE_LINE = 32 << 20  # bytes of one line of an event stream
_MAX_SSE_EVENT = 64 << 20  # characters of one event's data
_FOLLOWED_PAGES = 5  # pages of the predictions list one round of the follower reads at most
_MAX_STREAM_RECONNECTS = 30  # of one stream in all (5 in a row without a new event)
_MAX_JSON_DEPTH = 128  # levels of nested lists and objects accepted in an API response
_MAX_JSON_BODY = 32 << 20  # bytes: the largest API response read (a prediction with its logs)
_MAX_RETRIES = 5
_MAX_BACKOFF = 30.0  # seconds: the longest backoff between two retries
_MAX_RETRY_AFTER = 60.0  # seconds: the longest Retry-After honoured (rate limits are per minute)
_MAX_REDIRECTS = 5
_IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "QUERY"))
_RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
_HEX = frozenset("0123456789abcdef")
_PROGRESS_TAIL = 8192  # characters at the end of the logs searched for a progress bar


# --- Exceptions ---

class ReplicateException(Exception):
    """The base of every error this module raises on purpose."""


class ReplicateError(ReplicateException):
    """The API answered with an error: the fields of its problem-details body.

    ``status`` is the HTTP status, ``detail`` the human explanation, ``type``, ``title``
    and ``instance`` as RFC 7807 defines them; ``request_id`` is the API's id of the
    request when it sent one, ``response`` the raw body text and ``headers`` the
    response's headers.
    """

    def __init__(self, type: Optional[str] = None, title: Optional[str] = None,
                 status: Optional[int] = None, detail: Optional[str] = None,
                 instance: Optional[str] = None, *, request_id: Optional[str] = None,
                 response: Optional[str] = None, method: Optional[str] = None,
                 url: Optional[str] = None,
                 headers: Optional[Union[Mapping[str, str], HTTPMessage]] = None) -> None:
        # `type` shadows the builtin on purpose: it is the problem-details field name
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.request_id = request_id
        self.response = response
        self.method = method
        self.url = url
        # the response's headers: an HTTPMessage, whose get() ignores the name's case
        self.headers: Union[Mapping[str, str], HTTPMessage] = headers if headers is not None else {}
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = " ".join(str(part) for part in ("ReplicateError", self.status, self.title) if part)
        if self.detail:
            text += ": %s" % self.detail
        if self.method and self.url:
            text += " (%s %s)" % (self.method, _redact_url(self.url))
        return text

    def __repr__(self) -> str:
        fields = ", ".join("%s=%r" % (k, v) for k, v in self.to_dict().items())
        return "ReplicateError(%s)" % fields

    def to_dict(self) -> Dict[str, Union[str, int]]:
        """The problem-details fields that are set, as a dict."""
        return {k: v for k, v in (("type", self.type), ("title", self.title),
                                  ("status", self.status), ("detail", self.detail),
                                  ("instance", self.instance)) if v is not None}


class InvalidArgumentError(ReplicateError, ValueError):
    """An argument the API would refuse, refused before any request is sent.

    Where the official client sends a malformed argument on and lets the API refuse it
    (a ``ReplicateError``), this module checks it first: so this is a ``ReplicateError``
    (and a ``ReplicateException``) for code written for the official client, and a
    ``ValueError`` for code that checks arguments. ``status`` is None: nothing was sent.
    """

    def __init__(self, message: str) -> None:
        super().__init__(title="Invalid argument", detail=message)

    def __str__(self) -> str:
        return self.detail or ""

    def __repr__(self) -> str:
        return "InvalidArgumentError(%r)" % self.detail


class ModelError(ReplicateException):
    """A prediction ended without succeeding: failed, canceled or aborted.

    ``prediction`` is the final :class:`Prediction`; its ``error`` and ``logs`` say why.
    """

    def __init__(self, prediction: Prediction) -> None:
        self.prediction = prediction
        status = getattr(prediction, "status", None)
        error = getattr(prediction, "error", None)
        pid = getattr(prediction, "id", None)
        if status == "failed":
            message = "Prediction %s failed: %s" % (pid, error or "no error message")
        else:
            message = "Prediction %s was %s" % (pid, status)
            if error:
                message += ": %s" % error
        super().__init__(message)


class APIConnectionError(ReplicateException, ConnectionError):
    """No usable answer arrived: the connection failed, timed out, or broke mid-body.

    Also an ``OSError`` (``ConnectionError``), so code that catches network errors
    catches it. ``url`` is the address (without credentials) that failed.
    """

    def __init__(self, message: str, url: Optional[str] = None) -> None:
        self.url = url
        super().__init__(message)


class PredictionTimeoutError(ReplicateException, TimeoutError):
    """A deadline given to ``run(timeout=...)`` or ``wait(timeout=...)`` passed.

    ``prediction`` is the prediction as last seen; ``run()`` has asked the API to cancel
    it before raising.
    """

    def __init__(self, message: str, prediction: Optional[_Waitable] = None) -> None:
        self.prediction = prediction  # a Prediction or a Training
        super().__init__(message)


class FileSaveError(ReplicateException, OSError):
    """``FileOutput.save()`` could not write the file (a directory that cannot be written,
    a full disk). An ``OSError`` too, with its ``errno``, ``strerror`` and ``filename``."""


class WebhookValidationError(ValueError):
    """A webhook request could not be shown to come from Replicate."""


class MissingWebhookHeaderError(WebhookValidationError):
    """A ``webhook-id``, ``webhook-timestamp`` or ``webhook-signature`` header is missing."""


class MissingWebhookBodyError(WebhookValidationError):
    """The webhook request has no body."""


class InvalidSecretKeyError(WebhookValidationError):
    """The signing secret is not of the form ``whsec_<base64>``."""


class InvalidTimestampError(WebhookValidationError):
    """The webhook's timestamp is not a number, or lies outside the tolerance."""


class InvalidSignatureError(WebhookValidationError):
    """No signature of the webhook matches its content."""


# --- Internal helpers ---

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: opening a symbolic link fails (Windows: none)
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: opening a FIFO does not wait for a writer

if TYPE_CHECKING:
    # the twin takes the method's own parameters, and gives an awaitable of its result
    if sys.version_info >= (3, 10):
        from typing import Concatenate, ParamSpec
        _P = ParamSpec("_P")
        _S = TypeVar("_S")

        def _async_twin(func: Callable[Concatenate[_S, _P], _T]
                        ) -> Callable[Concatenate[_S, _P], Coroutine[Any, Any, _T]]: ...
    else:  # no ParamSpec before 3.10: the result is still typed, the parameters are not
        def _async_twin(func: Callable[..., _T]) -> Callable[..., Coroutine[Any, Any, _T]]: ...
else:
    def _async_twin(func):
        """`async_<name> = _async_twin(<name>)` in a class: a coroutine method that runs the
        blocking method in a worker thread (see _to_thread)."""
        async def twin(self, *args, **kwargs):
            return await _to_thread(func, self, *args, **kwargs)
        twin.__name__ = "async_" + func.__name__
        twin.__qualname__ = func.__qualname__.rpartition(".")[0] + "." + twin.__name__
        twin.__doc__ = "``%s()`` for asyncio: the blocking call runs in a worker thread." % func.__name__
        twin.__wrapped__ = func  # inspect.signature() and help() show the method's parameters
        return twin


if TYPE_CHECKING:
    _F = TypeVar("_F", bound=Callable[..., Any])

    def _checked_keywords(func: _F) -> _F: ...
else:
    def _checked_keywords(func):
        """`func` with a misspelled keyword (`timout=`) answered by a TypeError that names
        the nearest keyword and lists every one it takes, where Python names neither."""
        code = func.__code__
        names = frozenset(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]) - {"self"}

        def checked(*args, **kwargs):
            if kwargs.keys() - names:
                raise TypeError(_unknown_keywords(func.__name__, kwargs.keys() - names, code)) from None
            return func(*args, **kwargs)
        checked.__name__ = func.__name__
        checked.__qualname__ = func.__qualname__
        checked.__doc__ = func.__doc__
        checked.__module__ = func.__module__
        checked.__wrapped__ = func  # inspect.signature() and help() show the real parameters
        return checked


def _unknown_keywords(function: str, unknown: Iterable[str], code: Any) -> str:
    import difflib
    taken = [name for name in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount] if name != "self"]
    parts = []
    for name in sorted(unknown):
        near = difflib.get_close_matches(name, taken, n=1)
        parts.append("%r%s" % (name, " (did you mean %r?)" % near[0] if near else ""))
    return "%s() got an unexpected keyword argument %s; it takes %s" % (
        function, ", ".join(parts), ", ".join(taken))


def _json() -> ModuleType:
    import json  # deferred: json pulls in re, which import time should not pay for
    return json


def _dumps(value: Any, finite: bool = False) -> str:
    text: str = _json().dumps(value, separators=(",", ":"), ensure_ascii=False,
                              default=_json_default, allow_nan=not finite)
    return text


def _request_body(value: Any) -> bytes:
    """A request's JSON body; NaN and infinity, which JSON cannot carry, refused by name."""
    try:
        return _dumps(value, finite=True).encode("utf-8")
    except ValueError as error:  # allow_nan=False, or a value that holds itself
        where = _non_finite(value, "")
        if where is None:
            raise InvalidArgumentError("the request cannot be sent as JSON: %s" % error) from None
        raise InvalidArgumentError("%s is %r: JSON cannot carry NaN or infinity (send a finite "
                                   "number, or None)" % where) from None


def _non_finite(value: Any, path: str) -> Optional[Tuple[str, float]]:
    """(path, value) of the first NaN or infinity in `value`, as input['a'][0], or None."""
    stack = [(value, path)]
    seen: Set[int] = set()  # containers walked: a value that holds itself is walked once
    while stack:
        item, where = stack.pop()
        if isinstance(item, float) and (item != item or item in (float("inf"), float("-inf"))):
            return where or "the value", item
        if isinstance(item, (dict, list, tuple)):
            if id(item) in seen:
                continue
            seen.add(id(item))
        if isinstance(item, dict):
            stack.extend((v, "%s[%r]" % (where, k) if where else str(k))
                         for k, v in reversed(list(item.items())))
        elif isinstance(item, (list, tuple)):
            stack.extend((v, "%s[%d]" % (where, i)) for i, v in reversed(list(enumerate(item))))
    return None


def _json_default(value: Any) -> Any:
    # File inputs are turned into strings before a body is encoded; what remains here
    # is a FileOutput passed through (its URL) or a type JSON does not know.
    if isinstance(value, FileOutput):
        return value.url
    if isinstance(value, _Resource):  # a nested object (a model's latest_version): as it came
        return _as_sent(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError("input values must be JSON-encodable or files; got %s %s"
                    % (type(value).__name__, _short_repr(value)))


if TYPE_CHECKING:
    @overload
    def _env(name: str) -> Optional[str]: ...
    @overload
    def _env(name: str, default: str) -> str: ...


def _env(name: str, default: Optional[str] = None) -> Optional[str]:
    value = os.environ.get(name)
    return value if value else default


def _seconds(value: object, what: str, *, zero: bool = False, unlimited: bool = False) -> Optional[float]:
    """A number of seconds given as an argument, checked: finite and positive (or zero
    where `zero`); infinity is None ("no limit") where `unlimited`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("%s must be a number of seconds; got %s" % (what, type(value).__name__))
    seconds = float(value)
    if seconds == float("inf") and unlimited:
        return None
    if seconds != seconds or seconds == float("inf") or seconds < 0 or (seconds == 0 and not zero):
        raise InvalidArgumentError("%s must be a finite number of seconds above zero%s; got %r"
                                   % (what, " (or inf for no limit)" if unlimited else "", value))
    return seconds


def _poll_interval() -> float:
    raw = _env("REPLICATE_POLL_INTERVAL")
    if raw is None:
        return _DEFAULT_POLL_INTERVAL
    try:
        value = float(raw)
    except ValueError:
        raise InvalidArgumentError("REPLICATE_POLL_INTERVAL must be a number of seconds, got %r"
                                   % raw[:40]) from None
    if not 0 < value < float("inf"):  # NaN too: a zero or endless pause is no poll interval
        raise InvalidArgumentError("REPLICATE_POLL_INTERVAL must be a finite number of seconds "
                                   "above zero, got %r" % raw[:40])
    return value


def _normalize_base_url(url: str) -> str:
    """The API root with no trailing slash and no `/v1`: paths add `/v1/...` themselves."""
    from urllib.parse import urlsplit
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[:-3].rstrip("/")
    try:
        parts = urlsplit(url)
        parts.port  # a port that is not a number raises here, not at the first request
    except ValueError:  # a broken IPv6 address or port
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidArgumentError("base_url must be an http:// or https:// URL such as %r; got %r"
                                   % (_DEFAULT_BASE_URL, _redact_url(url)))
    if "@" in parts.netloc:
        raise InvalidArgumentError("base_url must not hold user info (user:password@): the API "
                                   "takes the token alone, from REPLICATE_API_TOKEN or api_token; "
                                   "got %r" % _redact_url(url))
    return url


def _redact_url(url: str) -> str:
    """A URL safe to print: no user info, query or fragment (signed links), and the host
    the URL really connects to, as urllib parses it ('https://evil?@api...' is evil's)."""
    from urllib.parse import urlsplit
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a broken IPv6 address or port: show no host at all
        return "%s://<malformed host>" % url.partition(":")[0][:10]
    if not parts.scheme or not parts.netloc:  # a data: URI, or no URL at all: its start alone
        text = url.partition("?")[0].partition("#")[0]
        if "@" in text:  # what may be user info ('https:/user:pw@host'): never shown
            text = (parts.scheme + ":" if parts.scheme else "") + "<user info removed>@" + text.rpartition("@")[2]
        return _printable(text[:80] + ("..." if len(text) > 80 else ""))
    if ":" in host:
        host = "[%s]" % host
    shown = "%s://%s%s%s" % (parts.scheme, host, ":%d" % port if port else "", parts.path)
    return _printable(shown[:500])


def _printable(text: str) -> str:
    """`text` with control and bidirectional-override characters escaped (as \\x1b), so
    that a name or URL from a server can neither drive a terminal nor forge a line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _origin(url: str) -> Union[Tuple[str, str], Tuple[str, str, int]]:
    """(scheme, host, port) of a URL, parsed as urllib parses it to connect, so that a URL
    such as 'https://evil?@api.replicate.com' counts as evil's, where it would go."""
    from urllib.parse import urlsplit
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number: an origin of its own, matching nothing
        return ("invalid", url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or ""), port or (443 if scheme == "https" else 80)


def _quote(segment: object) -> str:
    from urllib.parse import quote
    return quote(str(segment), safe="")


def _query(params: Mapping[str, object]) -> str:
    from urllib.parse import urlencode
    params = {k: v for k, v in params.items() if v is not None}
    return "?" + urlencode(params) if params else ""


def _check_id(value: object, what: str) -> str:
    """An id or name that goes into a URL path: a non-empty string."""
    if not isinstance(value, str) or not value or value in (".", ".."):
        raise InvalidArgumentError("%s must be a non-empty string, got %r" % (what, value))
    return value


def _is_version_id(text: str) -> bool:
    return len(text) == 64 and set(text) <= _HEX


def _split_owner_name(value: object, what: str = "model") -> Tuple[str, str]:
    """'owner/name' (or an (owner, name) pair, or an object with owner/name) -> (owner, name)."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        owner, name = value
    elif isinstance(value, str):
        owner, sep, name = value.partition("/")
        if not sep or "/" in name:
            owner = name = ""
    else:
        owner, name = getattr(value, "owner", None), getattr(value, "name", None)
    if not (isinstance(owner, str) and isinstance(name, str) and owner and name
            and owner not in (".", "..") and name not in (".", "..")):
        raise InvalidArgumentError("%s must be 'owner/name', got %r" % (what, value))
    return owner, name


if TYPE_CHECKING:
    _IdentifierTuple = Tuple[str, str, Optional[str]]  # so that checkers know each item
else:
    _IdentifierTuple = tuple


class ModelVersionIdentifier(_IdentifierTuple):
    """A model reference split up: ``owner``, ``name`` and ``version`` (None for the model's
    latest version), as the official client's ``replicate.identifier`` has it. A tuple,
    so ``owner, name, version = ModelVersionIdentifier.parse(ref)`` works."""

    __slots__ = ()
    _fields = ("owner", "name", "version")

    def __new__(cls, owner: str, name: str, version: Optional[str] = None) -> ModelVersionIdentifier:
        return tuple.__new__(cls, (owner, name, version))

    @property
    def owner(self) -> str:
        return self[0]

    @property
    def name(self) -> str:
        return self[1]

    @property
    def version(self) -> Optional[str]:
        return self[2]

    @classmethod
    def parse(cls, ref: str) -> ModelVersionIdentifier:
        """'owner/name' or 'owner/name:version' -> its parts; ValueError for anything else."""
        if not isinstance(ref, str):
            raise TypeError("a model reference must be a string such as 'owner/name'; got %s"
                            % type(ref).__name__)
        owner, name, version = _parse_ref(ref)
        if owner is None or name is None:  # a bare version id names no model
            raise InvalidArgumentError("Invalid reference to model version: %s. Expected format: "
                                       "owner/name:version" % ref)
        return cls(owner, name, version)

    def __repr__(self) -> str:
        return "ModelVersionIdentifier(owner=%r, name=%r, version=%r)" % self


def _parse_ref(ref: object) -> Tuple[Optional[str], Optional[str], Optional[str]]:
    """A model reference -> (owner, name, version_id); owner/name are None for a bare id.

    Accepted: 'owner/name', 'owner/name:version' and a 64-hex version id; a Model,
    Version or ModelVersionIdentifier too.
    """
    if isinstance(ref, Version):
        return None, None, ref.id
    if isinstance(ref, Model):
        return ref.owner, ref.name, None
    if isinstance(ref, ModelVersionIdentifier):
        ref = ref.owner + "/" + ref.name + (":" + ref.version if ref.version else "")
    if not isinstance(ref, str):
        raise TypeError("a model reference must be a string such as 'owner/name'; got %s"
                        % type(ref).__name__)
    base, colon, version = ref.partition(":")
    if not colon and _is_version_id(ref):
        return None, None, ref
    owner, slash, name = base.partition("/")
    valid = (slash and owner and name and "/" not in name and owner not in (".", "..")
             and name not in (".", "..") and not any(c.isspace() for c in base))
    if colon:  # any version string, as the official client: the API says if it exists
        valid = valid and bool(version)
    if not valid:
        raise InvalidArgumentError(
            "invalid model reference %r: use 'owner/name', 'owner/name:<version id>' "
            "or a bare 64-hex version id" % (ref,))
    return owner, name, (version or None)


def _parse_duration(value: Duration, what: str = "cancel_after") -> str:
    """Seconds or an API duration string ('90s', '5m', '1h30m', '120') -> the header value."""
    if isinstance(value, bool):
        raise TypeError("%s must be seconds or a duration such as '90s' or '5m'" % what)
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        seconds, number, units = 0.0, "", {"h": 3600, "m": 60, "s": 1}
        try:
            if text.replace(".", "", 1).isdigit():
                seconds = float(text)
            else:
                for char in text:
                    if char.isdigit() or char == ".":
                        number += char
                    elif char in units and number:
                        seconds += float(number) * units[char]
                        number = ""
                    else:
                        raise ValueError(char)
                if number or not text:
                    raise ValueError(number)
        except ValueError:
            raise InvalidArgumentError("%s must be seconds or a duration such as '90s', '5m' or '1h30m'; "
                             "got %r" % (what, value)) from None
    else:
        raise TypeError("%s must be seconds or a duration such as '90s'; got %s"
                        % (what, type(value).__name__))
    if seconds != seconds or seconds == float("inf"):
        raise InvalidArgumentError("%s must be a finite number of seconds; got %r" % (what, value))
    if seconds < _MIN_CANCEL_AFTER:
        raise InvalidArgumentError("%s must be at least %d seconds (the API's minimum); got %r"
                         % (what, _MIN_CANCEL_AFTER, value))
    # whole seconds, rounded up: the API's durations have no exponent, and a deadline a
    # fraction of a second late is better than one early
    whole = int(seconds)
    return "%ds" % (whole if whole == seconds else whole + 1)


def _wait_header(wait: Optional[Wait]) -> Optional[str]:
    """`wait` of run()/create() -> the `Prefer` header value, or None for no waiting."""
    if wait is None or wait is False:
        return None
    if wait is True:
        return "wait"
    if isinstance(wait, (int, float)) and not isinstance(wait, bool):
        if not 1 <= wait <= _MAX_WAIT:
            raise InvalidArgumentError("wait must be True, False or seconds from 1 to %d; got %r" % (_MAX_WAIT, wait))
        return "wait=%d" % int(wait)
    raise TypeError("wait must be True, False or seconds from 1 to %d; got %r" % (_MAX_WAIT, wait))


def _retry_delay(attempt: int, retry_after: Optional[str] = None) -> float:
    """Seconds to sleep before retry number `attempt` (1-based)."""
    if retry_after:
        retry_after = retry_after.strip()[:100]
        try:
            seconds: Optional[float] = float(retry_after)
        except ValueError:  # an HTTP date, or junk
            seconds = None
        if seconds is None:
            from email.utils import parsedate_to_datetime
            try:
                seconds = parsedate_to_datetime(retry_after).timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):  # no date: back off
                pass
        # NaN and infinity ('nan', '1e999') are no delay at all: back off as without one
        if seconds is not None and seconds == seconds and abs(seconds) != float("inf"):
            return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
    import random
    backoff = min(0.25 * (2.0 ** (attempt - 1)), _MAX_BACKOFF)  # 2.0: int ** int is Any to mypy
    return backoff * (0.5 + random.random() / 2)  # "equal jitter": never less than half


_PROGRESS_CACHE: List[Pattern[str]] = []


def _parse_progress(logs: Optional[str]) -> Optional[Progress]:
    """The last tqdm-style line of `logs` -> Progress, or None."""
    if not logs:
        return None
    if not _PROGRESS_CACHE:
        import re
        # bounded numbers: a log line is the model's text, and must never abort a run
        _PROGRESS_CACHE.append(re.compile(
            r"^\s*(\d{1,3})%\s*\|[^|\n]{0,400}\|\s*(\d{1,15})\s*/\s*(\d{1,15})"))
    pattern = _PROGRESS_CACHE[0]
    # the last lines alone: the logs of a long run grow with it, and are parsed at every poll
    tail = logs[-_PROGRESS_TAIL:].replace("\r", "\n").split("\n")
    for line in reversed(tail):
        match = pattern.match(line)
        if match:
            return Progress(int(match.group(1)) / 100.0, int(match.group(2)), int(match.group(3)))
    return None


if TYPE_CHECKING:
    _ProgressTuple = Tuple[float, int, int]  # so that checkers know what each item is
else:
    _ProgressTuple = tuple


class Progress(_ProgressTuple):
    """A prediction's progress from its logs: ``percentage`` (a fraction, 0.4 for 40%, as
    the official client), ``current`` and ``total`` steps."""

    __slots__ = ()

    def __new__(cls, percentage: float, current: int, total: int) -> Progress:
        return tuple.__new__(cls, (percentage, current, total))

    @property
    def percentage(self) -> float:
        return self[0]

    @property
    def current(self) -> int:
        return self[1]

    @property
    def total(self) -> int:
        return self[2]

    def __repr__(self) -> str:
        return "Progress(percentage=%g, current=%d, total=%d)" % self


# --- File inputs and outputs ---

def _guess_type(name: Optional[str]) -> str:
    import mimetypes
    return mimetypes.guess_type(name or "")[0] or "application/octet-stream"


def _is_file_like(value: object) -> bool:
    return callable(getattr(value, "read", None))


def _is_path(value: object) -> bool:
    return isinstance(value, os.PathLike)


def _file_name(value: object) -> str:
    """The name an upload is sent under: the file's own name, cut to the API's limit."""
    name = getattr(value, "name", None)
    if isinstance(value, (str, os.PathLike)):
        name = os.fspath(value)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    if not isinstance(name, str) or not os.path.basename(name):
        return "file"
    # a name from the disk may hold bytes that are not UTF-8 (surrogate escapes): replaced
    return _cut_name(os.path.basename(name).encode("utf-8", "replace").decode("utf-8"), _MAX_FILE_NAME)


def _cut_name(name: str, limit: int) -> str:
    """`name` in at most `limit` bytes of UTF-8: the stem is cut, a short extension kept
    (the type is guessed from it), and no character is split."""
    encoded = name.encode("utf-8")
    if len(encoded) <= limit:
        return name
    stem, dot, extension = encoded.rpartition(b".")
    extension = dot + extension if stem and len(extension) <= 16 else b""
    stem = encoded[:limit - len(extension)]
    return stem.decode("utf-8", "ignore") + extension.decode("utf-8", "ignore")


_DEVICE_NAMES = frozenset(["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
                          + ["%s%d" % (port, n) for port in ("COM", "LPT") for n in range(10)])


def _safe_file_name(raw: str) -> str:
    """The one maker of a file name that comes from a server (a URL's last segment): never
    a path, a hidden file, '.' or '..', nor a name with control characters; short enough
    that it and the temporary names made from it fit in a directory entry."""
    from urllib.parse import unquote
    name = unquote(raw).replace("\\", "/").rpartition("/")[2]
    # control characters, and what Windows gives a meaning (a drive 'C:', a stream 'a:b')
    name = "".join("_" if not c.isprintable() or c in ':*?"<>|' else c for c in name)
    name = name.strip().rstrip(". ")  # Windows drops trailing dots and spaces
    if name.startswith("."):
        name = "_" + name[1:]
    if name.partition(".")[0].strip().upper() in _DEVICE_NAMES:  # CON, NUL.png: devices there
        name = "_" + name
    return _cut_name(name, _MAX_SAVED_NAME) if name else "output"


def _open_input(value: FileInput) -> Tuple[IO[bytes], str, bool]:
    """A file input -> (binary file object at its start, name, must_close).

    A str is a path here: only files.create() passes one (input strings stay values).
    """
    if isinstance(value, (str, os.PathLike)):
        return open(os.fspath(value), "rb"), _file_name(value), True
    if hasattr(value, "seekable") and value.seekable():
        value.seek(0)  # the whole file, like the official client, wherever it was left
    return value, _file_name(value), False


def _data_uri(value: FileInput) -> str:
    """A file input as `data:<mime>;base64,...` (the file is read once, in blocks)."""
    import base64
    handle, name, must_close = _open_input(value)
    try:
        parts: List[str] = []
        carry = b""
        while True:
            block = handle.read(3 * _CHUNK_SIZE)
            if isinstance(block, str):
                block = block.encode("utf-8")
            if not block:
                break
            block = carry + block
            cut = len(block) - len(block) % 3  # whole 3-byte groups encode without padding
            parts.append(base64.b64encode(block[:cut]).decode("ascii"))
            carry = block[cut:]
        parts.append(base64.b64encode(carry).decode("ascii"))
    finally:
        if must_close:
            handle.close()
    return "data:%s;base64,%s" % (_guess_type(name), "".join(parts))


def _encode_inputs(client: Client, value: Any, strategy: str, depth: int = 0) -> Any:
    """Replace every file in `value` (nested dicts and lists too) with a string."""
    if depth > _MAX_JSON_DEPTH:  # deeper than any input a model takes, or holding itself
        raise InvalidArgumentError("the input is nested deeper than %d levels (or holds itself)"
                                   % _MAX_JSON_DEPTH)
    if isinstance(value, dict):
        return {k: _encode_inputs(client, v, strategy, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode_inputs(client, v, strategy, depth + 1) for v in value]
    if isinstance(value, FileOutput):
        return value.url
    url = get_path_url(value)
    if url is not None:  # a file of use()'s output: its URL, never uploaded again
        return url
    if isinstance(value, OutputIterator):  # one model's streamed output as another's input
        return str(value) if value._concatenate else [_encode_inputs(client, v, strategy, depth + 1)
                                                      for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):  # a file's content, as a file
        import io
        value = io.BytesIO(bytes(value))
    if _is_path(value) or _is_file_like(value):
        if strategy == "base64":
            return _data_uri(value)
        return client.files.create(value).urls["get"]
    if isinstance(value, (set, frozenset)) or (hasattr(value, "__next__") and hasattr(value, "__iter__")):
        return [_encode_inputs(client, v, strategy, depth + 1) for v in value]
    return value


def _transform_output(client: Optional[Client], value: Any,
                      make: Optional[Callable[[str, Optional[Client]], Any]] = None) -> Any:
    """Turn every `https:` or `data:` URL string in an output into a FileOutput (or what
    `make` makes of it: use()'s URLPath).

    A loop over a stack rather than recursion: no nesting the JSON parser took can
    exhaust the interpreter's stack here."""
    make = FileOutput if make is None else make
    if isinstance(value, str):
        return make(value, client) if value.startswith(("https:", "data:")) else value
    if not isinstance(value, (list, dict)):
        return value
    result: Union[List[Any], Dict[Any, Any]] = [] if isinstance(value, list) else {}
    # (a list or dict of the output, the new one being filled from it)
    stack: List[Tuple[Any, Union[List[Any], Dict[Any, Any]]]] = [(value, result)]
    while stack:
        source, target = stack.pop()
        for key, item in (enumerate(source) if isinstance(source, list) else source.items()):
            if isinstance(item, (list, dict)):
                new: Any = [] if isinstance(item, list) else {}
                stack.append((item, new))
            elif isinstance(item, str) and item.startswith(("https:", "data:")):
                new = make(item, client)
            else:
                new = item
            if isinstance(target, list):
                target.append(new)
            else:
                target[key] = new
    return result


# The official `replicate.helpers` functions, for code that calls them directly.

def encode_json(obj: Any, client: Client,
                file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
    """`obj` with every file in it (nested too) made a string: uploaded, or a data URI."""
    return _encode_inputs(client, obj, file_encoding_strategy or "url")


async def async_encode_json(obj: Any, client: Client,
                            file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
    """``encode_json()`` for asyncio: uploads run in a worker thread."""
    return await _to_thread(encode_json, obj, client, file_encoding_strategy)


def base64_encode_file(file: FileInput) -> str:
    """A file (read from its start) as a `data:<mime type>;base64,...` URI."""
    return _data_uri(file)


def transform_output(value: Any, client: Client) -> Any:
    """`value` with every https: or data: URL in it (nested too) made a FileOutput."""
    return _transform_output(client, value)


class FileOutput:
    """A file a model produced: read it, iterate over its bytes, or save it.

    ``url`` is where it lives (an ``https:``/``http:`` URL or a ``data:`` URI);
    ``str(output)`` is that URL. ``read()`` returns all bytes; iterating yields them in
    blocks, in constant memory; ``save(path)`` streams to disk, atomically and
    resumably. Only http, https and data URLs are ever opened, and the API token is
    sent only to the API's own host.
    """

    def __init__(self, url: str, client: Optional[Client] = None) -> None:
        if not isinstance(url, str):
            raise TypeError("FileOutput needs a URL string, got %s" % type(url).__name__)
        scheme = url.partition(":")[0].lower()
        if scheme not in ("http", "https", "data"):
            raise ValueError("FileOutput only opens http:, https: and data: URLs; got %r"
                             % _redact_url(url))
        self.url = url
        self._client = client
        self._downloads: List[_Download] = []  # those of iterations under way, for close()

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return "FileOutput(%r)" % _redact_url(self.url)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FileOutput):
            return self.url == other.url
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.url)

    # hidden from checkers: to them it would make a FileOutput an os.PathLike, so that
    # open(output) would pass the check it fails at run time
    if not TYPE_CHECKING:
        def __fspath__(self) -> NoReturn:
            raise TypeError("a FileOutput is a URL, not a local path: use .save(path) or .read()")

    def _owner(self) -> Client:
        return self._client if self._client is not None else _default_client()

    def _data(self) -> bytes:
        import base64
        from urllib.parse import unquote_to_bytes
        header, comma, payload = self.url.partition(",")
        if not comma:
            raise InvalidArgumentError("malformed data: URI (no comma after the media type)")
        data = unquote_to_bytes(payload)  # RFC 2397: the data is percent-encoded, base64 too
        if header.lower().endswith(";base64"):
            try:
                return base64.b64decode(data, validate=True)
            except ValueError:  # binascii.Error: a character outside base64, or bad padding
                raise InvalidArgumentError("malformed data: URI: its data is not valid base64") from None
        return data

    def read(self) -> bytes:
        """All the file's bytes, held once in memory."""
        if self.url.startswith("data:"):
            return self._data()
        with self._owner()._download(self.url) as download:
            return download.read_all()

    def __iter__(self) -> Iterator[bytes]:
        """Yield the file in blocks of up to 1 MiB, never holding more than one."""
        if self.url.startswith("data:"):
            data = self._data()
            for start in range(0, len(data), _CHUNK_SIZE):
                yield data[start:start + _CHUNK_SIZE]
            return
        with self._owner()._download(self.url) as download:
            self._downloads.append(download)
            try:
                yield from download.iter_blocks()
            finally:
                if download in self._downloads:  # else close() took it already
                    self._downloads.remove(download)

    def close(self) -> None:
        """Close the downloads of iterations left unfinished (a loop that broke off early).

        read() and save() close their own; the FileOutput itself holds nothing open and can
        be read again after close(), as the official client's can."""
        while self._downloads:
            self._downloads.pop().close()

    def __enter__(self) -> FileOutput:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def aclose(self) -> None:
        """``close()`` for asyncio."""
        await _to_thread(self.close)

    async def __aenter__(self) -> FileOutput:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def save(self, path: Union[str, os.PathLike[str]],
             progress: Optional[Callable[[int, Optional[int]], object]] = None, *,
             overwrite: Optional[bool] = None) -> str:
        """Stream the file to `path` and return the path written.

        A directory as `path` (or one ending in a slash, made if missing) keeps the URL's
        file name, made safe; there an existing file is never replaced (`overwrite=None`
        is False): the file gets a fresh name (`out-1.png`), which the path returned names.
        A file as `path` is the caller's choice, replaced (`overwrite=None` is True).
        Bytes go to a temporary file of this save's own, renamed into place only once every
        byte has arrived. A download that breaks off continues where it stopped; should it
        fail, the bytes are kept in `<path>.part`, which the next save() resumes when the
        server can prove the file unchanged. `progress(done, total)` is called as bytes
        arrive (total None when unknown), about ten times a second at most, and at the end.
        Raises APIConnectionError for a failed download, FileSaveError for one that
        cannot be written.
        """
        target = os.fspath(path)
        if not isinstance(target, str):
            raise TypeError("path must be a str or os.PathLike of str; got %s" % type(target).__name__)
        try:
            if target.endswith(("/", os.sep)):
                os.makedirs(target, exist_ok=True)
            if os.path.isdir(target):
                target = os.path.join(target, self.name)
                overwrite = False if overwrite is None else overwrite
            return _save(self, target, True if overwrite is None else overwrite,
                         _Throttle(progress))
        except OSError as error:
            if isinstance(error, ReplicateException):  # a download that failed: as it is
                raise
            raise FileSaveError(error.errno, "cannot save %s: %s"
                                % (_printable(target), error.strerror or error), target) from None

    @property
    def name(self) -> str:
        """The file name at the end of the URL (``output`` for data: URIs)."""
        if self.url.startswith("data:"):
            import mimetypes
            mime = self.url[5:].split(";", 1)[0].split(",", 1)[0]
            return "output" + (mimetypes.guess_extension(mime) or "")
        from urllib.parse import urlsplit
        try:
            path = urlsplit(self.url).path
        except ValueError:  # a malformed host: the name still comes from the path
            path = self.url.partition("?")[0].partition("#")[0]
        return _safe_file_name(path.rstrip("/").rpartition("/")[2])

    async def aread(self) -> bytes:
        """``read()`` for asyncio: the blocking work runs in a thread."""
        return await _to_thread(self.read)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        iterator = iter(self)
        while True:
            # a lambda, not _to_thread(next, iterator, None): checkers cannot type that call
            block = await _to_thread(lambda: next(iterator, None))
            if block is None:
                return
            yield block


def _save(output: FileOutput, target: str, overwrite: bool, reporter: _Throttle) -> str:
    """FileOutput.save's work, once `target` is a file path."""
    directory = os.path.dirname(target) or "."
    name = os.path.basename(target)
    if output.url.startswith("data:"):
        data = output._data()
        fd, temporary = _create_temporary(directory, name)
        try:
            with open(fd, "wb") as written:
                written.write(data)
            final = _place(temporary, target, overwrite)
        except BaseException:
            _remove(temporary)
            raise
        reporter(len(data), len(data), final=True)
        return final
    import hashlib
    # the whole URL, hashed (a signed URL's query stays off the disk)
    url_sha256 = hashlib.sha256(output.url.encode("utf-8")).hexdigest()
    claimed = _claim_partial(target + ".part", directory, name, url_sha256)
    offset, validator, total = 0, None, None
    if claimed is not None:
        fd, temporary, note = claimed
        offset, validator, total = note["length"], note["validator"], note.get("total")
    else:
        fd, temporary = _create_temporary(directory, name)
    handle = open(fd, "r+b")
    download: Optional[_Download] = None
    try:
        owner = output._owner()
        try:
            download = owner._download(output.url, offset, validator)
        except ReplicateError as error:
            if error.status != 416:
                raise
            # nothing at or past the offset: the .part is the whole file, if the answer
            # proves it the same file (its validator) of the same size; else from zero
            size = (error.headers.get("Content-Range") or "").rpartition("/")[2]
            whole = (size.isdigit() and int(size) == offset and total in (None, offset)
                     and validator is not None and _validator(error.headers) == validator)
            if not whole:
                handle.seek(0)
                handle.truncate()
                download = owner._download(output.url)
        if download is not None:
            with download:
                if not download.offset:  # a fresh start, or a resume the server refused
                    handle.seek(0)
                    handle.truncate()
                handle.seek(0, os.SEEK_END)

                def restart() -> None:
                    handle.seek(0)
                    handle.truncate()

                download.on_restart = restart
                done = download.offset
                reporter(done, download.total)
                for block in download.iter_blocks():
                    handle.write(block)
                    done += len(block)
                    reporter(done, download.total)
        done = handle.tell()
        handle.close()
        final = _place(temporary, target, overwrite)
    except BaseException:
        # the bytes that arrived are kept for a later save() to resume, where the server
        # gave a validator to prove the file unchanged; else nothing is left behind
        if download is not None:
            validator, total = download.validator, download.total
        try:
            if validator and not handle.closed and handle.tell():
                handle.write(_part_trailer(url_sha256, validator, handle.tell(), total))
                handle.close()
                os.replace(temporary, target + ".part")
            else:
                handle.close()
                _remove(temporary)
        except OSError:  # the bytes cannot be kept (a full disk): the error at hand matters more
            try:
                handle.close()
            except OSError:  # its last write failed again: the file goes all the same
                pass
            _remove(temporary)
        raise
    reporter(done, done if download is None else download.total, final=True)
    return final


_PART_MAGIC = b"\nreplicate.py partial download v1\n"


def _part_trailer(url_sha256: str, validator: str, length: int, total: Optional[int]) -> bytes:
    """What a `.part` file records after its bytes: their origin, for a later resume."""
    note = _dumps({"url_sha256": url_sha256, "validator": validator, "length": length,
                   "total": total}).encode("utf-8")
    return note + b"%08x" % len(note) + _PART_MAGIC


def _claim_partial(part: str, directory: str, name: str, url_sha256: str
                   ) -> Optional[Tuple[int, str, Dict[str, Any]]]:
    """Take `part` over for this save: (fd, temporary path, its note), or None when there
    is no `.part` of this URL that can be trusted; a file that is not one is left alone.

    It is checked where it lies, opened without following a symbolic link (nor waiting on
    a FIFO): a regular file of ours with no other name (a hard link planted there would
    have a write go to another file), ending in the note of this URL. Then it is renamed,
    which is atomic, so of two saves one takes it, and the renamed file must be the one
    checked."""
    import stat
    try:
        checked = os.open(part, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
    except OSError:  # none, a symbolic link (ELOOP), unreadable: nothing of ours to resume
        return None
    try:
        info = os.fstat(checked)
        getuid = getattr(os, "geteuid", None)
        if not (stat.S_ISREG(info.st_mode) and info.st_nlink == 1
                and (getuid is None or info.st_uid == getuid())):
            return None
        note = _read_part_trailer(checked, info.st_size)
    except OSError:  # unreadable: not ours to trust
        return None
    finally:
        os.close(checked)
    if note is None or note.get("url_sha256") != url_sha256:
        return None  # another file's, or not a .part of this module: left where it is
    temporary = _temporary_name(directory, name)
    try:
        os.rename(part, temporary)
    except OSError:  # another save took it first, or it is not ours to move (sticky directory)
        return None
    try:
        fd = os.open(temporary, os.O_RDWR | _O_NOFOLLOW | _O_BINARY)
    except OSError:  # replaced between the check and the rename: not the file checked
        return None
    moved = os.fstat(fd)
    if (moved.st_dev, moved.st_ino) != (info.st_dev, info.st_ino) or moved.st_nlink != 1:
        os.close(fd)
        return None
    os.ftruncate(fd, note["length"])
    return fd, temporary, note


def _read_part_trailer(fd: int, size: int) -> Optional[Dict[str, Any]]:
    """The note _part_trailer wrote at the end of a .part file, checked, or None."""
    tail = len(_PART_MAGIC) + 8
    if size < tail:
        return None
    os.lseek(fd, size - tail, os.SEEK_SET)
    end = os.read(fd, tail)
    length = end[:8]
    if end[8:] != _PART_MAGIC or not all(c in b"0123456789abcdef" for c in length):
        return None
    note_size = int(length, 16)
    if not 0 < note_size <= 8192 or note_size > size - tail:
        return None
    os.lseek(fd, size - tail - note_size, os.SEEK_SET)
    try:
        note = _json().loads(os.read(fd, note_size))
    except ValueError:
        return None
    if not (isinstance(note, dict) and isinstance(note.get("url_sha256"), str)
            and isinstance(note.get("validator"), str) and note["validator"]
            and type(note.get("length")) is int and note["length"] == size - tail - note_size
            and (note.get("total") is None or type(note.get("total")) is int)):
        return None
    return note


def _temporary_name(directory: str, name: str) -> str:
    return os.path.join(directory, ".%s.%s.tmp" % (_cut_name(name, _MAX_SAVED_NAME), os.urandom(4).hex()))


def _create_temporary(directory: str, name: str) -> Tuple[int, str]:
    """A new file of this save's own beside the target: created exclusively, so that no
    file or symbolic link planted in a shared directory is ever written through."""
    while True:
        temporary = _temporary_name(directory, name)
        try:
            fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o666)
        except FileExistsError:  # 4 random bytes taken: draw again
            continue
        return fd, temporary


def _place(temporary: str, target: str, overwrite: bool) -> str:
    """Move a complete temporary file to `target`, or (not `overwrite`) to the first free
    name of `stem-1.ext`, `stem-2.ext`, ...: returns the path it took."""
    if overwrite:
        os.replace(temporary, target)  # a symbolic link at target is replaced, not followed
        return target
    stem, extension = os.path.splitext(target)
    for number in range(10000):
        candidate = target if number == 0 else "%s-%d%s" % (stem, number, extension)
        try:
            os.link(temporary, candidate)  # fails on any existing name, a dangling link too
        except FileExistsError:
            continue
        except (OSError, AttributeError):  # no hard links here (FAT, some network file systems)
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW, 0o666))
            except FileExistsError:
                continue
            os.replace(temporary, candidate)  # over the empty file reserved just now
            return candidate
        _remove(temporary)
        return candidate
    raise FileExistsError(17, "no free name beside it", target)  # 17: EEXIST everywhere


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:  # gone already, or never made: nothing to clean up
        pass


class _Throttle:
    """Calls progress(done, total) at most ten times a second, and always at the end."""

    def __init__(self, callback: Optional[Callable[[int, Optional[int]], object]],
                 interval: float = 0.1) -> None:
        self.callback = callback
        self.interval = interval
        self.last = 0.0

    def __call__(self, done: int, total: Optional[int], final: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if final or now - self.last >= self.interval:
            self.last = now
            self.callback(done, total)


# --- Server-sent events ---

class ServerSentEvent:
    """One event of a prediction's stream: ``event`` (output, logs, error, done),
    ``data``, ``id`` and ``retry``. ``str(event)`` is the output text (empty for others)."""

    __slots__ = ("event", "data", "id", "retry")

    event: str
    data: Union[str, FileOutput]  # an output event's URL becomes a FileOutput, as in run()
    id: Optional[str]
    retry: Optional[int]

    class EventType:
        """The event names of a prediction's stream (compare with ``event.event``)."""

        OUTPUT = "output"
        LOGS = "logs"
        ERROR = "error"
        DONE = "done"

    def __init__(self, event: str = "message", data: Union[str, FileOutput] = "",
                 id: Optional[str] = None, retry: Optional[int] = None) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry

    def __str__(self) -> str:
        return str(self.data) if self.event == "output" else ""

    def __repr__(self) -> str:
        return "ServerSentEvent(event=%r, data=%r, id=%r)" % (self.event, self.data, self.id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self.data, self.id) == (other.event, other.data, other.id)

    def json(self) -> Any:
        """The data parsed as JSON."""
        return _json().loads(self.data)


class _EventStream:
    """The iterator of a prediction's stream events; abort() breaks off a blocked read."""

    def __init__(self, client: Client, url: str, prediction: Optional[Prediction],
                 use_file_output: bool) -> None:
        self.prediction = prediction
        self.response: Optional[HTTPResponse] = None
        self.aborted = False
        # a Generator, not just an Iterator: close() needs its close()
        self._events: Generator[ServerSentEvent, None, None] = client._stream_events(
            url, prediction=prediction, use_file_output=use_file_output, holder=self)

    def __iter__(self) -> _EventStream:
        return self

    def __next__(self) -> ServerSentEvent:
        return next(self._events)

    def close(self) -> None:
        self._events.close()

    def abort(self) -> None:
        """From another thread: shut the connection of the read in progress down, so that
        the reading thread returns now rather than at the next event or its timeout."""
        self.aborted = True
        response = self.response
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            import socket
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed: the reader has returned or will at once
                pass


class _SSEDecoder:
    """Incremental parser of text/event-stream, as the WHATWG HTML standard defines it."""

    def __init__(self) -> None:
        self.event = ""
        self.data: List[str] = []
        self.size = 0  # characters of data in the event under way
        self.last_id: Optional[str] = None
        self.retry: Optional[int] = None
        self.first = True

    def feed_line(self, line: str) -> Optional[ServerSentEvent]:
        """Feed one line (without its end); return a ServerSentEvent when one completes."""
        if self.first:
            self.first = False
            line = line[1:] if line.startswith("\ufeff") else line
        if not line:
            if not self.data:  # an event with no data is not dispatched
                self.event = ""
                return None
            event = ServerSentEvent(self.event or "message", "\n".join(self.data),
                                    self.last_id, self.retry)
            self.event, self.data, self.size = "", [], 0
            return event
        if line.startswith(":"):
            return None
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "event":
            self.event = value
        elif field == "data":
            self.size += len(value) + 1
            if self.size > _MAX_SSE_EVENT:
                raise ReplicateError(title="Invalid stream", detail="an event of the stream is "
                                     "over %d MiB" % (_MAX_SSE_EVENT >> 20))
            self.data.append(value)
        elif field == "id":
            if "\0" not in value:
                self.last_id = value
        elif field == "retry":
            # ASCII digits alone, as the standard says ('²'.isdigit() is true, and int()
            # of thousands of digits raises): a longer number is as good as forever
            if value.isascii() and value.isdigit():
                self.retry = int(value) if len(value) <= 9 else 999999999
        return None


def _last_event_id(event_id: Optional[str]) -> Optional[str]:
    """An event id as a `Last-Event-ID` value: its UTF-8 bytes (http.client sends a str
    as Latin-1), or None for an id no header can carry (control characters; too long)."""
    if not event_id:
        return None
    encoded = event_id.encode("utf-8", "replace")
    if len(encoded) > 1024 or any(byte < 32 and byte != 9 or byte == 127 for byte in encoded):
        return None
    return encoded.decode("latin-1")


def _iter_lines(response: HTTPResponse) -> Iterator[str]:
    """Lines of an HTTP response body, split on CRLF, LF or CR, decoded as UTF-8.

    Linear in the bytes received: each chunk is split once, and a line that spans chunks
    is joined once, when it ends."""
    read = getattr(response, "read1", response.read)
    partial: List[bytes] = []  # the pieces of a line not ended yet
    size = 0
    after_cr = False  # the last chunk ended in CR: an LF starting the next one is its CRLF
    while True:
        chunk = read(65536)
        if not chunk:
            break
        if after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        after_cr = chunk.endswith(b"\r")
        lines = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        rest = lines.pop()  # after the last line end: a line still under way
        if lines:
            lines[0] = b"".join(partial) + lines[0]
            partial, size = [], 0
            for line in lines:
                if len(line) > _MAX_SSE_LINE:
                    raise _line_too_long()
                yield line.decode("utf-8", "replace")
        if rest:
            partial.append(rest)
            size += len(rest)
            if size > _MAX_SSE_LINE:
                raise _line_too_long()
    if partial:
        yield b"".join(partial).decode("utf-8", "replace")


def _line_too_long() -> ReplicateError:
    return ReplicateError(title="Invalid stream", detail="a line of the stream is over %d MiB"
                          % (_MAX_SSE_LINE >> 20))


# --- HTTP transport: the only code that touches urllib and sockets ---

class _Transport:
    """Sends requests through urllib's opener, keeping connections alive.

    One `http.client` connection per host and thread is kept and reused while the
    previous response on it was read to the end; a connection the server has closed
    while idle is noticed before it is used.
    """

    def __init__(self, ssl_context: Optional[ssl.SSLContext] = None) -> None:
        self.ssl_context = ssl_context  # None: the default context, made on the first https
        self._local = _thread._local()
        self._opener: Optional[urllib.request.OpenerDirector] = None
        self._lock = _thread.allocate_lock()
        # every thread's pool, weakly: a pool goes with its thread
        self._pools: Optional[weakref.WeakSet[_Pool]] = None

    def _get_opener(self) -> urllib.request.OpenerDirector:
        if self._opener is None:
            import urllib.request
            with self._lock:
                if self._opener is None:
                    opener = urllib.request.OpenerDirector()
                    opener.addheaders = []  # no "Python-urllib" User-Agent of its own
                    opener.add_handler(urllib.request.ProxyHandler())
                    opener.add_handler(_make_keepalive_handler(self))
                    self._opener = opener
        return self._opener

    def connections(self) -> _Pool:
        """This thread's pool: (https, host, tunnel) -> (connection, its last response)."""
        pool: Optional[_Pool] = getattr(self._local, "pool", None)
        if pool is None:
            import weakref
            pool = self._local.pool = _Pool()
            with self._lock:
                if self._pools is None:
                    self._pools = weakref.WeakSet()
                self._pools.add(pool)
        return pool

    def open(self, method: str, url: str, headers: Dict[str, str],
             body: Optional[Union[bytes, _MultipartBody]] = None,
             timeout: float = _READ_TIMEOUT) -> http.client.HTTPResponse:
        """Send one request; return the http.client response (any status)."""
        import urllib.request
        scheme = url.partition("://")[0].lower()
        if scheme not in ("http", "https"):
            raise ValueError("only http and https URLs are opened; got %r" % _redact_url(url))
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        response: http.client.HTTPResponse = self._get_opener().open(request, timeout=timeout)
        return response

    def watch(self, watchdog: Optional[_Watchdog]) -> None:
        """Put this thread's requests under `watchdog` (None: under none), stopping the last."""
        previous: Optional[_Watchdog] = getattr(self._local, "watchdog", None)
        if previous is not None:
            previous.stop()
        self._local.watchdog = watchdog

    def close(self) -> None:
        """Close the kept-alive connections of every thread."""
        with self._lock:
            pools = list(self._pools or ())
        for pool in pools:
            for key, (conn, response) in list(pool.items()):
                # a connection whose response is still being read belongs to that reader
                # (closing the connection would close its response): retired, and closed
                # by the reader's thread once the response is done
                pool.pop(key, None)
                pool.retire(conn, response)
            pool.sweep()


class _Watchdog:
    """Shuts a connection down when a deadline passes: a socket timeout bounds each read
    alone, so a server that sends a byte a second would hold a request past any deadline."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.fired = False
        self.conn: Optional[http.client.HTTPConnection] = None
        self._stopped = _thread.allocate_lock()
        self._stopped.acquire()
        try:
            _thread.start_new_thread(self._run, ())
        except RuntimeError:  # no thread to be had (a process at its limit): socket timeouts alone
            pass

    def _run(self) -> None:
        wait = min(max(self.at - time.monotonic(), 0.0), _thread.TIMEOUT_MAX)
        if not self._stopped.acquire(timeout=wait):
            self.fired = True
            self.cut()

    def cut(self) -> None:
        """Shut the watched connection's socket down: its reads return at once."""
        sock = getattr(self.conn, "sock", None)
        if sock is not None:
            import socket
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # closed already: nothing left to cut
                pass

    def stop(self) -> None:
        if self._stopped.locked():
            self._stopped.release()


if TYPE_CHECKING:
    #: (https, host, the proxy tunnel's host) -> (connection, the last response on it)
    _PoolBase = Dict[Tuple[bool, str, Optional[str]],
                     Tuple[http.client.HTTPConnection, Optional[http.client.HTTPResponse]]]
else:
    _PoolBase = dict


class _Pool(_PoolBase):
    """One thread's kept-alive connections (a dict subclass, so a WeakSet can hold it)."""

    # by identity: each thread's pool is one member of the set (dict declares __hash__ None)
    __hash__ = object.__hash__  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        # connections out of use whose last response may still be read: closed once it is
        self.retired: List[Tuple[http.client.HTTPConnection, Optional[http.client.HTTPResponse]]] = []

    def retire(self, conn: http.client.HTTPConnection,
               response: Optional[http.client.HTTPResponse]) -> None:
        self.retired.append((conn, response))

    def sweep(self) -> None:
        """Close the retired connections whose response is done (read, or closed)."""
        if self.retired:
            done = [(c, r) for c, r in self.retired if r is None or r.isclosed()]
            for item in done:
                try:
                    self.retired.remove(item)
                except ValueError:  # swept meanwhile by close() in another thread
                    continue
                item[0].close()

    def __del__(self) -> None:
        # the thread that kept these has ended (or its client is gone): each socket closed
        # now, rather than left to the garbage collector, which warns (ResourceWarning).
        # Not at interpreter exit: a daemon thread frozen mid-read may hold a lock close()
        # would wait for forever, and the process's end closes every socket anyway
        if sys.is_finalizing():
            return
        for conn, _ in list(self.values()) + self.retired:
            try:
                conn.close()
            except Exception:  # at interpreter exit anything may be half torn down
                pass


def _finished(response: Optional[http.client.HTTPResponse]) -> bool:
    """True if a response was read to its end, so its connection can carry another request."""
    return response is not None and response.isclosed() and not getattr(response, "_cut_short", False)


def _abandon(response: http.client.HTTPResponse) -> None:
    """Close a response before its end: its connection must not be reused."""
    if not response.isclosed():
        setattr(response, "_cut_short", True)  # a mark of ours on http.client's object
        response.close()


def _connection_is_dead(conn: http.client.HTTPConnection) -> bool:
    """True if an idle kept-alive connection has been closed by the server (or has junk)."""
    sock = conn.sock
    if sock is None:
        return False
    import select
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):  # closed or invalid socket: it cannot be reused
        return True
    return bool(readable)  # an idle connection has nothing to read unless it was closed


_KEEPALIVE_HANDLER: List[Callable[[_Transport], urllib.request.BaseHandler]] = []


def _make_keepalive_handler(transport: _Transport) -> urllib.request.BaseHandler:
    """A urllib handler for http and https that reuses connections (class made on first use)."""
    if not _KEEPALIVE_HANDLER:
        import http.client
        import io
        import urllib.request
        from urllib.error import URLError

        class TLSReader(io.RawIOBase):
            """The raw stream under an https response. The socket's own reader goes through
            three Python calls per TLS record (16 KiB at most), which costs a download about
            a tenth of its speed; this one makes one call into the TLS layer per read."""

            def __init__(self, sock: socket.socket) -> None:
                import socket
                import ssl  # both loaded already: the socket is an ssl one
                # socket.SocketIO's name for it, which _EventStream.abort finds
                self._sock: Optional[socket.socket] = sock
                self._timeout = socket.timeout
                self._ssl = ssl
                self._timed_out = False
                # a reader from the socket itself, as http.client holds: while it is open, a
                # connection closed under its response (Connection: close) keeps the socket
                self._lease = sock.makefile("rb", buffering=0)

            def fileno(self) -> int:
                return self._lease.fileno()

            def readable(self) -> bool:
                return True

            # any writable buffer: typeshed's type for one lives in _typeshed, not in the stdlib
            def readinto(self, buffer: Any) -> int:
                if self._timed_out:  # as socket.SocketIO: what the timed-out read took is lost
                    raise OSError("cannot read from timed out object")
                sock = self._sock
                if sock is None:  # as socket.SocketIO (io's own reader checks first)
                    raise ValueError("I/O operation on closed file.")
                tls = sock._sslobj  # type: ignore[attr-defined]  # SSLSocket's private TLS object
                if tls is None:  # closed or unwrapped: the socket raises what it raises
                    return sock.recv_into(buffer)
                try:
                    count: int = tls.read(len(buffer), buffer)  # into a buffer: the count read
                    return count
                except self._timeout:
                    self._timed_out = True
                    raise
                except self._ssl.SSLError as error:
                    # an end without TLS close_notify is the end, as ssl's own reader treats
                    # it; a body cut short is then caught by its length
                    ragged: bool = sock.suppress_ragged_eofs  # type: ignore[attr-defined]  # SSLSocket's
                    if error.args[0] == self._ssl.SSL_ERROR_EOF and ragged:
                        return 0
                    raise

            def close(self) -> None:
                if not self.closed:
                    self._lease.close()
                    self._sock = None  # as socket.SocketIO: a late abort() finds no socket
                super().close()

        class TLSResponse(http.client.HTTPResponse):
            def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
                super().__init__(sock, *args, **kwargs)
                if getattr(sock, "_sslobj", None) is not None:  # else keep the socket's reader
                    socket_reader = self.fp
                    self.fp = io.BufferedReader(TLSReader(sock))
                    socket_reader.close()  # nothing was read from it yet

        class KeepAliveHandler(urllib.request.AbstractHTTPHandler):
            handler_order = 400

            def __init__(self, transport: _Transport) -> None:
                super().__init__()
                self.transport = transport
                self.ssl_context: Optional[ssl.SSLContext] = transport.ssl_context

            http_request = urllib.request.AbstractHTTPHandler.do_request_
            https_request = urllib.request.AbstractHTTPHandler.do_request_

            def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self._open(req, False)

            def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self._open(req, True)

            def _new_connection(self, https: bool, host: str, timeout: float) -> http.client.HTTPConnection:
                if https:
                    if self.ssl_context is None:
                        import ssl
                        self.ssl_context = ssl.create_default_context()
                    conn = http.client.HTTPSConnection(host, timeout=timeout, context=self.ssl_context,
                                                       blocksize=_CHUNK_SIZE)
                    conn.response_class = TLSResponse
                    return conn
                return http.client.HTTPConnection(host, timeout=timeout, blocksize=_CHUNK_SIZE)

            def _open(self, req: urllib.request.Request, https: bool) -> http.client.HTTPResponse:
                host = req.host
                if not host:
                    raise URLError("no host given")
                tunnel: Optional[str] = getattr(req, "_tunnel_host")  # urllib's own: not in typeshed
                # _Transport.open always gives a timeout: None is typeshed's case alone
                timeout = _READ_TIMEOUT if req.timeout is None else req.timeout
                key = (https, host, tunnel)
                pool = self.transport.connections()
                conn, previous = pool.pop(key, (None, None))
                if conn is not None and not _finished(previous):
                    # its last response is still being read, or was cut short: not reusable
                    pool.retire(conn, previous)
                    conn = None
                pool.sweep()
                reused = False
                if conn is not None and conn.sock is not None:
                    reused = not _connection_is_dead(conn)
                    if not reused:
                        conn.close()
                if conn is None:
                    try:
                        conn = self._new_connection(https, host, min(_CONNECT_TIMEOUT, timeout))
                    except http.client.HTTPException as error:  # InvalidURL: a host it cannot parse
                        raise URLError(error) from None
                headers = dict(req.unredirected_hdrs)
                headers.update(req.headers)
                headers = {name.title(): value for name, value in headers.items()}
                if tunnel:
                    tunnel_headers: Dict[str, str] = {}
                    if "Proxy-Authorization" in headers:
                        tunnel_headers["Proxy-Authorization"] = headers.pop("Proxy-Authorization")
                    if conn.sock is None:
                        conn.set_tunnel(tunnel, headers=tunnel_headers)
                attempts = 2 if reused and req.get_method() in _IDEMPOTENT_METHODS else 1
                attempt = 0
                watchdog: Optional[_Watchdog] = getattr(self.transport._local, "watchdog", None)
                while True:  # not `for`: a checker then sees `response` bound after the loop
                    attempt += 1
                    try:
                        if conn.sock is None:
                            conn.timeout = min(_CONNECT_TIMEOUT, timeout)
                            conn.connect()
                        if watchdog is not None:
                            watchdog.conn = conn
                            if watchdog.fired:  # it fired before it knew the connection
                                watchdog.cut()
                        # pyright keeps `conn.sock is None` from above: connect() has set it
                        conn.sock.settimeout(  # pyright: ignore[reportOptionalMemberAccess]
                            None if timeout == float("inf") else timeout)
                        conn.request(req.get_method(), req.selector, req.data, headers,
                                     encode_chunked=req.has_header("Transfer-encoding"))
                        response = conn.getresponse()
                        break
                    except (http.client.RemoteDisconnected, ConnectionResetError,
                            BrokenPipeError, ConnectionAbortedError) as error:
                        # a kept-alive connection the server dropped: safe to resend only
                        # an idempotent request, once, on a fresh connection
                        conn.close()
                        if attempt >= attempts:
                            raise URLError(error) from error
                    except (OSError, http.client.HTTPException) as error:
                        # HTTPException: a reply that is not HTTP (garbage, an overlong line)
                        conn.close()
                        raise URLError(error) from error
                    except BaseException:  # Ctrl-C, a bad header value: the socket is in an unknown state
                        conn.close()
                        raise
                response.url = req.get_full_url()
                # as urllib's own do_open: its callers read `msg` as the reason phrase
                response.msg = response.reason  # type: ignore[assignment]
                if not response.will_close:
                    pool[key] = (conn, response)  # reusable once the response is read to its end
                return response

        _KEEPALIVE_HANDLER.append(KeepAliveHandler)
    return _KEEPALIVE_HANDLER[0](transport)


def _content_range(header: Optional[str]) -> Tuple[Optional[int], Optional[int], Optional[int]]:
    """'bytes A-B/N' -> (A, B, N); N is None for '*'; (None, None, None) if malformed."""
    unit, _, spec = (header or "").strip().partition(" ")
    span, _, size = spec.partition("/")
    first, _, last = span.partition("-")
    if unit != "bytes" or not (first.isdigit() and last.isdigit()) or not (size.isdigit() or size == "*"):
        return None, None, None
    if int(first) > int(last):  # an empty or backward range: no bytes at all
        return None, None, None
    return int(first), int(last), (int(size) if size.isdigit() else None)


def _validator(headers: Union[HTTPMessage, Mapping[str, str]]) -> Optional[str]:
    """What If-Range can name on a resume: a strong ETag, else the modification date."""
    etag = headers.get("ETag")
    return etag if etag and not etag.startswith("W/") else headers.get("Last-Modified")


def _rest_of(response: http.client.HTTPResponse, url: str, offset: int, validator: Optional[str],
             total: Optional[int]) -> Optional[int]:
    """The length of a 206 answer's body if it is exactly the rest of the same file from
    `offset` (its validator and Content-Range checked), else None."""
    if response.status != 206 or not validator or _validator(response.headers) != validator:
        return None
    start, end, size = _content_range(response.getheader("Content-Range"))
    if start is None or end is None or size is None or start != offset or end != size - 1:
        return None
    if total is not None and size != total:
        return None
    length = _content_length(response, url)
    if length is not None and length != end - start + 1:
        return None
    return end - start + 1


class _Download:
    """An open file download: its total size and a checked stream of its bytes.

    When the connection breaks mid-body the download continues from the byte it reached
    (Range, with the validator checked), or from zero where the server cannot resume:
    a consumer that can start over sets `on_restart`; one that cannot (bytes handed out)
    gets the new body's first bytes skipped, if it is provably the same file."""

    def __init__(self, client: Client, url: str, response: http.client.HTTPResponse,
                 offset: int = 0, length: Optional[int] = None) -> None:
        self.client = client
        self.url = url
        self.api = client._sends_token(url)
        self.response = response
        self.offset = offset  # bytes already held by the caller (0 unless a Range was honoured)
        try:
            self.length = _content_length(response, url) if length is None else length
        except APIConnectionError:
            _abandon(response)
            raise
        self.total = self.length + offset if self.length is not None else None
        self.received = 0  # bytes of the file after `offset` delivered to the consumer
        self.in_body = 0  # bytes of the current response's body read
        self.validator = _validator(response.headers)
        self.on_restart: Optional[Callable[[], object]] = None
        self.closed = False

    def __enter__(self) -> _Download:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.closed = True  # an iteration that goes on after close() must not reconnect
        _abandon(self.response)

    def iter_blocks(self) -> Iterator[bytes]:
        import http.client
        breaks = 0
        while True:
            if self.closed:
                raise APIConnectionError("download of %s was closed after %d bytes"
                                         % (_redact_url(self.url), self.offset + self.received),
                                         url=_redact_url(self.url))
            # read(n) fills one new bytes object straight from the socket (one copy on 3.11+)
            # and returns short only at the end of the body, which the length check then judges
            if self.length is not None and self.in_body >= self.length:
                return  # a body without its own framing (a 206 with no length) ends here
            want = _CHUNK_SIZE if self.length is None else min(_CHUNK_SIZE, self.length - self.in_body)
            try:
                block = self.response.read(want)
            except (OSError, http.client.HTTPException) as error:
                why = _describe(error)
            else:
                if block:
                    self.received += len(block)
                    self.in_body += len(block)
                    yield block
                    continue
                if self.length is None or self.in_body == self.length:
                    return
                why = "the body ended after %d of %d bytes" % (self.in_body, self.length)
            breaks += 1
            if breaks > _DOWNLOAD_RESUMES:
                raise APIConnectionError("download of %s failed after %d bytes: %s"
                                         % (_redact_url(self.url), self.offset + self.received, why),
                                         url=_redact_url(self.url))
            _log_retry("GET", self.url, "download broke off: %s" % why, 0)
            time.sleep(_retry_delay(breaks))
            self._continue()

    def _continue(self) -> None:
        """Open the rest of the file after a break, or the whole of it again."""
        _abandon(self.response)
        position = self.offset + self.received
        headers = {"Accept": "*/*"}
        if self.validator:  # without one, a 206 could not be told to be of the same file
            headers.update({"Range": "bytes=%d-" % position, "If-Range": self.validator})
        response = self.client._send("GET", self.url, headers=headers, api=self.api)
        rest = _rest_of(response, self.url, position, self.validator, self.total)
        if rest is not None:
            self.response, self.length, self.in_body = response, rest, 0
            return
        if response.status == 206:  # not the rest of the file asked for: the whole file
            _abandon(response)
            response = self.client._send("GET", self.url, headers={"Accept": "*/*"}, api=self.api)
        same = self.validator is not None and _validator(response.headers) == self.validator
        try:
            length = _content_length(response, self.url)
        except APIConnectionError:
            _abandon(response)
            raise
        if self.on_restart is not None:
            self.on_restart()  # the consumer drops what it holds: a fresh start
            self.response, self.length, self.in_body = response, length, 0
            self.offset = self.received = 0
            self.total, self.validator = length, _validator(response.headers)
            return
        if not same or (self.total is not None and length != self.total):
            _abandon(response)
            raise APIConnectionError("download of %s broke off after %d bytes and cannot be "
                                     "continued: the server sent the file anew, and it may have "
                                     "changed" % (_redact_url(self.url), position),
                                     url=_redact_url(self.url))
        self.response, self.length, self.in_body = response, length, 0
        self._skip(position)

    def _skip(self, count: int) -> None:
        """Read and drop the first `count` bytes of the body: bytes handed out already."""
        import http.client
        while count:
            try:
                block = self.response.read(min(count, _CHUNK_SIZE))
            except (OSError, http.client.HTTPException) as error:
                raise APIConnectionError("download of %s failed: %s"
                                         % (_redact_url(self.url), _describe(error)),
                                         url=_redact_url(self.url)) from None
            if not block:
                raise APIConnectionError("download of %s ended before the bytes already read"
                                         % _redact_url(self.url), url=_redact_url(self.url))
            count -= len(block)
            self.in_body += len(block)

    def read_all(self) -> bytes:
        import http.client
        pieces: List[bytes] = []
        self.on_restart = pieces.clear
        if self.length is not None and self.length <= _PREALLOCATE and not self.offset:
            # with a known length http.client reads straight into one bytes object of that
            # size (Python 3.10 and newer; older ones join 1 MiB pieces)
            try:
                data = self.response.read()
            except http.client.IncompleteRead as error:
                data = error.partial
            except (OSError, http.client.HTTPException):  # what was read is lost: from zero
                data = b""
            if len(data) == self.length:
                return data
            pieces.append(data)
            self.received = self.in_body = len(data)
        pieces.extend(self.iter_blocks())
        return b"".join(pieces)


def _describe(error: BaseException, secret: Optional[str] = None) -> str:
    """A short, token-free description of a low-level error."""
    import socket
    reason = getattr(error, "reason", error)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by peer"
    # http.client's errors quote what the server sent (a status line that is not HTTP)
    text = str(reason)[:300] or type(reason).__name__
    return _printable(_redact_text(text, secret))


def _redact_text(text: str, secret: Optional[str]) -> str:
    """`text` with the API token in it replaced: a gateway may echo the request's headers."""
    if secret and secret in text:
        return text.replace(secret, "[REDACTED]")
    return text


def _redact_bytes(raw: bytes, secret: Optional[str]) -> bytes:
    if secret:
        token = secret.encode("ascii")  # _token() admits printable ASCII alone
        if token in raw:
            return raw.replace(token, b"[REDACTED]")
    return raw


def _check_url(url: str) -> None:
    """Refuse a URL that urllib would reject with an error quoting it whole (user info and
    all): a malformed port, a broken IPv6 address, white space or control characters."""
    from urllib.parse import urlsplit
    problem = None
    if not url.isprintable() or " " in url:
        problem = "it holds white space or control characters"
    else:
        try:
            parts = urlsplit(url)
            parts.port
        except ValueError:  # urlsplit's own words may quote the URL: not shown
            problem = "its host or port is malformed"
        else:
            if parts.scheme.lower() not in ("http", "https"):
                problem = "only http and https URLs are opened"
            elif not parts.hostname:
                problem = "it names no host"
            elif "@" in parts.netloc:
                problem = "it holds user info (user:password@), which is never sent"
    if problem:
        raise ReplicateError(title="Invalid URL", detail="cannot open %s: %s"
                             % (_redact_url(url), problem))


def _content_length(response: http.client.HTTPResponse, url: str) -> Optional[int]:
    """The body length a response announces, or None (chunked, or none given).

    Repeated values are taken when they agree (RFC 9110); a malformed one ('+100', '1, 2')
    raises: the length is what tells a complete body from one cut short."""
    if (response.getheader("Transfer-Encoding") or "").strip().lower().endswith("chunked"):
        return None  # the chunked framing ends the body; a Content-Length beside it is void
    values = [part.strip() for line in (response.headers.get_all("Content-Length") or ())
              for part in line.split(",")]
    if not values:
        return None
    if all(value.isascii() and value.isdigit() and len(value) < 20 for value in values) \
            and len(set(int(value) for value in values)) == 1:
        if response.length is None and not response.isclosed():
            # http.client could not parse '5, 5' and would read to the connection's end
            response.length = int(values[0])
        return int(values[0])
    raise APIConnectionError("%s answered with a malformed Content-Length (%r): the body "
                             "cannot be checked for completeness"
                             % (_redact_url(url), ", ".join(values)[:100]), url=_redact_url(url))


def _framed(response: http.client.HTTPResponse) -> bool:
    """True if the body's end is known (a length, or chunks): a cut is then noticed."""
    return (response.getheader("Content-Length") is not None
            or "chunked" in (response.getheader("Transfer-Encoding") or "").lower())


def _read_api_body(method: str, url: str, response: http.client.HTTPResponse) -> bytes:
    """An API response's body, whole: at most _MAX_JSON_BODY bytes, read in pieces, so
    that neither an announced length nor an endless chunked body can exhaust memory."""
    import http.client
    length = _content_length(response, url)
    if length is not None and length > _MAX_JSON_BODY:
        _abandon(response)
        raise _too_large(method, url, response, length)
    if length is not None and length <= _CHUNK_SIZE:
        return response.read()  # one read of a known, small size: IncompleteRead if cut
    pieces: List[bytes] = []
    size = 0
    while True:
        piece = response.read(_CHUNK_SIZE)
        if not piece:
            break
        size += len(piece)
        if size > _MAX_JSON_BODY:
            _abandon(response)
            raise _too_large(method, url, response, None)
        pieces.append(piece)
    data = b"".join(pieces)
    if length is not None and size != length:
        raise http.client.IncompleteRead(data, length - size)
    return data


def _too_large(method: str, url: str, response: http.client.HTTPResponse,
               length: Optional[int]) -> ReplicateError:
    return ReplicateError(status=response.status, title="Response too large",
                          detail="the answer to %s %s is %s bytes, over the %d MiB an API "
                          "response may have" % (method, _redact_url(url),
                                                 length if length is not None else "more than that",
                                                 _MAX_JSON_BODY >> 20),
                          request_id=_request_id(response), method=method, url=url)


# --- Resources ---

if TYPE_CHECKING:
    _FieldsBase = Dict[str, Any]
    _W = TypeVar("_W", bound="_Waitable")  # reload() and cancel() give the object itself
else:
    _FieldsBase = dict


class _Fields(_FieldsBase):
    """A nested object of a response (urls, metrics, current_release, ...): a dict whose
    keys also read as attributes, as they do on the official client's models."""

    def __getattr__(self, name: str) -> Any:
        try:
            value = self[name]
        except KeyError:
            raise AttributeError(name) from None
        if type(value) is dict:
            value = self[name] = _Fields(value)
        return value


def _as_sent(value: Any) -> Any:
    """A field as the API sent it: a nested object (a model's latest_version, a collection's
    models) as its fields rather than the resource made of them."""
    if isinstance(value, _Resource):
        return {key: _as_sent(item) for key, item in value._data.items()}
    if isinstance(value, list) and any(isinstance(item, _Resource) for item in value):
        return [_as_sent(item) for item in value]
    return value


class _Resource:
    """An API object: every field that arrived is kept and readable as an attribute.

    ``dict(obj)`` gives the fields as the API sent them (updated by reload()).
    """

    _fields: Tuple[str, ...] = ()  # each subclass declares these as annotations too
    _data: Dict[str, Any]
    _client: Client

    def __init__(self, data: Optional[Mapping[str, Any]] = None, client: Optional[Client] = None,
                 **fields: Any) -> None:
        data = dict(data or {}, **fields)
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_client", client)

    # Hidden from checkers, which then see the declared fields alone: a misspelled field,
    # read or set, is their error rather than an AttributeError or a new field at run time.
    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            data = object.__getattribute__(self, "_data")
            if name in data:
                value = data[name]
                if type(value) is dict:
                    value = data[name] = _Fields(value)
                return value
            if name in type(self)._fields:
                return None
            raise AttributeError("%s has no field %r" % (type(self).__name__, name))

        def __setattr__(self, name: str, value: Any) -> None:
            if name.startswith("_"):
                object.__setattr__(self, name, value)
            else:
                self._data[name] = value

    def __iter__(self) -> Iterator[Tuple[str, Any]]:
        return iter(list(self._data.items()))

    def keys(self) -> KeysView[str]:
        return self._data.keys()

    def __getitem__(self, key: str) -> Any:
        return _as_sent(self._data[key])

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]  # unhashable: its fields change in place

    def __repr__(self) -> str:
        shown = ", ".join("%s=%r" % (k, self._data.get(k)) for k in self._fields[:3] if k in self._data)
        return "%s(%s)" % (type(self).__name__, shown)

    def dict(self) -> Dict[str, Any]:
        """The fields as a plain dict (a copy)."""
        copy: Dict[str, Any] = _json().loads(_dumps(self._data))
        return copy

    to_dict = dict

    def json(self) -> str:
        """The fields as JSON text."""
        return _dumps(self._data)

    def _update(self, data: Mapping[str, Any]) -> None:
        self._data.clear()
        self._data.update(data)


class _Waitable(_Resource):
    """What predictions and trainings share: status, polling, cancelling."""

    # Fields typed from the API's OpenAPI document. A field the API leaves out until later
    # (started_at, completed_at, metrics, ...) reads None until then, so it is Optional too.
    _fields: Tuple[str, ...] = ("id", "status", "model", "version", "input", "output", "logs",
                                "error", "metrics", "created_at", "started_at", "completed_at",
                                "urls")
    id: str
    status: PredictionStatus
    model: str  # 'owner/name'
    version: str  # a version id, or 'hidden' for an official model
    input: Dict[str, Any]
    output: Any
    logs: Optional[str]
    error: Optional[str]
    metrics: Optional[_Fields]  # predict_time, total_time, ...
    created_at: str
    started_at: Optional[str]
    completed_at: Optional[str]
    urls: _Fields  # get, cancel, stream, web
    _path = ""

    @property
    def progress(self) -> Optional[Progress]:
        """Progress parsed from tqdm-style log lines, or None."""
        return _parse_progress(self._data.get("logs"))

    def _url(self, action: str) -> str:
        url = _api_link(self._client, (self._data.get("urls") or {}).get(action))
        if url:
            return url
        suffix = "" if action == "get" else "/" + action
        return "/v1/%s/%s%s" % (self._path, _quote(_check_id(self.id, "id")), suffix)

    def reload(self) -> None:
        """Fetch the latest state from the API, in place."""
        self._update(self._client._request_json("GET", self._url("get"), expect=type(self)))

    def cancel(self: _W) -> _W:
        """Ask the API to cancel; the object takes the state the API answers with."""
        self._update(self._client._request_json("POST", self._url("cancel"), expect=type(self)))
        return self

    def wait(self: _W, timeout: Optional[float] = None,
             progress: Optional[Callable[[_W], object]] = None) -> None:
        """Poll until a terminal status (succeeded, failed, canceled, aborted).

        `timeout` (seconds) bounds the whole wait: past it PredictionTimeoutError is
        raised, and the prediction keeps running. `progress(self)` is called whenever
        the status or the logs change. Returns None, like the official client.
        """
        self._client._wait(self, timeout=timeout, progress=progress)

    async_reload = _async_twin(reload)
    async_wait = _async_twin(wait)

    # written out: a checker of code for Python 3.8/3.9 (no ParamSpec) could not keep the
    # type of `self` through _async_twin, and would see a Prediction's cancel() give Any
    async def async_cancel(self: _W) -> _W:
        """``cancel()`` for asyncio: the blocking call runs in a worker thread."""
        return await _to_thread(self.cancel)

    def __repr__(self) -> str:
        return "%s(id=%r, status=%r)" % (type(self).__name__, self._data.get("id"), self._data.get("status"))


class Prediction(_Waitable):
    """A prediction: one run of a model on some input."""

    _path = "predictions"
    _fields = _Waitable._fields + ("data_removed", "source", "deadline", "deployment")
    data_removed: bool
    source: Optional[Literal["web", "api"]]
    deadline: Optional[str]  # with `cancel_after` alone
    deployment: Optional[str]  # 'owner/name' of a deployment's prediction alone

    def output_iterator(self) -> Iterator[Any]:
        """Yield output items as they appear, while the prediction runs, then the rest."""
        return self._client._output_items(self)

    def stream(self, use_file_output: bool = True) -> Iterator[ServerSentEvent]:
        """Yield ServerSentEvents from the prediction's stream (`urls.stream`); output
        URLs in events become FileOutput unless `use_file_output=False`."""
        url = (self._data.get("urls") or {}).get("stream")
        if not url:
            raise ReplicateError(title="No stream", detail="prediction %s has no stream URL: "
                                 "the model does not stream output" % self.id)
        return _EventStream(self._client, url, self, use_file_output)

    def async_stream(self, use_file_output: bool = True) -> _AsyncIterable[ServerSentEvent]:
        return _AsyncIterable(_aiter_thread(lambda: self.stream(use_file_output)))

    def async_output_iterator(self) -> _AsyncIterable[Any]:
        return _AsyncIterable(_aiter_thread(self.output_iterator))


class Training(_Waitable):
    """A training: fine-tuning a model version into a destination model."""

    _path = "trainings"
    _fields = _Waitable._fields + ("destination", "source")
    destination: Optional[str]  # 'owner/name' of the model the new version goes to
    source: Optional[Literal["web", "api"]]

    def __init__(self, data: Optional[Mapping[str, Any]] = None, client: Optional[Client] = None,
                 **fields: Any) -> None:
        super().__init__(data, client, **fields)
        self._fill_destination()

    def _update(self, data: Mapping[str, Any]) -> None:
        super()._update(data)
        self._fill_destination()

    def _fill_destination(self) -> None:
        # as the official client: the finished training's new version names its model
        output = self._data.get("output")
        version = output.get("version") if isinstance(output, dict) else None
        model = version.partition(":")[0] if isinstance(version, str) else ""
        if model.count("/") == 1 and "" not in model.split("/"):
            self._data["destination"] = model


class Version(_Resource):
    """A version of a model: `id`, `created_at`, `cog_version`, `openapi_schema`."""

    _fields = ("id", "created_at", "cog_version", "openapi_schema")
    id: str
    created_at: str
    cog_version: Optional[str]
    openapi_schema: Optional[Dict[str, Any]]

    def predict(self, /, **input: Any) -> Any:  # an input may be named "self"
        """Run this version on `input` and return its raw output (the seeds' pipeline API).

        Deprecated in the official client in favour of run(); kept for old code. Output
        files come back as URL strings, as there.
        """
        prediction = self._client.predictions.create(version=self, input=input)
        if _output_kind(self.openapi_schema) is not None:
            return prediction.output_iterator()
        prediction.wait()
        if prediction.status != "succeeded":
            raise ModelError(prediction)
        return prediction.output

    async_predict = _async_twin(predict)


def _output_kind(schema: Any) -> Optional[Literal["iterator", "concatenate"]]:
    """'iterator' or 'concatenate' for models whose output is an iterator, else None."""
    try:
        output = schema["components"]["schemas"]["Output"]
    except (KeyError, TypeError):  # no schema, or not the shape Cog writes
        return None
    if not isinstance(output, dict) or output.get("type") != "array":
        return None
    if output.get("x-cog-array-type") != "iterator":
        return None
    return "concatenate" if output.get("x-cog-array-display") == "concatenate" else "iterator"


class Model(_Resource):
    """A model: `owner`, `name`, `description`, `visibility`, `latest_version`, ..."""

    _fields = ("url", "owner", "name", "description", "visibility", "github_url", "paper_url",
               "license_url", "run_count", "cover_image_url", "default_example",
               "latest_version")
    url: str
    owner: str
    name: str
    description: Optional[str]
    visibility: Literal["public", "private"]
    github_url: Optional[str]
    paper_url: Optional[str]
    license_url: Optional[str]
    run_count: int
    cover_image_url: Optional[str]
    default_example: Optional[Prediction]
    latest_version: Optional[Version]
    metadata: Optional[_Fields]  # a search result's alone: generated_description, tags, score

    def __init__(self, data: Optional[Mapping[str, Any]] = None, client: Optional[Client] = None,
                 **fields: Any) -> None:
        super().__init__(data, client, **fields)
        if isinstance(self._data.get("latest_version"), dict):
            self._data["latest_version"] = Version(self._data["latest_version"], client)
        if isinstance(self._data.get("default_example"), dict):
            self._data["default_example"] = Prediction(self._data["default_example"], client)

    @property
    def id(self) -> str:
        return "%s/%s" % (self.owner, self.name)

    @property
    def versions(self) -> Versions:
        return Versions(self._client, self)

    def reload(self) -> None:
        fresh = self._client.models.get(self.owner, self.name)
        self._update(fresh._data)

    def predict(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ReplicateException("Model.predict is gone from the API client: use "
                                 "replicate.run('%s', input={...})" % self.id)

    async_reload = _async_twin(reload)
    async_predict = _async_twin(predict)

    def __repr__(self) -> str:
        return "Model(owner=%r, name=%r)" % (self.owner, self.name)


class Deployment(_Resource):
    """A deployment: `owner`, `name`, `current_release`."""

    _fields = ("owner", "name", "current_release")
    owner: str
    name: str
    current_release: _Fields  # number, model, version, configuration, created_at, created_by

    @property
    def id(self) -> str:
        return "%s/%s" % (self.owner, self.name)

    @property
    def predictions(self) -> DeploymentPredictions:
        return DeploymentPredictions(self._client, self)


class File(_Resource):
    """An uploaded file: `id, name, content_type, size, etag, checksums, metadata, urls`."""

    _fields = ("id", "name", "content_type", "size", "etag", "checksums", "metadata",
               "created_at", "expires_at", "urls")
    id: str
    name: Optional[str]  # name and etag: sent by the API, though not in its OpenAPI document
    content_type: str
    size: int
    etag: Optional[str]
    checksums: _Fields  # sha256
    metadata: Dict[str, Any]
    created_at: str
    expires_at: str
    urls: _Fields  # get


class Collection(_Resource):
    """A collection of models: `slug, name, description, models`."""

    _fields = ("slug", "name", "description", "models")
    slug: str
    name: str
    description: str
    models: Optional[List[Model]]  # None in a list of collections

    def __init__(self, data: Optional[Mapping[str, Any]] = None, client: Optional[Client] = None,
                 **fields: Any) -> None:
        super().__init__(data, client, **fields)
        if isinstance(self._data.get("models"), list):
            self._data["models"] = [Model(m, client) if isinstance(m, dict) else m
                                    for m in self._data["models"]]

    # the official client iterates a collection's models, not its fields as other resources
    def __iter__(self) -> Iterator[Model]:  # type: ignore[override]
        return iter(self._data.get("models") or [])

    if TYPE_CHECKING:
        @overload
        def __getitem__(self, key: int) -> Model: ...
        @overload
        def __getitem__(self, key: slice) -> List[Model]: ...
        @overload
        def __getitem__(self, key: str) -> Any: ...

    def __getitem__(self, key: Union[int, slice, str]) -> Any:
        if isinstance(key, (int, slice)):
            return (self._data.get("models") or [])[key]
        return super().__getitem__(key)

    def __len__(self) -> int:
        return len(self._data.get("models") or [])


class Hardware(_Resource):
    """A hardware type: `sku`, `name`."""

    _fields = ("sku", "name")
    sku: str
    name: str


class Account(_Resource):
    """The account of the token: `type`, `username`, `name`, `github_url`."""

    _fields = ("type", "username", "name", "github_url")
    type: Literal["organization", "user"]
    username: str
    name: Optional[str]
    github_url: Optional[str]


class WebhookSigningSecret(_Resource):
    """The key that signs your webhooks: `key` (``whsec_...``)."""

    _fields = ("key",)
    key: str

    def __repr__(self) -> str:
        return "WebhookSigningSecret(key='whsec_...')"  # a secret is never printed


class Page(_GenericBase[_T]):
    """One page of a list: ``results``, and the ``next``/``previous`` cursors (URLs).

    Iterating a page iterates its results; ``paginate()`` walks every page.
    """

    def __init__(self, results: List[_T], next: Optional[str] = None,
                 previous: Optional[str] = None) -> None:
        self.results = results
        self.next = next
        self.previous = previous

    def __iter__(self) -> Iterator[_T]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    if TYPE_CHECKING:
        @overload
        def __getitem__(self, index: int) -> _T: ...
        @overload
        def __getitem__(self, index: slice) -> List[_T]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[_T, List[_T]]:
        return self.results[index]

    def __repr__(self) -> str:
        return "Page(results=%r, next=%r)" % (self.results, self.next)


class OutputIterator:
    """The output of a model that yields its output as it runs.

    Iterate it to get each item as soon as the model produces it. For text models
    (``x-cog-array-display: concatenate``) ``str(output)`` waits and gives the whole text.
    """

    def __init__(self, items: Iterable[Any], concatenate: bool = False) -> None:
        self._items = iter(items)
        self._seen: List[Any] = []
        self._concatenate = concatenate

    def __iter__(self) -> Iterator[Any]:
        for item in self._seen:
            yield item
        for item in self._items:
            self._seen.append(item)
            yield item

    def __getitem__(self, index: Union[int, slice]) -> Any:
        return list(iter(self))[index]  # waits for the items it needs, like a list would hold them

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __bool__(self) -> bool:  # `if output:` must not wait for the whole output, as len() would
        return True

    def __aiter__(self) -> AsyncIterator[Any]:
        return _aiter_thread(self.__iter__)

    def __await__(self) -> Generator[Any, None, Any]:
        """`await output`: the whole output once it is done (the text, for a text model)."""
        return _to_thread(lambda: str(self) if self._concatenate else list(self)).__await__()

    def __str__(self) -> str:
        items = list(iter(self))
        if self._concatenate or all(isinstance(i, str) for i in items):
            return "".join(str(i) for i in items)
        return str(items)

    def __repr__(self) -> str:
        return "OutputIterator(%s)" % ("concatenate" if self._concatenate else "iterator")


# --- Namespaces ---

def _api_link(client: Client, url: object) -> Optional[str]:
    """A link the API sent (urls.get, a page cursor), aimed at the client's base URL.

    Behind a gateway or proxy (a custom base URL) the API still names its own host; the
    request goes to the base URL instead, since the token goes to that host alone.
    """
    if not isinstance(url, str) or not url:
        return None
    if _origin(url) == _origin(client.base_url) or "://" not in url:
        return url
    path = url.partition("://")[2].partition("/")[2]
    return client.base_url + "/" + path if path.startswith("v1/") else None


class _Namespace:
    def __init__(self, client: Client) -> None:
        self._client = client

    def _page(self, path: str, cls: Callable[[Any, Client], _T],
              cursor: Optional[str] = None) -> Page[_T]:
        link = _api_link(self._client, cursor)
        if cursor and not link:
            raise ReplicateException("the API gave a page cursor on another host: %s"
                                     % _redact_url(cursor))
        data = self._client._request_json("GET", link or path)
        return _make_page(self._client, "GET", link or path, cls, data)


def _iso_time(value: object, what: str) -> Optional[str]:
    """A datetime (naive: UTC) or an ISO 8601 string -> the string a query sends."""
    if value is None or isinstance(value, str):
        return value
    import datetime  # a datetime was given: the module is loaded already
    if isinstance(value, datetime.datetime):
        offset = value.utcoffset()
        if offset is not None:
            value = value.replace(tzinfo=None) - offset
        return value.isoformat() + "Z"
    raise TypeError("%s must be a datetime or an ISO 8601 string; got %s" % (what, type(value).__name__))


def _make_page(client: Client, method: str, path: str, cls: Callable[[Any, Client], _T],
               data: Dict[str, Any]) -> Page[_T]:
    """A Page of `cls` from a list's answer, after checking its shape."""
    results = data.get("results")
    problem = None
    if not isinstance(results, list):
        problem = "a page whose results are %s, not a list" % _short_repr(results)
    else:
        for item in results:
            problem = _shape_problem(item, cls)
            if problem:
                problem = "a page holding " + problem
                break
    for field in ("next", "previous"):
        if problem is None and not isinstance(data.get(field), (str, type(None))):
            problem = "a page whose %r cursor is %s" % (field, _short_repr(data.get(field)))
    if problem:
        raise _invalid_response(method, client._url(path), None, problem)
    return Page([cls(item, client) for item in results or []],
                next=data.get("next") or None, previous=data.get("previous") or None)


def _prediction_body(client: Client, input: Optional[Dict[str, Any]],
                     params: Mapping[str, Any]) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """The JSON body and headers of a prediction create, from create()'s keyword arguments."""
    # the checks below stay: not every caller goes through a type checker
    if input is not None and not isinstance(input, dict):
        raise TypeError("input must be a dict of the model's inputs, got %s" % type(input).__name__)
    found = _non_finite(input, "input")  # checked before any file is uploaded for nothing
    if found is not None:
        raise InvalidArgumentError("%s is %r: JSON cannot carry NaN or infinity (send a finite "
                                   "number, or None)" % found)
    strategy = params.get("file_encoding_strategy") or "url"
    if strategy not in ("url", "base64"):
        raise InvalidArgumentError("file_encoding_strategy must be 'url' (upload) or 'base64'; got %r" % strategy)
    # every argument checked before any input file is uploaded for nothing
    headers: Dict[str, str] = {}
    prefer = _wait_header(params.get("wait"))
    if prefer:
        headers["Prefer"] = prefer
    if params.get("cancel_after") is not None:
        headers["Cancel-After"] = _parse_duration(params["cancel_after"])
    events = params.get("webhook_events_filter")
    if events is not None:
        events = [events] if isinstance(events, str) else list(events)
        bad = [e for e in events if e not in ("start", "output", "logs", "completed")]
        if bad:
            raise InvalidArgumentError("webhook_events_filter takes 'start', 'output', 'logs', "
                             "'completed'; got %r" % bad)
    body: Dict[str, Any] = {"input": _encode_inputs(client, input or {}, strategy)}
    if params.get("webhook") is not None:
        body["webhook"] = params["webhook"]
    if params.get("webhook_completed") is not None:
        body["webhook_completed"] = params["webhook_completed"]
    if events is not None:
        body["webhook_events_filter"] = events
    if params.get("stream"):
        body["stream"] = True
    return body, headers


class Predictions(_Namespace):
    """``replicate.predictions``: create, get, list and cancel predictions."""

    def create(self, version: Optional[Union[str, Version]] = None,
               input: Optional[Dict[str, Any]] = None, *,
               model: Optional[Union[str, Tuple[str, str], Model]] = None,
               deployment: Optional[Union[str, Tuple[str, str], Deployment]] = None,
               webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
               webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
               stream: Optional[bool] = None, wait: Optional[Wait] = None,
               cancel_after: Optional[Duration] = None,
               file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Prediction:
        """Start a prediction of a version, a model or a deployment.

        `version` is a Version, a 64-hex id or 'owner/name:id'; `model` is 'owner/name'
        (or 'owner/name:id'); `deployment` is 'owner/name'. `webhook` is called on the
        events of `webhook_events_filter` ('start', 'output', 'logs', 'completed');
        `stream=True` asks for a stream URL; `wait` (True or 1-60 s) holds the request
        until the prediction is done; `cancel_after` (seconds, or '90s', '5m') has the
        API cancel it past that; `file_encoding_strategy` sends file inputs as uploads
        ('url') or data URIs ('base64').
        """
        if sum(x is not None for x in (version, model, deployment)) != 1:
            raise InvalidArgumentError("Exactly one of 'model', 'version', or 'deployment' must be "
                                       "specified (give version=, model= or deployment=)")
        params = {"webhook": webhook, "webhook_completed": webhook_completed,
                  "webhook_events_filter": webhook_events_filter, "stream": stream, "wait": wait,
                  "cancel_after": cancel_after, "file_encoding_strategy": file_encoding_strategy}
        client = self._client
        if deployment is not None:
            owner, name = _split_owner_name(deployment, "deployment")
            return client._create_prediction(
                "/v1/deployments/%s/%s/predictions" % (_quote(owner), _quote(name)), None, input, params)
        if isinstance(model, str) and ":" in model:
            version, model = model, None
        version_id = None
        if isinstance(version, Version):
            version_id = version.id
        elif isinstance(version, str):
            version_id = _parse_ref(version)[2]
            if version_id is None:  # 'owner/name' as the version: the model's own predictions
                model = version
        elif model is None:
            raise TypeError("version must be a Version or a version id string, got %s"
                            % type(version).__name__)
        if model is not None:
            owner, name = _split_owner_name(model, "model")
            return client._create_prediction(
                "/v1/models/%s/%s/predictions" % (_quote(owner), _quote(name)), None, input, params)
        return client._create_prediction("/v1/predictions", version_id, input, params)

    def get(self, id: str) -> Prediction:
        """The prediction with this id."""
        return Prediction(self._client._request_json(
            "GET", "/v1/predictions/%s" % _quote(_check_id(id, "prediction id")),
            expect=Prediction), self._client)

    def cancel(self, id: str) -> Prediction:
        """Cancel the prediction with this id; returns it as the API answers."""
        return Prediction(self._client._request_json(
            "POST", "/v1/predictions/%s/cancel" % _quote(_check_id(id, "prediction id")),
            expect=Prediction), self._client)

    def list(self, cursor: Optional[str] = None, *,
             created_after: Optional[Union[str, datetime.datetime]] = None,
             created_before: Optional[Union[str, datetime.datetime]] = None,
             source: Optional[Literal["web"]] = None) -> Page[Prediction]:
        """A Page of your predictions, newest first; pass `page.next` as cursor for more.

        `created_after` / `created_before` bound their creation time (a datetime, naive
        meaning UTC, or an ISO 8601 string); `source="web"` keeps those made on the web."""
        if source is not None and source != "web":
            raise InvalidArgumentError("source must be 'web' (the only value the API filters "
                                       "on) or None; got %r" % (source,))
        path = "/v1/predictions" + _query({"created_after": _iso_time(created_after, "created_after"),
                                           "created_before": _iso_time(created_before, "created_before"),
                                           "source": source})
        return self._page(path, Prediction, cursor)

    async_create = _async_twin(create)
    async_get = _async_twin(get)
    async_cancel = _async_twin(cancel)
    async_list = _async_twin(list)


class Versions(_Namespace):
    """``model.versions``: the versions of one model."""

    def __init__(self, client: Client, model: Union[str, Tuple[str, str], Model]) -> None:
        super().__init__(client)
        self._owner, self._name = _split_owner_name(model)

    def _path(self, suffix: str = "") -> str:
        return "/v1/models/%s/%s/versions%s" % (_quote(self._owner), _quote(self._name), suffix)

    def get(self, id: str) -> Version:
        """The version with this id (cached: versions never change)."""
        return self._client._get_version(self._owner, self._name, _check_id(id, "version id"))

    def list(self, cursor: Optional[str] = None) -> Page[Version]:
        return self._page(self._path(), Version, cursor)

    def delete(self, id: str) -> bool:
        """Delete a version; True once the API has accepted (any 2xx)."""
        self._client._request_json("DELETE", self._path("/" + _quote(_check_id(id, "version id"))),
                                   expect=None)
        self._client._versions.pop((self._owner, self._name, id), None)
        return True

    async_get = _async_twin(get)
    async_list = _async_twin(list)
    async_delete = _async_twin(delete)


class ModelPredictions(_Namespace):
    """``replicate.models.predictions``: predictions of official models by name."""

    def create(self, model: Union[str, Tuple[str, str], Model],
               input: Optional[Dict[str, Any]] = None, *,
               webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
               webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
               stream: Optional[bool] = None, wait: Optional[Wait] = None,
               cancel_after: Optional[Duration] = None,
               file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Prediction:
        owner, name = _split_owner_name(model)
        return self._client.predictions.create(
            model=(owner, name), input=input, webhook=webhook, webhook_completed=webhook_completed,
            webhook_events_filter=webhook_events_filter, stream=stream, wait=wait,
            cancel_after=cancel_after, file_encoding_strategy=file_encoding_strategy)

    async_create = _async_twin(create)


class ModelReadme(_Namespace):
    """``replicate.models.readme``: a model's README."""

    def get(self, key: str, name: Optional[str] = None) -> str:
        """The README of 'owner/name' as Markdown text."""
        owner, name = _split_owner_name(key if name is None else (key, name))
        return self._client._request_text("GET", "/v1/models/%s/%s/readme" % (_quote(owner), _quote(name)))

    async_get = _async_twin(get)


class ModelExamples(_Namespace):
    """``replicate.models.examples``: the example predictions a model's page shows."""

    def list(self, key: str, name: Optional[str] = None, cursor: Optional[str] = None
             ) -> Page[Prediction]:
        """A Page of the examples of 'owner/name'; pass `page.next` as cursor for more."""
        owner, name = _split_owner_name(key if name is None else (key, name))
        return self._page("/v1/models/%s/%s/examples" % (_quote(owner), _quote(name)), Prediction, cursor)

    async_list = _async_twin(list)


class Models(_Namespace):
    """``replicate.models``: get, list, search, create, update and delete models."""

    @property
    def predictions(self) -> ModelPredictions:
        return ModelPredictions(self._client)

    @property
    def readme(self) -> ModelReadme:
        return ModelReadme(self._client)

    @property
    def examples(self) -> ModelExamples:
        return ModelExamples(self._client)

    def get(self, key: str, name: Optional[str] = None) -> Model:
        """`get('owner/name')` or `get('owner', 'name')`."""
        owner, name = _split_owner_name(key if name is None else (key, name))
        return Model(self._client._request_json(
            "GET", "/v1/models/%s/%s" % (_quote(owner), _quote(name))), self._client)

    def list(self, cursor: Optional[str] = None, *,
             sort_by: Optional[Literal["model_created_at", "latest_version_created_at"]] = None,
             sort_direction: Optional[Literal["asc", "desc"]] = None) -> Page[Model]:
        path = "/v1/models" + _query({"sort_by": sort_by, "sort_direction": sort_direction})
        return self._page(path, Model, cursor)

    def search(self, query: str) -> Page[Model]:
        """Models matching a free-text query (the API's QUERY /v1/models)."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidArgumentError("query must be a non-empty string")
        data = self._client._request_json("QUERY", "/v1/models", body=query.encode("utf-8"),
                                          content_type="text/plain")
        return _make_page(self._client, "QUERY", "/v1/models", Model, data)

    def create(self, owner: str, name: str, *, visibility: Literal["public", "private"],
               hardware: str, description: Optional[str] = None, github_url: Optional[str] = None,
               paper_url: Optional[str] = None, license_url: Optional[str] = None,
               cover_image_url: Optional[str] = None) -> Model:
        if visibility not in ("public", "private"):
            raise InvalidArgumentError("visibility must be 'public' or 'private'; got %r" % (visibility,))
        body = {"owner": owner, "name": name, "visibility": visibility, "hardware": hardware}
        for key, value in (("description", description), ("github_url", github_url),
                           ("paper_url", paper_url), ("license_url", license_url),
                           ("cover_image_url", cover_image_url)):
            if value is not None:
                body[key] = value
        return Model(self._client._request_json("POST", "/v1/models", json=body), self._client)

    def update(self, key: str, name: Optional[str] = None, *, description: Optional[str] = None,
               github_url: Optional[str] = None, license_url: Optional[str] = None,
               paper_url: Optional[str] = None, readme: Optional[str] = None,
               weights_url: Optional[str] = None) -> Model:
        """Change the fields given (and only those) of 'owner/name'; returns the model."""
        owner, name = _split_owner_name(key if name is None else (key, name))
        body: Dict[str, str] = {}
        for field, value in (("description", description), ("github_url", github_url),
                             ("license_url", license_url), ("paper_url", paper_url),
                             ("readme", readme), ("weights_url", weights_url)):
            if value is not None:
                if not isinstance(value, str):
                    raise TypeError("%s must be a string; got %s" % (field, type(value).__name__))
                body[field] = value
        if not body:
            raise InvalidArgumentError("update() needs at least one of description, github_url, "
                                       "license_url, paper_url, readme, weights_url")
        return Model(self._client._request_json(
            "PATCH", "/v1/models/%s/%s" % (_quote(owner), _quote(name)), json=body), self._client)

    def delete(self, key: str, name: Optional[str] = None) -> bool:
        owner, name = _split_owner_name(key if name is None else (key, name))
        self._client._request_json("DELETE", "/v1/models/%s/%s" % (_quote(owner), _quote(name)),
                                   expect=None)
        return True

    async_update = _async_twin(update)
    async_get = _async_twin(get)
    async_list = _async_twin(list)
    async_search = _async_twin(search)
    async_create = _async_twin(create)
    async_delete = _async_twin(delete)


class DeploymentPredictions(_Namespace):
    """Predictions of one deployment: ``deployment.predictions.create(input=...)``."""

    def __init__(self, client: Client,
                 deployment: Optional[Union[str, Tuple[str, str], Deployment]] = None) -> None:
        super().__init__(client)
        self._deployment = deployment

    def create(self, *args: Union[str, Tuple[str, str], Deployment, Dict[str, Any]],
               input: Optional[Dict[str, Any]] = None,
               deployment: Optional[Union[str, Tuple[str, str], Deployment]] = None,
               webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
               webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
               stream: Optional[bool] = None, wait: Optional[Wait] = None,
               cancel_after: Optional[Duration] = None,
               file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Prediction:
        """`create(input=...)` on a deployment, or `create(deployment, input=...)` on the namespace."""
        positional: List[Any] = list(args)  # (deployment, input) on the namespace, else (input,)
        if self._deployment is not None:
            if deployment is not None:
                raise TypeError("create() got multiple values for keyword argument 'deployment'")
            deployment = self._deployment
        elif deployment is None:
            if not positional:
                raise TypeError("create() needs the deployment: create('owner/name', input={...})")
            deployment = positional.pop(0)
        if positional:
            if input is not None:
                raise TypeError("input given twice")
            input = positional.pop(0)
        if positional:
            raise TypeError("create() takes the deployment and input only as positional arguments")
        return self._client.predictions.create(
            deployment=deployment, input=input, webhook=webhook,
            webhook_completed=webhook_completed, webhook_events_filter=webhook_events_filter,
            stream=stream, wait=wait, cancel_after=cancel_after,
            file_encoding_strategy=file_encoding_strategy)

    async_create = _async_twin(create)


class Deployments(_Namespace):
    """``replicate.deployments``: get, list, create, update and delete deployments."""

    @property
    def predictions(self) -> DeploymentPredictions:
        return DeploymentPredictions(self._client)

    def _path(self, owner: str, name: str) -> str:
        return "/v1/deployments/%s/%s" % (_quote(owner), _quote(name))

    def get(self, key: str, name: Optional[str] = None) -> Deployment:
        owner, name = _split_owner_name(key if name is None else (key, name), "deployment")
        return Deployment(self._client._request_json("GET", self._path(owner, name)), self._client)

    def list(self, cursor: Optional[str] = None) -> Page[Deployment]:
        return self._page("/v1/deployments", Deployment, cursor)

    def create(self, name: str, model: str, version: str, hardware: str, min_instances: int,
               max_instances: int) -> Deployment:
        body = {"name": name, "model": model, "version": version, "hardware": hardware,
                "min_instances": min_instances, "max_instances": max_instances}
        return Deployment(self._client._request_json("POST", "/v1/deployments", json=body), self._client)

    def update(self, deployment_owner: str, deployment_name: str, *, version: Optional[str] = None,
               hardware: Optional[str] = None, min_instances: Optional[int] = None,
               max_instances: Optional[int] = None) -> Deployment:
        body = {k: v for k, v in (("version", version), ("hardware", hardware),
                                  ("min_instances", min_instances),
                                  ("max_instances", max_instances)) if v is not None}
        if not body:
            raise InvalidArgumentError("update() needs at least one of version, hardware, "
                             "min_instances, max_instances")
        owner, name = _split_owner_name((deployment_owner, deployment_name), "deployment")
        return Deployment(self._client._request_json("PATCH", self._path(owner, name), json=body),
                          self._client)

    def delete(self, deployment_owner: str, deployment_name: Optional[str] = None) -> bool:
        owner, name = _split_owner_name(deployment_owner if deployment_name is None
                                        else (deployment_owner, deployment_name), "deployment")
        self._client._request_json("DELETE", self._path(owner, name), expect=None)
        return True

    async_get = _async_twin(get)
    async_list = _async_twin(list)
    async_create = _async_twin(create)
    async_update = _async_twin(update)
    async_delete = _async_twin(delete)


class Trainings(_Namespace):
    """``replicate.trainings``: create, get, list and cancel trainings."""

    def create(self, *args: Any, model: Optional[Union[str, Tuple[str, str], Model]] = None,
               version: Optional[Union[str, Version]] = None,
               input: Optional[Dict[str, Any]] = None,
               destination: Optional[Union[str, Tuple[str, str], Model]] = None,
               webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
               webhook_events_filter: Optional[Iterable[WebhookEvent]] = None) -> Training:
        """Train a version into `destination` ('owner/name').

        The version is `version='owner/name:id'`, or `model='owner/name'` with
        `version='<id>'`. Positionally, as the official client: `create('owner/name:id',
        input, destination, webhook, webhook_completed, webhook_events_filter)`, or the
        older `create(model, version, input)`.
        """
        # `args` are Any: what each holds depends on which of the two positional forms it is
        if args and isinstance(args[0], str) and ":" in args[0]:
            if len(args) > 6:
                raise TypeError("create() takes at most 6 positional arguments")
            names = ("version", "input", "destination", "webhook", "webhook_completed",
                     "webhook_events_filter")
            given = dict(zip(names, args))
            version, input = given["version"], given.get("input", input)
            destination = given.get("destination", destination)
            webhook = given.get("webhook", webhook)
            webhook_completed = given.get("webhook_completed", webhook_completed)
            webhook_events_filter = given.get("webhook_events_filter", webhook_events_filter)
        elif args:
            if len(args) > 3:
                raise TypeError("create(model, version, input) takes at most 3 positional arguments")
            padded: Tuple[Any, ...] = tuple(args) + (model, version, input)[len(args):]
            model, version, input = padded
        if destination is None:
            raise TypeError("trainings.create needs destination='owner/name'")
        if isinstance(version, Version):
            version = version.id
        owner: Optional[str] = None
        name: Optional[str] = None
        if model is not None and version is None and isinstance(model, str):
            owner, name, version = _parse_ref(model)  # 'owner/name:id' in the first place
        elif model is None and isinstance(version, str):
            owner, name, version = _parse_ref(version)
        elif model is not None:
            owner, name = _split_owner_name(model)
        if not (owner and name and version):  # name is set whenever owner is
            raise InvalidArgumentError("trainings.create needs model='owner/name' and version='<id>', "
                             "or version='owner/name:<id>'")
        body: Dict[str, Any] = {
            "destination": "%s/%s" % _split_owner_name(destination, "destination"),
            "input": _encode_inputs(self._client, input or {}, "url")}
        if webhook is not None:
            body["webhook"] = webhook
        if webhook_completed is not None:
            body["webhook_completed"] = webhook_completed
        if webhook_events_filter is not None:
            body["webhook_events_filter"] = list(webhook_events_filter)
        path = "/v1/models/%s/%s/versions/%s/trainings" % (_quote(owner), _quote(name),
                                                           _quote(_check_id(version, "version")))
        return Training(self._client._request_json("POST", path, json=body, expect=Training), self._client)

    def get(self, id: str) -> Training:
        return Training(self._client._request_json(
            "GET", "/v1/trainings/%s" % _quote(_check_id(id, "training id")),
            expect=Training), self._client)

    def list(self, cursor: Optional[str] = None) -> Page[Training]:
        return self._page("/v1/trainings", Training, cursor)

    def cancel(self, id: str) -> Training:
        return Training(self._client._request_json(
            "POST", "/v1/trainings/%s/cancel" % _quote(_check_id(id, "training id")),
            expect=Training), self._client)

    async_create = _async_twin(create)
    async_get = _async_twin(get)
    async_list = _async_twin(list)
    async_cancel = _async_twin(cancel)


class Files(_Namespace):
    """``replicate.files``: upload, get, list and delete files."""

    def create(self, file: FileInput, metadata: Optional[Dict[str, Any]] = None, *,
               filename: Optional[str] = None, content_type: Optional[str] = None) -> File:
        """Upload a path or a binary file object (streamed, never read whole into memory)."""
        return File(self._client._upload(file, metadata=metadata, filename=filename,
                                         content_type=content_type), self._client)

    def get(self, file_id: str) -> File:
        return File(self._client._request_json(
            "GET", "/v1/files/%s" % _quote(_check_id(file_id, "file id"))), self._client)

    def list(self, cursor: Optional[str] = None) -> Page[File]:
        return self._page("/v1/files", File, cursor)

    def delete(self, file_id: str) -> bool:
        self._client._request_json("DELETE", "/v1/files/%s" % _quote(_check_id(file_id, "file id")),
                                   expect=None)
        return True

    def download(self, file_id: str, *, owner: str, expiry: int, signature: str) -> FileOutput:
        """The file of a signed download link (`owner`, `expiry`, `signature` as the link's
        query has them), as a FileOutput: read, iterate or save it; nothing is fetched yet."""
        if isinstance(expiry, bool) or not isinstance(expiry, int):
            raise TypeError("expiry must be an int (a Unix time); got %s" % type(expiry).__name__)
        _check_id(owner, "owner")
        _check_id(signature, "signature")
        query = _query({"owner": owner, "expiry": expiry, "signature": signature})
        return FileOutput(self._client._url("/v1/files/%s/download%s"
                                            % (_quote(_check_id(file_id, "file id")), query)),
                          self._client)

    async_create = _async_twin(create)
    async_get = _async_twin(get)
    async_list = _async_twin(list)
    async_delete = _async_twin(delete)


class SearchResult(_Resource):
    """What ``replicate.search()`` found: ``models`` (each a Model, with the search's
    ``metadata``: generated_description, tags, score), ``collections``, ``pages`` (guides:
    href, name) and the ``query``."""

    _fields = ("query", "models", "collections", "pages")
    query: str
    models: List[Model]
    collections: List[Collection]  # each collection's `models` are 'owner/name' strings here
    pages: List[_Fields]

    def __init__(self, data: Optional[Mapping[str, Any]] = None, client: Optional[Client] = None,
                 **fields: Any) -> None:
        super().__init__(data, client, **fields)
        models = []
        for item in self._data.get("models") or []:
            if isinstance(item, dict) and isinstance(item.get("model"), dict):
                model = Model(item["model"], client)
                model._data["metadata"] = _Fields(item.get("metadata") or {})
                models.append(model)
        self._data["models"] = models
        self._data["collections"] = [Collection(c, client) for c in self._data.get("collections") or []
                                     if isinstance(c, dict)]
        self._data["pages"] = [_Fields(p) for p in self._data.get("pages") or [] if isinstance(p, dict)]

    def __repr__(self) -> str:
        return "SearchResult(query=%r, models=%d)" % (self._data.get("query"), len(self.models))


class Collections(_Namespace):
    """``replicate.collections``: curated collections of models."""

    def get(self, slug: str) -> Collection:
        return Collection(self._client._request_json(
            "GET", "/v1/collections/%s" % _quote(_check_id(slug, "collection slug"))), self._client)

    def list(self, cursor: Optional[str] = None) -> Page[Collection]:
        return self._page("/v1/collections", Collection, cursor)

    async_get = _async_twin(get)
    async_list = _async_twin(list)


class HardwareNamespace(_Namespace):
    """``replicate.hardware``: the hardware models can run on."""

    def list(self) -> List[Hardware]:
        data = self._client._request_json("GET", "/v1/hardware", expect=list)
        return [Hardware(item, self._client) for item in data]

    async_list = _async_twin(list)


class Accounts(_Namespace):
    """``replicate.accounts``: the account of the token."""

    def current(self) -> Account:
        return Account(self._client._request_json("GET", "/v1/account"), self._client)

    async_current = _async_twin(current)


class _DefaultWebhook(_Namespace):
    def secret(self) -> WebhookSigningSecret:
        """The signing secret of your webhooks (GET /v1/webhooks/default/secret)."""
        return WebhookSigningSecret(
            self._client._request_json("GET", "/v1/webhooks/default/secret"), self._client)

    async_secret = _async_twin(secret)


class Webhooks(_Namespace):
    """``replicate.webhooks``: the signing secret, and checking that a webhook is genuine."""

    @property
    def default(self) -> _DefaultWebhook:
        return _DefaultWebhook(self._client)

    @staticmethod
    def validate(request: object = None,
                 headers: Optional[Union[_HeaderItems, Iterable[Tuple[str, str]]]] = None,
                 body: Optional[Union[str, bytes, bytearray, memoryview]] = None,
                 secret: Optional[Union[str, WebhookSigningSecret]] = None,
                 tolerance: Optional[float] = 300) -> bool:
        """Check a webhook request's signature; return True or raise WebhookValidationError.

        Give `headers` (any mapping; names in any case) and `body` (bytes or str, as
        received), or a `request` with `.headers` and `.body`/`.content`/`.data`.
        `secret` is the signing secret (``whsec_...``, or the object secret() returns).
        A timestamp more than `tolerance` seconds from now is refused (None: no check).
        """
        return _validate_webhook(request, headers, body, secret, tolerance)


def _validate_webhook(request: object, headers: Any,
                      body: Optional[Union[str, bytes, bytearray, memoryview]],
                      secret: Optional[Union[str, WebhookSigningSecret]],
                      tolerance: Optional[float]) -> bool:
    import base64
    import binascii
    import hashlib
    import hmac
    if request is not None:
        if headers is not None or body is not None:
            raise WebhookValidationError("give either request or headers and body, not both")
        headers = getattr(request, "headers", None)
        for attr in ("body", "content", "data"):
            body = getattr(request, attr, None)
            if body is not None:
                break
    if secret is None:
        raise InvalidSecretKeyError("Missing webhook signing secret")
    key = secret if isinstance(secret, str) else getattr(secret, "key", None)
    if not isinstance(key, str) or not key.startswith("whsec_"):
        raise InvalidSecretKeyError("Invalid secret key format: the signing secret must be a "
                                    "string 'whsec_<base64>' (the key is not shown)")
    try:
        key_bytes = base64.b64decode(key[len("whsec_"):], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidSecretKeyError("Invalid secret key format: the signing secret's part after "
                                    "'whsec_' is not base64 (the key is not shown)") from None
    if headers is None:
        raise MissingWebhookHeaderError("Missing webhook headers")
    if tolerance is not None:
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)):
            raise TypeError("tolerance must be a number of seconds or None; got %s"
                            % type(tolerance).__name__)
        if not 0 <= tolerance < float("inf"):  # NaN would pass every timestamp
            raise InvalidArgumentError("tolerance must be a finite number of seconds, zero or "
                                       "more, or None for no check; got %r" % tolerance)
    values = _webhook_headers(headers)
    if body is None or body == b"" or body == "":
        raise MissingWebhookBodyError("Missing webhook body")
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    elif not isinstance(body, bytes):
        raise TypeError("body must be the request's raw body, as bytes or str (the signature "
                        "covers those exact bytes); got %s" % type(body).__name__)
    try:
        timestamp = int(values["webhook-timestamp"])
    except ValueError:
        raise InvalidTimestampError("Invalid webhook timestamp: webhook-timestamp is not a "
                                    "number of seconds") from None
    if tolerance is not None and abs(time.time() - timestamp) > tolerance:
        raise InvalidTimestampError("Webhook timestamp is outside the allowed tolerance of %s "
                                    "seconds (it is %d s from now)"
                                    % (tolerance, abs(time.time() - timestamp)))
    signed = ("%s.%s." % (values["webhook-id"], values["webhook-timestamp"])).encode("utf-8") + body
    expected = hmac.new(key_bytes, signed, hashlib.sha256).digest()
    # every signature of every webhook-signature line: one valid v1 signature is enough
    for entry in values["webhook-signature"].split():
        version, _, signature = entry.partition(",")
        if version != "v1":
            continue
        try:
            candidate = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):  # a malformed entry cannot match; try the next
            continue
        if hmac.compare_digest(candidate, expected):
            return True
    raise InvalidSignatureError("Webhook signature is invalid (no v1 signature in "
                                "webhook-signature matches the content)")


def _webhook_headers(headers: Any) -> Dict[str, str]:
    """webhook-id, webhook-timestamp and webhook-signature from any header collection: a
    mapping (names in any case, list values), pairs, or ASGI's pairs of bytes. Signature
    lines that repeat are joined (each holds space-separated signatures)."""
    # `headers` is Any: validate()'s, or whatever a request's .headers is; with items() or
    # an iterable of pairs (which hasattr() does not narrow to, for pyright)
    pairs: Iterable[Any] = headers.items() if hasattr(headers, "items") else headers
    found: Dict[str, List[str]] = {}
    try:
        for name, value in pairs:
            if isinstance(name, (bytes, bytearray)):
                name = bytes(name).decode("latin-1")
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, (bytes, bytearray)):
                    item = bytes(item).decode("latin-1")
                found.setdefault(str(name).strip().lower(), []).append(str(item).strip())
    except (TypeError, ValueError):  # not pairs at all
        raise TypeError("headers must be a mapping or (name, value) pairs; got %s"
                        % type(headers).__name__) from None
    values = {}
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        given = [item for item in found.get(name, []) if item]
        if not given:
            raise MissingWebhookHeaderError("Missing webhook %s (the %s header)"
                                            % (name.partition("-")[2], name))
        values[name] = " ".join(given) if name == "webhook-signature" else given[0]
    return values


# the official client's names for two namespaces
ModelsPredictions = ModelPredictions
DeploymentsPredictions = DeploymentPredictions


# --- Async helpers ---

async def _to_thread(func: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run a blocking call in the default executor (asyncio.to_thread exists only from 3.9)."""
    import asyncio
    import functools
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


async def _to_thread_or_abandon(func: Callable[[], _T],
                                on_abandon: Optional[Callable[[_T], object]] = None) -> _T:
    """``_to_thread(func)``; if the awaiting task is cancelled, `on_abandon(result)` runs
    once `func` has returned (at once if it has; else in its worker thread when it does)."""
    import asyncio
    lock = _thread.allocate_lock()
    state: Dict[str, Any] = {}  # "result" (a _T) once func returns, "abandoned" once cancelled

    def call() -> _T:
        result = func()
        with lock:
            state["result"] = result
            abandoned = state.get("abandoned")
        if abandoned and on_abandon is not None:
            on_abandon(result)
        return result

    try:
        return await _to_thread(call)
    except asyncio.CancelledError:
        with lock:
            state["abandoned"] = True
            done = "result" in state
        if done and on_abandon is not None:
            await asyncio.shield(_to_thread(on_abandon, state["result"]))
        raise


async def _aiter_thread(make_iterator: Callable[[], Iterator[_T]],
                        on_abandon: Optional[Callable[[Any], object]] = None) -> AsyncIterator[_T]:
    """An async iterator over a blocking iterator, each step in a worker thread.

    `on_abandon(iterator)` runs (in a thread) if the consumer stops before the end, even
    when it stops while `make_iterator` is still running: then as soon as it returns.
    """
    # on_abandon takes Any: it is given what make_iterator returned, often more than an
    # Iterator (an _EventStream, whose .prediction it cancels)
    iterator = await _to_thread_or_abandon(make_iterator, on_abandon)
    lock = _thread.allocate_lock()  # next() and close() of a generator must not overlap

    def step() -> List[_T]:  # [the next item], or [] at the end
        with lock:
            try:
                return [next(iterator)]
            except StopIteration:
                return []

    def close() -> None:
        with lock:
            close_iterator = getattr(iterator, "close", None)  # pyright narrows no hasattr()
            if close_iterator is not None:
                close_iterator()

    finished = False
    try:
        while True:
            item = await _to_thread(step)
            if not item:
                finished = True
                return
            yield item[0]
    finally:
        abort = getattr(iterator, "abort", None) if not finished else None
        if abort is not None:
            abort()  # a step may be blocked in a read: break it off
        if not finished and on_abandon is not None:
            _thread.start_new_thread(on_abandon, (iterator,))
        # close once any step returns, in a thread of its own, so that neither the cancelled
        # task nor a closing event loop waits for it
        _thread.start_new_thread(close, ())


class _AsyncIterable(_GenericBase[_T]):
    """An async iterator that may also be awaited first, as the official client's are:
    both ``async for x in f()`` and ``async for x in await f()`` work."""

    def __init__(self, agen: AsyncIterator[_T]) -> None:
        self._agen = agen

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._agen.__aiter__()

    def __anext__(self) -> Awaitable[_T]:
        return self._agen.__anext__()

    def __getattr__(self, name: str) -> Any:  # aclose, asend, athrow of the generator itself
        return getattr(self._agen, name)

    def __await__(self) -> Generator[Any, None, _AsyncIterable[_T]]:
        return self._itself().__await__()

    async def _itself(self) -> _AsyncIterable[_T]:
        return self


# --- Models as functions: use() ---

def get_path_url(path: Any) -> Optional[str]:
    """The URL a file of use()'s output was made from (also a FileOutput's), else None."""
    if isinstance(path, FileOutput):
        return path.url
    try:
        url = object.__getattribute__(path, "__url__")
    except AttributeError:
        return None
    return url if isinstance(url, str) else None


if TYPE_CHECKING:
    _PathLikeBase = os.PathLike[str]
else:
    _PathLikeBase = os.PathLike  # os.PathLike[str] works at run time from Python 3.9 only

_USE_DIRECTORY: List[str] = []  # made on the first download of a URLPath
_USE_DIRECTORY_LOCK = _thread.allocate_lock()


def _use_directory() -> str:
    """A directory of this process's own (mode 0700, an unpredictable name) for the files
    of use()'s outputs, removed when the process exits."""
    with _USE_DIRECTORY_LOCK:
        if not _USE_DIRECTORY:
            import atexit
            import shutil
            import tempfile
            directory = tempfile.mkdtemp(prefix="replicate-py-")
            atexit.register(shutil.rmtree, directory, True)
            _USE_DIRECTORY.append(directory)
    return _USE_DIRECTORY[0]


class URLPath(_PathLikeBase):
    """A file of a use() function's output: a path (``os.PathLike``) to a local copy,
    downloaded the first time it is opened (``open(path)``, ``os.fspath(path)``,
    ``str(path)``) with every guarantee of ``FileOutput.save()``: complete, atomic, no
    token sent to the file's host. ``get_path_url(path)`` gives the URL back, and a
    URLPath given as input to another model is sent as that URL, not uploaded again."""

    def __init__(self, url: str, client: Optional[Client] = None) -> None:
        self.__url__ = url
        self._output = FileOutput(url, client)
        self._path: Optional[str] = None
        self._lock = _thread.allocate_lock()

    def __fspath__(self) -> str:
        with self._lock:
            if self._path is None:
                # into a directory of this process alone: a name never replaces another
                self._path = self._output.save(_use_directory() + os.sep)
            return self._path

    def __str__(self) -> str:
        return self.__fspath__()

    def __repr__(self) -> str:
        return "URLPath(%r)" % _redact_url(self.__url__)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, URLPath):
            return self.__url__ == other.__url__
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__url__)


def _schema_node(schema: Dict[str, Any], node: Any) -> Optional[Dict[str, Any]]:
    """`node` of an OpenAPI schema with its `$ref` (and a single `allOf`) followed."""
    for _ in range(20):  # a chain of references, bounded: a cycle ends here
        if not isinstance(node, dict):
            return None
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = schema
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            node = target
        elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            node = node["allOf"][0]
        else:
            return node
    return None


def _path_output(client: Client, value: Any, schema: Dict[str, Any], node: Any) -> Any:
    """An output of use(): the URLs the schema calls files (`format: uri`) made URLPaths,
    in lists and objects as the schema nests them; without a schema, every URL."""
    node = _schema_node(schema, node)
    if node is None:  # no schema to follow: every URL, as run() takes them
        return _transform_output(client, value, URLPath)
    for choice in node.get("anyOf") or node.get("oneOf") or ():
        choice = _schema_node(schema, choice)
        if choice is not None and choice.get("format") == "uri" and isinstance(value, str):
            node = choice
    if isinstance(value, str):
        uri = node.get("format") == "uri" and value.startswith(("https:", "http:", "data:"))
        return URLPath(value, client) if uri else value
    if isinstance(value, list) and "items" in node:
        return [_path_output(client, item, schema, node["items"]) for item in value]
    properties = node.get("properties")
    if isinstance(value, dict) and isinstance(properties, dict):
        return {key: _path_output(client, item, schema, properties[key]) if key in properties else item
                for key, item in value.items()}
    return value


def _dereference(schema: Dict[str, Any], node: Any, depth: int = 0) -> Any:
    """A copy of `node` with every `$ref` into `schema` replaced by what it names (a
    reference deeper than 32 levels, a cycle, is kept as it is)."""
    if isinstance(node, list):
        return [_dereference(schema, item, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and depth < 32:
        target = _schema_node(schema, {"$ref": ref})
        if target is not None:
            return _dereference(schema, target, depth + 1)
    return {key: _dereference(schema, value, depth + 1) for key, value in node.items()}


class Function:
    """A model as a Python function, made by ``replicate.use("owner/name")``: call it with
    the model's inputs as keywords to run it and get its output (files as URLPath)."""

    def __init__(self, client: Client, ref: Union[str, ModelVersionIdentifier, Any],
                 streaming: bool = False) -> None:
        if isinstance(ref, ModelVersionIdentifier):
            ref = "%s/%s%s" % (ref.owner, ref.name, ":" + ref.version if ref.version else "")
        elif not isinstance(ref, str) and isinstance(getattr(ref, "name", None), str):
            ref = ref.name  # a "function reference": an object naming the model, as there
        if not isinstance(ref, str):
            raise TypeError("use() takes a model reference such as 'owner/name'; got %s"
                            % type(ref).__name__)
        self._owner, self._name, self._version_id = ModelVersionIdentifier.parse(ref)
        self._client = client
        self._streaming = streaming
        self._schema: Optional[Dict[str, Any]] = None
        self._lock = _thread.allocate_lock()

    def __repr__(self) -> str:
        return "Function(%r)" % ("%s/%s%s" % (self._owner, self._name,
                                              ":" + self._version_id if self._version_id else ""))

    def _version_schema(self) -> Dict[str, Any]:
        """The OpenAPI schema of the version this function runs (cached; {} if unknown)."""
        with self._lock:
            if self._schema is None:
                if self._version_id:
                    version: Optional[Version] = self._client._get_version(
                        self._owner, self._name, self._version_id)
                else:
                    version = self._client.models.get(self._owner, self._name).latest_version
                schema = version.openapi_schema if version is not None else None
                self._schema = schema if isinstance(schema, dict) else {}
            return self._schema

    def openapi_schema(self) -> Dict[str, Any]:
        """The version's OpenAPI schema, with its references resolved."""
        schema = self._version_schema()
        resolved: Dict[str, Any] = _dereference(schema, schema)
        return resolved

    def create(self, *args: Any, **inputs: Any) -> Run:
        """Start the model on `inputs` (keywords, as the model names them); returns a Run."""
        return self._create(args, inputs, hold=False)

    def _create(self, args: Tuple[Any, ...], inputs: Dict[str, Any], hold: bool) -> Run:
        if args:
            raise TypeError("a model's inputs are keyword arguments, as in %s(prompt=...); got "
                            "%d positional" % (self._name, len(args)))
        schema = self._version_schema()  # before the create: a failure here costs nothing
        if self._version_id:
            prediction = self._client.predictions.create(
                version="%s/%s:%s" % (self._owner, self._name, self._version_id), input=inputs,
                wait=hold)
        else:  # the model's own endpoint: its latest (or official) version runs
            prediction = self._client.predictions.create(model=(self._owner, self._name),
                                                         input=inputs, wait=hold)
        return Run(prediction, schema, self._streaming)

    def __call__(self, *args: Any, **inputs: Any) -> Any:
        """Run the model on `inputs` and return its output (an OutputIterator with
        `streaming=True`, items as they come)."""
        # a held create: a model done within a minute costs this one request
        return self._create(args, inputs, hold=not self._streaming).output()


class Run:
    """A prediction started by a use() function: ``output()`` waits for it and gives
    the output, ``logs()`` the logs so far; ``prediction`` is the Prediction itself."""

    def __init__(self, prediction: Prediction, schema: Dict[str, Any], streaming: bool = False) -> None:
        self.prediction = prediction
        self._schema = schema
        self._streaming = streaming
        self._output_node = (schema.get("components") or {}).get("schemas", {}).get("Output") \
            if isinstance(schema.get("components"), dict) else None

    def __repr__(self) -> str:
        return "Run(%r)" % (self.prediction,)

    def output(self, timeout: Optional[float] = None) -> Any:
        """The output, once the prediction succeeded (ModelError if it failed, was
        canceled or aborted; PredictionTimeoutError past `timeout`, which cancels it).
        With `streaming=True`, an OutputIterator at once, its items as the model makes
        them. Ctrl-C while it waits cancels the prediction."""
        kind = _output_kind(self._schema)
        client = self.prediction._client
        items_node = (_schema_node(self._schema, self._output_node) or {}).get("items")
        if self._streaming:
            items = (_path_output(client, item, self._schema, items_node if kind else self._output_node)
                     for item in self.prediction.output_iterator())
            return OutputIterator(items, concatenate=kind == "concatenate")
        try:
            client._wait(self.prediction, timeout=timeout)
        except (PredictionTimeoutError, KeyboardInterrupt):
            client._thread_state.at = None  # the cancel itself must not be cut short
            _cancel_quietly(self.prediction)
            raise
        if self.prediction.status != "succeeded":
            raise ModelError(self.prediction)
        output = self.prediction.output
        if kind == "concatenate" and isinstance(output, list):
            return "".join(str(item) for item in output)
        return _path_output(client, output, self._schema, self._output_node)

    def logs(self) -> Optional[str]:
        """The prediction's logs as the API has them now."""
        self.prediction.reload()
        return self.prediction.logs


class AsyncFunction:
    """``use(..., use_async=True)``: a Function whose calls are awaited."""

    def __init__(self, function: Function) -> None:
        self._function = function

    def __repr__(self) -> str:
        return "Async" + repr(self._function)

    async def __call__(self, *args: Any, **inputs: Any) -> Any:
        run = AsyncRun(await _to_thread(self._function._create, args, inputs,
                                        not self._function._streaming))
        return await run.output()

    async def create(self, *args: Any, **inputs: Any) -> AsyncRun:
        return AsyncRun(await _to_thread(self._function.create, *args, **inputs))

    async def openapi_schema(self) -> Dict[str, Any]:
        return await _to_thread(self._function.openapi_schema)


class AsyncRun:
    """A Run for asyncio: the wait happens in the event loop (asyncio.sleep between
    polls), and cancelling the awaiting task cancels the prediction."""

    def __init__(self, run: Run) -> None:
        self._run = run
        self.prediction = run.prediction

    async def output(self, timeout: Optional[float] = None) -> Any:
        import asyncio
        if self._run._streaming:
            return self._run.output()  # `async for` over it, or `await` it whole
        prediction = self.prediction
        started = time.monotonic()
        try:
            while prediction.status not in _TERMINAL_STATUSES:
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise PredictionTimeoutError("prediction %s did not finish within %g s"
                                                 % (prediction.id, timeout), prediction)
                await asyncio.sleep(prediction._client.poll_interval)
                await _to_thread(prediction.reload)
        except (asyncio.CancelledError, PredictionTimeoutError):
            await asyncio.shield(_to_thread(_cancel_quietly, prediction))
            raise
        return self._run.output()  # terminal now: no request, no wait

    async def logs(self) -> Optional[str]:
        return await _to_thread(self._run.logs)


# --- Client ---

class _ThreadDeadline:
    """Client._deadline's context manager: sets, then restores, a thread's deadline."""

    def __init__(self, local: _thread._local, at: Optional[float]) -> None:
        self.local = local
        self.at = at

    def __enter__(self) -> None:
        self.outer: Optional[float] = getattr(self.local, "at", None)
        if self.at is not None:
            self.local.at = self.at if self.outer is None else min(self.outer, self.at)

    def __exit__(self, *exc_info: object) -> None:
        self.local.at = self.outer


def _ssl_context(verify: object) -> Optional[ssl.SSLContext]:
    """Client(verify=...) -> the context for https (None: the default, made when needed).

    As httpx's `verify`, which users of the official client pass: True, a CA bundle (a
    file, or a directory of hashed certificates), or an ssl.SSLContext."""
    if verify is True:
        return None
    if verify is False:
        raise InvalidArgumentError("verify=False is not supported: certificates are always "
                                   "checked; pass verify='/path/to/ca-bundle.pem' or an "
                                   "ssl.SSLContext for a private CA")
    import ssl
    if isinstance(verify, ssl.SSLContext):
        return verify
    if not isinstance(verify, (str, os.PathLike)):
        raise TypeError("verify must be True, a CA bundle path or an ssl.SSLContext; got %s"
                        % type(verify).__name__)
    path = os.fspath(verify)
    if not isinstance(path, str) or not os.path.exists(path):
        raise InvalidArgumentError("verify=%r: no such CA bundle file or directory" % (path,))
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError) as error:  # not PEM, or unreadable: say so now, not per request
        raise InvalidArgumentError("verify=%r is not a readable CA bundle: %s" % (path, error)) from None


class _FollowedPrediction:
    """A prediction a thread waits on, as the follower knows it."""

    def __init__(self, follower: _Follower, prediction: Prediction) -> None:
        self.follower = follower
        self.prediction = prediction
        self.news = _thread.allocate_lock()  # released when a round has seen the prediction
        self.news.acquire()
        self.seen = False  # whether that round's list held it

    def wait(self, timeout: float) -> bool:
        """Until the next round (True if it updated the prediction), or `timeout`."""
        if not self.news.acquire(timeout=min(timeout, _thread.TIMEOUT_MAX)):
            return False
        return self.seen


class _Follower:
    """Follows every prediction the threads of one client wait on with one request a poll
    interval, a page of the newest predictions (full objects), rather than one GET per
    prediction: 32 threads waiting would otherwise ask 64 requests a second, past the
    API's rate limit. Alone, a wait polls its own prediction as before (no thread, no
    extra latency); a prediction the page does not hold is polled by its own thread, and
    one the page shows finished without its logs is fetched by it once."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.lock = _thread.allocate_lock()
        self.entries: Dict[int, _FollowedPrediction] = {}
        self.running = False

    def register(self, prediction: Prediction) -> _FollowedPrediction:
        entry = _FollowedPrediction(self, prediction)
        with self.lock:
            self.entries[id(entry)] = entry
            start = len(self.entries) >= 2 and not self.running
            if start:
                self.running = True
        if start:
            try:
                _thread.start_new_thread(self._follow, ())
            except RuntimeError:  # no thread to be had (a process at its limit): each polls alone
                with self.lock:
                    self.running = False
        return entry

    def unregister(self, entry: _FollowedPrediction) -> None:
        with self.lock:
            self.entries.pop(id(entry), None)

    def shared(self) -> bool:
        return self.running and len(self.entries) >= 2

    def _follow(self) -> None:
        """The follower's thread: a round a poll interval, while two or more wait."""
        try:
            while True:
                started = time.monotonic()
                with self.lock:
                    entries = list(self.entries.values())
                    if len(entries) < 2:
                        self.running = False
                        for entry in entries:  # a last waiter polls by itself from now on
                            if entry.news.locked():
                                entry.news.release()
                        return
                self._round(entries)
                time.sleep(max(self.client.poll_interval - (time.monotonic() - started), 0.0))
        except BaseException:  # the interpreter is exiting, say: the waiters poll by themselves
            with self.lock:
                self.running = False
            raise

    def _round(self, entries: List[_FollowedPrediction]) -> None:
        created = [e.prediction._data.get("created_at") for e in entries]
        oldest = min((c for c in created if isinstance(c, str)), default=None)
        wanted = {entry.prediction.id for entry in entries}
        listed: Dict[Any, Any] = {}
        # `created_after` bounds the list to what is waited on (a minute early, for clocks
        # that differ); a page is the 100 newest, full objects, and a few more pages are
        # followed only while some waited-on prediction is still missing
        link: Optional[str] = "/v1/predictions" + _query({"created_after": _minute_before(oldest)})
        # a round ends by the time its waiters stop waiting for it: a 429 on the list is not
        # slept out here (the waiters poll by themselves), nor does a slow page arrive late
        patience = max(2 * self.client.poll_interval, 1.0)
        try:
            with self.client._deadline(time.monotonic() + patience):
                for _ in range(_FOLLOWED_PAGES):
                    assert link is not None
                    page = self.client._request_json("GET", link)
                    results = page.get("results")
                    for item in results if isinstance(results, list) else []:
                        if (isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] in wanted
                                and not _shape_problem(item, Prediction)):
                            listed[item["id"]] = item
                    link = _api_link(self.client, page.get("next"))
                    if not link or wanted <= set(listed):
                        break
        except ReplicateException:  # no list this round: the waiters not seen poll by themselves
            pass
        for entry in entries:
            item = listed.get(entry.prediction.id)
            current = entry.prediction._data.get("status")
            if item is not None and (current in _TERMINAL_STATUSES or (
                    current == "processing" and item.get("status") == "starting")):
                item = None  # older than what the waiter has: never a step back
            if item is not None and item.get("status") in _TERMINAL_STATUSES and "logs" not in item:
                item = None  # the list's objects may lack the logs: the end is fetched whole
            entry.seen = item is not None
            if item is not None:
                entry.prediction._data.update(item)
            if entry.news.locked():
                entry.news.release()


def _is_create(url: str) -> bool:
    """Whether a POST to `url` creates a prediction or a training: what the API's create
    limit counts (a cancel, an upload or a new model is an other request)."""
    return url.partition("?")[0].rstrip("/").endswith(("/predictions", "/trainings"))


def _minute_before(stamp: Optional[str]) -> Optional[str]:
    """An ISO 8601 time ('2025-01-01T12:34:56.789Z') a minute earlier, or None."""
    if not stamp:
        return None
    import calendar
    try:
        seconds = calendar.timegm(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:  # not the API's format: no bound
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds - 60))


class Client:
    """A client of the Replicate API.

    ``Client(api_token=None, *, base_url=None, timeout=None, headers=None, verify=True)``:
    the token and base URL default to ``REPLICATE_API_TOKEN`` and ``REPLICATE_BASE_URL``,
    read at each request. ``timeout`` is the read timeout in seconds (default 30).
    ``verify`` is a CA bundle path or an ``ssl.SSLContext`` for https behind a private CA.
    Safe to share between threads; each thread keeps its own kept-alive connection.
    """

    def __init__(self, api_token: Optional[str] = None, *, base_url: Optional[str] = None,
                 timeout: Optional[float] = None, headers: Optional[Mapping[str, str]] = None,
                 verify: Union[bool, str, os.PathLike[str], ssl.SSLContext] = True) -> None:
        # no **kwargs: a misspelled keyword is Python's own TypeError, and a checker's error
        if api_token is not None and not isinstance(api_token, str):
            raise TypeError("api_token must be a string")
        self._api_token = api_token
        self._base_url = _normalize_base_url(base_url) if base_url else None
        if timeout is not None and not isinstance(timeout, (int, float)) and hasattr(timeout, "read"):
            # an httpx.Timeout-like object, as the official client takes: its read timeout
            timeout = getattr(timeout, "read", None) or _READ_TIMEOUT
        # infinity: no read timeout at all (a socket that waits as long as the server)
        self._timeout = _READ_TIMEOUT if timeout is None else (
            _seconds(timeout, "timeout", unlimited=True) or float("inf"))
        self._headers = dict(headers or {})
        self._transport = _Transport(_ssl_context(verify))
        self._versions: Dict[Tuple[str, str, str], Version] = {}
        # (owner, name, version id) -> _output_kind, failures included
        self._output_kinds: Dict[Tuple[str, str, str], Optional[str]] = {}
        # per thread: .at, when the run() under way must end; .on_retry, the command line's
        # notice of a retry (its status line)
        self._thread_state = _thread._local()
        self._poll_interval_set: Optional[float] = None
        self._follower: Optional[_Follower] = None  # made when a first prediction is waited on
        self._follower_lock = _thread.allocate_lock()
        self._paced_until = 0.0  # monotonic time before which no create is sent (after a 429)

    def __repr__(self) -> str:
        return "Client(base_url=%r)" % self.base_url

    @property
    def base_url(self) -> str:
        if self._base_url:
            return self._base_url
        return _normalize_base_url(_env("REPLICATE_BASE_URL") or _DEFAULT_BASE_URL)

    def _token(self) -> str:
        token = self._api_token if self._api_token is not None else _env("REPLICATE_API_TOKEN")
        token = (token or "").strip()  # a trailing newline from a secrets file is common
        if any(not 33 <= ord(char) <= 126 for char in token):
            raise ReplicateException("the API token has characters a token cannot have (white "
                                     "space, control or non-ASCII); check REPLICATE_API_TOKEN or "
                                     "api_token (the token is not shown here)")
        if not token:
            raise ReplicateException(
                "no API token: set the REPLICATE_API_TOKEN environment variable (get one at "
                "https://replicate.com/account/api-tokens) or pass Client(api_token=...)")
        return token

    def close(self) -> None:
        """Close the kept-alive connections (of every thread using this client)."""
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- namespaces --

    @property
    def predictions(self) -> Predictions:
        """Predictions namespace"""
        return Predictions(self)

    @property
    def models(self) -> Models:
        """Models namespace"""
        return Models(self)

    @property
    def deployments(self) -> Deployments:
        """Deployments namespace"""
        return Deployments(self)

    @property
    def trainings(self) -> Trainings:
        """Trainings namespace"""
        return Trainings(self)

    @property
    def files(self) -> Files:
        """Files namespace"""
        return Files(self)

    @property
    def collections(self) -> Collections:
        """Collections namespace"""
        return Collections(self)

    @property
    def hardware(self) -> HardwareNamespace:
        """Hardware namespace"""
        return HardwareNamespace(self)

    @property
    def accounts(self) -> Accounts:
        """Accounts namespace"""
        return Accounts(self)

    @property
    def webhooks(self) -> Webhooks:
        """Webhooks namespace"""
        return Webhooks(self)

    # -- requests --

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + path

    if TYPE_CHECKING:  # what `read` makes of the result
        @overload
        def _send(self, method: str, url: str, body: Optional[Union[bytes, _MultipartBody]] = None,
                  headers: Optional[Dict[str, str]] = None, timeout: Optional[float] = None,
                  api: bool = True, read: Literal[False] = False) -> http.client.HTTPResponse: ...

        @overload
        def _send(self, method: str, url: str, body: Optional[Union[bytes, _MultipartBody]] = None,
                  headers: Optional[Dict[str, str]] = None, timeout: Optional[float] = None,
                  api: bool = True, *, read: Literal[True]) -> Tuple[http.client.HTTPResponse, bytes]: ...

    def _send(self, method: str, url: str, body: Optional[Union[bytes, _MultipartBody]] = None,
              headers: Optional[Dict[str, str]] = None, timeout: Optional[float] = None,
              api: bool = True, read: bool = False
              ) -> Union[http.client.HTTPResponse, Tuple[http.client.HTTPResponse, bytes]]:
        """One HTTP exchange with retries; returns an open response with a 2xx status, or
        with `read`, (response, body bytes): a body that breaks off is then retried too."""
        # its own product token, never the official client's (whose versions it is not),
        # and the official release whose API it follows
        full_headers = {"User-Agent": _USER_AGENT}
        _check_url(url)
        private: Set[str] = set()  # headers for the API's origin alone: the token, the user's own
        secret: Optional[str] = None  # never shown, whatever the server echoes of it
        if api and _origin(url) == _origin(self.base_url):
            full_headers.update(self._headers)
            secret = self._token()
            full_headers["Authorization"] = "Bearer " + secret
            private = set(self._headers) | {"Authorization"}
        if headers:
            full_headers.update(headers)
        if api:
            full_headers.setdefault("Accept", "application/json")
        timeout = timeout or self._timeout
        deadline: Optional[float] = getattr(self._thread_state, "at", None)
        if deadline is not None:  # a run() with a deadline: no single read may outlast it
            timeout = min(timeout, max(deadline - time.monotonic(), 0.05))
        try:
            return self._exchange(method, url, full_headers, private, secret, body, timeout,
                                  deadline, read)
        finally:
            self._transport.watch(None)

    def _exchange(self, method: str, url: str, full_headers: Dict[str, str], private: Set[str],
                  secret: Optional[str], body: Optional[Union[bytes, _MultipartBody]],
                  timeout: float, deadline: Optional[float], read: bool
                  ) -> Union[http.client.HTTPResponse, Tuple[http.client.HTTPResponse, bytes]]:
        """_send's loop of attempts, redirects and retries."""
        # a create is re-sent only where it provably did not reach the API (429, or a refused
        # connection): retrying after anything else could start the prediction twice
        idempotent = method in _IDEMPOTENT_METHODS
        rewindable = body is None or isinstance(body, bytes) or hasattr(body, "rewind")
        attempt = 0
        redirects = 0
        while True:
            attempt += 1
            if method == "POST" and self._paced_until > time.monotonic() and _is_create(url):
                # another thread's create was answered 429 just now: wait as it was told to,
                # rather than spend a request on a refusal
                self._pause_to_retry(method, url, "creates paced after a 429",
                                     self._paced_until - time.monotonic())
            started = time.monotonic()
            watchdog = None
            if deadline is not None:
                # a total bound, also against a server that sends a byte a second
                # (a request sent at the deadline gets the 50 ms its read timeout has too)
                watchdog = _Watchdog(max(deadline, started + 0.05))
                self._transport.watch(watchdog)
            try:
                response = self._transport.open(method, url, full_headers, body, timeout)
            except OSError as error:  # URLError, timeouts, resets: all OSError subclasses
                if deadline is not None and time.monotonic() >= deadline:
                    raise PredictionTimeoutError(
                        "the deadline passed during %s %s (%s)"
                        % (method, _redact_url(url), _describe(error, secret))) from None
                reason = getattr(error, "reason", error)
                refused = isinstance(reason, ConnectionRefusedError)
                ssl = sys.modules.get("ssl")
                # a certificate that does not verify will not verify on a retry either
                lasting = ssl is not None and isinstance(reason, ssl.SSLCertVerificationError)
                if rewindable and (idempotent or refused) and not lasting and attempt <= _MAX_RETRIES:
                    if isinstance(body, _MultipartBody):
                        body.rewind()
                    self._pause_to_retry(method, url, "error: %s" % _describe(error, secret),
                                         _retry_delay(attempt))
                    continue
                raise APIConnectionError("%s %s failed: %s"
                                         % (method, _redact_url(url), _describe(error, secret)),
                                         url=_redact_url(url)) from None
            if watchdog is not None and watchdog.fired and not _framed(response):
                # cut off by the watchdog within the headers: a body of unknown length follows
                _abandon(response)
                raise PredictionTimeoutError("the deadline passed while the answer to %s %s arrived"
                                             % (method, _redact_url(url)))
            status = response.status
            _log_request(method, url, status, started, response)
            if status in (301, 302, 303, 307, 308) and method in ("GET", "HEAD"):
                location = response.getheader("Location")
                _drain(response)
                if not location or redirects >= _MAX_REDIRECTS:
                    raise APIConnectionError("too many or empty redirects from %s" % _redact_url(url))
                from urllib.parse import urljoin
                new_url = urljoin(url, location)
                if new_url.partition("://")[0].lower() not in ("http", "https"):
                    raise APIConnectionError("refusing a redirect to a non-http URL: %s" % _redact_url(new_url))
                if _origin(new_url) != _origin(url):
                    for name in private:
                        full_headers.pop(name, None)
                url = new_url
                redirects += 1
                attempt -= 1
                continue
            if 200 <= status < 300:
                if not read:
                    return response
                import http.client
                try:
                    raw = _read_api_body(method, url, response)
                except (OSError, http.client.HTTPException) as error:
                    _abandon(response)
                    if deadline is not None and time.monotonic() >= deadline:
                        raise PredictionTimeoutError("the deadline passed while the answer to %s %s "
                                                     "arrived" % (method, _redact_url(url))) from None
                    if idempotent and attempt <= _MAX_RETRIES:
                        self._pause_to_retry(method, url, "body broke off: %s" % _describe(error, secret),
                                             _retry_delay(attempt))
                        continue
                    raise APIConnectionError("%s %s: the response broke off: %s"
                                             % (method, _redact_url(url), _describe(error, secret)),
                                             url=_redact_url(url)) from None
                if watchdog is not None and watchdog.fired and not _framed(response):
                    # a body that ends at the close: the watchdog's close may have ended it
                    raise PredictionTimeoutError("the deadline passed while the answer to %s %s "
                                                 "arrived" % (method, _redact_url(url)))
                return response, _redact_bytes(raw, secret)
            retryable = status in _RETRY_STATUSES and (idempotent or status == 429)
            if retryable and rewindable and attempt <= _MAX_RETRIES:
                delay = _retry_delay(attempt, response.getheader("Retry-After"))
                if status == 429 and method == "POST" and _is_create(url):  # the account's create limit
                    self._paced_until = max(self._paced_until, time.monotonic() + delay)
                _drain(response)
                if isinstance(body, _MultipartBody):
                    body.rewind()
                self._pause_to_retry(method, url, "status %d" % status, delay)
                continue
            raise _error_from_response(method, url, response, secret)

    def _pause_to_retry(self, method: str, url: str, why: str, delay: float) -> None:
        """Sleep before a retry, unless that would pass the deadline of the run() under way."""
        deadline: Optional[float] = getattr(self._thread_state, "at", None)
        if deadline is not None and time.monotonic() + delay >= deadline:
            raise PredictionTimeoutError("the deadline would pass before %s %s could be retried (%s)"
                                         % (method, _redact_url(url), why))
        _log_retry(method, url, why, delay)
        notice = getattr(self._thread_state, "on_retry", None)  # the command line's status line
        if notice is not None:
            notice(why, delay)
        time.sleep(delay)

    def _request_json(self, method: str, path: str, json: Any = None, body: Optional[bytes] = None,
                      content_type: Optional[str] = None, headers: Optional[Dict[str, str]] = None,
                      timeout: Optional[float] = None, expect: Any = dict) -> Any:
        """A request to the API; returns the decoded JSON body, checked to be an `expect`
        (dict, list, or a resource class: a JSON object with that resource's key fields;
        None: anything, an empty body too)."""
        headers = dict(headers or {})
        if json is not None:
            body = _request_body(json)
            content_type = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        url = self._url(path)
        response, raw = self._send(method, url, body, headers, timeout, read=True)
        data = _parse_json(method, url, response, raw)
        if expect is not None:
            problem = _shape_problem(data, expect)
            if problem:
                raise _invalid_response(method, url, response, problem, raw)
        return data

    def _sends_token(self, url: str) -> bool:
        """Whether a download from `url` carries the token: on the API's host alone, and
        not to a signed link (files.download) when no token is set, which it does not need."""
        if _origin(url) != _origin(self.base_url):
            return False
        if "signature=" in url.partition("?")[2]:
            token = self._api_token if self._api_token is not None else _env("REPLICATE_API_TOKEN")
            return bool(token and token.strip())
        return True

    def _request_text(self, method: str, path: str) -> str:
        """A request to the API whose answer is text (a README): the body, decoded."""
        url = self._url(path)
        response, raw = self._send(method, url, headers={"Accept": "text/plain, text/markdown, */*"},
                                   read=True)
        charset = response.headers.get_content_charset() or "utf-8"
        try:
            return raw.decode(charset, "replace")
        except LookupError:  # a charset Python does not know
            return raw.decode("utf-8", "replace")

    def _download(self, url: str, offset: int = 0, validator: Optional[str] = None) -> _Download:
        """Open a file download (token only to the API host). With `offset`, ask for the
        rest (`Range`, `If-Range` with the validator seen before): the download's own
        offset is 0 when the server sent the whole file instead."""
        headers = {"Accept": "*/*"}
        if offset and validator:
            headers.update({"Range": "bytes=%d-" % offset, "If-Range": validator})
        api = self._sends_token(url)
        response = self._send("GET", url, headers=headers, api=api)
        if offset and validator:
            rest = _rest_of(response, url, offset, validator, None)
            if rest is not None:
                return _Download(self, url, response, offset, rest)
            if response.status == 206:  # not the rest of the file asked for: the whole file
                _abandon(response)
                response = self._send("GET", url, headers={"Accept": "*/*"}, api=api)
        return _Download(self, url, response)

    def _upload(self, file: FileInput, metadata: Any = None, filename: Optional[str] = None,
                content_type: Optional[str] = None) -> Any:
        """POST /v1/files as multipart/form-data, streamed from the file."""
        import uuid
        if filename is not None and (not isinstance(filename, str) or not filename
                                     or len(filename.encode("utf-8", "replace")) > _MAX_FILE_NAME):
            raise InvalidArgumentError("filename must be a non-empty str of at most %d bytes in UTF-8 "
                             "(the files API's limit); got %r" % (_MAX_FILE_NAME, filename))
        handle, name, must_close = _open_input(file)
        try:
            name = filename or name
            mime = content_type or _guess_type(name)
            boundary = "replicate-py-" + uuid.uuid4().hex
            quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")
            head = ("--%s\r\nContent-Disposition: form-data; name=\"content\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, quoted, mime)).encode("utf-8")
            tail = b"\r\n"
            fields = [("filename", name), ("type", mime)]
            if metadata is not None:
                fields.append(("metadata", _dumps(metadata)))
            for field, value in fields:
                tail += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                         % (boundary, field, value)).encode("utf-8")
            tail += ("--%s--\r\n" % boundary).encode("ascii")
            body = _MultipartBody(head, handle, tail)
            headers = {"Content-Type": "multipart/form-data; boundary=%s" % boundary,
                       "Content-Length": str(body.length)}
            url = self._url("/v1/files")
            response, raw = self._send("POST", url, body, headers, timeout=max(self._timeout, 120.0),
                                       read=True)
            data = _parse_json("POST", url, response, raw)
            problem = _shape_problem(data, dict)
            if problem:
                raise _invalid_response("POST", url, response, problem, raw)
            return data
        finally:
            if must_close:
                handle.close()

    # -- predictions --

    def _create_prediction(self, path: str, version_id: Optional[str], input: Optional[Dict[str, Any]],
                           params: Dict[str, Any]) -> Prediction:
        body, headers = _prediction_body(self, input, params)
        if version_id is not None:
            body["version"] = version_id
        deadline: Optional[float] = getattr(self._thread_state, "at", None)
        if deadline is not None:  # a run() with a deadline, some of it spent on uploads
            left = deadline - time.monotonic()
            if left <= 0:
                raise PredictionTimeoutError("the deadline passed before the prediction was "
                                             "created (its input files were being uploaded)")
            if "Prefer" in headers:
                # never a hold past the deadline, and a second left for the answer to arrive
                hold = min(float(headers["Prefer"].partition("=")[2] or _MAX_WAIT), left - 1)
                if hold >= 1:
                    headers["Prefer"] = "wait=%d" % hold
                else:
                    del headers["Prefer"]
            # the server ends the prediction by itself should run() be unable to cancel it:
            # the create's answer lost at the deadline, the process killed
            headers.setdefault("Cancel-After", _parse_duration(max(left, _MIN_CANCEL_AFTER)))
        timeout = self._timeout
        if "Prefer" in headers:
            # the API holds a waiting request up to its wait: the read must outlast it
            wait = headers["Prefer"].partition("=")[2]
            timeout = max(timeout, float(wait or _MAX_WAIT) + 15.0)
        sent = time.time()
        try:
            data = self._request_json("POST", path, json=body, headers=headers, timeout=timeout,
                                      expect=Prediction)
        except KeyboardInterrupt:
            # Ctrl-C before the answer came (a held create, say): the prediction may run,
            # and only the API knows its id
            raise self._interrupted_create(path, body, sent) from None
        return Prediction(data, self)

    def _interrupted_create(self, path: str, body: Dict[str, Any], sent: float) -> KeyboardInterrupt:
        """Find the prediction an interrupted create made, and cancel it: the one, among
        those created since just before the create, of the same model and input."""
        self._thread_state.at = None  # the search must not be cut short by the run's deadline
        owner_name = path.split("/")[3:5] if path.startswith(("/v1/models/", "/v1/deployments/")) else []
        matches: List[Prediction] = []
        try:
            for attempt in range(2):  # a create still on its way is seen at the second look
                page = self.predictions.list(created_after=time.strftime(
                    "%Y-%m-%dT%H:%M:%SZ", time.gmtime(sent - 10)))  # 10 s: the clocks may differ
                matches = [p for p in page if p.status not in _TERMINAL_STATUSES
                           and p.input == body.get("input")
                           and (p.version == body["version"] if "version" in body
                                else not owner_name or p.model == "/".join(owner_name)
                                or p.deployment == "/".join(owner_name))]
                if matches:
                    break
                time.sleep(0.5)
        except ReplicateException as error:
            return KeyboardInterrupt("interrupted while the prediction was being created, and "
                                     "it could not be looked up (%s): it may be running; see "
                                     "replicate.predictions.list()" % error)
        if len(matches) == 1:
            _cancel_quietly(matches[0])
            return KeyboardInterrupt("interrupted while the prediction was being created: "
                                     "prediction %s was canceled" % matches[0].id)
        if not matches:
            return KeyboardInterrupt("interrupted while the prediction was being created: none "
                                     "was found running (it was not created)")
        return KeyboardInterrupt("interrupted while the prediction was being created: these "
                                 "predictions of the same input may still run: %s"
                                 % ", ".join(p.id for p in matches))

    def _get_version(self, owner: str, name: str, version_id: str) -> Version:
        key = (owner, name, version_id)
        version = self._versions.get(key)
        if version is None:
            version = Version(self._request_json("GET", "/v1/models/%s/%s/versions/%s"
                                                 % (_quote(owner), _quote(name), _quote(version_id))), self)
            self._versions[key] = version
        return version

    @property
    def poll_interval(self) -> float:
        """Seconds between polls: REPLICATE_POLL_INTERVAL (read each time) until set."""
        return self._poll_interval_set if self._poll_interval_set is not None else _poll_interval()

    @poll_interval.setter
    def poll_interval(self, seconds: Optional[float]) -> None:
        self._poll_interval_set = None if seconds is None else _seconds(seconds, "poll_interval")

    def _deadline(self, at: Optional[float]) -> _ThreadDeadline:
        """`with client._deadline(monotonic_time):` every request this thread sends inside
        ends by then (or by an enclosing deadline, if sooner). None: no deadline of its own."""
        return _ThreadDeadline(self._thread_state, at)

    def _wait(self, prediction: _Waitable, timeout: Optional[float] = None,
              progress: Optional[Callable[[Any], object]] = None, started: Optional[float] = None) -> None:
        """Poll until terminal; `timeout` counts from `started` (default: now) and bounds
        the polls' retries and reads too."""
        if timeout is not None:
            timeout = _seconds(timeout, "timeout", unlimited=True)
        deadline = None if timeout is None else (started or time.monotonic()) + timeout
        try:
            with self._deadline(deadline):
                self._poll(prediction, deadline, timeout, progress)
        except PredictionTimeoutError as error:
            if error.prediction is None:
                error.prediction = prediction
            raise

    def _poll(self, prediction: _Waitable, deadline: Optional[float], timeout: Optional[float],
              progress: Optional[Callable[[Any], object]]) -> None:
        if not isinstance(prediction, Prediction) or not prediction.id:
            self._poll_alone(prediction, deadline, timeout, progress, None)
            return
        # several threads waiting at once are followed together, by one list request
        with self._follower_lock:
            if self._follower is None:
                self._follower = _Follower(self)
            follower = self._follower
        entry = follower.register(prediction)
        try:
            self._poll_alone(prediction, deadline, timeout, progress, entry)
        finally:
            follower.unregister(entry)

    def _poll_alone(self, prediction: _Waitable, deadline: Optional[float], timeout: Optional[float],
                    progress: Optional[Callable[[Any], object]], entry: Optional[_FollowedPrediction]) -> None:
        interval = self.poll_interval
        last_seen: Optional[Tuple[str, Optional[str], str]] = None
        next_poll = time.monotonic() + interval
        while True:
            status = prediction.status
            if progress is not None:
                seen = (status, prediction.logs, _dumps(prediction.output))
                if seen != last_seen:
                    last_seen = seen
                    progress(prediction)
            if status in _TERMINAL_STATUSES:
                return
            now = time.monotonic()
            if deadline is not None and timeout is not None and deadline <= now:
                raise PredictionTimeoutError(
                    "%s %s did not finish within %g s (status %s)"
                    % (type(prediction).__name__.lower(), prediction.id, timeout, status), prediction)
            if entry is not None and entry.follower.shared():
                # news from the follower's next list; its own GET only if the list missed it
                wait = max(2 * interval, 1.0)
                if deadline is not None:
                    wait = min(wait, max(deadline - now, 0.0))
                if not entry.wait(wait) and (deadline is None or time.monotonic() < deadline):
                    prediction.reload()
                next_poll = time.monotonic() + interval
                continue
            # polls keep to a fixed schedule: the request's own time is not added to the interval
            pause = next_poll - now
            if deadline is not None:
                pause = min(pause, deadline - now)
            if pause > 0:
                time.sleep(pause)
            next_poll = max(next_poll + interval, time.monotonic())
            prediction.reload()

    def _output_items(self, prediction: Prediction) -> Iterator[Any]:
        """Yield a prediction's output items as they appear (for iterator models); Ctrl-C
        while it waits for them cancels the prediction, as in run()."""
        try:
            url = self._item_stream_url(prediction)
            if url is None:
                yield from self._poll_items(prediction)
                return
            # each item as the model emits it, from the prediction's event stream: no polls
            items: List[Any] = []
            for event in _EventStream(self, url, prediction, use_file_output=False):
                if event.event == "output":
                    items.append(event.data)
                    yield event.data
            if prediction.status not in _TERMINAL_STATUSES:
                # `done` without a reason: it succeeded, with these items (a reload would
                # cost a request for what the stream said)
                prediction._data.update(status="succeeded", output=items)
        except KeyboardInterrupt:
            _cancel_quietly(prediction)
            raise

    def _item_stream_url(self, prediction: Prediction) -> Optional[str]:
        """The stream to read a running prediction's output items from, where the API gives
        one and the items are text (what an event's data carries), else None."""
        url = (prediction._data.get("urls") or {}).get("stream")
        if not isinstance(url, str) or not url or prediction.status in _TERMINAL_STATUSES:
            return None
        model, version_id = prediction.model, prediction.version
        if not (isinstance(version_id, str) and _is_version_id(version_id)
                and isinstance(model, str) and model.count("/") == 1):
            return None
        owner, name = model.split("/")
        try:  # the version run() looked up already: cached, no request
            schema = self._get_version(owner, name, version_id).openapi_schema
        except ReplicateError:  # a version we may not read: polled, as before
            return None
        try:
            items = schema["components"]["schemas"]["Output"]["items"]  # type: ignore[index]
        except (KeyError, TypeError):  # no schema, or not the shape Cog writes
            return None
        # text (a language model's tokens), which the API streams; files are polled for
        text = isinstance(items, dict) and items.get("type") == "string" and "format" not in items
        return url if text else None

    def _poll_items(self, prediction: Prediction) -> Iterator[Any]:
        yielded = 0
        interval = self.poll_interval
        while True:
            output = prediction.output
            if isinstance(output, list):
                for item in output[yielded:]:
                    yield item
                yielded = max(yielded, len(output))
            status = prediction.status
            if status in _TERMINAL_STATUSES:
                if status != "succeeded":
                    raise ModelError(prediction)
                if output is not None and not isinstance(output, list) and yielded == 0:
                    yield output
                return
            time.sleep(interval)
            prediction.reload()

    def _stream_events(self, url: str, last_event_id: Optional[str] = None,
                       prediction: Optional[Prediction] = None, use_file_output: bool = True,
                       holder: Optional[_EventStream] = None
                       ) -> Generator[ServerSentEvent, None, None]:
        """Yield ServerSentEvents from a stream URL until `done`; reconnect if it drops.
        `holder.response` is set to each response read, so that another thread can abort."""
        try:
            yield from self._read_stream(url, last_event_id, prediction, use_file_output, holder)
        except KeyboardInterrupt:
            # Ctrl-C while the output streams: the prediction must not run on unseen
            if prediction is not None:
                _cancel_quietly(prediction)
            raise

    def _read_stream(self, url: str, last_event_id: Optional[str], prediction: Optional[Prediction],
                     use_file_output: bool, holder: Optional[_EventStream]
                     ) -> Generator[ServerSentEvent, None, None]:
        decoder = _SSEDecoder()
        reconnects = 0  # in a row, with no new event between
        total_reconnects = 0
        while True:
            headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
            header_id = _last_event_id(last_event_id)
            if header_id is not None:
                headers["Last-Event-ID"] = header_id
            api = _origin(url) == _origin(self.base_url)
            response = self._send("GET", url, headers=headers, api=api, timeout=max(self._timeout, 60.0))
            if holder is not None:
                holder.response = response
            import http.client
            try:
                for line in _iter_lines(response):
                    event = decoder.feed_line(line)
                    if event is None:
                        continue
                    last_event_id = decoder.last_id
                    reconnects = 0
                    if event.event == "done":
                        # yielded, as by the official clients: code may wait for it
                        yield event
                        reason = _done_reason(event)
                        if reason in ("canceled", "error", "aborted"):
                            # the stream stopped because the prediction did not succeed
                            raise _stream_error(event, prediction, reason)
                        return
                    if event.event == "error":
                        raise _stream_error(event, prediction)
                    if use_file_output and event.event == "output":
                        event.data = _transform_output(self, event.data)
                    yield event
                # an event cut off by the end of the body is not dispatched (WHATWG)
            except (OSError, http.client.HTTPException, ValueError) as error:
                # ValueError: a read on a response that abort() closed under it
                if holder is not None and holder.aborted:
                    return
                _log_retry("GET", url, "stream broke: %s" % _describe(error), 0)
            finally:
                _abandon(response)
            if holder is not None and holder.aborted:
                return
            # the stream ended before `done`: resume after the last event seen
            reconnects += 1
            total_reconnects += 1
            if reconnects > _MAX_RETRIES or total_reconnects > _MAX_STREAM_RECONNECTS:
                raise APIConnectionError("the stream at %s kept ending before its done event "
                                         "(%d reconnections)" % (_redact_url(url), total_reconnects),
                                         url=_redact_url(url))
            retry_ms = decoder.retry
            decoder = _SSEDecoder()
            decoder.last_id = last_event_id
            time.sleep(min(retry_ms / 1000.0, _MAX_BACKOFF) if retry_ms is not None
                       else _retry_delay(reconnects))

    # -- batches --

    def run_batch(self, ref: ModelRef, inputs: Iterable[Dict[str, Any]], *, concurrency: int = 8,
                  journal: Optional[Union[str, os.PathLike[str]]] = None,
                  output_dir: Optional[Union[str, os.PathLike[str]]] = None,
                  retry_failed: bool = False) -> Iterator[Dict[str, Any]]:
        """Run a model once per input, `concurrency` at a time; yield one result per input as
        it finishes: a dict of `line` (the input's number, from 1), `id`, `status`, `output`,
        `error` and `files` (the paths of its file outputs, saved into `output_dir`).

        A failed input is a result like any other; the batch goes on. With `journal` (a
        path), every create and every result is appended to it as a JSON line, so that the
        same call again skips the inputs already done (failed ones too, unless
        `retry_failed`), follows the predictions still running rather than start them
        again, and runs the rest. Ctrl-C cancels the predictions in flight and raises
        KeyboardInterrupt saying what was left."""
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidArgumentError("concurrency must be a whole number of 1 or more; got %r" % (concurrency,))
        _create_target(ref)  # a malformed reference is refused before anything runs
        batch = _Batch(self, ref, list(inputs), journal, output_dir, retry_failed)
        return batch.run(concurrency)

    # -- models as functions --

    if TYPE_CHECKING:
        @overload
        def use(self, ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None,
                streaming: bool = False, use_async: Literal[False] = False) -> Function: ...

        @overload
        def use(self, ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None,
                streaming: bool = False, use_async: Literal[True]) -> AsyncFunction: ...

        @overload
        def use(self, ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None,
                streaming: bool = False, use_async: bool = False) -> Union[Function, AsyncFunction]: ...

    def use(self, ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None,
            streaming: bool = False, use_async: bool = False) -> Union[Function, AsyncFunction]:
        """A model as a function: ``use("owner/name")(prompt=...)`` runs it and returns
        its output, files as URLPath (paths downloaded when opened). Nothing is fetched
        until the first call. `streaming=True` returns output as it comes; `use_async=True`
        gives a function to await. `hint` is for type checkers alone, as in the official
        client."""
        function = Function(self, ref, streaming=streaming)
        return AsyncFunction(function) if use_async else function

    # -- search --

    def search(self, query: str, *, limit: Optional[int] = None) -> SearchResult:
        """Models, collections and guides matching `query` (the API's GET /v1/search);
        `limit` (1-50, the API's default 20) bounds the models."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidArgumentError("query must be a non-empty string")
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int):
                raise TypeError("limit must be an int from 1 to 50; got %s" % type(limit).__name__)
            if not 1 <= limit <= 50:
                raise InvalidArgumentError("limit must be from 1 to 50; got %d" % limit)
        return SearchResult(self._request_json("GET", "/v1/search" + _query({"query": query, "limit": limit})),
                            self)

    async_search = _async_twin(search)

    # -- run and stream --

    @_checked_keywords
    def run(self, ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
            use_file_output: bool = True, timeout: Optional[float] = None,
            progress: Optional[ProgressCallback] = None, wait: Optional[Wait] = None,
            webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
            webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
            cancel_after: Optional[Duration] = None,
            file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
        """Run a model and return its output.

        `ref` is 'owner/name', 'owner/name:version' or a version id. The prediction is
        created with `Prefer: wait` (`wait=True`, or 1-60 seconds; `wait=False` sends no
        such header), so a fast model answers in one request; a slower one is polled until
        it ends. The default, `wait=None`, holds it (`True`), except for an
        'owner/name:version' whose output is an iterator: not held, its items come as they
        are made.
        Raises ModelError if it fails, is canceled or aborted. `timeout` (seconds)
        bounds the whole call: past it the prediction is canceled on the server and
        PredictionTimeoutError raised. `progress(prediction)` is called on every change of
        status or logs. Models whose output is an iterator return an OutputIterator. Output
        URLs become FileOutput unless `use_file_output=False`. The other keywords are
        predictions.create's (webhook, cancel_after, file_encoding_strategy, ...).
        """
        started = time.monotonic()
        target = _create_target(ref)
        if timeout is not None:
            timeout = _seconds(timeout, "timeout", unlimited=True)

        def create(hold: Wait) -> Prediction:
            return self.predictions.create(
                input=input, **target, wait=hold, webhook=webhook, webhook_completed=webhook_completed,
                webhook_events_filter=webhook_events_filter, cancel_after=cancel_after,
                file_encoding_strategy=file_encoding_strategy)

        with self._deadline(None if timeout is None else started + timeout):
            return self._run(ref, create, wait, use_file_output, timeout, progress, started)

    def _run(self, ref: ModelRef, create: Callable[[Wait], Prediction], wait: Optional[Wait],
             use_file_output: bool, timeout: Optional[float], progress: Optional[ProgressCallback],
             started: float) -> Any:
        owner, name, version_id = _parse_ref(ref)
        # a version's schema is known before the create (and cached): an iterator model's
        # create is not held, so that its items can be yielded while it runs
        kind = self._iterator_kind(owner, name, version_id) if owner and name and version_id else None
        # a deadline shortens the hold at the create; with a progress callback there is no
        # hold by default, so that it sees the prediction start, log and end
        prediction = create((kind is None and progress is None) if wait is None else wait)
        # from here the prediction exists: whatever ends the call early cancels it
        try:
            looked_up = bool(owner and version_id)
            if kind is None and not looked_up and (prediction.status not in _TERMINAL_STATUSES or version_id):
                kind = self._iterator_kind_of(prediction)
            if (kind is not None and prediction.status not in _TERMINAL_STATUSES
                    and timeout is None and progress is None):
                items = prediction.output_iterator()
                if use_file_output:
                    items = (_transform_output(self, item) for item in items)
                return OutputIterator(items, concatenate=kind == "concatenate")
            self._wait(prediction, progress=progress, timeout=timeout, started=started)
        except PredictionTimeoutError as error:
            # the caller gives up: the prediction must not go on running and billing
            if error.prediction is None:
                error.prediction = prediction
            self._thread_state.at = None  # the cancel itself must not be cut short
            _cancel_quietly(prediction)
            raise
        except KeyboardInterrupt:
            self._thread_state.at = None
            _cancel_quietly(prediction)
            raise
        return self._output_of(prediction, use_file_output, kind)

    def _output_of(self, prediction: Prediction, use_file_output: bool, kind: Optional[str]) -> Any:
        """The output of a finished prediction, or ModelError if it did not succeed."""
        if prediction.status != "succeeded":
            raise ModelError(prediction)
        output = prediction.output
        if use_file_output:
            output = _transform_output(self, output)
        if kind is not None:
            return OutputIterator(output if isinstance(output, list) else [output],
                                  concatenate=kind == "concatenate")
        return output

    def _iterator_kind_of(self, prediction: Prediction) -> Optional[str]:
        """_iterator_kind of the version a prediction runs."""
        model, version_id = prediction.model, prediction.version
        if not (isinstance(version_id, str) and _is_version_id(version_id)
                and isinstance(model, str) and model.count("/") == 1):
            return None
        owner, name = model.split("/")
        return self._iterator_kind(owner, name, version_id)

    def _iterator_kind(self, owner: str, name: str, version_id: str) -> Optional[str]:
        """'iterator'/'concatenate' if the version outputs an iterator, else None."""
        key = (owner, name, version_id)
        if key not in self._output_kinds:
            try:
                kind = _output_kind(self._get_version(owner, name, version_id).openapi_schema)
            except ReplicateError:  # a version we may not read: its output counts as plain
                kind = None
            self._output_kinds[key] = kind
        return self._output_kinds[key]

    @_checked_keywords
    def stream(self, ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
               use_file_output: bool = True, wait: Wait = False, webhook: Optional[str] = None,
               webhook_completed: Optional[str] = None,
               webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
               cancel_after: Optional[Duration] = None,
               file_encoding_strategy: Optional[Literal["url", "base64"]] = None
               ) -> Iterator[ServerSentEvent]:
        """Run a model and yield its output as ServerSentEvents while it runs.

        `wait` is False by default: a held create would deliver the output all at once.
        The other keywords are run()'s.
        """
        prediction = self.predictions.create(
            input=input, **_create_target(ref), stream=True, wait=wait, webhook=webhook,
            webhook_completed=webhook_completed, webhook_events_filter=webhook_events_filter,
            cancel_after=cancel_after, file_encoding_strategy=file_encoding_strategy)
        return prediction.stream(use_file_output=use_file_output)

    async def async_run(self, ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
                        use_file_output: bool = True, timeout: Optional[float] = None,
                        progress: Optional[ProgressCallback] = None, wait: Optional[Wait] = None,
                        webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
                        webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
                        cancel_after: Optional[Duration] = None,
                        file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
        """``run()`` for asyncio. Cancelling the awaiting task cancels the prediction too.

        The create is held at most 1 s by default (`wait=None` is `wait=1`): a thread
        blocked in a held request cannot be interrupted, so a cancelled task would
        otherwise leave one behind.
        """
        import asyncio
        started = time.monotonic()
        target = _create_target(ref)
        if timeout is not None:
            timeout = _seconds(timeout, "timeout", unlimited=True)

        def create() -> Prediction:
            with self._deadline(None if timeout is None else started + timeout):
                return self.predictions.create(
                    input=input, **target, wait=1 if wait is None else wait, webhook=webhook,
                    webhook_completed=webhook_completed, webhook_events_filter=webhook_events_filter,
                    cancel_after=cancel_after, file_encoding_strategy=file_encoding_strategy)

        # a task cancelled while the create is on its way cancels the prediction it made
        prediction = await _to_thread_or_abandon(create, _cancel_quietly)
        interval = self.poll_interval
        try:
            while True:
                if progress is not None:
                    progress(prediction)
                if prediction.status in _TERMINAL_STATUSES:
                    break
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise PredictionTimeoutError("prediction %s did not finish within %g s"
                                                 % (prediction.id, timeout), prediction)
                await asyncio.sleep(interval)
                await _to_thread(prediction.reload)
        except (asyncio.CancelledError, PredictionTimeoutError):
            # the awaiting task was cancelled or ran out of time: stop the prediction too
            await asyncio.shield(_to_thread(_cancel_quietly, prediction))
            raise
        kind: Optional[str] = None
        if "version" in target:
            kind = await _to_thread(self._iterator_kind_of, prediction)
        return self._output_of(prediction, use_file_output, kind)

    def async_stream(self, ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
                     use_file_output: bool = True, wait: Wait = False, webhook: Optional[str] = None,
                     webhook_completed: Optional[str] = None,
                     webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
                     cancel_after: Optional[Duration] = None,
                     file_encoding_strategy: Optional[Literal["url", "base64"]] = None
                     ) -> _AsyncIterable[ServerSentEvent]:
        """``stream()`` for asyncio: an async iterator of ServerSentEvents. A consumer that
        stops before the end (a cancelled task) cancels the prediction it started, as
        async_run does: nothing else holds it."""

        def start() -> Iterator[ServerSentEvent]:
            return self.stream(ref, input, use_file_output=use_file_output, wait=wait, webhook=webhook,
                               webhook_completed=webhook_completed,
                               webhook_events_filter=webhook_events_filter, cancel_after=cancel_after,
                               file_encoding_strategy=file_encoding_strategy)

        def abandon(events: Iterator[ServerSentEvent]) -> None:
            # always an _EventStream of a prediction: what Prediction.stream returns
            if isinstance(events, _EventStream) and events.prediction is not None:
                _cancel_quietly(events.prediction)

        return _AsyncIterable(_aiter_thread(start, on_abandon=abandon))


class _Batch:
    """One run_batch(): its inputs, its journal, and the predictions in flight."""

    def __init__(self, client: Client, ref: ModelRef, inputs: List[Dict[str, Any]],
                 journal: Optional[Union[str, os.PathLike[str]]],
                 output_dir: Optional[Union[str, os.PathLike[str]]], retry_failed: bool) -> None:
        for number, given in enumerate(inputs, 1):
            if not isinstance(given, dict):
                raise TypeError("input %d of the batch is a %s, not a dict of the model's inputs"
                                % (number, type(given).__name__))
        self.client = client
        self.target = _create_target(ref)
        self.inputs = inputs
        self.journal = os.fspath(journal) if journal is not None else None
        self.output_dir = os.fspath(output_dir) if output_dir is not None else None
        self.retry_failed = retry_failed
        self.lock = _thread.allocate_lock()
        self.running: Dict[int, Prediction] = {}  # line -> prediction created, not yet done
        self.hashes: Dict[int, Optional[str]] = {}  # line -> its input's hash, for the records
        self.creating = 0  # creates on their way: a stop cancels what they make as it arrives
        self.pausing = 0  # inputs waiting out a 429: a stop ends the wait, and they never start
        import threading  # loaded by concurrent.futures already
        # set by _stop, under self.lock (so that a worker registers before it, or sees it);
        # it ends every worker's 429 pause at once
        self.stopped = threading.Event()
        self.counts = {"done": 0, "failed": 0, "skipped": 0}
        self.handle: Optional[IO[bytes]] = None  # the journal, locked, until no worker writes
        self.active = 0  # workers under way: the journal stays open and locked for them
        self.ended = False  # whether run() is over (returned, raised or closed)
        self.cut = False  # whether the journal ends in a record cut short (no newline)

    def _prepare(self) -> Tuple[Optional[IO[bytes]], Dict[int, Dict[str, Any]]]:
        """Before any create: the output folder made, and the journal (its folder made)
        open, locked against a second batch on it, and read: (its handle, the last record
        of each line). A line that is not a whole record (one a crash cut short) is skipped."""
        made = []
        try:
            for folder in (self.output_dir, self.journal and os.path.dirname(self.journal)):
                if folder:
                    made.append(folder)
                    os.makedirs(folder, exist_ok=True)
            if self.journal is None:
                return None, {}
            made.append(self.journal)
            handle = open(self.journal, "a+b")
        except OSError as error:
            raise FileSaveError(error.errno, "cannot make %s: %s"
                                % (_printable(made[-1]), error.strerror or error), made[-1]) from None
        try:
            if not _lock_exclusively(handle):
                import errno
                raise FileSaveError(errno.EWOULDBLOCK, "the journal %s is in use by another batch"
                                    % _printable(self.journal), self.journal)
            handle.seek(0)
            data = handle.read()
        except BaseException:
            handle.close()
            raise
        self.cut = bool(data) and not data.endswith(b"\n")
        last: Dict[int, Dict[str, Any]] = {}
        for raw in data.split(b"\n"):
            try:
                record = _json().loads(raw.decode("utf-8"))
            except ValueError:  # cut short by a crash (mid-character too): not a record
                continue
            if isinstance(record, dict) and type(record.get("line")) is int:
                last[record["line"]] = record
        return handle, last

    def _write(self, record: Dict[str, Any]) -> None:
        """Append a record to the journal, a line of its own; FileSaveError (naming the
        journal) if it cannot be written, which stops the batch."""
        with self.lock:
            self._append(record)

    def _append(self, record: Dict[str, Any]) -> None:
        """_write(), with self.lock held."""
        if self.journal is None or self.handle is None:  # no journal, or no worker left to write
            return
        try:
            data = _dumps(record).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from the server: JSON, not UTF-8
            data = _json().dumps(record, separators=(",", ":"), default=_json_default).encode("ascii")
        try:
            self.handle.write((b"\n" if self.cut else b"") + data + b"\n")
            self.handle.flush()  # a record a line, whole, before the next step
        except OSError as error:
            raise FileSaveError(error.errno, "cannot write the journal %s: %s"
                                % (_printable(self.journal), error.strerror or error), self.journal) from None
        self.cut = False

    def run(self, concurrency: int) -> Iterator[Dict[str, Any]]:
        import concurrent.futures
        self.handle, recorded = self._prepare()
        try:
            work = self._work(recorded)
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(concurrency, max(len(work), 1)))
            futures: List[concurrent.futures.Future[Optional[Dict[str, Any]]]] = []
            try:
                for job in work:  # inside the try: an interrupt while a long list is submitted stops it
                    futures.append(pool.submit(self._one, *job))
                for future in concurrent.futures.as_completed(futures):
                    result = future.result()
                    if result is not None:
                        yield result
            except BaseException as error:  # Ctrl-C, the caller closing the generator, no journal
                try:
                    canceled, not_started = self._stop(futures)
                finally:
                    pool.shutdown(wait=False)
                if not isinstance(error, KeyboardInterrupt):
                    raise
                not_started += len(work) - len(futures)  # stopped before they were all submitted
                raise KeyboardInterrupt("batch interrupted: %d running prediction(s) canceled, %d input(s) "
                                        "not started%s" % (canceled, not_started, "; run it again with the "
                                                           "same journal to resume" if self.journal else "")) from None
            pool.shutdown(wait=True)
        finally:
            with self.lock:
                self.ended = True
            self._release_journal()

    def _release_journal(self) -> None:
        """Close the journal (its lock goes with it) once run() is over and the workers a
        stop left running have written their last records."""
        with self.lock:
            handle = self.handle if self.ended and self.active == 0 else None
            if handle is not None:
                self.handle = None
        if handle is not None:
            handle.close()

    def _work(self, recorded: Dict[int, Dict[str, Any]]) -> List[Tuple[int, Dict[str, Any], Optional[str], bool]]:
        """What is left to do: (line, input, the id of a prediction to follow, whether an
        interrupt was canceling it); the inputs' hashes are kept in self.hashes."""
        work: List[Tuple[int, Dict[str, Any], Optional[str], bool]] = []
        for number, given in enumerate(self.inputs, 1):
            key = self.hashes[number] = _batch_input_hash(self.target, given)
            record = recorded.get(number)
            if record is not None and record.get("input_hash", key) != key:
                record = None  # another input had this line (another file, an edited one): not this one's
            status = record.get("status") if record else None
            known = record.get("id") if record else None
            known = known if isinstance(known, str) and known else None
            if status not in _TERMINAL_STATUSES and known is not None:
                # created, not seen to end (a stop, or an error while waiting): followed,
                # never started again
                work.append((number, given, known, bool(record and record.get("interrupted"))))
                continue
            if record is not None and status is not None and not record.get("interrupted") and not (
                    self.retry_failed and status != "succeeded"):
                self.counts["skipped"] += 1  # done before: succeeded, failed, or refused
                continue
            work.append((number, given, None, False))
        return work

    def _stop(self, futures: List[Any]) -> Tuple[int, int]:
        """Cancel what runs and what has not started: (canceled, not started)."""
        with self.lock:
            self.stopped.set()
            running = list(self.running.items())
            creating, pausing = self.creating, self.pausing
        not_started = sum(1 for future in futures if future.cancel()) + pausing
        interrupt: Optional[KeyboardInterrupt] = None
        for number, prediction in running:
            try:
                self._mark_interrupted(number, prediction)
                _cancel_quietly(prediction)
            except KeyboardInterrupt as again:  # a second Ctrl-C: every cancel is still sent, then it counts
                interrupt = again
        if interrupt is not None:
            raise interrupt
        return len(running) + creating, not_started

    def _mark_interrupted(self, number: int, prediction: Prediction) -> None:
        """Record, before it is canceled, that the interrupt ends this prediction: a resume
        runs its input again even if this process dies before the worker's last record."""
        try:
            self._write({"line": number, "input_hash": self.hashes.get(number), "id": prediction.id,
                         "status": "created", "interrupted": True})
        except FileSaveError:  # the cancel matters more than the record: the resume follows it
            pass

    def _one(self, number: int, given: Dict[str, Any], known: Optional[str],
             interrupted: bool) -> Optional[Dict[str, Any]]:
        """One input: created (or followed), waited on, its files saved, recorded."""
        with self.lock:
            self.active += 1
        try:
            return self._run_one(number, given, known, interrupted)
        finally:
            with self.lock:
                self.active -= 1
            self._release_journal()

    def _run_one(self, number: int, given: Dict[str, Any], known: Optional[str],
                 interrupted: bool) -> Optional[Dict[str, Any]]:
        client = self.client
        key = self.hashes.get(number)
        record: Dict[str, Any] = {"line": number, "input_hash": key, "id": known, "status": None,
                                  "output": None, "error": None, "files": []}
        try:
            while True:
                if self.stopped.is_set():
                    return None
                if known is not None:  # a prediction the last run started: followed
                    try:
                        prediction = client.predictions.get(known)
                    except ReplicateError as error:
                        if error.status != 404 or not self.retry_failed:
                            raise
                        known = None  # gone (another account's, deleted): a failure to retry, anew
                        continue
                else:
                    with self.lock:
                        self.creating += 1
                    try:
                        prediction = client.predictions.create(input=given, **self.target)
                    except BaseException as error:  # counted off, then as it is
                        with self.lock:
                            self.creating -= 1
                        if not isinstance(error, ReplicateError) or error.status != 429:
                            raise
                        # the create never reached the model: waited out, however long it takes
                        with self.lock:
                            self.pausing += 1
                        try:
                            self.stopped.wait(_retry_delay(1, error.headers.get("Retry-After")))
                        finally:
                            with self.lock:
                                self.pausing -= 1
                        continue
                with self.lock:
                    if known is None:
                        self.creating -= 1  # counted off as it is registered: a stop sees one or the other
                    stopped = self.stopped.is_set()
                    if not stopped:
                        self.running[number] = prediction
                        if known is None:  # before any interrupted record a stop may write for it
                            self._append({"line": number, "input_hash": key, "id": prediction.id,
                                          "status": "created"})
                if stopped:  # created as the batch stopped: canceled at once
                    self._mark_interrupted(number, prediction)
                    _cancel_quietly(prediction)
                    record["id"] = prediction.id
                    break
                record["id"] = prediction.id
                try:
                    client._wait(prediction)
                finally:
                    with self.lock:
                        self.running.pop(number, None)
                if known is not None and prediction.status != "succeeded" and not self.stopped.is_set() and (
                        self.retry_failed or (interrupted and prediction.status == "canceled")):
                    known = None  # a failure to retry, or the last run's interrupt canceled it: anew
                    continue
                break
            record.update(status=prediction.status, output=prediction.output, error=prediction.error)
            if self.stopped.is_set() and prediction.status == "canceled":
                record["interrupted"] = True  # canceled by the interrupt: run again on a resume
            if prediction.status == "succeeded" and self.output_dir is not None:
                record["files"] = self._save(number, prediction)
        except FileSaveError as error:
            if error.filename == self.journal:
                raise  # without its journal the batch cannot go on (see run)
            record.update(status="error", error=str(error))
        except (ReplicateException, TypeError, ValueError) as error:
            # refused (an invalid input, a file that cannot be saved): recorded, the batch goes on
            record.update(status="error", error=str(error))
        with self.lock:
            self.counts["done" if record["status"] == "succeeded" else "failed"] += 1
        self._write(record)
        return record

    def _save(self, number: int, prediction: Prediction) -> List[str]:
        """The prediction's file outputs, nested ones too, saved as `<line>-<name>` in the
        output directory."""
        assert self.output_dir is not None
        files: List[FileOutput] = []
        stack: List[Any] = [_transform_output(self.client, prediction.output)]
        while stack:  # depth first, in the output's order
            item = stack.pop()
            if isinstance(item, FileOutput):
                files.append(item)
            elif isinstance(item, (list, dict)):
                stack.extend(reversed(list(item.values()) if isinstance(item, dict) else item))
        return [item.save(os.path.join(self.output_dir, "%d-%s" % (number, item.name)), overwrite=False)
                for item in files]


def _batch_input_hash(target: Dict[str, Any], given: Dict[str, Any]) -> Optional[str]:
    """A short hash of the model and an input: a journal's record counts only for the same
    input of the same model, so that a line of another file, or an edited line, is run."""
    import hashlib

    def stand_in(value: Any) -> Any:  # what a file or a value JSON does not know is hashed as
        url = get_path_url(value)  # a FileOutput, or use()'s URLPath (never downloaded here)
        if url is not None:
            return url
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return "bytes:" + hashlib.sha256(value).hexdigest()
        name = getattr(value, "name", None)
        return name if isinstance(name, str) else _json_default(value)
    try:
        text = _json().dumps([target, given], sort_keys=True, default=stand_in)
    except (TypeError, ValueError, RecursionError):  # refused by the create too, as the record will say
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _lock_exclusively(handle: IO[bytes]) -> bool:
    """Lock an open file against every other process and handle until it is closed (the
    system releases it if the process dies); False if another holds the lock."""
    if sys.platform == "win32":
        import msvcrt
        # one byte far past the end, so that no read or write of the file meets the lock
        handle.seek(0x7FFFFFFF)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks (ENOLCK): the batch runs unguarded
        return True
    return True


def _create_target(ref: ModelRef) -> Dict[str, Any]:
    """predictions.create's `version=` or `model=` for a reference (the CLI's too)."""
    owner, name, version_id = _parse_ref(ref)
    if version_id is None:
        return {"model": (owner, name)}
    # whole where the model is known: create() takes any version string in that form alone
    return {"version": version_id if owner is None else "%s/%s:%s" % (owner, name, version_id)}


def _cancel_quietly(prediction: _Waitable) -> None:
    if prediction._data.get("status") in _TERMINAL_STATUSES:  # ended, or cancelled already
        return
    try:
        prediction.cancel()
    except ReplicateException:  # best effort while the caller is already going away
        pass


def _done_reason(event: ServerSentEvent) -> Optional[str]:
    try:
        reason = (_json().loads(event.data) or {}).get("reason")
    # `done` data is `{}` or a reason object: anything else has no reason
    except (ValueError, AttributeError, RecursionError):
        return None
    return reason if isinstance(reason, str) else None


def _stream_error(event: ServerSentEvent, prediction: Optional[Prediction] = None,
                  reason: Optional[str] = None) -> ModelError:
    """A ModelError for a stream that ended in failure, with the prediction as the API has it."""
    try:
        detail = _json().loads(event.data).get("detail") if reason is None else None
    except (ValueError, AttributeError, RecursionError):  # the data is not JSON: show it as it is
        detail = event.data
    if not detail:
        detail = event.data if reason is None else (
            "the prediction failed" if reason == "error" else "the prediction was %s" % reason)
    # the `done` reasons _stream_events passes on; any other is a failure
    status: PredictionStatus = ("canceled" if reason == "canceled" else
                                "aborted" if reason == "aborted" else "failed")
    if prediction is None:
        return ModelError(Prediction({"status": status, "error": detail}))
    try:
        prediction.reload()
    except ReplicateException:  # the stream's own report is enough to go on
        pass
    if prediction.status not in _TERMINAL_STATUSES:
        prediction.status = status
    if not prediction.error and status == "failed":
        prediction.error = str(detail)
    return ModelError(prediction)


def _drain(response: http.client.HTTPResponse) -> None:
    """Read what is left of a small response so its connection can be reused."""
    try:
        response.read(65536)
    except OSError:  # the connection is broken: it will not be reused anyway
        pass
    _abandon(response)


def _parse_json(method: str, url: str, response: http.client.HTTPResponse, raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        data = _json().loads(raw)
    except (ValueError, RecursionError) as error:  # RecursionError: nested past the stack
        raise _invalid_response(method, url, response, "a body that is not JSON%s: %r" % (
            " (nested too deeply)" if isinstance(error, RecursionError) else "",
            raw[:200].decode("utf-8", "replace")), raw) from None
    # a structure deeper than any the API sends could not be walked (output files are
    # found by recursion) without exhausting the stack later: refused here, once
    if raw.count(b"[") + raw.count(b"{") > _MAX_JSON_DEPTH and _depth_exceeds(data, _MAX_JSON_DEPTH):
        raise _invalid_response(method, url, response, "JSON nested deeper than %d levels"
                                % _MAX_JSON_DEPTH, raw)
    return data


def _shape_problem(data: Any, expect: Any) -> Optional[str]:
    """What is wrong with an API answer that should be an `expect`, or None if nothing."""
    names = {dict: "an object", list: "a list", str: "a string", type(None): "no body"}
    if expect is list:
        if not isinstance(data, list):
            return "%s where a list was expected" % names.get(type(data), "a " + type(data).__name__)
        if not all(isinstance(item, dict) for item in data):
            return "a list whose items are not all objects"
        return None
    if not isinstance(data, dict):
        return "%s where an object was expected" % names.get(type(data), "a " + type(data).__name__)
    if isinstance(expect, type) and issubclass(expect, _Waitable):
        what = expect.__name__.lower()
        if not isinstance(data.get("id"), str) or not data["id"]:
            return "a %s without an id" % what
        for field, types, kind in (("status", (str,), "a string"), ("urls", (dict,), "an object"),
                                   ("logs", (str,), "a string")):
            value = data.get(field)
            if value is None and field != "status":
                continue
            if not isinstance(value, types):
                return "a %s whose %r is %s, not %s" % (what, field, _short_repr(value), kind)
    return None


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True if `value` has lists or dicts nested more than `limit` deep (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False


def _invalid_response(method: str, url: str, response: Optional[http.client.HTTPResponse],
                      what: str, raw: Optional[bytes] = None) -> ReplicateError:
    """The error for an answer of the wrong shape: `what` says what was wrong."""
    status = response.status if response is not None else None
    return ReplicateError(status=status, title="Invalid response",
                          detail="the API answered %s %s with %s" % (method, _redact_url(url), what),
                          request_id=_request_id(response) if response is not None else None,
                          response=raw.decode("utf-8", "replace") if raw is not None else None,
                          method=method, url=url)


def _request_id(response: http.client.HTTPResponse) -> Optional[str]:
    return response.getheader("X-Request-Id") or response.getheader("Request-Id")


def _error_from_response(method: str, url: str, response: http.client.HTTPResponse,
                         secret: Optional[str] = None) -> ReplicateError:
    """A ReplicateError from a non-2xx response: problem details, or whatever it sent."""
    try:
        raw = response.read(1 << 20)
    except OSError:  # the error body broke off: report the status alone
        raw = b""
    _abandon(response)
    text = _redact_text(raw.decode("utf-8", "replace"), secret)
    fields: Dict[str, Optional[str]] = {}
    if text.strip().startswith("{"):
        try:
            data = _json().loads(text)
        except (ValueError, RecursionError):  # a proxy's non-JSON body: keep it as detail
            data = None
        if isinstance(data, dict):
            fields = {k: data.get(k) if isinstance(data.get(k), str) else None
                      for k in ("type", "title", "detail", "instance")}
            if not fields["detail"] and isinstance(data.get("error"), str):
                fields["detail"] = data["error"]
    if not fields.get("detail"):
        snippet = " ".join(text.split())[:200]
        content_type = response.getheader("Content-Type") or "no content type"
        fields["detail"] = ("the server answered %d %s (%s)%s" % (
            response.status, response.reason, content_type.split(";")[0],
            ": " + snippet if snippet else ""))
    if not fields.get("title"):
        fields["title"] = response.reason
    fields = {k: _redact_text(v, secret) if v else v for k, v in fields.items()}
    headers = response.headers
    if secret and any(secret in value for value in headers.values()):
        import http.client
        headers = http.client.HTTPMessage()
        for name, value in response.headers.items():
            headers[name] = _redact_text(value, secret)
    return ReplicateError(status=response.status, request_id=_request_id(response),
                          response=text, method=method, url=url, headers=headers, **fields)


class _MultipartBody:
    """A multipart body streamed from a file: http.client reads it block by block.

    Exactly the announced length goes out: a file that grows or shrinks meanwhile raises
    (and the connection, left mid-request, is closed), never a body of another length
    that the server would read into the next request."""

    def __init__(self, head: bytes, handle: IO[bytes], tail: bytes) -> None:
        self.head = head
        self.tail = tail
        self.handle = handle
        if not (hasattr(handle, "seekable") and handle.seekable()):
            raise TypeError("a file input to upload must be seekable (a path or a file opened "
                            "'rb'); read it into io.BytesIO first")
        self.size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        self.length = len(head) + self.size + len(tail)
        self._parts: Optional[List[Optional[bytes]]] = None  # head, None for the file, tail
        self._sent = 0  # bytes of the file read so far

    def rewind(self) -> None:
        """Start again from the beginning, for a retry."""
        self.handle.seek(0)
        self._parts = None
        self._sent = 0

    def read(self, size: int = -1) -> bytes:
        if self._parts is None:
            self._parts = [self.head, None, self.tail]
        while self._parts:
            part = self._parts[0]
            if part is None:
                left = self.size - self._sent
                wanted = min(size if size and size > 0 else _CHUNK_SIZE, left)
                block = self.handle.read(wanted) if left else b""
                if isinstance(block, str):
                    raise TypeError("file inputs must be opened in binary mode ('rb')")
                if block:
                    self._sent += len(block)
                    return block
                if left or self.handle.read(1):
                    raise self._changed()
                self._parts.pop(0)
                continue
            self._parts.pop(0)
            return part
        return b""

    def _changed(self) -> ReplicateException:
        name = getattr(self.handle, "name", None)
        return ReplicateException(
            "the file %s changed while it was uploaded: %d bytes were announced, and it %s; "
            "nothing was uploaded" % (_printable(str(name)) if isinstance(name, str) else "given",
                                      self.size, "ended after %d" % self._sent
                                      if self._sent < self.size else "has grown since"))


# --- Logging ---

def _logger() -> logging.Logger:
    import logging
    return logging.getLogger("replicate")


def _log_request(method: str, url: str, status: int, started: float,
                 response: http.client.HTTPResponse) -> None:
    if "logging" not in sys.modules:
        return  # nobody configured logging: do not import it for nothing
    logger = _logger()
    if logger.isEnabledFor(10):
        logger.debug("%s %s -> %d in %.1f ms%s", method, _redact_url(url), status,
                     (time.monotonic() - started) * 1000,
                     " (request id %s)" % _request_id(response) if _request_id(response) else "")


def _log_retry(method: str, url: str, why: str, delay: float) -> None:
    if "logging" not in sys.modules:
        return
    logger = _logger()
    if logger.isEnabledFor(10):
        logger.debug("%s %s: %s; retrying in %.2f s", method, _redact_url(url), why, delay)


# --- Module-level API over a lazily made default client ---

_default: List[Client] = []
_default_lock = _thread.allocate_lock()


def _default_client() -> Client:
    if not _default:
        with _default_lock:
            if not _default:
                _default.append(Client())
    return _default[0]


@_checked_keywords
def run(ref: ModelRef, input: Optional[Dict[str, Any]] = None, *, use_file_output: bool = True,
        timeout: Optional[float] = None, progress: Optional[ProgressCallback] = None,
        wait: Optional[Wait] = None, webhook: Optional[str] = None,
        webhook_completed: Optional[str] = None,
        webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
        cancel_after: Optional[Duration] = None,
        file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
    """Run a model and return its output: see Client.run."""
    return _default_client().run(
        ref, input, use_file_output=use_file_output, timeout=timeout, progress=progress, wait=wait,
        webhook=webhook, webhook_completed=webhook_completed,
        webhook_events_filter=webhook_events_filter, cancel_after=cancel_after,
        file_encoding_strategy=file_encoding_strategy)


@_checked_keywords
def stream(ref: ModelRef, input: Optional[Dict[str, Any]] = None, *, use_file_output: bool = True,
           wait: Wait = False, webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
           webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
           cancel_after: Optional[Duration] = None,
           file_encoding_strategy: Optional[Literal["url", "base64"]] = None
           ) -> Iterator[ServerSentEvent]:
    """Run a model and yield its output events: see Client.stream."""
    return _default_client().stream(
        ref, input, use_file_output=use_file_output, wait=wait, webhook=webhook,
        webhook_completed=webhook_completed, webhook_events_filter=webhook_events_filter,
        cancel_after=cancel_after, file_encoding_strategy=file_encoding_strategy)


async def async_run(ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
                    use_file_output: bool = True, timeout: Optional[float] = None,
                    progress: Optional[ProgressCallback] = None, wait: Optional[Wait] = None,
                    webhook: Optional[str] = None, webhook_completed: Optional[str] = None,
                    webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
                    cancel_after: Optional[Duration] = None,
                    file_encoding_strategy: Optional[Literal["url", "base64"]] = None) -> Any:
    """``run()`` for asyncio: see Client.async_run."""
    return await _default_client().async_run(
        ref, input, use_file_output=use_file_output, timeout=timeout, progress=progress, wait=wait,
        webhook=webhook, webhook_completed=webhook_completed,
        webhook_events_filter=webhook_events_filter, cancel_after=cancel_after,
        file_encoding_strategy=file_encoding_strategy)


def run_batch(ref: ModelRef, inputs: Iterable[Dict[str, Any]], *, concurrency: int = 8,
              journal: Optional[Union[str, os.PathLike[str]]] = None,
              output_dir: Optional[Union[str, os.PathLike[str]]] = None,
              retry_failed: bool = False) -> Iterator[Dict[str, Any]]:
    """Run a model once per input, several at a time: see Client.run_batch."""
    return _default_client().run_batch(ref, inputs, concurrency=concurrency, journal=journal,
                                       output_dir=output_dir, retry_failed=retry_failed)


def async_stream(ref: ModelRef, input: Optional[Dict[str, Any]] = None, *,
                 use_file_output: bool = True, wait: Wait = False, webhook: Optional[str] = None,
                 webhook_completed: Optional[str] = None,
                 webhook_events_filter: Optional[Iterable[WebhookEvent]] = None,
                 cancel_after: Optional[Duration] = None,
                 file_encoding_strategy: Optional[Literal["url", "base64"]] = None
                 ) -> _AsyncIterable[ServerSentEvent]:
    """``stream()`` for asyncio: an async iterator of ServerSentEvents."""
    return _default_client().async_stream(
        ref, input, use_file_output=use_file_output, wait=wait, webhook=webhook,
        webhook_completed=webhook_completed, webhook_events_filter=webhook_events_filter,
        cancel_after=cancel_after, file_encoding_strategy=file_encoding_strategy)


if TYPE_CHECKING:
    @overload
    def use(ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None, streaming: bool = False,
            use_async: Literal[False] = False) -> Function: ...

    @overload
    def use(ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None, streaming: bool = False,
            use_async: Literal[True]) -> AsyncFunction: ...

    @overload
    def use(ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None, streaming: bool = False,
            use_async: bool = False) -> Union[Function, AsyncFunction]: ...


def use(ref: Union[str, ModelVersionIdentifier, Any], *, hint: Any = None, streaming: bool = False,
        use_async: bool = False) -> Union[Function, AsyncFunction]:
    """A model as a function: see Client.use."""
    return _default_client().use(ref, hint=hint, streaming=streaming, use_async=use_async)


def search(query: str, *, limit: Optional[int] = None) -> SearchResult:
    """Models, collections and guides matching `query`: see Client.search."""
    return _default_client().search(query, limit=limit)


async def async_search(query: str, *, limit: Optional[int] = None) -> SearchResult:
    """``search()`` for asyncio."""
    return await _default_client().async_search(query, limit=limit)


def paginate(list_method: Callable[[Optional[str]], Page[_T]]) -> Iterator[Page[_T]]:
    """Yield every page of a list method, following the `next` cursors (to the end, or to
    a cursor that repeats one already followed: a server's loop is not followed forever)."""
    cursor = None
    followed: Set[str] = set()
    while True:
        page = list_method(cursor)
        yield page
        if not page.next or page.next in followed:
            return
        cursor = page.next
        followed.add(cursor)


async def async_paginate(list_method: Callable[[Optional[str]], Awaitable[Page[_T]]]
                         ) -> AsyncIterator[Page[_T]]:
    """``paginate()`` for asyncio, over an ``async_list`` method."""
    cursor = None
    followed: Set[str] = set()
    while True:
        page = await list_method(cursor)
        yield page
        if not page.next or page.next in followed:
            return
        cursor = page.next
        followed.add(cursor)


_NAMESPACES = ("predictions", "models", "deployments", "trainings", "files", "collections",
               "hardware", "accounts", "webhooks")


# The official package's module names, for imports such as `from replicate.exceptions import
# ModelError`: each is this one module under another name.
_SUBMODULES = ("account", "client", "collection", "deployment", "exceptions", "file", "hardware",
               "helpers", "identifier", "model", "pagination", "prediction", "run", "stream",
               "training", "version", "webhook")
if __name__ == "replicate":
    # a comprehension, so that no loop variable is left among the module's names
    sys.modules.update({"replicate." + submodule: sys.modules[__name__] for submodule in _SUBMODULES
                        if "replicate." + submodule not in sys.modules})


if TYPE_CHECKING:
    # made by __getattr__ on first use: declared here for checkers, which do not see
    # __getattr__ (through it, any misspelled name would pass as Any)
    predictions: Predictions
    models: Models
    deployments: Deployments
    trainings: Trainings
    files: Files
    collections: Collections
    hardware: HardwareNamespace
    accounts: Accounts
    webhooks: Webhooks
    default_client: Client
else:
    def __getattr__(name: str) -> Any:
        # PEP 562: module attributes made on first use, so import opens nothing and reads no
        # environment; `replicate.predictions.create(...)` works as with the official client
        if name == "default_client":
            return _default_client()
        if name in _NAMESPACES:
            return getattr(_default_client(), name)
        if name in _SUBMODULES:  # `import replicate.exceptions; replicate.exceptions.ModelError`
            return sys.modules[__name__]
        raise AttributeError("module 'replicate' has no attribute %r" % name)


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


# --- Command line ---

_CLI_EXAMPLES = """examples:
  replicate.py run black-forest-labs/flux-schnell prompt="an iguana" -o out/
  replicate.py run owner/model:VERSION image=@photo.jpg num_outputs:=2 --json
  replicate.py stream anthropic/claude-3.7-sonnet prompt="Who was Dolly the sheep?"
  replicate.py batch owner/model inputs.jsonl -o out/
  replicate.py predictions list
  replicate.py models get black-forest-labs/flux-schnell
  replicate.py vendor my_lambda/

inputs: key=value is a string, key:=json a JSON value (n:=2, flag:=true),
key=@path a file (uploaded).

environment:
  REPLICATE_API_TOKEN      the API token (https://replicate.com/account/api-tokens)
  REPLICATE_BASE_URL       the API host (default https://api.replicate.com)
  REPLICATE_POLL_INTERVAL  seconds between polls of a running prediction (default 0.5)

exit status:
  0    success
  1    the prediction failed, or the API refused (its reason on stderr)
  2    a usage error: a bad option, model reference, duration or input
  124  --timeout passed (the prediction was canceled)
  130  Ctrl-C (the prediction was canceled)"""


def _program_name() -> str:
    """The command as it was invoked: `replicate-py`, `python -m replicate` or
    `python replicate.py`, for usage, help, examples and --version."""
    main_module = sys.modules.get("__main__")
    spec = getattr(main_module, "__spec__", None)
    if spec is not None and spec.name in ("replicate", "replicate.__main__"):
        return "python -m replicate"
    invoked = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if invoked.startswith("replicate-py"):
        return "replicate-py"
    return "python " + (invoked if invoked.endswith(".py") else "replicate.py")


def _wait_seconds(text: str) -> int:
    """--wait's value: whole seconds from 0 to 60."""
    if not (text.isascii() and text.isdigit()) or int(text) > _MAX_WAIT:
        import argparse
        raise argparse.ArgumentTypeError("takes whole seconds from 0 to %d, not %r" % (_MAX_WAIT, text))
    return int(text)


def _parse_cli_inputs(items: Iterable[str]) -> Dict[str, Any]:
    """HTTPie-style `key=value`, `key:=json` and `key=@path` words -> an input dict."""
    import pathlib
    inputs: Dict[str, Any] = {}
    value: Any  # a JSON value, a string or a file's Path
    for item in items:
        if ":=" in item and item.index(":=") < item.index("=") + 1:
            key, _, raw = item.partition(":=")
            try:
                value = _json().loads(raw)
            except ValueError as error:
                raise ValueError("input %r: the value after ':=' must be JSON (%s)" % (item, error)) from None
        elif "=" in item:
            key, _, value = item.partition("=")
            if value.startswith("@"):
                path = pathlib.Path(value[1:])
                if path.is_dir():
                    raise ValueError("input %r: %r is a directory, not a file" % (item, value[1:]))
                # found now, before a prediction is paid for, not at the upload
                if path.exists() and not path.is_file():  # a FIFO, /dev/stdin: not seekable
                    raise ValueError("input %r: %r is not a regular file" % (item, value[1:]))
                try:
                    path.open("rb").close()
                except OSError as error:
                    raise ValueError("input %r: cannot read %r: %s"
                                     % (item, value[1:], error.strerror or error)) from None
                value = path
        else:
            raise ValueError("input %r must be key=value, key:=json or key=@path" % item)
        if not key:
            raise ValueError("input %r has no key before '='" % item)
        inputs[key] = value
    return inputs


class _StatusLine:
    """A one-line progress display on stderr, shown only when stderr is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.shown = False

    def show(self, text: str) -> None:
        if self.enabled:
            import shutil
            # one column short of the width: a line that fills it would wrap, and every
            # update would then scroll the screen a line
            width = max(shutil.get_terminal_size((80, 24)).columns - 1, 10)
            text = text if len(text) <= width else text[:width - 3] + "..."
            self.stream.write("\r\x1b[K" + text)
            self.stream.flush()
            self.shown = True

    def retrying(self, why: str, delay: float) -> None:
        """Say why the command is waiting, rather than go silent during a retry."""
        why = why.replace("error: ", "").replace("status 429", "rate limited (429)")
        self.show("retrying in %.0f s: %s" % (max(delay, 1.0), why))

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _format_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return ("%d %s" if unit == "B" else "%.1f %s") % (count, unit)
        count /= 1000.0
    return "%d B" % count


def _save_outputs(output: Any, directory: str, status: _StatusLine, out: IO[str]) -> None:
    """Print text outputs; save file outputs into `directory` and print their paths."""
    items = output if isinstance(output, list) else [output]
    for item in items:
        if isinstance(item, FileOutput):
            os.makedirs(directory, exist_ok=True)
            started = time.monotonic()

            def show(done: int, total: Optional[int], name: str = item.name) -> None:
                rate = done / max(time.monotonic() - started, 1e-6)
                size = _format_bytes(done) + (" of " + _format_bytes(total) if total else "")
                status.show("downloading %s: %s, %s/s" % (_printable(name), size, _format_bytes(rate)))

            # never over an existing file (the vendored replicate.py, a dotfile, an earlier
            # run's output): a name taken gets a fresh one, and the path printed says which
            try:
                path = item.save(directory, progress=show, overwrite=False)
            except KeyboardInterrupt:
                status.clear()
                part = os.path.join(directory, item.name) + ".part"
                kept = os.path.exists(part)
                raise KeyboardInterrupt(
                    "the download of %s was cut short: %s" % (_printable(item.name), (
                        "its bytes so far are in %s; saving it again (the prediction's output "
                        "URL) resumes it, or delete that file" % _printable(part)) if kept else
                        "nothing of it was kept")) from None
            status.clear()
            out.write(_printable(path) + "\n")
        elif isinstance(item, (dict, list)):
            out.write(_dumps(item) + "\n")
        elif item is not None:
            out.write(str(item))
            if not str(item).endswith("\n"):
                out.write("\n")
    out.flush()


def _cli_run(client: Client, args: argparse.Namespace, inputs: Optional[Dict[str, Any]],
             out: IO[str], err: IO[str]) -> int:
    status = _StatusLine(err)
    client._thread_state.on_retry = status.retrying
    try:
        return _cli_run_with(client, args, inputs, out, status)
    finally:
        client._thread_state.on_retry = None


def _cli_run_with(client: Client, args: argparse.Namespace, inputs: Optional[Dict[str, Any]],
                  out: IO[str], status: _StatusLine) -> int:
    started = time.monotonic()
    timeout: Optional[float] = args.timeout
    wait: Optional[int] = args.wait
    cancel_after: Optional[str] = args.cancel_after
    with client._deadline(None if timeout is None else started + timeout):
        # no held create unless --wait asks for one: Ctrl-C during a held request could not
        # cancel the prediction, whose id only its answer tells
        prediction = client.predictions.create(input=inputs, wait=wait or False,
                                               cancel_after=cancel_after, **_create_target(args.ref))

    def show(p: Prediction) -> None:
        line = "%s %s %.0fs" % (p.id, p.status, time.monotonic() - started)
        if p.progress is not None:
            line += " %d%% (%d/%d)" % (p.progress.percentage * 100, p.progress.current, p.progress.total)
        status.show(line)

    try:
        client._wait(prediction, timeout=timeout, progress=show, started=started)
    except (PredictionTimeoutError, KeyboardInterrupt):
        status.clear()
        _cancel_quietly(prediction)
        raise
    status.clear()
    if args.json:
        out.write(_json().dumps(prediction._data, indent=2) + "\n")
        out.flush()
        return 0 if prediction.status == "succeeded" else 1
    if prediction.status != "succeeded":
        raise ModelError(prediction)
    output = _transform_output(client, prediction.output)
    if isinstance(output, list) and client._iterator_kind_of(prediction) == "concatenate":
        output = "".join(str(item) for item in output)  # a text model's tokens are one text
    _save_outputs(output, args.output_dir, status, out)
    return 0


def _cli_parser(prog: str = "replicate.py") -> argparse.ArgumentParser:
    import argparse
    parser = argparse.ArgumentParser(
        prog=prog, description="Run models and manage predictions on Replicate.",
        epilog=_CLI_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="%s %s (the API of the official "
                        "replicate-python %s)" % (prog, __version__, _MIRRORS))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    run_parser = commands.add_parser(
        "run", help="run a model and print or save its output",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  replicate.py run black-forest-labs/flux-schnell prompt=\"a lion\" -o out/\n"
               "  replicate.py run owner/model image=@in.png scale:=2 --timeout 120 --json")
    run_parser.add_argument("ref", help="owner/name, owner/name:version or a version id")
    run_parser.add_argument("inputs", nargs="*", metavar="INPUT",
                            help="key=value (string), key:=json, key=@path (file)")
    run_parser.add_argument("-o", "--output-dir", default=".", metavar="DIR",
                            help="where file outputs are saved (default: the current directory)")
    run_parser.add_argument("--wait", type=_wait_seconds, metavar="0-60",
                            help="seconds the API may hold the create request (default 0: none, "
                                 "so that Ctrl-C can always cancel)")
    run_parser.add_argument("--timeout", type=float, metavar="S",
                            help="give up after S seconds, cancelling the prediction (exit 124)")
    run_parser.add_argument("--cancel-after", metavar="D",
                            help="server-side deadline such as 90s or 5m (Cancel-After)")
    run_parser.add_argument("--json", action="store_true", help="print the whole prediction as JSON")

    stream_parser = commands.add_parser(
        "stream", help="run a model and print its output as it is produced",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  replicate.py stream anthropic/claude-3.7-sonnet prompt=\"Hello\"")
    stream_parser.add_argument("ref", help="owner/name, owner/name:version or a version id")
    stream_parser.add_argument("inputs", nargs="*", metavar="INPUT",
                               help="key=value (string), key:=json, key=@path (file)")

    def action(actions: Any, name: str, help: str, *examples: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(
            name, help=help, formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog="example%s:\n" % ("s" if len(examples) > 1 else "")
                   + "\n".join("  replicate.py " + example for example in examples))
        return sub

    def json_flag(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help="print the API's objects as JSON")

    predictions_parser = commands.add_parser(
        "predictions", help="list, get or cancel predictions",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  replicate.py predictions list\n  replicate.py predictions get ID\n"
               "  replicate.py predictions cancel ID")
    actions = predictions_parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    json_flag(action(actions, "list", "your most recent predictions (a table)", "predictions list",
                     "predictions list --json"))
    for verb in ("get", "cancel"):
        action(actions, verb, "%s one prediction (prints JSON)" % verb,
               "predictions %s ID" % verb).add_argument("id", help="the prediction id")

    models_parser = commands.add_parser(
        "models", help="list, search and show models",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  replicate.py models get black-forest-labs/flux-schnell\n"
               "  replicate.py models list\n  replicate.py models search \"upscale images\"\n"
               "  replicate.py models readme black-forest-labs/flux-schnell")
    model_actions = models_parser.add_subparsers(dest="action", metavar="ACTION")
    model_actions.required = True
    action(model_actions, "get", "one model, with its latest version (prints JSON)",
           "models get black-forest-labs/flux-schnell").add_argument("model", help="owner/name")
    json_flag(action(model_actions, "list", "public models, newest first (a table)", "models list"))
    model_search = action(model_actions, "search", "models matching a text (a table)",
                          'models search "upscale images"')
    model_search.add_argument("query", help="what to look for")
    json_flag(model_search)
    action(model_actions, "readme", "a model's README (Markdown)",
           "models readme black-forest-labs/flux-schnell").add_argument("model", help="owner/name")

    search_parser = commands.add_parser(
        "search", help="search models, collections and guides (a table)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='examples:\n  replicate.py search "nano banana"\n  replicate.py search video --limit 5 --json')
    search_parser.add_argument("query", help="what to look for")
    search_parser.add_argument("--limit", type=int, metavar="N", help="at most N models (1-50; default 20)")
    json_flag(search_parser)

    batch_parser = commands.add_parser(
        "batch", help="run a model on every line of a JSON-lines file, several at a time",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  replicate.py batch black-forest-labs/flux-schnell prompts.jsonl -o out/ "
               "--concurrency 16\n\n"
               "Each line of INPUTS is a JSON object of the model's inputs. Results go to\n"
               "OUT/results.jsonl as they finish, one JSON object a line with the input's line\n"
               "number, and file outputs into OUT as LINE-NAME. Run the same command again to\n"
               "resume: inputs done are skipped, predictions still running are followed, none\n"
               "is run twice. Ctrl-C cancels the predictions in flight.")
    batch_parser.add_argument("ref", help="owner/name, owner/name:version or a version id")
    batch_parser.add_argument("inputs_file", metavar="INPUTS", help="a JSON-lines file of inputs")
    batch_parser.add_argument("-o", "--output-dir", default=".", metavar="OUT",
                              help="where results.jsonl and the file outputs go (default: the "
                                   "current directory)")
    batch_parser.add_argument("--concurrency", type=int, default=8, metavar="N",
                              help="predictions at a time (default 8)")
    batch_parser.add_argument("--retry-failed", action="store_true",
                              help="on a resume, run the inputs that failed again")

    vendor_parser = commands.add_parser(
        "vendor", help="copy this module into a directory, with its bytecode (for AWS Lambda)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  replicate.py vendor my_lambda/\n\n"
               "DIR gets replicate.py and, in DIR/__pycache__, its bytecode for this Python as a\n"
               "checked-hash .pyc: imported from a read-only folder (a Lambda zip) it is not\n"
               "compiled again, and a copy edited later is recompiled, never run stale. Another\n"
               "Python ignores the bytecode and compiles the source, as a bare copy does.")
    vendor_parser.add_argument("directory", metavar="DIR", help="where to put replicate.py (made if missing)")
    vendor_parser.add_argument("--force", action="store_true",
                               help="replace a replicate.py in DIR that differs from this one")

    files_parser = commands.add_parser(
        "files", help="download files",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  replicate.py files download 'https://api.replicate.com/v1/files/ID/download"
               "?owner=...&expiry=...&signature=...' -o out/")
    file_actions = files_parser.add_subparsers(dest="action", metavar="ACTION")
    file_actions.required = True
    file_download = action(file_actions, "download", "save a file of a signed download link",
                           "files download 'https://api.replicate.com/v1/files/ID/download?owner=...&"
                           "expiry=...&signature=...'",
                           "files download ID --owner NAME --expiry UNIX_TIME --signature SIG -o out/")
    file_download.add_argument("file", help="the signed download URL, or the file id with the three "
                                            "options below")
    file_download.add_argument("--owner", help="the owner in the link (with a file id)")
    file_download.add_argument("--expiry", type=int, metavar="UNIX_TIME", help="the link's expiry")
    file_download.add_argument("--signature", metavar="SIG", help="the link's signature")
    file_download.add_argument("-o", "--output", default=".", metavar="PATH",
                               help="a directory (default: the current one) or a file path")
    _name_examples(parser, prog)
    return parser


def _name_examples(parser: argparse.ArgumentParser, prog: str) -> None:
    """The examples of `parser` and its commands written with the program's own name."""
    if parser.epilog:
        parser.epilog = parser.epilog.replace("  replicate.py ", "  %s " % prog)
    for action in parser._actions:  # argparse's own: no public way to reach the subparsers
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):
            for sub in choices.values():
                _name_examples(sub, prog)


def _cli_query(client: Client, args: argparse.Namespace, out: IO[str]) -> int:
    """The commands that look things up: a table, JSON, or the text asked for."""
    result: Any = None  # JSON
    if args.command == "predictions":
        if args.action == "list":
            page = client.predictions.list()
            if not args.json:
                _print_table(out, ["id", "status", "model", "created"],
                             [[p.id, p.status, p.model or "", _short_time(p.created_at)] for p in page])
                return 0
            result = [p._data for p in page]
        elif args.action == "get":
            result = client.predictions.get(args.id)._data
        else:
            result = client.predictions.cancel(args.id)._data
    elif args.command == "models" and args.action in ("list", "search"):
        models = client.models.list() if args.action == "list" else client.models.search(args.query)
        if not args.json:
            _print_models(out, list(models))
            return 0
        result = [model.dict() for model in models]
    elif args.command == "models" and args.action == "readme":
        text = client.models.readme.get(args.model)
        out.write(text if text.endswith("\n") else text + "\n")
        return 0
    elif args.command == "models":
        result = client.models.get(args.model).dict()
    elif args.command == "search":
        found = client.search(args.query, limit=args.limit)
        if args.json:
            result = found.dict()
        else:
            _print_models(out, found.models, scored=True)
            for collection in found.collections:
                out.write("collection %s: %s\n" % (_printable(collection.slug or ""),
                                                   _printable(collection.name or "")))
            for guide in found.pages:
                out.write("guide %s: %s\n" % (_printable(str(guide.get("href"))),
                                              _printable(str(guide.get("name")))))
            return 0
    else:
        return _cli_download(client, args, out)
    out.write(_json().dumps(result, indent=2) + "\n")
    return 0


def _cli_download(client: Client, args: argparse.Namespace, out: IO[str]) -> int:
    """`files download`: a signed link (or its parts) saved, never over an existing file."""
    from urllib.parse import parse_qs, urlsplit
    file_id, owner, expiry, signature = args.file, args.owner, args.expiry, args.signature
    if file_id.startswith(("http://", "https://")):
        parts = urlsplit(file_id)
        query = parse_qs(parts.query)
        segments = parts.path.rstrip("/").split("/")
        file_id = segments[-2] if len(segments) >= 2 and segments[-1] == "download" else ""
        owner = owner or (query.get("owner") or [None])[0]
        raw_expiry = (query.get("expiry") or [""])[0]
        expiry = expiry if expiry is not None else (int(raw_expiry) if raw_expiry.isdigit() else None)
        signature = signature or (query.get("signature") or [None])[0]
    if not (file_id and owner and expiry is not None and signature):
        raise InvalidArgumentError("files download needs a signed download URL, or a file id with "
                                   "--owner, --expiry and --signature")
    output = client.files.download(file_id, owner=owner, expiry=expiry, signature=signature)
    target = args.output
    if os.path.isdir(target) or target.endswith(("/", os.sep)):
        os.makedirs(target, exist_ok=True)
        target = os.path.join(target, _safe_file_name(file_id))
    out.write(_printable(output.save(target, overwrite=False)) + "\n")
    return 0


def _read_batch_inputs(path: str) -> List[Dict[str, Any]]:
    """The inputs of `batch`: one JSON object a line (blank lines skipped)."""
    inputs: List[Dict[str, Any]] = []
    with open(path, "r", encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                value = _json().loads(text)
            except ValueError as error:
                raise ValueError("%s, line %d: not JSON (%s)" % (path, number, error)) from None
            if not isinstance(value, dict):
                raise ValueError("%s, line %d: a JSON object of inputs is needed, not %s"
                                 % (path, number, type(value).__name__))
            inputs.append(value)
    return inputs


def _cli_batch(client: Client, args: argparse.Namespace, inputs: List[Dict[str, Any]],
               out: IO[str], err: IO[str]) -> int:
    status = _StatusLine(err)
    journal = os.path.join(args.output_dir, "results.jsonl")
    started = time.monotonic()
    total, done, failed = len(inputs), 0, 0
    batch = _Batch(client, args.ref, inputs, journal, args.output_dir, args.retry_failed)
    for result in batch.run(args.concurrency):
        done += 1
        failed += result["status"] != "succeeded"
        rate = done / max(time.monotonic() - started, 1e-6)
        left = total - batch.counts["skipped"] - done
        status.show("batch: %d/%d done, %d running, %d failed, %.1f/s, ETA %s"
                    % (done, total - batch.counts["skipped"], len(batch.running), failed, rate,
                       _format_duration(left / rate)))
    status.clear()
    skipped = batch.counts["skipped"]
    err.write("batch: %d run, %d failed%s; results in %s\n"
              % (done, failed, ", %d done before (skipped)" % skipped if skipped else "",
                 _printable(journal)))
    return 1 if failed else 0


def _format_duration(seconds: float) -> str:
    seconds = int(seconds)
    return "%dh%02dm" % divmod(seconds // 60, 60) if seconds >= 3600 else "%dm%02ds" % divmod(seconds, 60)


def _cli_vendor(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    """`vendor DIR`: this module's source and its checked-hash bytecode, for a folder that
    is read-only when it runs (AWS Lambda), where a bare copy is compiled at every cold start."""
    import importlib.util
    import py_compile
    source = os.path.abspath(__file__)
    with open(source, "rb") as handle:
        code = handle.read()
    os.makedirs(args.directory, exist_ok=True)
    target = os.path.join(args.directory, "replicate.py")
    if os.path.lexists(target) and not args.force:
        with open(target, "rb") as handle:
            if handle.read() != code:
                err.write("error: %s holds another replicate.py: give --force to replace it\n"
                          % _printable(target))
                return 2
    fd, temporary = _create_temporary(args.directory, "replicate.py")
    try:
        with open(fd, "wb") as handle:
            handle.write(code)
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise
    bytecode = importlib.util.cache_from_source(target)
    # checked-hash: valid while the source's hash matches, whatever its timestamp (a zip's
    # are rewritten); an edited copy is compiled again rather than run stale
    py_compile.compile(target, cfile=bytecode, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    out.write("%s\n%s (bytecode for %s %d.%d; another Python compiles the source instead)\n"
              % (_printable(target), _printable(bytecode), sys.implementation.name,
                 sys.version_info[0], sys.version_info[1]))
    return 0


def _cli_subject(args: argparse.Namespace) -> Optional[str]:
    """What a command names, for an error saying it was not found."""
    if args.command in ("run", "stream"):
        owner, name, version = _parse_ref(args.ref)
        return "model %s/%s" % (owner, name) if owner else "version %s" % version
    if args.command == "models" and args.action in ("get", "readme"):
        return ("model %s" if args.action == "get" else "the README of %s") % _printable(args.model)
    if args.command == "predictions" and args.action in ("get", "cancel"):
        return "prediction %s" % _printable(args.id)
    if args.command == "files":
        return "file %s" % _printable(args.file.partition("?")[0])
    return None


def _short_time(stamp: Optional[str]) -> str:
    """'2025-01-01T12:34:56.789Z' -> '2025-01-01 12:34' (UTC), for a table."""
    return (stamp or "")[:16].replace("T", " ")


def _print_models(out: IO[str], models: List[Model], scored: bool = False) -> None:
    headers = ["model", "runs"] + (["score"] if scored else []) + ["description"]
    rows = []
    for model in models:
        score = model.metadata.get("score") if scored and model.metadata else None
        rows.append(["%s/%s" % (model.owner, model.name), str(model.run_count or 0)]
                    + (["%.2f" % score if isinstance(score, (int, float)) else ""] if scored else [])
                    + [" ".join((model.description or "").split())])
    _print_table(out, headers, rows)


def _print_table(out: IO[str], headers: List[str], rows: List[List[str]]) -> None:
    """Rows in columns that fit the terminal's width: the last columns give way first,
    their text cut with '...'. Control characters from the server are escaped."""
    import shutil
    width = shutil.get_terminal_size((100, 24)).columns
    cells = [[_printable(str(cell)) for cell in row] for row in [headers] + rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    for i in reversed(range(len(widths))):
        if excess <= 0:
            break
        cut = min(widths[i] - max(len(headers[i]), 8), excess)
        if cut > 0:
            widths[i] -= cut
            excess -= cut
    for row in cells:
        line = "  ".join((cell if len(cell) <= w else cell[:max(w - 3, 0)] + "...").ljust(w)
                         for cell, w in zip(row, widths))
        out.write(line.rstrip() + "\n")
    out.flush()


def main(argv: Optional[Sequence[str]] = None, client: Optional[Client] = None) -> int:
    """The command line: `python replicate.py --help`. Returns the exit status."""
    parser = _cli_parser(_program_name())
    args = parser.parse_args(argv)
    if args.command in ("run", "stream", "batch"):
        try:  # found before any request, in the command line's terms
            _parse_ref(args.ref)
        except (InvalidArgumentError, TypeError) as error:
            parser.error(str(error))
    if args.command == "run" and args.cancel_after is not None:
        try:
            _parse_duration(args.cancel_after, "--cancel-after")
        except (InvalidArgumentError, TypeError) as error:
            parser.error(str(error))
    if args.command == "run" and args.timeout is not None:
        try:
            _seconds(args.timeout, "--timeout", unlimited=True)
        except InvalidArgumentError as error:
            parser.error(str(error))
    inputs: Optional[Dict[str, Any]] = None
    if args.command in ("run", "stream"):
        try:
            inputs = _parse_cli_inputs(args.inputs)
        except ValueError as error:
            parser.error(str(error))  # a malformed input word is a usage error: exit 2
    batch_inputs: List[Dict[str, Any]] = []
    if args.command == "batch":
        try:
            _parse_ref(args.ref)
            batch_inputs = _read_batch_inputs(args.inputs_file)
        except (OSError, ValueError) as error:  # a usage problem: found before any request
            parser.error(str(error))
        if args.concurrency < 1:
            parser.error("--concurrency must be 1 or more")
    if args.command in ("run", "batch"):
        # made now, so that an -o that cannot be (a file, under a file, not writable) costs
        # nothing: no prediction is run whose output could not be saved
        if os.path.exists(args.output_dir) and not os.path.isdir(args.output_dir):
            parser.error("-o %s is a file, not a directory" % _printable(args.output_dir))
        try:
            os.makedirs(args.output_dir, exist_ok=True)
        except OSError as error:
            parser.error("-o %s cannot be made: %s" % (_printable(args.output_dir), error.strerror or error))
        if not os.access(args.output_dir, os.W_OK):
            parser.error("-o %s is not writable" % _printable(args.output_dir))
    out, err = sys.stdout, sys.stderr
    if args.command == "vendor":
        try:
            return _cli_vendor(args, out, err)
        except OSError as error:  # py_compile.PyCompileError cannot be: the file is this one
            err.write("error: cannot vendor into %s: %s\n" % (_printable(args.directory), error))
            return 1
    client = client or _default_client()
    if args.command != "files" and not (client._api_token or _env("REPLICATE_API_TOKEN")):
        err.write("error: no API token: set REPLICATE_API_TOKEN (get one at "
                  "https://replicate.com/account/api-tokens)\n")
        return 1
    prediction: Optional[Prediction] = None
    try:
        if args.command == "run":
            return _cli_run(client, args, inputs, out, err)
        if args.command == "batch":
            return _cli_batch(client, args, batch_inputs, out, err)
        if args.command == "stream":
            prediction = client.predictions.create(input=inputs, stream=True, **_create_target(args.ref))
            try:
                for event in prediction.stream():
                    out.write(str(event))
                    out.flush()
            except KeyboardInterrupt:
                _cancel_quietly(prediction)
                raise
            out.write("\n")
            return 0
        return _cli_query(client, args, out)
    except KeyboardInterrupt as error:
        err.write("\ninterrupted%s\n" % (": %s" % error if str(error) else ""))
        return 130
    except ModelError as error:
        prediction = error.prediction
        err.write("error: %s\n" % error)
        if prediction is not None and prediction.logs:
            err.write("last log lines:\n%s\n" % "\n".join(prediction.logs.splitlines()[-5:]))
        return 1
    except PredictionTimeoutError as error:
        if error.prediction is not None:
            err.write("error: %s (the prediction was canceled)\n" % error)
        else:  # the create's answer never came: its Cancel-After header ends the prediction
            err.write("error: %s (the API ends the prediction by its Cancel-After)\n" % error)
        return 124  # as timeout(1) exits
    except ReplicateError as error:
        what = _cli_subject(args)
        if error.status == 404 and what:
            err.write("error: %s not found (404)\n" % what)
        elif error.status == 401:
            err.write("error: the API refused the token (401): check REPLICATE_API_TOKEN\n")
        else:
            err.write("error: %s\n" % (error.detail or error))
        return 1
    except (ReplicateException, ValueError, TypeError, OSError) as error:
        err.write("error: %s\n" % error)
        return 1


if __name__ == "__main__":
    sys.exit(main())
