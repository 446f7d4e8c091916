"""Tests for replicate.py, run against a fake of the Replicate HTTP API served on loopback.

Everything goes over real loopback HTTP (or raw sockets); nothing of urllib or replicate is
mocked. How this file is organised, top to bottom:

1. The fake API, `FakeReplicate`: a threaded HTTP/1.1 server on 127.0.0.1 that behaves like
   api.replicate.com closely enough to test a client against it: predictions whose state
   follows the clock, `Prefer: wait`, `Cancel-After`, server-sent event streams, multipart
   uploads, trainings, deployments, models, collections, hardware, account, the webhook secret,
   and a CDN-like file host under /files/. Tests steer it through attributes and
   `queue_response`, and inspect what it received through `requests`.
2. Raw-socket servers (`RawServer` and its factories) for failures that http.server cannot
   produce: a reset mid-body, a short body, silence, a proxy's HTML error page, a server that
   drops idle keep-alive connections; a scripted file host (`scripted_server`); API servers
   that drip their answers, stream events, loop their page cursors or answer too much; and a
   webhook receiver (`WebhookReceiver`) that validates deliveries as a user's endpoint would.
3. Pytest fixtures: `fake`, `client`, `env`, `raw_server`, `files_client`, `https_files`, and
   the autouse `time_limit` that fails a test that hangs.
4. Self-tests of the fake (`test_fake_*`). They use only urllib, http.client and socket, so
   the fake can be trusted before replicate.py is tested against it.
5. Helpers shared by the tests below (waiting, the fake's view of a prediction, running the
   command line, prediction answers to queue).
6. Tests of replicate.py, one section per section of the module, in its order; a helper used
   by one section only stands at the top of that section:
   - internal helpers (model references, durations, waits, retry delays, progress);
   - file inputs; file outputs (reading, safe names, saving, broken downloads and resume);
   - server-sent events;
   - HTTP transport (keep-alive and connections, deadlines on whole responses, bodies,
     errors and retries, redaction, TLS);
   - resources;
   - namespaces (predictions, models, deployments, trainings, files, collections,
     pagination, webhooks);
   - models as functions, use();
   - the client (token and arguments, run(), answers of the wrong shape, streams, iterator
     models, async, deadlines, progress, Ctrl-C, batches, fleets of waiting threads);
   - logging; the command line; types; the module itself (public names, official import
     paths, import cost, vendoring).
7. The seed examples: the documents' examples, unchanged, run against the fake.

Run everything with `python3 -m pytest -q test_replicate.py`; the fake alone with `-k fake`.
Standard library and pytest only; Python 3.8+.
"""

import asyncio

import base64

import concurrent.futures

import contextlib

import datetime

import email.message

import gc

import hashlib

import hmac

import http.client

import http.server

import io

import json

import logging

import os

import pathlib

import re

import secrets

import select

import shutil

import signal

import socket

import struct

import subprocess

import sys

import threading

import time

import traceback

import types

import urllib.error

import urllib.parse

import urllib.request

import warnings

import zlib

from collections import OrderedDict, deque

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


# --- The fake API: constants and small helpers ---


TOKEN = "r8_testtoken123"


OWNER = "test"  # the account the token belongs to; every built-in model is owned by it


ACCOUNT = {
    "type": "user",
    "username": OWNER,
    "name": "Test User",
    "github_url": "https://github.com/test",
    "avatar_url": "https://replicate.delivery/avatars/test.png",
}


HARDWARE = [
    {"sku": "cpu", "name": "CPU"},
    {"sku": "gpu-t4", "name": "Nvidia T4 GPU"},
    {"sku": "gpu-a100-large", "name": "Nvidia A100 (80GB) GPU"},
]


TERMINAL_STATUSES = ("succeeded", "failed", "canceled", "aborted")


WEBHOOK_EVENTS = ("start", "output", "logs", "completed")


MIB = 1 << 20


HEX64 = re.compile(r"[0-9a-f]{64}")


def iso_time(ts):
    """An API timestamp: UTC, microseconds, a Z suffix."""
    moment = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso8601_timestamp(text):
    """An ISO 8601 date-time (Z, an offset, or none: UTC) -> seconds since the epoch."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
                         r"([Zz]|[+\- ]\d{2}:?\d{2})?", text)
    if not match:
        raise ValueError(text)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                               micro, tzinfo=datetime.timezone.utc)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1  # a "+" decoded from a query string is a space
        moment -= sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
    return moment.timestamp()


def new_id():
    """A random id shaped like the API's: 26 lower-case base32 characters."""
    return base64.b32encode(os.urandom(20)).decode("ascii").lower()[:26]


def version_id(model, number=1):
    """The deterministic 64-hex id of version `number` of model "owner/name"."""
    return hashlib.sha256(("%s:v%d" % (model, number)).encode("utf-8")).hexdigest()


def tiny_png(seed=0, side=2):
    """A valid PNG of side x side pixels in a colour that depends on seed."""
    colour = bytes(((seed * 73 + 20) % 256, (seed * 151 + 90) % 256, (seed * 37 + 160) % 256))
    rows = b"".join(b"\x00" + colour * side for _ in range(side))

    def chunk(tag, data):
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def problem(status, title, detail, instance=None):
    """An RFC 7807 problem details object, as the API sends with application/problem+json.
    The `type` URIs are the fake's own: tests should not depend on them."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return {
        "type": "https://replicate.com/docs/reference/http#" + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }


class ApiError(Exception):
    """Raised by a route to answer with problem details."""

    def __init__(self, status, title, detail, headers=None):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


def invalid(detail):
    """Input the API refuses: 422 with a detail that names the field."""
    return ApiError(422, "Unprocessable Entity", detail)


def not_found(detail):
    return ApiError(404, "Not found", detail)


def parse_duration(text):
    """Seconds in a Cancel-After value: `120`, `90s`, `5m`, `1h30m45s` (decimals allowed)."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    number = r"(\d+(?:\.\d+)?)"
    match = re.fullmatch(r"(?:%sh)?(?:%sm)?(?:%ss)?" % (number, number, number), text)
    if not text or not match:
        raise ValueError(text)
    hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


# A test-only CA and a certificate for 127.0.0.1 it signed (EC P-256, valid for 100 years), so
# that output files can be served over https, as the real CDN's are: clients only turn
# https URLs into FileOutput. The key protects nothing. Made with `openssl req`/`x509`.
TEST_CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBgzCCASqgAwIBAgIUKjxrBbCO6JJNyN6HdJ1xH+mfIDEwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUcmVwbGljYXRlLnB5IHRlc3QgQ0EwIBcNMjYxMTIzMTA0NjI4
WhgPMjEyNjEwMzAxMDQ2MjhaMB8xHTAbBgNVBAMMFHJlcGxpY2F0ZS5weSB0ZXN0
IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIjShQEXEU8+I2/oB07RuCQyQ
mua2lTHaIhQvh4yV7diDjx0mgpFS0NkhlaS4bB5XqOUL3l1CzD5R/BqAojrC16NC
MEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFO/E
WmSEDZhoQSasfyMTFgmFehXEMAoGCCqGSM49BAMCA0cAMEQCID1zNxXGHVjxFQl6
KgFrYUmp+2dyg8bXrO/lo9apywmyAiBiqcqOAVK96LkVxttSuwLX3jAjRhEb92jB
CeIR3M+j6A==
-----END CERTIFICATE-----
"""


TEST_CERT_PEM = """-----BEGIN CERTIFICATE-----
MIIByTCCAXCgAwIBAgIUTRRypf9XQiukw4PoEof0pKWo7wcwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUcmVwbGljYXRlLnB5IHRlc3QgQ0EwIBcNMjYxMTIzMTA0NjI4
WhgPMjEyNjEwMzAxMDQ2MjhaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABMRSHga1YOiCBQIoVMD2V/95xbnFGGgph58clXbQ
LKG93UH5Z6MbWrEH3NVV/qv6d4zCKzCuEweorVBq2Mq/oYajgZIwgY8wDAYDVR0T
AQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEwGgYD
VR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MB0GA1UdDgQWBBTbqwCr9gxRlrtJq87K
wpSH8dN00DAfBgNVHSMEGDAWgBTvxFpkhA2YaEEmrH8jExYJhXoVxDAKBggqhkjO
PQQDAgNHADBEAiEA0xqPIpzY6nbaBSD4H6e9QRpNYvms0FYqRv3k2wmr8ikCH3NN
KZDuHm0py4J7bRWzG/HRfZXi4EvnT2FUPrjCbPI=
-----END CERTIFICATE-----
"""


TEST_KEY_PEM = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/8tOLBlKV611Hb/x
U0ohqz2M6hNxU5JOKLQFtsCoXCKhRANCAATEUh4GtWDoggUCKFTA9lf/ecW5xRho
KYefHJV20Cyhvd1B+WejG1qxB9zVVf6r+neMwiswrhMHqK1QatjKv6GG
-----END PRIVATE KEY-----
"""


_CA_FILE = []


def ca_file():
    """The path of a file holding TEST_CA_PEM (one per test session), for SSL_CERT_FILE."""
    if not _CA_FILE:
        import tempfile
        handle, path = tempfile.mkstemp(prefix="replicate-test-ca-", suffix=".pem")
        with os.fdopen(handle, "w") as out:
            out.write(TEST_CA_PEM)
        _CA_FILE.append(path)
    return _CA_FILE[0]


def server_ssl_context():
    import ssl
    import tempfile
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        with open(cert, "w") as out:
            out.write(TEST_CERT_PEM)
        with open(key, "w") as out:
            out.write(TEST_KEY_PEM)
        context.load_cert_chain(cert, key)
    return context


# --- The fake API: what each fake model does with its input ---


# A model's `plan` function turns an input into a Plan: when the run starts and ends (in
# fake seconds after creation, scaled by FakeReplicate.time_scale into real seconds), the
# log lines and output chunks it produces along the way, and how it ends.
class Plan:
    def __init__(self, start=0.0, end=0.0, outcome="succeeded", output=None, error=None,
                 iterator=False, chunks=(), logs=()):
        self.start = start  # starting -> processing
        self.end = max(start, end)  # processing -> outcome
        self.outcome = outcome  # "succeeded" or "failed"
        self.output = output  # the final output
        self.error = error
        self.iterator = iterator  # output is a list that grows while processing
        self.chunks = list(chunks)  # [(at, output chunk)], for iterator outputs
        self.logs = list(logs)  # [(at, log line ending in "\n")]


def input_string(inputs, name, default=None, required=False):
    value = inputs.get(name, default)
    if value is None and required:
        raise invalid("input.%s: this field is required" % name)
    if value is not None and not isinstance(value, str):
        raise invalid("input.%s: must be a string, got %s" % (name, type(value).__name__))
    return value


def input_number(inputs, name, default, low, high, integer=False):
    value = inputs.get(name, default)
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise invalid("input.%s: must be %s, got %r" % (name, "an integer" if integer else "a number", value))
    if not low <= value <= high:
        raise invalid("input.%s: must be between %s and %s, got %r" % (name, low, high, value))
    return value


def tqdm_line(step, steps, seconds_per_step):
    """A progress line like tqdm's: ` 40%|████      | 2/5 [00:01<00:01,  2.00it/s]`."""
    def clock(seconds):
        return "%02d:%02d" % divmod(int(seconds), 60)

    filled = int(10 * step / steps)
    rate = 1.0 / seconds_per_step if seconds_per_step > 0 else 0.0
    return "%3d%%|%s%s| %d/%d [%s<%s, %5.2fit/s]\n" % (
        100 * step // steps, "\u2588" * filled, " " * (10 - filled), step, steps,
        clock(step * seconds_per_step), clock((steps - step) * seconds_per_step), rate)


def plan_echo(fake, inputs, job_id):
    prompt = input_string(inputs, "prompt", required=True)
    return Plan(output=prompt, logs=[(0.0, "echoing %d characters\n" % len(prompt))])


def plan_image(fake, inputs, job_id):
    count = input_number(inputs, "num_outputs", 1, 1, 10, integer=True)
    urls = ["%s/files/out-%d.png" % (fake.file_url_base, i) for i in range(count)]
    return Plan(output=urls, logs=[(0.0, "generated %d images\n" % count)])


def plan_datauri(fake, inputs, job_id):
    uri = "data:image/png;base64," + base64.b64encode(tiny_png(0)).decode("ascii")
    return Plan(output=uri, logs=[(0.0, "encoded a PNG as a data URI\n")])


def plan_slow(fake, inputs, job_id):
    seconds = float(input_number(inputs, "seconds", 1.0, 0, 3600))
    start = min(fake.start_delay, seconds)
    steps = 5
    per_step = (seconds - start) / steps
    logs = [(start, "running for %g seconds\n" % seconds)]
    logs += [(start + k * per_step, tqdm_line(k, steps, per_step)) for k in range(1, steps + 1)]
    return Plan(start=start, end=seconds, output="done", logs=logs)


def plan_fail(fake, inputs, job_id):
    seconds = float(input_number(inputs, "seconds", 0.0, 0, 3600))
    start = min(fake.start_delay, seconds)
    logs = [
        (start, "loading model\n"),
        (seconds, "Traceback (most recent call last):\n"),
        (seconds, '  File "predict.py", line 12, in predict\n'),
        (seconds, "RuntimeError: boom\n"),
    ]
    return Plan(start=start, end=seconds, outcome="failed", error="boom", logs=logs)


def plan_tokens(fake, inputs, job_id):
    tokens = inputs.get("tokens", ["Dolly ", "the ", "sheep"])
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise invalid("input.tokens: must be a list of strings")
    interval = float(input_number(inputs, "interval", 0.05, 0, 60))
    start = fake.start_delay
    chunks = [(start + (i + 1) * interval, token) for i, token in enumerate(tokens)]
    logs = [(start, "generating %d tokens\n" % len(tokens))]
    return Plan(start=start, end=start + len(tokens) * interval, output=list(tokens),
                iterator=True, chunks=chunks, logs=logs)


def plan_training(fake, inputs, job_id, destination):
    seconds = fake.training_seconds
    start = min(fake.start_delay, seconds)
    weights = fake.add_blob("weights-%s.tar" % job_id, b"fake weights for " + job_id.encode(),
                            "application/x-tar")
    new_version = hashlib.sha256(("trained:" + job_id).encode()).hexdigest()
    output = {"version": "%s:%s" % (destination, new_version), "weights": weights}
    logs = [(start + seconds * k / 3.0, "training step %d/3\n" % k) for k in (1, 2, 3)]
    return Plan(start=start, end=seconds, output=output, logs=logs)


def cog_schema(input_properties, output, required=()):
    """A version's openapi_schema, as Cog generates it (trimmed to what clients read)."""
    return {
        "openapi": "3.0.2",
        "info": {"title": "Cog", "version": "0.1.0"},
        "paths": {},
        "components": {
            "schemas": {
                "Input": {"type": "object", "title": "Input", "properties": input_properties,
                          "required": list(required)},
                "Output": dict(output, title="Output"),
            }
        },
    }


class ModelSpec:
    """A model on the fake: its public description, its versions and its behaviour."""

    def __init__(self, owner, name, description=None, schema=None, plan=None, versions=1,
                 visibility="public", **extra):
        self.owner = owner
        self.name = name
        self.description = description
        self.schema = schema
        self.plan = plan  # None: the model cannot run (e.g. created through POST /v1/models)
        self.versions = [version_id(self.full_name, n) for n in range(1, versions + 1)]
        self.visibility = visibility
        self.extra = extra  # other model fields (github_url, hardware, ...)

    @property
    def full_name(self):
        return "%s/%s" % (self.owner, self.name)

    @property
    def latest_version(self):
        return self.versions[-1] if self.versions else None

    def version_json(self, vid):
        number = self.versions.index(vid) + 1
        return {
            "id": vid,
            "created_at": "2024-01-%02dT00:00:00.000000Z" % min(number, 28),
            "cog_version": "0.9.4",
            "openapi_schema": self.schema,
        }

    def json(self):
        value = {
            "url": "https://replicate.com/" + self.full_name,
            "owner": self.owner,
            "name": self.name,
            "description": self.description,
            "visibility": self.visibility,
            "github_url": None,
            "paper_url": None,
            "license_url": None,
            "run_count": 0,
            "cover_image_url": None,
            "default_example": None,
            "is_official": False,
            "latest_version": self.version_json(self.latest_version) if self.versions else None,
        }
        value.update(self.extra)
        return value


def default_models():
    string_output = {"type": "string"}
    specs = [
        ModelSpec(OWNER, "echo", "Returns its prompt.", cog_schema(
            {"prompt": {"type": "string", "title": "Prompt", "x-order": 0}},
            string_output, required=["prompt"]), plan_echo, versions=3),
        ModelSpec(OWNER, "image", "Returns num_outputs PNG URLs on the fake's file host.", cog_schema(
            {"num_outputs": {"type": "integer", "title": "Num Outputs", "default": 1,
                             "minimum": 1, "maximum": 10, "x-order": 0}},
            {"type": "array", "items": {"type": "string", "format": "uri"}}), plan_image),
        ModelSpec(OWNER, "datauri", "Returns a tiny PNG as a data: URI.", cog_schema(
            {}, {"type": "string", "format": "uri"}), plan_datauri),
        ModelSpec(OWNER, "slow", "Finishes `seconds` after creation, logging progress.", cog_schema(
            {"seconds": {"type": "number", "title": "Seconds", "default": 1.0, "x-order": 0}},
            string_output), plan_slow),
        ModelSpec(OWNER, "fail", "Fails with the error 'boom'.", cog_schema(
            {"seconds": {"type": "number", "title": "Seconds", "default": 0, "x-order": 0}},
            string_output), plan_fail),
        ModelSpec(OWNER, "tokens", "A language model: streams `tokens`, one per `interval`.", cog_schema(
            {"prompt": {"type": "string", "title": "Prompt", "x-order": 0},
             "tokens": {"type": "array", "items": {"type": "string"}, "title": "Tokens", "x-order": 1},
             "interval": {"type": "number", "title": "Interval", "default": 0.05, "x-order": 2}},
            {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator",
             "x-cog-array-display": "concatenate"}), plan_tokens),
    ]
    return OrderedDict((spec.full_name, spec) for spec in specs)


def deployment_json(owner, name, model, version, number=1, hardware="cpu", min_instances=0,
                    max_instances=1, created=None):
    return {
        "owner": owner,
        "name": name,
        "current_release": {
            "number": number,
            "model": model,
            "version": version,
            "created_at": iso_time(created if created is not None else time.time()),
            "created_by": dict(ACCOUNT),
            "configuration": {"hardware": hardware, "min_instances": min_instances,
                              "max_instances": max_instances},
        },
    }


# --- The fake API: predictions and trainings, whose state is computed from the clock ---


class Snapshot:
    """A job's state at one moment."""

    __slots__ = ("status", "started", "ended", "output", "logs", "error", "cut")


class Job:
    """A prediction or a training. Its whole timeline is fixed when it is created; only a
    cancel can change it. Every read computes the state at that moment, so no thread has to
    drive jobs forward."""

    def __init__(self, kind, job_id, spec, version, inputs, plan, created, scale,
                 deadline=None, deployment=None, extra=None):
        self.kind = kind  # "prediction" or "training"
        self.id = job_id
        self.model = spec.full_name
        self.version = version
        self.input = inputs
        self.plan = plan
        self.created = created
        self.start = created + plan.start * scale
        self.end = created + plan.end * scale
        self.deadline = deadline  # absolute time from Cancel-After, or None
        self.deployment = deployment
        self.extra = extra or {}  # request fields echoed back (webhook, ...)
        self.canceled_at = None  # set by a cancel request
        # (time, event name, value) in order; an event's id is its index + 1.
        timeline = [(created + at * scale, "logs", line) for at, line in plan.logs]
        timeline += [(created + at * scale, "output", chunk) for at, chunk in plan.chunks]
        if not plan.iterator and plan.outcome == "succeeded" and plan.output is not None:
            # A plain output arrives whole at the end: one event per list item.
            values = plan.output if isinstance(plan.output, list) else [plan.output]
            timeline += [(self.end, "output", value) for value in values]
        timeline.sort(key=lambda event: event[0])  # stable: logs before output at equal times
        self.timeline = [(min(at, self.end), name, value) for at, name, value in timeline]

    def early_end(self):
        """(time, status) if a cancel or the deadline ends the job before its plan does."""
        ends = []
        if self.canceled_at is not None and self.canceled_at < self.end:
            ends.append((self.canceled_at, "canceled"))
        if self.deadline is not None and self.deadline < self.end:
            ends.append((self.deadline, "aborted" if self.deadline < self.start else "canceled"))
        return min(ends) if ends else None

    def snapshot(self, now):
        state = Snapshot()
        early = self.early_end()
        if early is not None and now >= early[0]:
            state.ended, state.status = early
        elif now >= self.end:
            state.ended, state.status = self.end, self.plan.outcome
        else:
            state.ended = None
            state.status = "processing" if now >= self.start else "starting"
        state.cut = state.ended if state.ended is not None else now
        # A job canceled or aborted before its start never ran.
        state.started = self.start if self.start <= state.cut and state.status != "aborted" else None
        visible = [(name, value) for at, name, value in self.timeline if at <= state.cut]
        state.logs = "".join(value for name, value in visible if name == "logs")
        if state.status == "succeeded":
            state.output = self.plan.output
        elif self.plan.iterator:
            chunks = [value for name, value in visible if name == "output"]
            state.output = chunks or None
        else:
            state.output = None
        state.error = self.plan.error if state.status == "failed" else None
        return state

    def next_change_after(self, now):
        """The next moment the job's state changes, or None."""
        moments = [self.start, self.end] + [at for at, _, _ in self.timeline]
        early = self.early_end()
        if early is not None:
            moments.append(early[0])
        later = [moment for moment in moments if moment > now]
        return min(later) if later else None

    def stream_events(self, now):
        """(events so far as [(id, name, data text)], whether the stream is complete)."""
        state = self.snapshot(now)
        events = []
        for index, (at, name, value) in enumerate(self.timeline):
            if at <= state.cut:
                text = value if isinstance(value, str) else json.dumps(value)
                if name == "logs":
                    text = text[:-1] if text.endswith("\n") else text
                events.append((index + 1, name, text))
        if state.status not in TERMINAL_STATUSES:
            return events, False
        number = len(self.timeline)
        if state.status == "succeeded":
            events.append((number + 1, "done", "{}"))
        elif state.status == "failed":
            events.append((number + 1, "error", json.dumps({"detail": state.error})))
            events.append((number + 2, "done", json.dumps({"reason": "error"})))
        else:
            events.append((number + 1, "done", json.dumps({"reason": "canceled"})))
        return events, True

    def json(self, api_url, now):
        state = self.snapshot(now)
        base = "%s/v1/%ss/%s" % (api_url, self.kind, self.id)
        urls = {"get": base, "cancel": base + "/cancel", "web": "https://replicate.com/p/" + self.id}
        if self.kind == "prediction":
            urls["stream"] = "%s/v1/streams/%s" % (api_url, self.id)
        metrics = {}
        if state.status in TERMINAL_STATUSES:
            if state.started is not None:
                metrics["predict_time"] = round(state.ended - state.started, 6)
            metrics["total_time"] = round(state.ended - self.created, 6)
        value = {
            "id": self.id,
            "model": self.model,
            "version": self.version,
            "input": self.input,
            "output": state.output,
            "logs": state.logs,
            "error": state.error,
            "status": state.status,
            "created_at": iso_time(self.created),
            "started_at": iso_time(state.started) if state.started is not None else None,
            "completed_at": iso_time(state.ended) if state.ended is not None else None,
            "data_removed": False,
            "source": "api",
            "urls": urls,
            "metrics": metrics,
        }
        if self.deadline is not None:
            value["deadline"] = iso_time(self.deadline)
        if self.deployment is not None:
            value["deployment"] = self.deployment
        value.update(self.extra)
        return value


# --- The fake API: requests as recorded, and responses queued by tests ---


class RecordedRequest:
    """One request the fake received.

    `headers` is the handler's http.client.HTTPMessage (an email.message.Message):
    `headers.get("authorization")` and `"Range" in headers` are case-insensitive;
    `headers.get_all(name)` gives repeated headers."""

    __slots__ = ("method", "path", "url_path", "query", "headers", "body", "body_size",
                 "connection_id", "request_id", "time")

    def __init__(self, method, path, headers, connection_id, request_id):
        split = urllib.parse.urlsplit(path)
        self.method = method
        self.path = path  # with the query string
        self.url_path = split.path  # without it
        self.query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.headers = headers
        self.body = b""  # empty when an upload was refused for its size
        self.body_size = 0  # bytes received, kept or not
        self.connection_id = connection_id
        self.request_id = request_id
        self.time = time.time()

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%s %s conn=%d %d bytes>" % (self.method, self.path, self.connection_id, self.body_size)


def path_matcher(pattern):
    """A predicate over (path without query, path with query) for a queue_response pattern:
    a compiled regex (full match against the path without query), or a string in which `*`
    matches anything (including `/`); a string with `?` is matched against the full path."""
    if hasattr(pattern, "fullmatch"):
        return lambda path, full: pattern.fullmatch(path) is not None
    regex = re.compile(".*".join(re.escape(part) for part in pattern.split("*")))
    if "?" in pattern:
        return lambda path, full: regex.fullmatch(full) is not None
    return lambda path, full: regex.fullmatch(path) is not None


class QueuedResponse:
    __slots__ = ("status", "headers", "body", "close_connection", "drop", "delay")

    def __init__(self, status, headers, body, close_connection, drop, delay):
        self.status = status
        self.headers = headers
        self.body = body
        self.close_connection = close_connection
        self.drop = drop
        self.delay = delay


class QueuedRoute:
    def __init__(self, method, pattern):
        self.method = method
        self.pattern = pattern
        self.matches = path_matcher(pattern)
        self.responses = deque()


# --- The fake API server ---


class FakeReplicate:
    """A fake Replicate API on http://127.0.0.1:<port>; see the module docstring.

    Knobs a test may set (read when they matter, so set them before the request they affect):
      time_scale        real seconds per fake second (1.0). Scales model run times, the start
                        delay, token intervals, training time, Cancel-After deadlines and the
                        Prefer: wait hold, all fixed when a prediction is created.
      start_delay       fake seconds a slow/tokens/fail model stays `starting` (0.1)
      training_seconds  fake seconds a training takes (0.3)
      page_size         items per page of every paginated list (2)
      max_upload        bytes above which a request body gets 413 (100 MiB)
      range_supported   whether /files/ honours Range (True)
      stream_drop_after the next SSE connection closes after this many events (None); one use
      file_url_base     base of generated output file URLs (the fake's own URL)
    """

    def __init__(self, token=TOKEN):
        self.token = token
        self.time_scale = 1.0
        self.start_delay = 0.1
        self.training_seconds = 0.3
        self.page_size = 2
        self.max_upload = 100 * MIB
        self.range_supported = True
        self.stream_drop_after = None
        self.webhook_secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")
        self.file_signing_secret = secrets.token_bytes(32)

        self.models = default_models()
        self.deployments = OrderedDict()
        self.collections = OrderedDict()
        self.predictions = OrderedDict()  # id -> Job
        self.trainings = OrderedDict()  # id -> Job
        self.files = OrderedDict()  # id -> {"object": File JSON, "content": bytes}
        self.blobs = {}  # name -> (bytes, content type), served at /files/<name>
        self.requests = []  # RecordedRequest, in arrival order
        self.errors = []  # tracebacks of the fake's own bugs; the `fake` fixture fails on any

        # One condition guards all state; it is notified when a job is canceled, so that
        # Prefer: wait and streams wake up at once rather than at their next timeout.
        self._changed = threading.Condition()
        self._queued = []  # QueuedRoute, in the order first queued
        self._sockets = set()  # live connections, shut down by close()
        self._connection_ids = 0
        self._closing = False

        self._httpd = _FakeHTTPServer(("127.0.0.1", 0), _FakeHandler)
        self._httpd.fake = self
        self.port = self._httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        # the same routes over TLS, for output files: clients wrap only https URLs
        self._tls_httpd = _FakeTLSServer(("127.0.0.1", 0), _FakeHandler)
        self._tls_httpd.fake = self
        self.https_url = "https://127.0.0.1:%d" % self._tls_httpd.server_address[1]
        self.file_url_base = self.https_url
        self.link_url = self.url  # the origin that the API's links (urls.get, urls.stream) name

        self._seed()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="FakeReplicate", daemon=True)
        self._thread.start()
        self._tls_thread = threading.Thread(target=self._tls_httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                            name="FakeReplicateTLS", daemon=True)
        self._tls_thread.start()

    def _seed(self):
        for i in range(10):
            self.add_blob("out-%d.png" % i, tiny_png(i), "image/png")
        now = time.time()
        for name, model in (("echo-deployment", "test/echo"), ("slow-deployment", "test/slow")):
            self.deployments["%s/%s" % (OWNER, name)] = deployment_json(
                OWNER, name, model, self.models[model].latest_version, created=now)
        self.collections["test-models"] = {
            "name": "Test models", "slug": "test-models",
            "description": "Every model of the fake.", "full_description": None,
            "models": list(self.models)}
        self.collections["language-models"] = {
            "name": "Language models", "slug": "language-models",
            "description": "Models that stream text.", "full_description": None,
            "models": ["test/tokens", "test/echo"]}

    # -- lifecycle --

    def close(self):
        """Stop serving and drop every open connection (waiting handlers end too)."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        for server in (self._httpd, self._tls_httpd):
            server.shutdown()
            server.server_close()
        for sock in list(self._sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(5)
        self._tls_thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- what tests use --

    @property
    def connections(self):
        """TCP connections that carried at least one request."""
        with self._changed:
            return len({request.connection_id for request in self.requests})

    def requests_for(self, method=None, path=None):
        """Recorded requests, filtered by method and by a path pattern as in queue_response."""
        matches = path_matcher(path) if path is not None else None
        with self._changed:
            kept = list(self.requests)
        return [r for r in kept
                if (method is None or r.method == method.upper())
                and (matches is None or matches(r.url_path, r.path))]

    def clear_requests(self):
        with self._changed:
            del self.requests[:]

    def queue_response(self, method, path, status=200, headers=None, body=b"",
                       close_connection=False, drop=False, delay=0.0, times=1):
        """Answer the next `times` requests matching method and path with this response
        instead of the fake's own (before any auth check). Responses queue FIFO per
        (method, path); method "*" matches any. `path` as in path_matcher.

        body: bytes (application/octet-stream), str (text/plain; charset=utf-8) or a
        dict/list (JSON, application/json); a Content-Type in `headers` wins. Content-Length
        is computed unless `headers` gives one, which is then sent as is (so a test can lie;
        the connection closes after a body shorter than announced). close_connection: send
        `Connection: close` (unless headers set Connection) and close after the response.
        drop: True closes the socket without answering; "reset" sends a TCP RST instead.
        delay: seconds to wait before answering."""
        if isinstance(body, (dict, list)):
            payload, default_type = json.dumps(body).encode("utf-8"), "application/json"
        elif isinstance(body, str):
            payload, default_type = body.encode("utf-8"), "text/plain; charset=utf-8"
        else:
            payload, default_type = bytes(body), "application/octet-stream"
        header_list = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
        if payload and not any(name.lower() == "content-type" for name, _ in header_list):
            header_list.append(("Content-Type", default_type))
        response = QueuedResponse(status, header_list, payload, close_connection, drop, delay)
        method = method.upper()
        with self._changed:
            for route in self._queued:
                if route.method == method and route.pattern == path:
                    break
            else:
                route = QueuedRoute(method, path)
                self._queued.append(route)
            route.responses.extend([response] * times)

    def queue_problem(self, method, path, status, detail, title=None, headers=None, **options):
        """queue_response with a problem details body and application/problem+json."""
        header_list = dict(headers or {})
        header_list.setdefault("Content-Type", "application/problem+json")
        body = problem(status, title or http.client.responses.get(status, "Error"), detail, path)
        self.queue_response(method, path, status=status, headers=header_list, body=body, **options)

    def add_blob(self, name, data, content_type="image/png"):
        """Serve `data` at /files/<name> (no token needed, like the CDN); returns its URL,
        based on file_url_base."""
        with self._changed:
            self.blobs[name] = (bytes(data), content_type)
        return "%s/files/%s" % (self.file_url_base, urllib.parse.quote(name))

    @staticmethod
    def version_id(model, number=None):
        """Version id of a built-in model ("test/echo"); latest when number is None."""
        counts = {"test/echo": 3}
        return version_id(model, number if number is not None else counts.get(model, 1))

    def signed_download_url(self, file_id, expiry=None):
        """A /v1/files/<id>/download URL that works without a token, like the API's."""
        expiry = int(expiry if expiry is not None else time.time() + 3600)
        return "%s/v1/files/%s/download?%s" % (self.url, file_id, urllib.parse.urlencode({
            "owner": OWNER, "expiry": expiry, "signature": self._file_signature(file_id, expiry)}))

    def _file_signature(self, file_id, expiry):
        message = ("%s %s %s" % (OWNER, file_id, expiry)).encode("utf-8")
        return base64.b64encode(hmac.new(self.file_signing_secret, message, hashlib.sha256).digest()).decode()

    def sign_webhook(self, body, webhook_id=None, timestamp=None):
        """Headers a webhook delivery of `body` (bytes) would carry, signed with webhook_secret."""
        webhook_id = webhook_id or "msg_" + new_id()
        timestamp = str(int(timestamp if timestamp is not None else time.time()))
        key = base64.b64decode(self.webhook_secret[len("whsec_"):])
        signed = b"%s.%s.%s" % (webhook_id.encode(), timestamp.encode(), body)
        signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return {"webhook-id": webhook_id, "webhook-timestamp": timestamp,
                "webhook-signature": "v1," + signature}

    def job_json(self, job):
        with self._changed:
            return job.json(self.link_url, time.time())

    def job_json_listed(self, job):
        """A job as GET /v1/predictions lists it: without its logs, as the API's own
        example of a list answer has them."""
        listed = self.job_json(job)
        listed.pop("logs", None)
        return listed

    # -- used by the handler --

    def _new_connection(self, sock):
        with self._changed:
            self._connection_ids += 1
            self._sockets.add(sock)
            return self._connection_ids

    def _record(self, request):
        with self._changed:
            self.requests.append(request)

    def _take_queued(self, method, path, full_path):
        with self._changed:
            for route in self._queued:
                if route.responses and route.method in (method, "*") and route.matches(path, full_path):
                    return route.responses.popleft()
        return None

    def _take_stream_drop(self):
        with self._changed:
            count, self.stream_drop_after = self.stream_drop_after, None
            return count

    def _start_job(self, kind, spec, version, inputs, plan, deadline_seconds=None, deployment=None,
                   extra=None, job_id=None):
        now = time.time()
        scale = self.time_scale
        deadline = now + deadline_seconds * scale if deadline_seconds is not None else None
        job = Job(kind, job_id or new_id(), spec, version, inputs, plan, now, scale, deadline,
                  deployment, extra)
        with self._changed:
            (self.predictions if kind == "prediction" else self.trainings)[job.id] = job
            self._changed.notify_all()
        return job

    def _cancel(self, job):
        with self._changed:
            now = time.time()
            if job.snapshot(now).status not in TERMINAL_STATUSES:
                job.canceled_at = now
                self._changed.notify_all()
            return job.json(self.link_url, now)

    def _wait_until_terminal(self, job, seconds):
        """Hold until the job is terminal or `seconds` pass (no busy loop: it sleeps until the
        job's next state change, or until a cancel notifies)."""
        until = time.time() + seconds
        with self._changed:
            while not self._closing:
                now = time.time()
                if now >= until or job.snapshot(now).status in TERMINAL_STATUSES:
                    return
                wake = job.next_change_after(now)
                self._changed.wait(min(wake if wake is not None else until, until) - now)


class _FakeHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # A handler's own failures are recorded in the handler; this catches the rest (e.g. a
        # client that vanished during the request line) without printing to the test output.
        pass


class _FakeTLSServer(_FakeHTTPServer):
    """The fake over https (the handshake happens in the connection's own thread)."""

    def server_activate(self):
        super().server_activate()
        self.ssl_context = server_ssl_context()

    def finish_request(self, request, client_address):
        try:
            wrapped = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:  # a client that gave up during the handshake
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            # socketserver closes the socket it accepted, which wrap_socket has emptied
            self.shutdown_request(wrapped)


# Routes: (method, path regex, handler method, needs the token). First match wins.
ROUTES = [(method, re.compile(pattern), name, auth) for method, pattern, name, auth in [
    ("GET", r"/files/(.+)", "blob", False),
    ("HEAD", r"/files/(.+)", "blob", False),
    ("GET", r"/v1/account", "account", True),
    ("GET", r"/v1/hardware", "hardware", True),
    ("GET", r"/v1/collections", "list_collections", True),
    ("GET", r"/v1/collections/([^/]+)", "get_collection", True),
    ("GET", r"/v1/deployments", "list_deployments", True),
    ("POST", r"/v1/deployments", "create_deployment", True),
    ("GET", r"/v1/deployments/([^/]+)/([^/]+)", "get_deployment", True),
    ("PATCH", r"/v1/deployments/([^/]+)/([^/]+)", "update_deployment", True),
    ("DELETE", r"/v1/deployments/([^/]+)/([^/]+)", "delete_deployment", True),
    ("POST", r"/v1/deployments/([^/]+)/([^/]+)/predictions", "create_deployment_prediction", True),
    ("GET", r"/v1/files", "list_files", True),
    ("POST", r"/v1/files", "create_file", True),
    ("GET", r"/v1/files/([^/]+)", "get_file", True),
    ("DELETE", r"/v1/files/([^/]+)", "delete_file", True),
    ("GET", r"/v1/files/([^/]+)/download", "download_file", False),  # token or signature
    ("GET", r"/v1/models", "list_models", True),
    ("POST", r"/v1/models", "create_model", True),
    ("QUERY", r"/v1/models", "search_models", True),
    ("GET", r"/v1/models/([^/]+)/([^/]+)", "get_model", True),
    ("PATCH", r"/v1/models/([^/]+)/([^/]+)", "update_model", True),
    ("DELETE", r"/v1/models/([^/]+)/([^/]+)", "delete_model", True),
    ("GET", r"/v1/models/([^/]+)/([^/]+)/examples", "list_examples", True),
    ("GET", r"/v1/models/([^/]+)/([^/]+)/readme", "get_readme", True),
    ("POST", r"/v1/models/([^/]+)/([^/]+)/predictions", "create_model_prediction", True),
    ("GET", r"/v1/models/([^/]+)/([^/]+)/versions", "list_versions", True),
    ("GET", r"/v1/models/([^/]+)/([^/]+)/versions/([^/]+)", "get_version", True),
    ("DELETE", r"/v1/models/([^/]+)/([^/]+)/versions/([^/]+)", "delete_version", True),
    ("POST", r"/v1/models/([^/]+)/([^/]+)/versions/([^/]+)/trainings", "create_training", True),
    ("GET", r"/v1/predictions", "list_predictions", True),
    ("POST", r"/v1/predictions", "create_prediction", True),
    ("GET", r"/v1/predictions/([^/]+)", "get_prediction", True),
    ("POST", r"/v1/predictions/([^/]+)/cancel", "cancel_prediction", True),
    ("GET", r"/v1/search", "search", True),
    ("GET", r"/v1/streams/([^/]+)", "stream", True),
    ("GET", r"/v1/trainings", "list_trainings", True),
    ("GET", r"/v1/trainings/([^/]+)", "get_training", True),
    ("POST", r"/v1/trainings/([^/]+)/cancel", "cancel_training", True),
    ("GET", r"/v1/webhooks/default/secret", "webhook_secret", True),
]]


CONNECTION_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout)


class BodyError(Exception):
    """A malformed request body: 400, and the connection closes."""


class _FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response has a Content-Length or closes
    server_version = "FakeReplicate/1.0"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection closes after this

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def setup(self):
        super().setup()
        self.fake = self.server.fake
        self.connection_id = self.fake._new_connection(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            with self.fake._changed:
                self.fake._sockets.discard(self.connection)

    # Every method goes through dispatch; QUERY is the API's search method.
    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_QUERY = do_OPTIONS = do_GET

    def handle_expect_100(self):
        # Refuse an oversized upload before the client sends it, as a proxy would.
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.fake.max_upload:
            self.request_id = "req_" + secrets.token_hex(8)
            record = RecordedRequest(self.command, self.path, self.headers, self.connection_id,
                                     self.request_id)
            self.fake._record(record)
            self.close_connection = True
            self.send_problem(413, "Content Too Large", self.too_large_detail())
            return False
        return super().handle_expect_100()

    # -- plumbing --

    def dispatch(self):
        self.request_id = "req_" + secrets.token_hex(8)
        self.responded = False
        split = urllib.parse.urlsplit(self.path)
        self.url_path = split.path.rstrip("/") or "/"
        self.query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.record = RecordedRequest(self.command, self.path, self.headers, self.connection_id,
                                      self.request_id)
        try:
            try:
                self.body, self.record.body_size = self.read_body()
            finally:
                self.fake._record(self.record)
            self.record.body = self.body if self.body is not None else b""
            queued = self.fake._take_queued(self.command, self.url_path, self.path)
            if queued is not None:
                self.send_queued(queued)
                return
            if self.body is None:
                raise ApiError(413, "Content Too Large", self.too_large_detail())
            self.route()
        except ApiError as error:
            self.send_problem(error.status, error.title, error.detail, error.headers)
        except BodyError as error:
            self.close_connection = True
            self.send_problem(400, "Bad request", str(error))
        except CONNECTION_ERRORS:
            self.close_connection = True  # the client went away
        except Exception:  # a bug in the fake: answer 500 and make the test fail
            self.close_connection = True
            self.fake.errors.append(traceback.format_exc())
            if not self.responded:
                self.send_problem(500, "Internal Server Error", "the fake failed; see fake.errors")

    def route(self):
        method = self.command
        allowed = []
        for route_method, pattern, name, needs_token in ROUTES:
            match = pattern.fullmatch(self.url_path)
            if match is None:
                continue
            if route_method != method:
                allowed.append(route_method)
                continue
            if needs_token:
                self.check_token()
            getattr(self, "r_" + name)(*match.groups())
            return
        if self.url_path.startswith("/v1/"):
            self.check_token()  # the API authenticates before it says what exists
        if allowed:
            raise ApiError(405, "Method Not Allowed", "%s is not allowed on %s" % (method, self.url_path),
                           {"Allow": ", ".join(sorted(set(allowed)))})
        raise not_found("No route for %s %s" % (method, self.url_path))

    def token_ok(self):
        given = self.headers.get("Authorization", "").encode("latin-1", "replace")
        return hmac.compare_digest(given, ("Bearer " + self.fake.token).encode("latin-1"))

    def check_token(self):
        if not self.token_ok():
            raise ApiError(401, "Unauthenticated", "You did not pass a valid authentication token")

    def too_large_detail(self):
        if self.fake.max_upload == 100 * MIB:
            return "Files must be less than 100MB in size"
        return "Files must be less than %d bytes in size" % self.fake.max_upload

    def iter_body(self):
        """The request body in pieces, from Content-Length or chunked framing."""
        read = self.rfile.read
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise BodyError("bad chunk size line %r" % line[:40])
                if size == 0:
                    while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return
                while size:
                    data = read(min(size, MIB))
                    if not data:
                        raise BodyError("the connection closed inside a chunk")
                    size -= len(data)
                    yield data
                self.rfile.readline(8)  # the CRLF after the chunk
        length = self.headers.get("Content-Length")
        if length is None:
            return
        if not length.strip().isdigit():
            raise BodyError("bad Content-Length %r" % length)
        remaining = int(length)
        while remaining > 0:
            data = read(min(remaining, MIB))
            if not data:
                raise BodyError("the connection closed with %d body bytes still due" % remaining)
            remaining -= len(data)
            yield data

    def read_body(self):
        """(body bytes, or None when over max_upload; bytes received). An oversized body is
        still read to its end and discarded, so that the client can read the 413 rather than
        have its send fail on a closed socket."""
        limit = self.fake.max_upload
        parts, total = [], 0
        for data in self.iter_body():
            total += len(data)
            if total > limit:
                parts = None
            elif parts is not None:
                parts.append(data)
        return (b"".join(parts) if parts is not None else None), total

    def send_raw(self, status, body=b"", content_type=None, headers=(), close=False):
        """Send one complete response. Content-Length is always set (except for 204/304),
        unless `headers` carries one; then it is sent as is."""
        headers = list(headers.items()) if isinstance(headers, dict) else list(headers)
        names = {name.lower() for name, _ in headers}
        self.send_response(status)
        if "x-request-id" not in names:
            self.send_header("X-Request-Id", self.request_id)
        if content_type and "content-type" not in names:
            self.send_header("Content-Type", content_type)
        if "content-length" not in names and status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        if (close or self.close_connection) and "connection" not in names:
            self.send_header("Connection", "close")
        self.end_headers()
        if close:
            self.close_connection = True
        self.responded = True
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def send_json(self, status, value, headers=()):
        self.send_raw(status, json.dumps(value).encode("utf-8"), "application/json", headers)

    def send_problem(self, status, title, detail, headers=()):
        body = json.dumps(problem(status, title, detail, self.path)).encode("utf-8")
        self.send_raw(status, body, "application/problem+json", headers)

    def send_queued(self, queued):
        if queued.delay:
            time.sleep(queued.delay)
        if queued.drop:
            self.close_connection = True
            if queued.drop == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()  # makefile() holds the socket open until its file is closed
                self.connection.close()
            return
        announced = [value for name, value in queued.headers if name.lower() == "content-length"]
        short = bool(announced) and announced[0].strip().isdigit() and int(announced[0]) > len(queued.body)
        self.send_raw(queued.status, queued.body, None, queued.headers,
                      close=queued.close_connection or short)

    def send_page(self, items, path=None):
        """A page of `items`: {"next", "previous", "results"}, with opaque cursors."""
        cursor = self.query.get("cursor", [""])[0]
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            offset = int(base64.urlsafe_b64decode(padded).decode()[2:]) if cursor else 0
        except ValueError:
            raise ApiError(400, "Bad request", "Invalid cursor %r" % cursor)
        size = self.fake.page_size
        others = [(key, value) for key, values in self.query.items() if key != "cursor" for value in values]

        def link(at):
            token = base64.urlsafe_b64encode(("o=%d" % at).encode()).decode().rstrip("=")
            return "%s%s?%s" % (self.fake.url, path or self.url_path,
                                urllib.parse.urlencode(others + [("cursor", token)]))

        self.send_json(200, {
            "next": link(offset + size) if offset + size < len(items) else None,
            "previous": link(max(0, offset - size)) if offset > 0 else None,
            "results": items[offset:offset + size],
        })

    def read_json(self):
        if not self.body:
            return {}
        try:
            value = json.loads(self.body.decode("utf-8"))
        except ValueError as error:
            raise ApiError(400, "Bad request", "The body is not valid JSON: %s" % error)
        if not isinstance(value, dict):
            raise ApiError(400, "Bad request", "The body must be a JSON object")
        return value

    def find_model(self, owner, name):
        spec = self.fake.models.get("%s/%s" % (owner, name))
        if spec is None:
            raise not_found("Model %s/%s not found" % (owner, name))
        return spec

    def find_job(self, table, job_id, kind):
        with self.fake._changed:
            job = table.get(job_id)
        if job is None:
            raise not_found("%s %s not found" % (kind, job_id))
        return job

    # -- routes: account, hardware, webhooks, collections, search --

    def r_account(self):
        self.send_json(200, ACCOUNT)

    def r_hardware(self):
        self.send_json(200, HARDWARE)  # a plain list, not a page

    def r_webhook_secret(self):
        self.send_json(200, {"key": self.fake.webhook_secret})

    def r_list_collections(self):
        self.send_page([{key: c[key] for key in ("name", "slug", "description")}
                        for c in list(self.fake.collections.values())])

    def r_get_collection(self, slug):
        collection = self.fake.collections.get(slug)
        if collection is None:
            raise not_found("Collection %s not found" % slug)
        value = dict(collection)
        models = dict(self.fake.models)
        value["models"] = [models[m].json() for m in collection["models"] if m in models]
        self.send_json(200, value)

    def matching_models(self, text):
        words = text.lower().split()
        return [spec for spec in list(self.fake.models.values())
                if all(w in ("%s %s" % (spec.full_name, spec.description or "")).lower() for w in words)]

    def r_search(self):
        text = self.query.get("query", [""])[0]
        if not text.strip():
            raise ApiError(400, "Bad request", "The query parameter `query` is required")
        limit = self.query.get("limit", ["20"])[0]
        if not limit.isdigit() or not 1 <= int(limit) <= 50:
            raise invalid("limit: must be an integer from 1 to 50")
        models = self.matching_models(text)[:int(limit)]
        self.send_json(200, {
            "query": text,
            "models": [{"model": spec.json(), "metadata": {"generated_description": spec.description,
                                                           "score": 1.0, "tags": ["test"]}}
                       for spec in models],
            "collections": [{key: c[key] for key in ("name", "slug", "description", "models")}
                            for c in list(self.fake.collections.values())
                            if text.lower() in c["name"].lower()],
            "pages": [],
        })

    # -- routes: models and versions --

    def r_list_models(self):
        self.send_page([spec.json() for spec in list(self.fake.models.values())])

    def r_search_models(self):
        text = self.body.decode("utf-8", "replace")
        self.send_page([spec.json() for spec in self.matching_models(text)])

    def r_create_model(self):
        body = self.read_json()
        for field in ("owner", "name", "visibility", "hardware"):
            if not isinstance(body.get(field), str) or not body.get(field):
                raise invalid("%s: this field is required" % field)
        if body["visibility"] not in ("public", "private"):
            raise invalid("visibility: must be 'public' or 'private'")
        if body["hardware"] not in [h["sku"] for h in HARDWARE]:
            raise invalid("hardware: unknown SKU %r" % body["hardware"])
        full_name = "%s/%s" % (body["owner"], body["name"])
        if full_name in self.fake.models:
            raise ApiError(409, "Conflict", "A model named %s already exists" % full_name)
        extra = {key: body[key] for key in ("github_url", "paper_url", "license_url", "cover_image_url")
                 if key in body}
        spec = ModelSpec(body["owner"], body["name"], body.get("description"), None, None, versions=0,
                         visibility=body["visibility"], **extra)
        self.fake.models[full_name] = spec
        self.send_json(201, spec.json())

    def r_get_model(self, owner, name):
        self.send_json(200, self.find_model(owner, name).json())

    def r_update_model(self, owner, name):
        spec = self.find_model(owner, name)
        body = self.read_json()
        for key, value in body.items():
            if key == "description":
                spec.description = value
            elif key in ("github_url", "paper_url", "license_url", "cover_image_url", "readme",
                         "weights_url"):
                spec.extra[key] = value
            else:
                raise invalid("%s: cannot be updated" % key)
        self.send_json(200, spec.json())

    def r_delete_model(self, owner, name):
        self.find_model(owner, name)
        del self.fake.models["%s/%s" % (owner, name)]
        self.send_raw(204)

    def r_list_examples(self, owner, name):
        self.find_model(owner, name)
        self.send_page([])

    def r_get_readme(self, owner, name):
        spec = self.find_model(owner, name)
        text = "# %s\n\n%s\n" % (spec.full_name, spec.description or "")
        self.send_raw(200, text.encode("utf-8"), "text/markdown; charset=utf-8")

    def r_list_versions(self, owner, name):
        spec = self.find_model(owner, name)
        self.send_page([spec.version_json(v) for v in reversed(spec.versions)])

    def find_version(self, owner, name, vid):
        spec = self.find_model(owner, name)
        if vid not in spec.versions:
            raise not_found("Version %s of %s not found" % (vid, spec.full_name))
        return spec

    def r_get_version(self, owner, name, vid):
        self.send_json(200, self.find_version(owner, name, vid).version_json(vid))

    def r_delete_version(self, owner, name, vid):
        self.find_version(owner, name, vid).versions.remove(vid)
        self.send_raw(202)  # accepted, empty body

    # -- routes: predictions --

    def prefer_wait(self):
        """Seconds to hold a create (`Prefer: wait` = 60, `wait=N` = N), or None."""
        for preference in self.headers.get("Prefer", "").split(","):
            preference = preference.strip()
            if preference == "wait":
                return 60.0
            if preference.startswith("wait="):
                value = preference[len("wait="):]
                if not value.isdigit() or not 1 <= int(value) <= 60:
                    raise invalid("Prefer: wait=N takes N from 1 to 60, got %r" % value)
                return float(value)
        return None

    def cancel_after(self):
        text = self.headers.get("Cancel-After")
        if text is None:
            return None
        try:
            seconds = parse_duration(text)
        except ValueError:
            raise invalid("Cancel-After: %r is not a duration like 90s, 5m or 1h30m45s" % text)
        if seconds < 5:
            raise invalid("Cancel-After: the minimum is 5 seconds, got %r" % text)
        return seconds

    def create_prediction(self, spec, version, body, deployment=None):
        inputs = body.get("input")
        if not isinstance(inputs, dict):
            raise invalid("input: this field is required and must be an object")
        wait = self.prefer_wait()
        deadline = self.cancel_after()
        extra = {}
        if body.get("webhook") is not None:
            webhook = body["webhook"]
            if not isinstance(webhook, str) or not webhook.startswith(("http://", "https://")):
                raise invalid("webhook: must be an HTTP(S) URL")
            extra["webhook"] = body["webhook"]
        events = body.get("webhook_events_filter")
        if events is not None:
            if not isinstance(events, list) or not set(events) <= set(WEBHOOK_EVENTS):
                raise invalid("webhook_events_filter: must be a list of %s" % ", ".join(WEBHOOK_EVENTS))
            extra["webhook_events_filter"] = events
        if spec.plan is None or version is None:
            raise invalid("version: model %s has no runnable version" % spec.full_name)
        job_id = new_id()
        plan = spec.plan(self.fake, inputs, job_id)
        job = self.fake._start_job("prediction", spec, version, inputs, plan, deadline, deployment,
                                   extra, job_id)
        if wait is not None:
            self.fake._wait_until_terminal(job, wait * self.fake.time_scale)
        value = self.fake.job_json(job)
        self.send_json(201 if value["status"] in TERMINAL_STATUSES else 202, value)

    def r_create_prediction(self):
        body = self.read_json()
        ref = body.get("version")
        if not isinstance(ref, str) or not ref:
            raise invalid("version: this field is required (a version id, owner/name:id or owner/name)")
        missing = "version: the specified version does not exist (or you do not have permission to use it)"
        if HEX64.fullmatch(ref):
            for spec in list(self.fake.models.values()):
                if ref in spec.versions:
                    return self.create_prediction(spec, ref, body)
            raise invalid(missing)
        match = re.fullmatch(r"([^/:\s]+)/([^/:\s]+)(?::([0-9a-f]{64}))?", ref)
        if not match:
            raise invalid("version: %r is not a version id, owner/name:id or owner/name" % ref)
        owner, name, vid = match.groups()
        spec = self.find_model(owner, name)
        if vid is not None and vid not in spec.versions:
            raise invalid(missing)
        self.create_prediction(spec, vid or spec.latest_version, body)

    def r_create_model_prediction(self, owner, name):
        spec = self.find_model(owner, name)
        self.create_prediction(spec, spec.latest_version, self.read_json())

    def r_create_deployment_prediction(self, owner, name):
        deployment = self.find_deployment(owner, name)
        release = deployment["current_release"]
        spec = self.fake.models.get(release["model"])
        if spec is None:
            raise not_found("The model of deployment %s/%s no longer exists" % (owner, name))
        self.create_prediction(spec, release["version"], self.read_json(), "%s/%s" % (owner, name))

    def r_get_prediction(self, pid):
        self.send_json(200, self.fake.job_json(self.find_job(self.fake.predictions, pid, "Prediction")))

    def r_cancel_prediction(self, pid):
        self.send_json(200, self.fake._cancel(self.find_job(self.fake.predictions, pid, "Prediction")))

    def r_list_predictions(self):
        """Newest first; `created_after` (ISO 8601) keeps those created at or after it."""
        values = self.query.get("created_after")
        threshold = None
        if values:
            try:
                threshold = iso8601_timestamp(values[0])
            except ValueError:
                raise invalid("created_after: %r is not an ISO 8601 date-time" % values[0])
        with self.fake._changed:
            jobs = [job for job in self.fake.predictions.values()
                    if threshold is None or job.created >= threshold]
        self.send_page([self.fake.job_json_listed(job) for job in reversed(jobs)])

    # -- routes: streams (server-sent events) --

    def r_stream(self, pid):
        fake = self.fake
        job = self.find_job(fake.predictions, pid, "Prediction")
        accept = self.headers.get("Accept", "*/*")
        if "text/event-stream" not in accept and "*/*" not in accept:
            raise ApiError(406, "Not Acceptable", "This endpoint serves text/event-stream")
        last_id = self.headers.get("Last-Event-ID", "0").strip()
        last_id = int(last_id) if last_id.isdigit() else 0
        drop_after = fake._take_stream_drop()
        # No Content-Length: the stream ends when the connection closes.
        self.close_connection = True
        self.send_response(200)
        self.send_header("X-Request-Id", self.request_id)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.responded = True
        self.wfile.write(b": stream of prediction %s\nretry: 1000\n\n" % pid.encode())
        sent = 0
        while True:
            with fake._changed:
                while True:
                    if fake._closing:
                        return
                    now = time.time()
                    events, complete = job.stream_events(now)
                    new = [event for event in events if event[0] > last_id]
                    if new or complete:
                        break
                    wake = job.next_change_after(now)
                    fake._changed.wait(min(wake - now, 1.0) if wake is not None else 1.0)
            for event_id, name, data in new:
                lines = ["event: " + name, "id: %d" % event_id]
                lines += ["data: " + line for line in data.split("\n")]  # one per line of data
                self.wfile.write(("\n".join(lines) + "\n\n").encode("utf-8"))
                sent += 1
                last_id = event_id
                if drop_after is not None and sent >= drop_after:
                    return  # close without `done`: the client must resume with Last-Event-ID
                if sent % 3 == 0:
                    self.wfile.write(b": keep-alive\n\n")
            if complete:
                return

    # -- routes: trainings --

    def r_create_training(self, owner, name, vid):
        spec = self.find_version(owner, name, vid)
        body = self.read_json()
        destination = body.get("destination")
        if not isinstance(destination, str) or not re.fullmatch(r"[^/\s]+/[^/\s]+", destination):
            raise invalid("destination: this field is required, as owner/name")
        inputs = body.get("input")
        if not isinstance(inputs, dict):
            raise invalid("input: this field is required and must be an object")
        extra = {key: body[key] for key in ("webhook", "webhook_events_filter") if body.get(key) is not None}
        job_id = new_id()
        plan = plan_training(self.fake, inputs, job_id, destination)
        job = self.fake._start_job("training", spec, vid, inputs, plan, extra=extra, job_id=job_id)
        self.send_json(201, self.fake.job_json(job))

    def r_list_trainings(self):
        with self.fake._changed:
            jobs = list(self.fake.trainings.values())
        self.send_page([self.fake.job_json(job) for job in reversed(jobs)])

    def r_get_training(self, tid):
        self.send_json(200, self.fake.job_json(self.find_job(self.fake.trainings, tid, "Training")))

    def r_cancel_training(self, tid):
        self.send_json(200, self.fake._cancel(self.find_job(self.fake.trainings, tid, "Training")))

    # -- routes: deployments --

    def find_deployment(self, owner, name):
        deployment = self.fake.deployments.get("%s/%s" % (owner, name))
        if deployment is None:
            raise not_found("Deployment %s/%s not found" % (owner, name))
        return deployment

    def deployment_settings(self, body, current):
        """Validated release settings from a create or update body, over `current`."""
        settings = dict(current)
        for key, high in (("min_instances", 5), ("max_instances", 20)):
            if key in body:
                value = body[key]
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
                    raise invalid("%s: must be an integer from 0 to %d" % (key, high))
                settings[key] = value
        if "hardware" in body:
            if body["hardware"] not in [h["sku"] for h in HARDWARE]:
                raise invalid("hardware: unknown SKU %r" % body["hardware"])
            settings["hardware"] = body["hardware"]
        if "version" in body:
            spec = self.fake.models.get(settings["model"])
            if spec is None or body["version"] not in spec.versions:
                raise invalid("version: %r is not a version of %s" % (body["version"], settings["model"]))
            settings["version"] = body["version"]
        return settings

    def r_list_deployments(self):
        self.send_page(list(self.fake.deployments.values()))

    def r_create_deployment(self):
        body = self.read_json()
        for field in ("name", "model", "version", "hardware", "min_instances", "max_instances"):
            if field not in body:
                raise invalid("%s: this field is required" % field)
        if not isinstance(body["name"], str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", body["name"]):
            raise invalid("name: must be lower-case letters, digits, '-', '_' or '.'")
        if body["model"] not in self.fake.models:
            raise invalid("model: %r does not exist" % body["model"])
        settings = self.deployment_settings(body, {"model": body["model"]})
        key = "%s/%s" % (OWNER, body["name"])
        if key in self.fake.deployments:
            raise ApiError(409, "Conflict", "A deployment named %s already exists" % key)
        self.fake.deployments[key] = deployment_json(OWNER, body["name"], **settings)
        self.send_json(200, self.fake.deployments[key])  # 200, as the OpenAPI says

    def r_get_deployment(self, owner, name):
        self.send_json(200, self.find_deployment(owner, name))

    def r_update_deployment(self, owner, name):
        deployment = self.find_deployment(owner, name)
        body = self.read_json()
        unknown = set(body) - {"hardware", "min_instances", "max_instances", "version"}
        if unknown:
            raise invalid("%s: cannot be updated" % sorted(unknown)[0])
        release = deployment["current_release"]
        current = dict(release["configuration"], model=release["model"], version=release["version"])
        settings = self.deployment_settings(body, current)
        self.fake.deployments["%s/%s" % (owner, name)] = deployment_json(
            owner, name, number=release["number"] + 1, **settings)
        self.send_json(200, self.fake.deployments["%s/%s" % (owner, name)])

    def r_delete_deployment(self, owner, name):
        self.find_deployment(owner, name)
        del self.fake.deployments["%s/%s" % (owner, name)]
        self.send_raw(204)

    # -- routes: files --

    def r_create_file(self):
        parts = parse_multipart(self.body, self.headers.get("Content-Type", ""))
        content = parts.get("content")
        if content is None:
            raise invalid("content: this field is required")
        if content["filename"] is None and "filename" not in parts:
            raise invalid("filename: this field is required")
        if "filename" in parts:
            name = parts["filename"]["data"].decode("utf-8", "replace")
        else:
            name = content["filename"]
        if len(name.encode("utf-8")) > 255:
            raise invalid("filename: must be at most 255 bytes")
        content_type = (parts["type"]["data"].decode("utf-8", "replace") if "type" in parts
                        else content["content_type"] or "application/octet-stream")
        metadata = {}
        if "metadata" in parts:
            try:
                metadata = json.loads(parts["metadata"]["data"].decode("utf-8"))
            except ValueError:
                raise invalid("metadata: must be valid JSON")
            if not isinstance(metadata, dict):
                raise invalid("metadata: must be a JSON object")
        data = content["data"]
        now = time.time()
        file_id = new_id()
        md5 = hashlib.md5(data).hexdigest()
        record = {
            "id": file_id,
            "name": name,
            "content_type": content_type,
            "size": len(data),
            "etag": '"%s"' % md5,
            "checksums": {"sha256": hashlib.sha256(data).hexdigest(), "md5": md5},
            "metadata": metadata,
            "created_at": iso_time(now),
            "expires_at": iso_time(now + 24 * 3600),
            "urls": {"get": "%s/v1/files/%s" % (self.fake.url, file_id)},
        }
        with self.fake._changed:
            self.fake.files[file_id] = {"object": record, "content": data}
        self.send_json(201, record)

    def find_file(self, file_id):
        with self.fake._changed:
            entry = self.fake.files.get(file_id)
        if entry is None:
            raise not_found("File not found")
        return entry

    def r_list_files(self):
        with self.fake._changed:
            records = [entry["object"] for entry in reversed(self.fake.files.values())]
        self.send_page(records)

    def r_get_file(self, file_id):
        self.send_json(200, self.find_file(file_id)["object"])

    def r_delete_file(self, file_id):
        self.find_file(file_id)
        with self.fake._changed:
            self.fake.files.pop(file_id, None)
        self.send_raw(204)

    def r_download_file(self, file_id):
        signature = self.query.get("signature", [None])[0]
        if signature is None:
            self.check_token()
        else:
            expiry = self.query.get("expiry", [""])[0]
            expected = self.fake._file_signature(file_id, expiry)
            fresh = expiry.isdigit() and int(expiry) >= time.time()
            if not hmac.compare_digest(signature, expected) or not fresh:
                raise ApiError(403, "Forbidden", "Invalid or expired signature")
        entry = self.find_file(file_id)
        self.send_raw(200, entry["content"], entry["object"]["content_type"],
                      {"Content-Disposition": 'attachment; filename="%s"' % entry["object"]["name"]})

    # -- the CDN-like file host --

    def r_blob(self, name):
        name = urllib.parse.unquote(name)
        with self.fake._changed:
            blob = self.fake.blobs.get(name)
        if blob is None:
            raise not_found("No file %s" % name)
        data, content_type = blob
        size = len(data)
        headers = {"ETag": '"%s"' % hashlib.md5(data).hexdigest()}
        wanted = self.headers.get("Range")
        if not self.fake.range_supported:
            self.send_raw(200, data, content_type, headers)
            return
        headers["Accept-Ranges"] = "bytes"
        match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", wanted or "")
        if not match or not (match.group(1) or match.group(2)):
            self.send_raw(200, data, content_type, headers)  # no Range, or one we ignore
            return
        if match.group(1):
            first = int(match.group(1))
            last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        else:  # a suffix: the last N bytes
            first, last = max(0, size - int(match.group(2))), size - 1
        if first >= size or last < first:
            headers["Content-Range"] = "bytes */%d" % size
            raise ApiError(416, "Range Not Satisfiable", "The file has %d bytes" % size, headers)
        headers["Content-Range"] = "bytes %d-%d/%d" % (first, last, size)
        self.send_raw(206, data[first:last + 1], content_type, headers)


def _disposition_param(value, key):
    """A parameter of a Content-Disposition value: key*=UTF-8''..., key="...", or key=token."""
    match = re.search(r"(?:^|;)\s*%s\*\s*=\s*([^;]+)" % key, value)
    if match:
        charset, _, encoded = match.group(1).strip().partition("''")
        return urllib.parse.unquote(encoded, encoding=charset or "utf-8")
    match = re.search(r'(?:^|;)\s*%s\s*=\s*"((?:[^"\\]|\\.)*)"' % key, value)
    if match:
        return re.sub(r"\\(.)", r"\1", match.group(1))
    match = re.search(r"(?:^|;)\s*%s\s*=\s*([^;\s]+)" % key, value)
    return match.group(1) if match else None


def parse_multipart(body, content_type):
    """multipart/form-data -> {field name: {"filename", "content_type", "data"}}."""
    match = re.search(r'boundary=(?:"([^"]+)"|([^;\s]+))', content_type)
    if not content_type.lower().startswith("multipart/form-data") or not match:
        raise ApiError(400, "Bad request", "Expected multipart/form-data with a boundary")
    boundary = (match.group(1) or match.group(2)).encode("latin-1")
    # Prefixing CRLF makes the first delimiter look like every other one.
    segments = (b"\r\n" + body).split(b"\r\n--" + boundary)
    parts = {}
    for segment in segments[1:]:
        if segment.startswith(b"--"):
            return parts  # the closing delimiter
        segment = segment.lstrip(b" \t")
        if not segment.startswith(b"\r\n"):
            raise ApiError(400, "Bad request", "Malformed multipart delimiter line")
        segment = segment[2:]
        if segment.startswith(b"\r\n"):
            head, data = b"", segment[2:]
        else:
            head, separator, data = segment.partition(b"\r\n\r\n")
            if not separator:
                raise ApiError(400, "Bad request", "A multipart part has no end of headers")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = _disposition_param(disposition, "name")
        if name is None:
            raise ApiError(400, "Bad request", "A multipart part has no name")
        parts[name] = {"filename": _disposition_param(disposition, "filename"),
                       "content_type": headers.get("content-type"), "data": data}
    raise ApiError(400, "Bad request", "The multipart body has no closing delimiter")


# --- Raw-socket servers, for failures http.server cannot produce ---


class RawRequest:
    """A request as a raw server read it: headers is a dict with lower-case keys."""

    __slots__ = ("method", "path", "headers", "body", "connection_id")

    def __init__(self, method, path, headers, body, connection_id):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.connection_id = connection_id

    def __repr__(self):
        return "<RawRequest %s %s conn=%d>" % (self.method, self.path, self.connection_id)


class RawConnection:
    """One accepted TCP connection, with helpers to read requests and write anything."""

    def __init__(self, sock, server, connection_id):
        self.sock = sock
        self.server = server
        self.id = connection_id
        self.buffer = b""

    def read_request(self):
        """The next request (headers and a Content-Length body), or None at EOF."""
        while b"\r\n\r\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, path = (lines[0].split(" ") + ["", ""])[:2]
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        while len(self.buffer) < length:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        request = RawRequest(method, path, headers, body, self.id)
        with self.server.lock:
            self.server.requests.append(request)
        return request

    def send(self, data):
        self.sock.sendall(data)

    def send_response(self, status=200, body=b"", headers=None, reason=None, content_length=None):
        """A complete response; Content-Length is len(body) unless content_length says
        otherwise (to send a body shorter than announced)."""
        lines = ["HTTP/1.1 %d %s" % (status, reason or http.client.responses.get(status, "Unknown"))]
        lines += ["%s: %s" % item for item in (headers or {}).items()]
        lines.append("Content-Length: %d" % (len(body) if content_length is None else content_length))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def close(self):
        """A clean close: FIN."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def reset(self):
        """An abortive close: RST (SO_LINGER with a zero timeout)."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


class RawServer:
    """A TCP server on 127.0.0.1:<port> that runs on_connection(RawConnection) in a daemon
    thread per accepted connection, then closes the connection (cleanly) if it still is open.
    With tls=True it speaks https (the test CA's certificate), and a close or reset is an
    abrupt end of the TLS stream: no close_notify, as when a proxy or a peer dies.

    url ("http://127.0.0.1:PORT" or https), port, connections (accepted count), requests
    (RawRequest read through RawConnection.read_request), close(); a context manager."""

    def __init__(self, on_connection, tls=False):
        self.on_connection = on_connection
        self._tls = server_ssl_context() if tls else None
        self.lock = threading.Lock()
        self.connections = 0
        self.requests = []
        self.closed = threading.Event()  # on_connection may wait on it to hold a connection open
        self._live = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)  # so that the accept loop notices close()
        self.port = self._listener.getsockname()[1]
        self.url = "%s://127.0.0.1:%d" % ("https" if tls else "http", self.port)
        self._thread = threading.Thread(target=self._accept_loop, name="RawServer", daemon=True)
        self._thread.start()

    def _accept_loop(self):
        while not self.closed.is_set():
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(30)
            with self.lock:
                self.connections += 1
                connection = RawConnection(sock, self, self.connections)
                self._live.add(sock)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        try:
            if self._tls is not None:
                tls_sock = self._tls.wrap_socket(connection.sock, server_side=True)
                with self.lock:
                    self._live.discard(connection.sock)
                    self._live.add(tls_sock)
                connection.sock = tls_sock
            self.on_connection(connection)
        except (OSError, ValueError):
            pass  # the client went away, or the connection was already closed
        finally:
            if connection.sock.fileno() != -1:
                connection.close()
            with self.lock:
                self._live.discard(connection.sock)

    def close(self):
        self.closed.set()
        self._listener.close()
        with self.lock:
            live = list(self._live)
        for sock in live:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _json_prefix(length):
    """`length` bytes that start like a prediction: a client reading them cannot finish."""
    text = b'{"id": "truncated", "status": "succeeded", "output": "' + b"x" * length
    return text[:length]


def reset_mid_body_server(declared_length=1000, sent_length=100, content_type="application/json",
                          tls=False):
    """Answers headers with Content-Length `declared_length`, sends `sent_length` body
    bytes, then resets the connection (RST)."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(200, _json_prefix(sent_length), {"Content-Type": content_type},
                                 content_length=declared_length)
        time.sleep(0.05)  # let the bytes arrive before the RST overtakes them
        connection.reset()
    return RawServer(on_connection, tls)


def short_body_server(declared_length=1000, sent_length=100, content_type="application/json",
                      tls=False):
    """Like reset_mid_body_server, but ends with a clean close (FIN)."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(200, _json_prefix(sent_length), {"Content-Type": content_type},
                                 content_length=declared_length)
        connection.close()
    return RawServer(on_connection, tls)


def stalled_body_server(declared_length=5000, sent_length=1000, tls=False):
    """Like short_body_server, but after the first `sent_length` bytes the connection stays
    open and silent until the server closes: the client's read must time out."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(200, b"x" * sent_length, {"Content-Type": "application/octet-stream"},
                                 content_length=declared_length)
        connection.server.closed.wait()
    return RawServer(on_connection, tls)


def silent_server(read_request=True):
    """Accepts (and reads the request, unless read_request is False) but never answers;
    the connection stays open until the server closes."""
    def on_connection(connection):
        if read_request:
            connection.read_request()
        connection.server.closed.wait()
    return RawServer(on_connection)


BAD_GATEWAY_HTML = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    b"</body>\r\n</html>\r\n")


def bad_gateway_server(status=502, body=BAD_GATEWAY_HTML, headers=None):
    """A proxy in trouble: every request gets `status` with an HTML body (keep-alive)."""
    def on_connection(connection):
        while connection.read_request() is not None:
            response_headers = {"Server": "nginx", "Content-Type": "text/html"}
            response_headers.update(headers or {})
            connection.send_response(status, body, response_headers)
    return RawServer(on_connection)


def close_after_response_server(status=200, body=b"{}", content_type="application/json"):
    """Answers one request per connection with a response that says nothing about closing
    (so the client keeps the connection for reuse), then closes it: the next request on that
    connection finds it stale."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(status, body, {"Content-Type": content_type})
        connection.close()
    return RawServer(on_connection)


def counting_server(respond=None, tls=False):
    """Serves every request, keep-alive, and counts connections (`.connections`) and
    requests (`.requests`). respond(RawRequest) -> (status, headers dict, body bytes);
    default 200 with `{}`."""
    def on_connection(connection):
        while True:
            request = connection.read_request()
            if request is None:
                return
            if respond is None:
                status, headers, body = 200, {"Content-Type": "application/json"}, b"{}"
            else:
                status, headers, body = respond(request)
            connection.send_response(status, body, headers)
    return RawServer(on_connection, tls)


def not_found_server():
    """A counting_server that answers every request 404 with a plain-text body."""
    return counting_server(lambda request: (404, {"Content-Type": "text/plain"}, b"no such file"))


# --- Raw-socket servers: a scripted file host ---


ETAG = '"v1"'


OTHER_ETAG = '"v2"'


def _reply(status, headers, body, send=None, end="keep"):
    """One scripted answer: `send` body bytes of `body` go out, then the connection is kept
    ("keep"), closed cleanly ("close"), reset ("reset") or left silent ("stall")."""
    return status, list(headers), body, len(body) if send is None else send, end


def _file_answer(request, data, etag=ETAG, last_modified=None, ranges=True):
    """What a good file host answers: 206 for `Range: bytes=N-` when If-Range (if any) names
    the current validator, else 200 with the whole file."""
    headers = [("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes")]
    if etag:
        headers.append(("ETag", etag))
    if last_modified:
        headers.append(("Last-Modified", last_modified))
    match = re.fullmatch(r"bytes=(\d+)-", request.headers.get("range", ""))
    if_range = request.headers.get("if-range")
    if (ranges and match and int(match.group(1)) < len(data)
            and (if_range is None or if_range in (etag, last_modified))):
        first = int(match.group(1))
        headers += [("Content-Range", "bytes %d-%d/%d" % (first, len(data) - 1, len(data))),
                    ("Content-Length", str(len(data) - first))]
        return _reply(206, headers, data[first:])
    headers.append(("Content-Length", str(len(data))))
    return _reply(200, headers, data)


def _breaking_answer(request, data, cut, etag=ETAG, last_modified=None):
    """A host whose downloads always break: a fresh GET gets `cut` bytes, a resume none."""
    status, headers, body, _, _ = _file_answer(request, data, etag, last_modified)
    return _reply(status, headers, body, send=cut if status == 200 else 0, end="close")


def scripted_server(raw_server, answer, tls=False):
    """A RawServer that answers every request with answer(RawRequest) (see _reply)."""
    def on_connection(connection):
        while True:
            request = connection.read_request()
            if request is None:
                return
            status, headers, body, send, end = answer(request)
            head = ["HTTP/1.1 %d %s" % (status, http.client.responses.get(status, "Unknown"))]
            head += ["%s: %s" % pair for pair in headers]
            connection.send(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body[:send])
            if end == "keep":
                continue
            if end == "reset":
                time.sleep(0.05)  # let the bytes arrive before the RST overtakes them
                connection.reset()
            elif end == "stall":
                connection.server.closed.wait()
            else:
                connection.close()
            return
    return raw_server(RawServer, on_connection, tls=tls)


def held_pair_server(raw_server, blobs):
    """Answers once both files are asked for, in slow pieces, so that two saves overlap."""
    barrier = threading.Barrier(2)

    def on_connection(connection):
        while True:
            request = connection.read_request()
            if request is None:
                return
            data = blobs[request.path]
            try:
                barrier.wait(10)
            except threading.BrokenBarrierError:
                pass
            connection.send(("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n"
                             % len(data)).encode())
            for start in range(0, len(data), 100 * 1000):
                connection.send(data[start:start + 100 * 1000])
                time.sleep(0.03)

    return raw_server(RawServer, on_connection)


# --- Raw-socket servers: API servers that drip, stream, loop or answer too much ---


def _prediction_json(url, pid="p1", status="starting", **fields):
    """A prediction as a raw API server at `url` answers it; `fields` replace or add fields."""
    data = {"id": pid, "status": status, "model": "test/echo", "version": "hidden", "input": {},
            "output": None, "logs": "", "error": None, "created_at": iso_time(time.time()),
            "urls": {"get": "%s/v1/predictions/%s" % (url, pid),
                     "cancel": "%s/v1/predictions/%s/cancel" % (url, pid),
                     "stream": "%s/v1/streams/%s" % (url, pid)}}
    data.update(fields)
    return data


def _api_answer(request, url):
    """(status, JSON bytes) for the requests a run or a wait sends."""
    if request.method == "POST" and request.path.endswith("/cancel"):
        return 200, json.dumps(_prediction_json(url, status="canceled")).encode()
    if request.method == "POST":
        return 201, json.dumps(_prediction_json(url)).encode()
    return 200, json.dumps(_prediction_json(url, status="processing")).encode()


def dripping_server(drips, part, interval=1.0):
    """An API whose answers to the requests `drips(request)` selects arrive one byte every
    `interval` s: everything after the status line (part="headers"), or the body alone
    (part="body"). No single read waits long; only a deadline on the whole answer ends it."""
    def on_connection(connection):
        while True:
            request = connection.read_request()
            if request is None:
                return
            status, body = _api_answer(request, connection.server.url)
            status_line = b"HTTP/1.1 %d %s\r\n" % (status, http.client.responses[status].encode())
            rest = (b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
            if not drips(request):
                connection.send(status_line + rest)
                continue
            if part == "headers":
                at_once, dripped = status_line, rest
            else:
                at_once, dripped = status_line + rest[:-len(body)], body
            connection.send(at_once)
            for byte in dripped:
                if connection.server.closed.wait(interval):
                    return
                connection.send(bytes([byte]))
    return RawServer(on_connection)


def _chunked(data, size):
    """`data` in chunked transfer coding, `size` bytes a chunk (without the last chunk)."""
    return b"".join(b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
                    for i in range(0, len(data), size))


def sse_server(stream, chunk=None):
    """An API for client.stream(): the create answers at once with a stream URL on this
    server; each GET of the stream runs stream(connection, number) (1 for the first
    connection) after the headers of a close-delimited text/event-stream response, then
    closes. With `chunk`, the stream is sent with chunked framing instead: stream(number)
    returns the whole event-stream text (bytes), sent in chunks of `chunk` bytes.
    `.stream_requests` holds the stream GETs."""
    def on_connection(connection):
        while True:
            request = connection.read_request()
            if request is None:
                return
            if request.path.startswith("/v1/streams/"):
                with connection.server.lock:
                    server.stream_requests.append(request)
                    number = len(server.stream_requests)
                framing = b"Transfer-Encoding: chunked" if chunk else b"Cache-Control: no-store"
                connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                + framing + b"\r\nConnection: close\r\n\r\n")
                if chunk:
                    connection.send(_chunked(stream(number), chunk) + b"0\r\n\r\n")
                else:
                    stream(connection, number)
                return
            status, body = _api_answer(request, connection.server.url)
            connection.send_response(status, body, {"Content-Type": "application/json"})
    server = RawServer(on_connection)
    server.stream_requests = []
    return server


_BIG = 33 * MIB  # over the 32 MiB cap on API JSON bodies


def _big_prediction(size):
    """A prediction's JSON body of exactly `size` bytes."""
    head = b'{"id": "p1", "status": "succeeded", "output": "'
    return head + b"x" * (size - len(head) - 2) + b'"}'


def huge_json_server(how):
    """An API whose every answer is a JSON body too large to take: "announced" (a 33 MiB
    Content-Length), "terabyte" (10**12 announced, 100 bytes sent, then silence), "chunked"
    (33 MiB in chunks) or "endless" (chunks that never end, reset at twice the cap)."""
    def on_connection(connection):
        while connection.read_request() is not None:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            if how == "announced":
                body = _big_prediction(_BIG)
                connection.send(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
            elif how == "terabyte":
                connection.send(head + b"Content-Length: %d\r\n\r\n" % 10 ** 12 + _json_prefix(100))
                connection.server.closed.wait()
                return
            elif how == "chunked":
                connection.send(head + b"Transfer-Encoding: chunked\r\n\r\n"
                                + _chunked(_big_prediction(_BIG), MIB) + b"0\r\n\r\n")
            else:  # endless: chunks with no end; cut off at twice the cap, so a test ends
                connection.send(head + b"Transfer-Encoding: chunked\r\n\r\n"
                                + _chunked(_json_prefix(1000), 1000))
                block = _chunked(b"x" * MIB, MIB)
                for _ in range(64):
                    connection.send(block)
                connection.reset()
                return
    return RawServer(on_connection)


def looping_pages_server(shape):
    """Pages of predictions whose `next` cursors loop: "self" names its own cursor again,
    "cycle" goes a -> b -> a."""
    following = {"": "a", "a": "a" if shape == "self" else "b", "b": "a"}

    def respond(request):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
        cursor = query.get("cursor", [""])[0]
        base = "http://127.0.0.1:%d" % request_port[0]
        page = {"results": [_prediction_json(base, pid="p-" + (cursor or "first"))],
                "next": "%s/v1/predictions?cursor=%s" % (base, following[cursor]), "previous": None}
        return 200, {"Content-Type": "application/json"}, json.dumps(page).encode()

    request_port = []
    server = counting_server(respond)
    request_port.append(server.port)
    return server


# --- A webhook receiver, as a user's endpoint ---


class WebhookReceiver:
    """An http.server on loopback that validates every POST it receives with
    replicate.webhooks.validate(headers=self.headers, ...), as a user's endpoint would."""

    def __init__(self, secret, **options):
        import replicate
        receiver = self
        self.results = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    replicate.webhooks.validate(headers=self.headers, body=body, secret=secret, **options)
                    outcome = "valid"
                except replicate.WebhookValidationError as error:
                    outcome = type(error).__name__
                receiver.results.append((type(self.headers), outcome))
                status = 204 if outcome == "valid" else 400
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/hook" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                                       daemon=True)
        self.thread.start()

    def deliver(self, body, headers):
        request = urllib.request.Request(self.url, data=body, headers=dict(headers, **{
            "Content-Type": "application/json"}), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, self.results[-1][1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(2)


# --- Fixtures ---


TEST_TIME_LIMIT = 180  # seconds: the slowest test takes a tenth of it


class HungTest(Exception):
    """A test that ran past TEST_TIME_LIMIT: it fails, rather than hold the run forever."""


@pytest.fixture(autouse=True)
def time_limit():
    """Fail a test that hangs (a read that never returns, say) instead of hanging the suite:
    SIGALRM interrupts the main thread's blocking call and raises there."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise HungTest("the test ran for more than %d s" % TEST_TIME_LIMIT)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TEST_TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fake(monkeypatch):
    """A fresh FakeReplicate per test; the test fails if the fake itself hit a bug.
    SSL_CERT_FILE points at the test CA, so clients trust its https file host."""
    monkeypatch.setenv("SSL_CERT_FILE", ca_file())
    server = FakeReplicate()
    try:
        yield server
    finally:
        server.close()
    if server.errors:
        pytest.fail("the fake raised:\n" + "\n".join(server.errors))


@pytest.fixture
def client(fake):
    """A replicate.Client pointed at the fake."""
    # Imported here, not at the top: replicate.py is written separately, and the fake's
    # self-tests must run without it.
    import replicate

    made = replicate.Client(api_token=fake.token, base_url=fake.url)
    yield made
    close = getattr(made, "close", None)
    if callable(close):
        close()


@pytest.fixture
def env(fake, monkeypatch):
    """The environment a module-level replicate.run() reads, pointed at the fake."""
    monkeypatch.setenv("REPLICATE_API_TOKEN", fake.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", fake.url)
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.05")
    return fake


@pytest.fixture
def raw_server():
    """start(factory, *args, **kwargs) -> the RawServer factory(...) made; closed after the
    test. factory: one of the *_server functions above, or RawServer itself."""
    started = []

    def start(factory, *args, **kwargs):
        server = factory(*args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def files_client(monkeypatch):
    """A client for downloads from raw servers: the test CA trusted, a 1 s read timeout."""
    import replicate
    monkeypatch.setenv("SSL_CERT_FILE", ca_file())
    made = replicate.Client(api_token="r8_filetests", base_url="http://127.0.0.1:9", timeout=1.0)
    yield made
    made.close()


@pytest.fixture
def https_files(monkeypatch):
    """The fake's file host speaks https with the test CA: trusted for these tests."""
    monkeypatch.setenv("SSL_CERT_FILE", ca_file())


# --- Self-tests of the fake (urllib, http.client and socket only) ---


def call(fake, method, path, body=None, headers=None, token=True, timeout=10):
    """One request with urllib -> (status, headers, parsed JSON body or raw bytes)."""
    data = body
    all_headers = {}
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    if token:
        all_headers["Authorization"] = "Bearer " + fake.token
    all_headers.update(headers or {})
    url = path if path.startswith("http") else fake.url + path
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, response_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, response_headers, raw = error.code, error.headers, error.read()
    kind = response_headers.get("Content-Type", "")
    if "json" in kind and raw:
        return status, response_headers, json.loads(raw.decode("utf-8"))
    return status, response_headers, raw


def parse_sse(text):
    """Server-sent events -> [{"event", "id", "data"}] (comments and retry dropped)."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        event = {"event": "message", "id": None, "data": []}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if key == "data":
                event["data"].append(value)
            elif key in ("event", "id"):
                event[key] = value
        if event["data"]:
            event["data"] = "\n".join(event["data"])
            events.append(event)
    return events


def read_stream(fake, pid, last_event_id=None):
    connection = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=10)
    headers = {"Authorization": "Bearer " + fake.token, "Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    connection.request("GET", "/v1/streams/" + pid, headers=headers)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.getheader("Content-Length") is None
    text = response.read().decode("utf-8")
    connection.close()
    return text


def test_fake_create_prediction_with_prefer_wait(fake):
    status, headers, prediction = call(fake, "POST", "/v1/predictions", {
        "version": "test/echo", "input": {"prompt": "hello"}}, {"Prefer": "wait"})
    assert status == 201
    assert headers["X-Request-Id"].startswith("req_")
    assert prediction["status"] == "succeeded" and prediction["output"] == "hello"
    assert prediction["version"] == fake.version_id("test/echo") and prediction["model"] == "test/echo"
    assert prediction["urls"]["get"] == "%s/v1/predictions/%s" % (fake.url, prediction["id"])
    assert prediction["urls"]["stream"] == "%s/v1/streams/%s" % (fake.url, prediction["id"])
    assert set(prediction) >= {"id", "model", "version", "input", "output", "logs", "error", "status",
                               "created_at", "started_at", "completed_at", "data_removed", "source",
                               "urls", "metrics"}
    assert set(prediction["metrics"]) == {"predict_time", "total_time"}
    # A 64-hex id, owner/name:id and the model endpoint all work; the wait ends with the run.
    for version in (fake.version_id("test/echo", 1), "test/echo:" + fake.version_id("test/echo", 2)):
        status, _, prediction = call(fake, "POST", "/v1/predictions", {
            "version": version, "input": {"prompt": "x"}}, {"Prefer": "wait=5"})
        assert status == 201 and prediction["version"] == version[-64:]
    started = time.time()
    status, _, prediction = call(fake, "POST", "/v1/models/test/slow/predictions", {
        "input": {"seconds": 0.2}}, {"Prefer": "wait=5"})
    assert status == 201 and prediction["output"] == "done"
    assert 0.15 < time.time() - started < 1.5
    # A short wait that ends first answers 202 with the prediction still running.
    fake.time_scale = 0.2  # wait=1 holds 0.2 s; the 3 s run takes 0.6 s
    status, _, prediction = call(fake, "POST", "/v1/deployments/test/slow-deployment/predictions", {
        "input": {"seconds": 3}}, {"Prefer": "wait=1"})
    assert status == 202 and prediction["status"] == "processing"
    assert prediction["deployment"] == "test/slow-deployment"
    # Invalid input and an unknown model.
    status, headers, error = call(fake, "POST", "/v1/predictions", {"version": "test/echo", "input": {}})
    assert status == 422 and "prompt" in error["detail"]
    assert headers["Content-Type"] == "application/problem+json"
    status, _, error = call(fake, "POST", "/v1/models/test/nope/predictions", {"input": {}})
    assert status == 404 and error["status"] == 404


def test_fake_poll_slow_prediction_and_cancel(fake):
    status, _, prediction = call(fake, "POST", "/v1/predictions", {
        "version": "test/slow", "input": {"seconds": 0.4}})
    assert status == 202 and prediction["status"] == "starting"
    assert prediction["started_at"] is None and prediction["output"] is None
    seen, logs = [], []
    while prediction["status"] not in TERMINAL_STATUSES:
        time.sleep(0.05)
        _, _, prediction = call(fake, "GET", "/v1/predictions/" + prediction["id"])
        seen.append(prediction["status"])
        logs.append(prediction["logs"])
    assert "processing" in seen and seen[-1] == "succeeded"
    assert prediction["output"] == "done" and prediction["completed_at"]
    assert "100%|\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588| 5/5" in prediction["logs"]
    assert len(set(logs)) > 2  # the logs grew while it ran
    # Cancel a running one; cancelling again changes nothing.
    _, _, prediction = call(fake, "POST", "/v1/predictions",
                            {"version": "test/slow", "input": {"seconds": 30}})
    _, _, canceled = call(fake, "POST", "/v1/predictions/%s/cancel" % prediction["id"])
    assert canceled["status"] == "canceled"
    _, _, again = call(fake, "POST", "/v1/predictions/%s/cancel" % prediction["id"])
    assert again["status"] == "canceled" and again["completed_at"] == canceled["completed_at"]
    # A failing model.
    status, _, failed = call(fake, "POST", "/v1/predictions", {"version": "test/fail", "input": {}},
                             {"Prefer": "wait"})
    assert status == 201 and failed["status"] == "failed" and failed["error"] == "boom"
    assert "RuntimeError: boom" in failed["logs"]


def test_fake_cancel_after_deadline_with_time_scale(fake):
    fake.time_scale = 0.05  # "5s" fires after 0.25 s real time
    _, _, running = call(fake, "POST", "/v1/predictions", {"version": "test/slow", "input": {"seconds": 100}},
                         {"Cancel-After": "5s"})
    assert running["deadline"]
    fake.start_delay = 1000  # the next one is still queued when its deadline passes
    _, _, queued = call(fake, "POST", "/v1/predictions", {"version": "test/slow", "input": {"seconds": 2000}},
                        {"Cancel-After": "0h0m5s"})
    status, _, waited = call(fake, "POST", "/v1/predictions",
                             {"version": "test/slow", "input": {"seconds": 100}},
                             {"Cancel-After": "5", "Prefer": "wait"})
    assert status == 201 and waited["status"] == "aborted"  # the wait ends at the deadline
    _, _, running = call(fake, "GET", "/v1/predictions/" + running["id"])
    _, _, queued = call(fake, "GET", "/v1/predictions/" + queued["id"])
    assert running["status"] == "canceled" and running["started_at"] is not None
    assert queued["status"] == "aborted" and queued["started_at"] is None
    for bad in ("4s", "soon", "10ms"):
        status, _, error = call(fake, "POST", "/v1/predictions",
                                {"version": "test/echo", "input": {"prompt": "x"}},
                                {"Cancel-After": bad})
        assert status == 422 and "Cancel-After" in error["detail"]


def test_fake_pagination_and_listings(fake):
    ids = []
    for i in range(5):
        _, _, prediction = call(fake, "POST", "/v1/predictions",
                                {"version": "test/echo", "input": {"prompt": str(i)}})
        ids.append(prediction["id"])
    pages, url = [], "/v1/predictions"
    while url:
        status, _, page = call(fake, "GET", url)
        assert status == 200 and set(page) == {"next", "previous", "results"}
        pages.append(page)
        url = page["next"]
        assert url is None or (url.startswith(fake.url + "/v1/predictions?") and "cursor=" in url)
    assert [len(p["results"]) for p in pages] == [2, 2, 1]
    assert pages[0]["previous"] is None and pages[1]["previous"]
    assert [p["id"] for page in pages for p in page["results"]] == ids[::-1]  # newest first
    _, _, versions = call(fake, "GET", "/v1/models/test/echo/versions")
    assert versions["results"][0]["id"] == fake.version_id("test/echo") and versions["next"]
    _, _, version = call(fake, "GET", "/v1/models/test/echo/versions/" + fake.version_id("test/echo", 1))
    assert version["openapi_schema"]["components"]["schemas"]["Input"]["required"] == ["prompt"]
    _, _, model = call(fake, "GET", "/v1/models/test/tokens")
    output = model["latest_version"]["openapi_schema"]["components"]["schemas"]["Output"]
    assert output["x-cog-array-type"] == "iterator" and output["x-cog-array-display"] == "concatenate"
    status, _, found = call(fake, "QUERY", "/v1/models", b"tokens", {"Content-Type": "text/plain"})
    assert status == 200 and [m["name"] for m in found["results"]] == ["tokens"]
    status, _, hardware = call(fake, "GET", "/v1/hardware")
    assert isinstance(hardware, list) and hardware[0]["sku"] == "cpu"
    oldest = "/v1/models/test/echo/versions/" + fake.version_id("test/echo", 1)
    status, _, empty = call(fake, "DELETE", oldest)
    assert status == 202 and empty == b""
    _, _, secret = call(fake, "GET", "/v1/webhooks/default/secret")
    assert secret["key"] == fake.webhook_secret and len(base64.b64decode(secret["key"][6:])) == 24


def test_fake_unauthenticated_is_a_problem(fake):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Token " + fake.token}):
        status, response_headers, error = call(fake, "GET", "/v1/account", headers=headers, token=False)
        assert status == 401
        assert response_headers["Content-Type"] == "application/problem+json"
        assert error == {"type": error["type"], "title": "Unauthenticated", "status": 401,
                         "detail": "You did not pass a valid authentication token", "instance": "/v1/account"}
    status, _, account = call(fake, "GET", "/v1/account")
    assert status == 200 and account["username"] == "test"
    status, _, error = call(fake, "GET", "/v1/predictions/nope")
    assert status == 404 and error["title"] == "Not found"


def test_fake_queue_response_and_keep_alive(fake):
    fake.queue_problem("POST", "/v1/predictions", 429, "Request was throttled", headers={"Retry-After": "1"})
    fake.queue_response("GET", "/v1/predictions/*", status=503, body="busy", close_connection=True)
    connection = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    auth = {"Authorization": "Bearer " + fake.token, "Content-Type": "application/json"}
    body = json.dumps({"version": "test/echo", "input": {"prompt": "hi"}})
    connection.request("POST", "/v1/predictions", body, auth)
    response = connection.getresponse()
    assert response.status == 429 and response.getheader("Retry-After") == "1"
    assert json.loads(response.read())["detail"] == "Request was throttled"
    connection.request("POST", "/v1/predictions", body, auth)  # the same connection
    response = connection.getresponse()
    prediction = json.loads(response.read())
    assert response.status == 201 and prediction["output"] == "hi"
    connection.request("GET", "/v1/predictions/" + prediction["id"], headers=auth)
    response = connection.getresponse()
    assert response.status == 503 and response.read() == b"busy"
    assert response.getheader("Connection") == "close"
    connection.close()
    assert fake.connections == 1
    assert [r.connection_id for r in fake.requests] == [fake.requests[0].connection_id] * 3
    assert fake.requests[0].json()["input"] == {"prompt": "hi"}
    assert fake.requests[0].headers.get("authorization") == "Bearer " + fake.token
    # drop closes without an answer; "reset" sends an RST.
    fake.queue_response("GET", "/v1/account", drop=True)
    fake.queue_response("GET", "/v1/account", drop="reset")
    for expected in (http.client.RemoteDisconnected, ConnectionResetError):
        connection = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
        with pytest.raises(expected):
            connection.request("GET", "/v1/account", headers=auth)
            connection.getresponse().read()
        connection.close()
    assert call(fake, "GET", "/v1/account")[0] == 200  # the queue is used up


def test_fake_upload_multipart_and_download(fake):
    content = bytes(range(256)) * 40
    boundary = "fakeboundary42"
    body = b"".join([
        b"--%s\r\n" % boundary.encode(),
        b'Content-Disposition: form-data; name="content"; filename="data.bin"\r\n',
        b"Content-Type: application/octet-stream\r\n\r\n", content, b"\r\n",
        b"--%s\r\n" % boundary.encode(),
        b'Content-Disposition: form-data; name="metadata"\r\n\r\n{"a": 1}\r\n',
        b"--%s--\r\n" % boundary.encode(),
    ])
    headers = {"Content-Type": "multipart/form-data; boundary=" + boundary}
    status, _, record = call(fake, "POST", "/v1/files", body, headers)
    assert status == 201
    assert record["name"] == "data.bin" and record["size"] == len(content)
    assert record["checksums"]["sha256"] == hashlib.sha256(content).hexdigest()
    assert record["metadata"] == {"a": 1}
    assert record["urls"]["get"] == "%s/v1/files/%s" % (fake.url, record["id"])
    assert fake.files[record["id"]]["content"] == content
    assert fake.requests[-1].body == body
    status, _, downloaded = call(fake, "GET", "/v1/files/%s/download" % record["id"])
    assert status == 200 and downloaded == content
    status, _, downloaded = call(fake, "GET", fake.signed_download_url(record["id"]), token=False)
    assert status == 200 and downloaded == content
    _, _, listing = call(fake, "GET", "/v1/files")
    assert [f["id"] for f in listing["results"]] == [record["id"]]
    assert call(fake, "DELETE", "/v1/files/" + record["id"])[0] == 204
    assert call(fake, "GET", "/v1/files/" + record["id"])[0] == 404
    # Over max_upload: 413 problem, and the client can still read it.
    fake.max_upload = 1000
    status, _, error = call(fake, "POST", "/v1/files", body, headers)
    assert status == 413 and error["status"] == 413
    assert fake.requests[-1].body == b"" and fake.requests[-1].body_size == len(body)
    # A chunked upload works too.
    fake.max_upload = 100 * MIB
    connection = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    connection.request("POST", "/v1/files", iter([body[:100], body[100:]]),
                       dict(headers, Authorization="Bearer " + fake.token), encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 201 and json.loads(response.read())["size"] == len(content)
    connection.close()


def test_fake_sse_stream_and_resume(fake):
    fake.time_scale = 0.5
    _, _, prediction = call(fake, "POST", "/v1/predictions", {
        "version": "test/tokens", "input": {"tokens": ["Dolly ", "the\nsheep", "!"], "interval": 0.05}})
    assert prediction["status"] == "starting"
    text = read_stream(fake, prediction["id"])
    assert "retry: 1000" in text and "\n: " in text
    events = parse_sse(text)
    assert [e["event"] for e in events] == ["logs", "output", "output", "output", "done"]
    assert [e["data"] for e in events if e["event"] == "output"] == ["Dolly ", "the\nsheep", "!"]
    assert "data: the\ndata: sheep\n" in text
    assert events[-1]["data"] == "{}"
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids)
    resumed = parse_sse(read_stream(fake, prediction["id"], last_event_id=ids[2]))
    assert [int(e["id"]) for e in resumed] == ids[3:]
    _, _, finished = call(fake, "GET", "/v1/predictions/" + prediction["id"])
    assert finished["output"] == ["Dolly ", "the\nsheep", "!"]
    # A dropped stream: the first connection ends after 2 events, without `done`.
    _, _, prediction = call(fake, "POST", "/v1/predictions", {"version": "test/tokens", "input": {}})
    fake.stream_drop_after = 2
    first = parse_sse(read_stream(fake, prediction["id"]))
    assert len(first) == 2 and first[-1]["event"] != "done"
    rest = parse_sse(read_stream(fake, prediction["id"], last_event_id=first[-1]["id"]))
    assert "".join(e["data"] for e in first + rest if e["event"] == "output") == "Dolly the sheep"
    assert rest[-1]["event"] == "done"
    # A failed prediction streams an error, then done.
    _, _, failed = call(fake, "POST", "/v1/predictions", {"version": "test/fail", "input": {}})
    events = parse_sse(read_stream(fake, failed["id"]))
    assert [e["event"] for e in events[-2:]] == ["error", "done"]
    assert json.loads(events[-2]["data"]) == {"detail": "boom"}


def test_fake_file_host_and_range(fake):
    _, _, prediction = call(fake, "POST", "/v1/predictions",
                            {"version": "test/image", "input": {"num_outputs": 2}})
    assert prediction["output"] == [fake.https_url + "/files/out-0.png", fake.https_url + "/files/out-1.png"]
    status, headers, png = call(fake, "GET", prediction["output"][1], token=False)
    assert status == 200 and png.startswith(b"\x89PNG") and headers["Content-Type"] == "image/png"
    assert fake.requests[-1].headers.get("Authorization") is None
    _, _, prediction = call(fake, "POST", "/v1/predictions", {"version": "test/datauri", "input": {}})
    assert base64.b64decode(prediction["output"].split(",", 1)[1]).startswith(b"\x89PNG")
    url = fake.add_blob("data.bin", b"0123456789", "application/octet-stream")
    status, headers, data = call(fake, "GET", url, headers={"Range": "bytes=3-"}, token=False)
    assert status == 206 and data == b"3456789" and headers["Content-Range"] == "bytes 3-9/10"
    status, headers, _ = call(fake, "GET", url, headers={"Range": "bytes=10-"}, token=False)
    assert status == 416 and headers["Content-Range"] == "bytes */10"
    fake.range_supported = False
    status, headers, data = call(fake, "GET", url, headers={"Range": "bytes=3-"}, token=False)
    assert status == 200 and data == b"0123456789" and "Accept-Ranges" not in headers


def test_fake_trainings_deployments_and_models(fake):
    base = "/v1/models/test/echo/versions/%s/trainings" % fake.version_id("test/echo")
    status, _, training = call(fake, "POST", base, {"destination": "test/trained", "input": {"steps": 1}})
    assert status == 201 and training["status"] == "starting"
    assert training["urls"]["get"] == "%s/v1/trainings/%s" % (fake.url, training["id"])
    time.sleep(0.35)
    _, _, training = call(fake, "GET", "/v1/trainings/" + training["id"])
    assert training["status"] == "succeeded"
    assert re.fullmatch(r"test/trained:[0-9a-f]{64}", training["output"]["version"])
    assert call(fake, "GET", training["output"]["weights"], token=False)[0] == 200
    assert call(fake, "POST", base, {"input": {}})[0] == 422
    _, _, listing = call(fake, "GET", "/v1/trainings")
    assert [t["id"] for t in listing["results"]] == [training["id"]]
    status, _, deployment = call(fake, "POST", "/v1/deployments", {
        "name": "mine", "model": "test/echo", "version": fake.version_id("test/echo"),
        "hardware": "cpu", "min_instances": 0, "max_instances": 2})
    assert status == 200 and deployment["current_release"]["configuration"]["max_instances"] == 2
    status, _, deployment = call(fake, "PATCH", "/v1/deployments/test/mine", {"max_instances": 3})
    assert deployment["current_release"]["number"] == 2
    assert deployment["current_release"]["configuration"]["max_instances"] == 3
    assert call(fake, "DELETE", "/v1/deployments/test/mine")[0] == 204
    status, _, model = call(fake, "POST", "/v1/models", {
        "owner": "test", "name": "new", "visibility": "private", "hardware": "cpu"})
    assert status == 201 and model["latest_version"] is None
    assert call(fake, "GET", "/v1/models/test/new")[0] == 200
    assert call(fake, "DELETE", "/v1/models/test/new")[0] == 204
    _, _, collection = call(fake, "GET", "/v1/collections/language-models")
    assert [m["name"] for m in collection["models"]] == ["tokens", "echo"]


def test_fake_raw_servers(raw_server):
    def get(server, timeout=2):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        try:
            connection.request("GET", "/v1/account")
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
        get(raw_server(reset_mid_body_server))
    with pytest.raises(http.client.IncompleteRead):
        get(raw_server(short_body_server, declared_length=500, sent_length=20))
    with pytest.raises(socket.timeout):
        get(raw_server(silent_server), timeout=0.2)
    status, body = get(raw_server(bad_gateway_server))
    assert status == 502 and b"<h1>502 Bad Gateway</h1>" in body
    stale = raw_server(close_after_response_server)
    connection = http.client.HTTPConnection("127.0.0.1", stale.port, timeout=2)
    connection.request("GET", "/")
    assert connection.getresponse().read() == b"{}"
    time.sleep(0.05)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        connection.request("GET", "/")  # the kept connection is gone
        connection.getresponse()
    connection.close()
    counter = raw_server(counting_server)
    connection = http.client.HTTPConnection("127.0.0.1", counter.port, timeout=2)
    for _ in range(3):
        connection.request("POST", "/x", body=b"abc")
        assert connection.getresponse().read() == b"{}"
    connection.close()
    assert counter.connections == 1 and [r.body for r in counter.requests] == [b"abc"] * 3


# --- Helpers shared by the tests of replicate.py ---


HERE = os.path.dirname(os.path.abspath(__file__))


VERSION_ID = "a" * 64


_SECRET_TOKEN = "r8_SECRET_TOKEN_9f3e1c"  # a recognisable token that must never leak


def _exception_text(error):
    """Everything a log or a traceback would show of an exception."""
    return "\n".join([str(error), repr(error)]
                     + traceback.format_exception(type(error), error, error.__traceback__))


# Faithful API shapes for the seed models, which the fake does not have.
def _prediction_answer(fake, model="test/echo", version=None, input=None, status="succeeded",
                       output=None, logs="", error=None, pid=None, stream=True):
    """A prediction with every field, as the API answers it, for queued responses: `version`
    defaults to the fake's version of `model`; with stream=False it has no stream URL."""
    pid = pid or new_id()
    now = time.time()
    base = "%s/v1/predictions/%s" % (fake.url, pid)
    terminal = status in TERMINAL_STATUSES
    answer = {
        "id": pid,
        "model": model,
        "version": version or fake.version_id(model),
        "input": {} if input is None else input,
        "output": output,
        "logs": logs,
        "error": error,
        "status": status,
        "created_at": iso_time(now - 2),
        "started_at": iso_time(now - 1) if status != "starting" else None,
        "completed_at": iso_time(now) if terminal else None,
        "data_removed": False,
        "source": "api",
        "urls": {"get": base, "cancel": base + "/cancel",
                 "stream": "%s/v1/streams/%s" % (fake.url, pid),
                 "web": "https://replicate.com/p/" + pid},
        "metrics": {"predict_time": 1.0, "total_time": 2.0} if terminal else {},
    }
    if not stream:
        del answer["urls"]["stream"]
    return answer


# HTTP, and every namespace), all over loopback HTTP against FakeReplicate. ---
def _posts(fake, path=None):
    return fake.requests_for("POST", path)


def _status(fake, job):
    """A prediction's or training's status as the fake sees it right now: `job` is one of
    the fake's Jobs, or a prediction id."""
    if isinstance(job, str):
        job = fake.predictions[job]
    return fake.job_json(job)["status"]


def _only_prediction_id(fake):
    """The id of the one prediction the fake holds (asserted to be the only one)."""
    assert len(fake.predictions) == 1, list(fake.predictions)
    return next(iter(fake.predictions))


_REPLICATE_PY = os.path.join(HERE, "replicate.py")


def _finishes(function, limit=20.0):
    """Run function() in a thread; fail if it has not returned or raised within `limit` s
    (a guard against hangs, not a speed check). Returns {"value": ...} or {"error": ...}."""
    box = {}

    def target():
        try:
            box["value"] = function()
        except BaseException as error:  # handed back to the test
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), "the call did not finish within %s s" % limit
    return box


def _cancel_requests(fake):
    return fake.requests_for("POST", "/v1/predictions/*/cancel")


def _cli_env(fake, token=True):
    """The environment of a CLI child pointed at the fake (with its token unless token=False)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")}
    env.update(REPLICATE_BASE_URL=fake.url, REPLICATE_POLL_INTERVAL="0.05",
               SSL_CERT_FILE=ca_file(), PYTHONIOENCODING="utf-8")
    env.pop("PYTHONWARNINGS", None)
    if token:
        env["REPLICATE_API_TOKEN"] = fake.token
    return env


def _cli(fake, *args, **options):
    """Run `python replicate.py ARGS` against the fake -> CompletedProcess (text). Options:
    prefix (what runs instead of replicate.py), cwd, token=False, env (variables to add or
    change), timeout."""
    command = [sys.executable] + list(options.pop("prefix", [_REPLICATE_PY])) + list(args)
    environment = _cli_env(fake, options.pop("token", True))
    environment.update(options.pop("env", {}))
    return subprocess.run(command, cwd=options.pop("cwd", HERE), env=environment,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=options.pop("timeout", 60))


@contextlib.contextmanager
def _start_cli(fake, *args, **options):
    """`with _start_cli(fake, ARGS...) as process`: `python replicate.py ARGS` running against
    the fake, with SIGINT at its default as at a terminal, so that a test can interrupt it;
    options go to Popen (stdout and stderr are pipes unless given). A child still running
    when the block ends is killed."""
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    process = subprocess.Popen([sys.executable, _REPLICATE_PY] + list(args), cwd=HERE, env=_cli_env(fake),
                               stdin=subprocess.DEVNULL, preexec_fn=_sigint_as_at_a_terminal, **options)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _sigint_as_at_a_terminal():
    """preexec_fn for a CLI child that a test interrupts: a shell running the suite as a
    background job hands its children SIGINT ignored, and Python then never raises
    KeyboardInterrupt; a user's terminal gives the default disposition, so restore it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _https_api_client(fake):
    """A client of the fake over https, as the real API is: links name the https origin too."""
    import replicate
    fake.link_url = fake.https_url
    return replicate.Client(api_token=fake.token, base_url=fake.https_url)


def _assert_harmless(name):
    assert name and name not in (".", "..") and not name.startswith("."), name
    assert "/" not in name and "\\" not in name, name
    assert not re.search("[\x00-\x1f\x7f-\x9f]", name), name
    assert len(name.encode("utf-8")) <= 200


def _raw_client(server):
    import replicate
    client = replicate.Client(api_token=TOKEN, base_url=server.url)
    client.poll_interval = 0.05
    return client


_ECHOED = "Authorization: Bearer " + TOKEN


NAN = float("nan")


INF = float("inf")


_HOSTILE_PROGRESS_LINES = [
    "100%|####| " + "9" * 5000 + "/3",
    " 50%|##  | 1/" + "9" * 5000,
    "9" * 5000 + "%|####| 1/3",
]


def _queue_finished_slow_prediction(fake, logs):
    vid = fake.version_id("test/slow")
    body = _prediction_answer(fake, "test/slow", vid, {"seconds": 5}, "succeeded", output="done", logs=logs)
    fake.queue_response("GET", "/v1/predictions/*", 200, body=body)


# --- Internal helpers: model references, durations, waits, retry delays, progress ---


@pytest.mark.parametrize("ref, expected", [
    ("owner/name", ("owner", "name", None)),
    ("owner/name:" + VERSION_ID, ("owner", "name", VERSION_ID)),
    (VERSION_ID, (None, None, VERSION_ID)),
    ("my-org/my.model_2", ("my-org", "my.model_2", None)),
    # any version string after the colon, as the official client: the API says if it exists
    ("owner/name:v1.2", ("owner", "name", "v1.2")),
    ("owner/name:short", ("owner", "name", "short")),
    ("owner/name:%s:%s" % ("a" * 64, "b" * 64), ("owner", "name", "%s:%s" % ("a" * 64, "b" * 64))),
])
def test_parse_ref_accepts_the_documented_forms(ref, expected):
    import replicate
    assert replicate._parse_ref(ref) == expected
    if ":" in ref:
        assert tuple(replicate.ModelVersionIdentifier.parse(ref)) == expected
        assert replicate._parse_ref(replicate.ModelVersionIdentifier(*expected)) == expected


def test_model_version_identifier_is_the_official_tuple():
    import replicate
    from replicate.identifier import ModelVersionIdentifier
    ident = ModelVersionIdentifier.parse("acme/model:abc")
    owner, name, version = ident
    assert (owner, name, version) == ("acme", "model", "abc") == (ident.owner, ident.name, ident.version)
    assert ModelVersionIdentifier.parse("acme/model") == ("acme", "model", None)
    assert repr(ident) == "ModelVersionIdentifier(owner='acme', name='model', version='abc')"
    for bad in ("acme", "a" * 64, "acme/model/x", "acme/model:"):
        with pytest.raises(ValueError) as error:
            ModelVersionIdentifier.parse(bad)
        assert isinstance(error.value, replicate.ReplicateException)
    with pytest.raises(TypeError):
        ModelVersionIdentifier.parse(42)


def test_a_version_that_is_not_hex_is_sent_for_the_api_to_judge(client, fake):
    import replicate
    with pytest.raises(replicate.ReplicateError) as error:
        client.run("test/echo:v1", input={"prompt": "x"})
    assert error.value.status in (404, 422)
    posts = fake.requests_for("POST", "/v1/predictions")
    assert [r.json()["version"] for r in posts] == ["v1"]


@pytest.mark.parametrize("ref", [
    "", "owner", "owner/", "/name", "owner/name/extra",
    "../x", "owner/..", "a b/c", "owner/name:", "A" * 64 + "x",
])
def test_parse_ref_refuses_anything_else_and_says_what_is_accepted(ref):
    import replicate
    with pytest.raises(ValueError) as error:
        replicate._parse_ref(ref)
    assert "owner/name" in str(error.value) and "version id" in str(error.value)


def test_parse_ref_refuses_non_strings():
    import replicate
    with pytest.raises(TypeError):
        replicate._parse_ref(42)


@pytest.mark.parametrize("value, header", [
    (5, "5s"), (90, "90s"), ("90s", "90s"), ("5m", "300s"), ("1h30m45s", "5445s"), ("120", "120s"),
    (7.5, "8s"), (1234567.5, "1234568s"), ("100000.5", "100001s"), (5.0, "5s"),
])
def test_cancel_after_takes_seconds_or_api_durations(value, header):
    import replicate
    assert replicate._parse_duration(value) == header


@pytest.mark.parametrize("value", ["4s", 1, "soon", "5x", "m5", "", True, [5], float("inf"),
                                   float("nan"), "1e6"])
def test_cancel_after_refuses_bad_or_too_short_durations(value):
    import replicate
    with pytest.raises((ValueError, TypeError)) as error:
        replicate._parse_duration(value)
    assert "cancel_after" in str(error.value)


@pytest.mark.parametrize("wait, header", [(True, "wait"), (1, "wait=1"), (60, "wait=60"),
                                          (False, None), (None, None)])
def test_wait_maps_to_the_prefer_header(wait, header):
    import replicate
    assert replicate._wait_header(wait) == header


@pytest.mark.parametrize("wait", [0, 61, -1, "yes", 1.5j])
def test_wait_out_of_range_is_refused(wait):
    import replicate
    with pytest.raises((ValueError, TypeError)) as error:
        replicate._wait_header(wait)
    assert "1 to 60" in str(error.value)


@pytest.mark.parametrize("given, expected", [
    ("https://api.replicate.com", "https://api.replicate.com"),
    ("https://api.replicate.com/", "https://api.replicate.com"),
    ("https://api.replicate.com/v1", "https://api.replicate.com"),
    ("https://api.replicate.com/v1/", "https://api.replicate.com"),
    ("http://127.0.0.1:8080/proxy/v1", "http://127.0.0.1:8080/proxy"),
])
def test_base_url_is_taken_with_or_without_v1(given, expected):
    import replicate
    assert replicate._normalize_base_url(given) == expected


@pytest.mark.parametrize("bad", ["ftp://x", "file:///etc/passwd", "api.replicate.com", "https://"])
def test_base_url_must_be_http(bad):
    import replicate
    with pytest.raises(ValueError) as error:
        replicate._normalize_base_url(bad)
    assert "http" in str(error.value)


def test_retry_after_in_seconds_and_as_http_date():
    import email.utils
    import replicate
    assert replicate._retry_delay(1, "2") == 2.0
    soon = email.utils.formatdate(time.time() + 3, usegmt=True)
    assert 1.5 < replicate._retry_delay(1, soon) <= 3.0
    past = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert replicate._retry_delay(1, past) == 0.0
    assert replicate._retry_delay(1, "3600") == replicate._MAX_RETRY_AFTER == 60
    for attempt in range(1, 12):  # garbage falls back to capped, jittered backoff
        delay = replicate._retry_delay(attempt, "garbage")
        assert 0 < delay <= replicate._MAX_BACKOFF


def test_progress_is_parsed_from_the_last_tqdm_line():
    import replicate
    logs = "loading\n 10%|#         | 1/10 [00:01<00:09]\n 40%|████      | 4/10 [00:02<00:03,  2.00it/s]\nsaving"
    progress = replicate._parse_progress(logs)
    assert (progress.percentage, progress.current, progress.total) == (0.4, 4, 10)
    assert replicate._parse_progress("no bars here") is None
    assert replicate._parse_progress(None) is None
    prediction = replicate.Prediction({"id": "p", "logs": logs})
    assert prediction.progress == (0.4, 4, 10)


def test_owner_name_runs_through_the_models_endpoint(client, fake):
    assert client.run("test/echo", input={"prompt": "by name"}) == "by name"
    (request,) = fake.requests
    assert (request.method, request.path) == ("POST", "/v1/models/test/echo/predictions")
    assert request.json() == {"input": {"prompt": "by name"}}


def test_owner_name_version_and_bare_id_post_a_version(client, fake):
    old = fake.version_id("test/echo", 1)
    assert client.run("test/echo:" + old, input={"prompt": "v1"}) == "v1"
    assert client.run(old, input={"prompt": "bare"}) == "bare"
    posts = fake.requests_for("POST")
    assert [r.path for r in posts] == ["/v1/predictions", "/v1/predictions"]
    assert [r.json() for r in posts] == [{"version": old, "input": {"prompt": "v1"}},
                                        {"version": old, "input": {"prompt": "bare"}}]
    assert all(p.version == old for p in fake.predictions.values())
    assert not fake.requests_for("POST", "/v1/models/*")


@pytest.mark.parametrize("ref", [
    "", "echo", "test/", "/echo", "test/echo/extra", "test/echo:", "a" * 63, "test/ echo",
    "test /echo", "test/echo\n", "test/..", "../echo",
])
def test_invalid_references_raise_value_error_before_any_request(client, fake, ref):
    import replicate
    # also a ReplicateError: code written for the official client catches what the API refuses
    with pytest.raises(replicate.ReplicateError):
        client.run(ref, input={"prompt": "x"})
    with pytest.raises(ValueError) as error:
        client.run(ref, input={"prompt": "x"})
    assert "owner/name" in str(error.value)
    with pytest.raises(ValueError):
        client.predictions.create(version=ref, input={"prompt": "x"})
    assert fake.requests == []


@pytest.mark.parametrize("name, quoted", [
    ("echo?x=1", "echo%3Fx%3D1"),
    ("echo#frag", "echo%23frag"),
    ("ech%2Fo", "ech%252Fo"),
    ("echo;drop", "echo%3Bdrop"),
])
def test_path_segments_are_quoted(client, fake, name, quoted):
    import replicate
    with pytest.raises(replicate.ReplicateError) as error:
        client.run("test/" + name, input={"prompt": "x"})
    assert error.value.status == 404
    assert fake.requests[-1].path == "/v1/models/test/%s/predictions" % quoted
    with pytest.raises(replicate.ReplicateError):
        client.models.get("test/" + name)
    assert fake.requests[-1].path == "/v1/models/test/" + quoted
    with pytest.raises(replicate.ReplicateError):
        client.predictions.get("../../v1/account")
    assert fake.requests[-1].path == "/v1/predictions/..%2F..%2Fv1%2Faccount"
    with pytest.raises(replicate.ReplicateError):
        client.deployments.get("test/" + name)
    assert fake.requests[-1].path == "/v1/deployments/test/" + quoted
    assert fake.predictions == {}


@pytest.mark.parametrize("value", ["nan", "inf", "1e999"])
def test_non_finite_retry_after_falls_back_to_backoff(client, fake, value):
    fake.queue_problem("GET", "/v1/account", 503, "busy", headers={"Retry-After": value})
    box = _finishes(lambda: client.accounts.current(), limit=10)  # a hang guard: 60 s is the cap
    assert "error" not in box, box
    assert box["value"].username == OWNER
    assert len(fake.requests_for("GET", "/v1/account")) == 2


# --- File inputs: uploads, base64, data URIs, input encoding ---


# base64 of a file whose read() returns short, odd-sized pieces.
class _TrickleFile(io.RawIOBase):
    """A raw binary file that never returns more than 7 bytes per read."""

    _SIZES = (7, 4, 1, 5, 2, 7, 3)

    def __init__(self, data, name):
        super().__init__()
        self._data = data
        self._position = 0
        self._calls = 0
        self.name = name

    def readable(self):
        return True

    def readinto(self, buffer):
        size = min(self._SIZES[self._calls % len(self._SIZES)], len(buffer),
                   len(self._data) - self._position)
        self._calls += 1
        buffer[:size] = self._data[self._position:self._position + size]
        self._position += size
        return size


def test_file_inputs_become_data_uris_with_base64_strategy(tmp_path):
    import io
    import pathlib
    import replicate
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG fake")
    client = replicate.Client(api_token="unused", base_url="http://127.0.0.1:9")
    with open(str(image), "rb") as handle:
        encoded = replicate._encode_inputs(client, {"a": pathlib.Path(str(image)), "b": [handle],
                                                    "c": {"d": io.BytesIO(b"xyz")}, "url": "https://x/y.png",
                                                    "n": 3}, "base64")
    expected = "data:image/png;base64," + base64.b64encode(b"\x89PNG fake").decode()
    assert encoded == {"a": expected, "b": [expected],
                       "c": {"d": "data:application/octet-stream;base64," + base64.b64encode(b"xyz").decode()},
                       "url": "https://x/y.png", "n": 3}


def test_file_inputs_are_uploaded_as_multipart_and_replaced_by_their_url(client, fake, tmp_path):
    import replicate
    photo = tmp_path / "photo.png"
    photo.write_bytes(tiny_png(3, side=16))
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"line one\nline two\n")
    blob = bytes(range(256)) * 300
    file_output = replicate.FileOutput(fake.https_url + "/files/out-5.png", client)
    with open(str(notes), "rb") as handle:
        prediction = client.predictions.create(model="test/echo", input={
            "prompt": "files",
            "path": pathlib.Path(str(photo)),
            "nested": {"handle": handle, "list": [io.BytesIO(blob), "https://example.com/x.png"]},
            "previous": file_output,
            "url": "https://example.com/keep.jpg",
            "number": 3,
        })
    uploads = fake.requests_for("POST", "/v1/files")
    assert len(uploads) == 3
    assert all(r.headers.get("Content-Type", "").startswith("multipart/form-data; boundary=")
               for r in uploads)
    by_content = {entry["content"]: entry["object"] for entry in fake.files.values()}
    assert set(by_content) == {tiny_png(3, side=16), b"line one\nline two\n", blob}
    assert by_content[tiny_png(3, side=16)]["name"] == "photo.png"
    assert by_content[tiny_png(3, side=16)]["content_type"] == "image/png"
    assert by_content[b"line one\nline two\n"]["name"] == "notes.txt"
    sent = fake.requests_for("POST", "/v1/models/test/echo/predictions")[0].json()["input"]
    assert sent == {
        "prompt": "files",
        "path": by_content[tiny_png(3, side=16)]["urls"]["get"],
        "nested": {"handle": by_content[b"line one\nline two\n"]["urls"]["get"],
                   "list": [by_content[blob]["urls"]["get"], "https://example.com/x.png"]},
        "previous": fake.https_url + "/files/out-5.png",
        "url": "https://example.com/keep.jpg",
        "number": 3,
    }
    assert prediction.input == sent
    assert fake.predictions[prediction.id].input == sent


def test_file_inputs_with_names_too_long_for_the_api_are_uploaded_under_a_shortened_name(client, fake):
    import replicate
    wide = io.BytesIO(b"wide")
    wide.name = "\u6f22" * 100 + ".png"  # 300 bytes of UTF-8 before the extension
    plain = io.BytesIO(b"plain")
    plain.name = "/tmp/" + "a" * 300
    client.predictions.create(model="test/echo", input={"prompt": "x", "files": [wide, plain]})
    by_content = {entry["content"]: entry["object"] for entry in fake.files.values()}
    assert by_content[b"wide"]["name"] == "\u6f22" * 83 + ".png"  # whole characters, ext kept
    assert by_content[b"wide"]["content_type"] == "image/png"
    assert by_content[b"plain"]["name"] == "a" * 255
    with pytest.raises(ValueError) as error:
        client.files.create(io.BytesIO(b"x"), filename="b" * 256)
    assert "255 bytes" in str(error.value)
    assert len(fake.requests_for("POST", "/v1/files")) == 2  # the refused one sent nothing


def test_file_inputs_with_base64_strategy_are_data_uris_without_upload(client, fake, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(tiny_png(4))
    clip = tmp_path / "clip.wav"
    clip.write_bytes(b"RIFF....WAVEfmt ")
    with open(str(clip), "rb") as handle:
        client.run("test/echo", file_encoding_strategy="base64", input={
            "prompt": "inline", "image": photo, "more": [handle, {"raw": io.BytesIO(b"\x00\x01\x02")}],
            "url": "https://example.com/a.png"})
    assert fake.requests_for("POST", "/v1/files") == []
    assert fake.files == {}
    sent = fake.requests[-1].json()["input"]
    assert sent["image"] == "data:image/png;base64," + base64.b64encode(tiny_png(4)).decode()
    assert sent["more"][0].startswith("data:audio/")
    assert base64.b64decode(sent["more"][0].split(",", 1)[1]) == b"RIFF....WAVEfmt "
    assert sent["more"][1] == {"raw": "data:application/octet-stream;base64,AAEC"}
    assert sent["url"] == "https://example.com/a.png"


def test_file_objects_are_sent_whole_whatever_their_position(client, fake, tmp_path):
    """The official client seeks a file object to 0 before uploading or encoding it, so code
    that writes an image into io.BytesIO (PIL's img.save(buffer, "PNG")) and passes the buffer,
    or passes one open file to two runs, sends the whole file. A drop-in must not send
    nothing (or the tail) instead."""
    picture = tiny_png(6, side=8)
    buffer = io.BytesIO()
    buffer.write(picture)  # position: at the end, as after img.save(buffer, "PNG")
    client.run("test/echo", input={"prompt": "buffer", "image": buffer})
    (entry,) = fake.files.values()
    assert entry["content"] == picture
    assert entry["object"]["size"] == len(picture)

    path = tmp_path / "photo.png"
    path.write_bytes(picture)
    with open(str(path), "rb") as handle:
        client.run("test/echo", input={"prompt": "first", "image": handle})
        client.run("test/echo", input={"prompt": "second", "image": handle})
    assert [e["content"] for e in fake.files.values()][1:] == [picture, picture]

    buffer = io.BytesIO()
    buffer.write(picture)
    client.run("test/echo", input={"prompt": "inline", "image": buffer},
               file_encoding_strategy="base64")
    sent = fake.requests[-1].json()["input"]["image"]
    assert base64.b64decode(sent.split(",", 1)[1]) == picture


def test_file_output_passed_to_run_becomes_its_url(client, fake):
    outputs = client.run("test/image", input={"num_outputs": 1})
    client.run("test/echo", input={"prompt": "chain", "image": outputs[0]})
    assert fake.requests[-1].json()["input"] == {"prompt": "chain", "image": outputs[0].url}
    assert fake.requests_for("POST", "/v1/files") == []


def test_base64_input_of_a_file_read_in_short_pieces_is_encoded_whole(client, fake):
    data = bytes((i * 31 + 7) % 256 for i in range(1001))
    trickle = _TrickleFile(data, "trickle.png")
    assert len(trickle.read(1 << 20)) <= 7  # the file really does return short reads
    trickle = _TrickleFile(data, "trickle.png")
    client.predictions.create(version="test/echo", input={"prompt": "p", "image": trickle},
                              file_encoding_strategy="base64")
    body = fake.requests_for("POST", "/v1/models/test/echo/predictions")[-1].json()
    uri = body["input"]["image"]
    head, _, payload = uri.partition(",")
    assert head == "data:image/png;base64"
    assert base64.b64decode(payload, validate=True) == data
    assert fake.requests_for("POST", "/v1/files") == []


@pytest.mark.parametrize("inputs, named", [
    ({"prompt": "x", "scale": NAN}, "scale"),
    ({"prompt": "x", "scale": INF}, "scale"),
    ({"prompt": "x", "scale": -INF}, "scale"),
    ({"prompt": "x", "options": {"weights": [1.0, NAN]}}, "options"),
], ids=["nan", "inf", "-inf", "nested nan"])
def test_non_finite_input_is_refused_naming_the_key_before_any_request(client, fake, inputs, named):
    import replicate
    with pytest.raises(replicate.InvalidArgumentError) as error:
        client.run("test/echo", input=inputs)
    assert named in str(error.value)
    assert fake.requests == []


@pytest.mark.parametrize("kind", [bytes, bytearray])
def test_bytes_input_is_uploaded_as_octet_stream(client, fake, kind):
    content = b"\x00\x01 binary \xff"
    client.predictions.create(model="test/echo", input={"prompt": "x", "data": kind(content)})
    files = list(fake.files.values())
    assert [entry["content"] for entry in files] == [content]
    assert files[0]["object"]["content_type"] == "application/octet-stream"
    sent = fake.requests_for("POST", "/v1/models/test/echo/predictions")[0].json()
    assert sent["input"]["data"] == files[0]["object"]["urls"]["get"]


@pytest.mark.parametrize("kind", [bytes, bytearray])
def test_bytes_input_becomes_an_octet_stream_data_uri_with_base64_strategy(client, fake, kind):
    content = b"\x00\x01 binary \xff"
    client.predictions.create(model="test/echo", input={"prompt": "x", "data": kind(content)},
                              file_encoding_strategy="base64")
    sent = fake.requests_for("POST", "/v1/models/test/echo/predictions")[0].json()
    assert sent["input"]["data"] == ("data:application/octet-stream;base64,"
                                     + base64.b64encode(content).decode("ascii"))
    assert fake.files == {}


def test_unknown_input_type_is_a_short_type_error(client, fake):
    class Unencodable:
        def __repr__(self):
            return "Unencodable(%s)" % ("x" * 100000)

    with pytest.raises(TypeError) as error:
        client.predictions.create(model="test/echo", input={"prompt": "x", "thing": Unencodable()})
    assert "Unencodable" in str(error.value)
    assert len(str(error.value)) < 300
    assert fake.requests_for("POST") == []


def test_an_input_that_holds_itself_or_nests_too_deep_is_refused_at_once(fake, client):
    import replicate
    looped = {"a": []}
    looped["a"].append(looped)
    deep = current = []
    for _ in range(5000):
        current.append([])
        current = current[0]
    for value in (looped, {"deep": deep}):
        box = _finishes(lambda: client.predictions.create(model="test/echo", input=value), 10)
        assert isinstance(box.get("error"), replicate.InvalidArgumentError), box
        assert "nested deeper" in str(box["error"])
    assert fake.requests_for("POST") == []


# --- File outputs: FileOutput, reading and iterating ---


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x", "/etc/passwd",
                                 "javascript:alert(1)"])
def test_file_output_refuses_other_schemes(url):
    import replicate
    with pytest.raises(ValueError) as error:
        replicate.FileOutput(url)
    assert "http" in str(error.value)


def test_file_output_of_data_uri_reads_iterates_and_saves_without_network(tmp_path):
    import replicate
    payload = bytes(range(256)) * 10
    uri = "data:image/png;base64," + base64.b64encode(payload).decode()
    output = replicate.FileOutput(uri)
    assert output.read() == payload
    assert b"".join(output) == payload
    calls = []
    path = output.save(str(tmp_path), progress=lambda done, total: calls.append((done, total)))
    assert path == os.path.join(str(tmp_path), "output.png")
    assert pathlib.Path(path).read_bytes() == payload
    assert calls[-1] == (len(payload), len(payload))
    assert str(output) == uri
    with pytest.raises(TypeError):
        os.fspath(output)


def test_file_output_read_iterate_url_str_and_save(client, fake, tmp_path):
    import replicate
    big = os.urandom((1 << 20) * 2 + 12345)  # more than one 1 MiB block
    url = fake.add_blob("big.bin", big, "application/octet-stream")
    output = replicate.FileOutput(url, client)
    assert output.url == url and str(output) == url
    assert output.read() == big
    chunks = list(output)
    assert len(chunks) >= 3 and all(len(c) <= 1 << 20 for c in chunks)
    assert b"".join(chunks) == big
    folder = tmp_path / "out"
    folder.mkdir()
    calls = []
    path = output.save(str(folder), progress=lambda done, total: calls.append((done, total)))
    assert path == os.path.join(str(folder), "big.bin")
    assert pathlib.Path(path).read_bytes() == big
    assert calls and calls[-1] == (len(big), len(big))
    assert all(total == len(big) for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    target = tmp_path / "renamed.png"
    image = client.run("test/image", input={"num_outputs": 1})[0]
    file_calls = []
    assert image.save(target, progress=lambda done, total: file_calls.append((done, total))) == str(target)
    assert target.read_bytes() == tiny_png(0)
    assert file_calls[-1] == (len(tiny_png(0)), len(tiny_png(0)))
    assert sorted(os.listdir(str(tmp_path))) == ["out", "renamed.png"]  # no .part left
    assert os.listdir(str(folder)) == ["big.bin"]
    downloads = fake.requests_for("GET", "/files/*")
    assert len(downloads) == 4  # read, iterate, save big.bin; save out-0.png
    for request in downloads:
        assert request.headers.get("Authorization") is None
        assert TOKEN not in str(request.headers)


def test_http_output_stays_a_string_and_file_output_can_read_http(env, monkeypatch):
    import replicate
    fake = env
    fake.file_url_base = fake.url  # the model now answers http:// URLs
    output = replicate.run("test/image", input={"num_outputs": 1})
    assert output == [fake.url + "/files/out-0.png"]
    assert type(output[0]) is str
    # a third-party http host (another origin: no token goes there)
    other = "http://localhost:%d/files/out-0.png" % fake.port
    data = replicate.FileOutput(other).read()
    assert data == tiny_png(0)
    request = fake.requests[-1]
    assert request.path == "/files/out-0.png"
    assert request.headers.get("Authorization") is None


def test_file_output_refuses_file_urls_and_file_urls_stay_strings(client, fake):
    import replicate
    with pytest.raises(ValueError):
        replicate.FileOutput("file:///etc/passwd", client)
    with pytest.raises(ValueError):
        replicate.FileOutput("FILE:///etc/passwd", client)
    fake.queue_response("POST", "/v1/models/test/echo/predictions", 201, body=_prediction_answer(
        fake, "test/echo", fake.version_id("test/echo"), {"prompt": "x"}, "succeeded",
        output=["file:///etc/passwd", "ftp://example.com/x"]))
    output = client.run("test/echo", input={"prompt": "x"})
    assert output == ["file:///etc/passwd", "ftp://example.com/x"]
    assert all(type(o) is str for o in output)


def test_file_output_close_and_context_managers_end_an_unfinished_iteration(fake, client):
    import replicate
    data = os.urandom(3 * (1 << 20))
    fake.queue_response("GET", "/files/big.bin", status=200, body=data,
                        headers={"Content-Length": str(len(data))})
    output = replicate.FileOutput(fake.url + "/files/big.bin", client)
    with output as same:
        assert same is output
        blocks = iter(output)
        assert next(blocks)  # one block read, the rest left on the connection
        (download,) = output._downloads
    assert output._downloads == [] and download.response.isclosed()
    with pytest.raises(replicate.APIConnectionError, match="closed"):  # never a short file taken as whole
        list(blocks)
    output.close()  # again: nothing to do

    async def main():
        async with replicate.FileOutput("data:text/plain;base64,aGk=") as small:
            assert await small.aread() == b"hi"
        await small.aclose()
        return True

    assert asyncio.run(main())


def test_large_download_iterates_in_bounded_blocks_and_reads_whole(fake, client):
    import replicate
    data = os.urandom(5 * MIB + 3)
    output = replicate.FileOutput(fake.add_blob("five.bin", data), client)
    blocks = list(output)
    assert len(blocks) > 1 and all(0 < len(b) <= MIB for b in blocks)
    assert b"".join(blocks) == data
    assert output.read() == data


@pytest.mark.parametrize("uri", ["data:;base64,aGk%3D", "data:;base64,%61Gk=", "data:text/plain;base64,aG%6B="])
def test_data_uri_is_percent_decoded_before_base64(uri):
    import replicate
    output = replicate.FileOutput(uri)
    assert output.read() == b"hi"
    assert b"".join(output) == b"hi"


@pytest.mark.parametrize("uri", ["data:;base64,aG!k=", "data:;base64,aG_k=", "data:;base64,aGk=aGk="])
def test_data_uri_base64_is_decoded_strictly(uri):
    import replicate
    with pytest.raises((ValueError, replicate.ReplicateException)) as error:
        replicate.FileOutput(uri).read()
    assert "base64" in str(error.value)


# --- File outputs: safe file names ---


@pytest.mark.parametrize("raw, expected", [
    ("dir/sub/picture.png", "picture.png"),
    ("dir\\sub\\picture.png", "picture.png"),
    (".env", "_env"),
    ("", "output"),
    ("a\x00b.png", "a_b.png"),
    ("a\x1b[31mb.png", "a_[31mb.png"),
    ("line\nbreak\r.txt", "line_break_.txt"),
    ("tab\there\x7f.txt", "tab_here_.txt"),
    ("c1\x85\x9b.txt", "c1__.txt"),
    ("ünïcödé ✓.png", "ünïcödé ✓.png"),
])
def test_safe_file_name_keeps_the_last_segment_and_replaces_what_is_dangerous(raw, expected):
    import replicate
    assert replicate._safe_file_name(raw) == expected


@pytest.mark.parametrize("raw", [".", "..", "...", "a/..", "..\\..", "/", "\\", ".\x00", "x/.", "dir/"])
def test_safe_file_name_never_gives_a_hidden_or_escaping_name(raw):
    import replicate
    _assert_harmless(replicate._safe_file_name(raw))


@pytest.mark.parametrize("stem, extension", [
    ("a" * 300, ".png"), ("é" * 150, ".png"), ("😀" * 80, ".txt"), ("b" * 197, ".tar"),
], ids=["ascii", "two-byte", "four-byte", "just-over"])
def test_safe_file_name_cuts_long_names_to_200_bytes_keeping_the_extension(stem, extension):
    import replicate
    name = replicate._safe_file_name(stem + extension)
    assert len(name.encode("utf-8")) <= 200
    assert name.endswith(extension)
    kept = name[:-len(extension)]
    assert kept and stem.startswith(kept)  # whole characters of the stem, never a split one


def test_safe_file_name_cuts_a_name_with_a_long_extension():
    import replicate
    name = replicate._safe_file_name("a" * 100 + "." + "é" * 100)
    assert 0 < len(name.encode("utf-8")) <= 200
    name.encode("utf-8").decode("utf-8")
    _assert_harmless(name)


@pytest.mark.parametrize("url, expected", [
    ("https://files.example/f/..%5C..%5Cevil.png", "evil.png"),
    ("https://files.example/f/.bashrc?x=1#frag", "_bashrc"),
    ("https://files.example/f/%2Fetc%2F.profile", "_profile"),
    ("https://files.example/f/a%00b%0Ac%1B.png", "a_b_c_.png"),
    ("https://files.example/f/%2e%2e", None),
    ("https://files.example/f/" + "a" * 300 + ".png?sig=1", "a*.png"),
])
def test_file_output_name_is_the_safe_name_of_the_last_path_segment(url, expected):
    import replicate
    name = replicate.FileOutput(url).name
    _assert_harmless(name)
    if expected == "a*.png":
        assert re.fullmatch(r"a+\.png", name)
    elif expected is not None:
        assert name == expected


@pytest.mark.parametrize("segment", ["%2e%2e", "%2E"])
def test_save_of_a_dot_name_stays_inside_the_directory(fake, client, tmp_path, segment):
    import replicate
    data = os.urandom(3000)
    fake.queue_response("GET", "/files/*", body=data)
    target = tmp_path / "shared"
    target.mkdir()
    path = replicate.FileOutput(fake.url + "/files/" + segment, client).save(str(target))
    assert os.path.dirname(path) == str(target)
    _assert_harmless(os.path.basename(path))
    with open(path, "rb") as handle:
        assert handle.read() == data
    assert os.listdir(str(tmp_path)) == ["shared"]
    assert os.listdir(str(target)) == [os.path.basename(path)]


@pytest.mark.parametrize("raw, expected", [
    ("C:evil.exe", "C_evil.exe"), ("replicate.py:payload", "replicate.py_payload"),
    ("NUL.png", "_NUL.png"), ("con", "_con"), ("COM1.txt", "_COM1.txt"), ("a*b?c.txt", "a_b_c.txt"),
    ('x"<y>|.png', "x__y__.png"), ("trailing. . ", "trailing"),
])
def test_safe_file_name_is_safe_on_windows_too(raw, expected):
    import replicate
    assert replicate._safe_file_name(raw) == expected


# --- File outputs: saving into a directory or to a path ---


_SAVE_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
import replicate
client = replicate.Client(api_token="r8_filetests", base_url="http://127.0.0.1:9")
print(replicate.FileOutput(sys.argv[2], client).save(sys.argv[3]))
"""


def test_save_into_a_directory_and_to_a_file_path_via_a_temporary_file(fake, client, tmp_path):
    import replicate
    data = os.urandom(3 * MIB + 123)
    url = fake.add_blob("picture.png", data)
    output = replicate.FileOutput(url, client)
    directory = str(tmp_path)
    final = os.path.join(directory, "picture.png")
    states = []

    def progress(done, total):
        temporary = [n for n in os.listdir(directory) if re.match(r"^\.picture\.png\.[0-9a-f]{8}\.tmp$", n)]
        states.append((done, total, os.path.exists(final), len(temporary)))

    assert output.save(directory, progress=progress) == final
    with open(final, "rb") as handle:
        assert handle.read() == data
    assert os.listdir(directory) == ["picture.png"]
    for done, total, final_exists, temporary in states[:-1]:
        assert not final_exists and temporary == 1, "the final file appeared before every byte arrived"
    assert states[-1][:2] == (len(data), len(data))
    target = os.path.join(directory, "named.bin")
    assert output.save(target) == target
    with open(target, "rb") as handle:
        assert handle.read() == data
    assert sorted(os.listdir(directory)) == ["named.bin", "picture.png"]


def test_save_of_a_body_that_keeps_breaking_off_raises_and_keeps_a_part_file(fake, client, tmp_path):
    import replicate
    data = os.urandom(5000)
    etag = '"%s"' % hashlib.md5(data).hexdigest()
    fake.add_blob("out.bin", data, "application/octet-stream")
    fake.queue_response("GET", "/files/out.bin", status=200, body=data[:100], times=4,
                        headers={"Content-Length": str(len(data)), "ETag": etag})
    output = replicate.FileOutput(fake.url + "/files/out.bin", client)
    final = os.path.join(str(tmp_path), "out.bin")
    with pytest.raises(replicate.APIConnectionError, match="failed after 100 bytes"):
        output.save(str(tmp_path))
    assert not os.path.exists(final)
    assert os.listdir(str(tmp_path)) == ["out.bin.part"]  # no temporary file left
    with open(final + ".part", "rb") as handle:
        assert handle.read().startswith(data[:100])  # the bytes, then the note of their origin
    gets = fake.requests_for("GET", "/files/out.bin")
    assert [g.headers.get("Range") for g in gets] == [None] + ["bytes=100-"] * 3


def test_save_progress_is_increasing_throttled_and_ends_with_total(fake, client, tmp_path):
    import replicate
    data = os.urandom(8 * MIB)
    output = replicate.FileOutput(fake.add_blob("large.bin", data), client)
    calls = []
    output.save(str(tmp_path), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(data), len(data))
    dones = [done for done, _ in calls]
    assert dones == sorted(dones) and dones[0] >= 0
    assert all(total == len(data) for _, total in calls)
    assert len(calls) < len(data) // (64 * 1024) // 4, "%d progress calls for 8 MiB" % len(calls)


def test_save_of_a_data_uri_uses_no_network(raw_server, tmp_path):
    import base64
    import replicate
    server = raw_server(close_after_response_server)
    client = replicate.Client(api_token="r8_x", base_url=server.url)
    payload = os.urandom(4000)
    output = replicate.FileOutput("data:image/png;base64," + base64.b64encode(payload).decode(), client)
    calls = []
    path = output.save(str(tmp_path), progress=lambda done, total: calls.append((done, total)))
    assert path == os.path.join(str(tmp_path), "output.png")
    with open(path, "rb") as handle:
        assert handle.read() == payload
    assert calls[-1] == (len(payload), len(payload))
    assert server.connections == 0 and server.requests == []


def test_save_into_a_directory_never_replaces_an_existing_file(fake, client, tmp_path):
    import replicate
    data = tiny_png(3)
    output = replicate.FileOutput(fake.add_blob("pic.png", data), client)
    (tmp_path / "pic.png").write_bytes(b"mine")
    assert output.save(str(tmp_path)) == str(tmp_path / "pic-1.png")
    assert output.save(str(tmp_path)) == str(tmp_path / "pic-2.png")
    assert (tmp_path / "pic.png").read_bytes() == b"mine"
    assert (tmp_path / "pic-1.png").read_bytes() == data == (tmp_path / "pic-2.png").read_bytes()
    (tmp_path / "named.bin").write_bytes(b"keep")
    assert output.save(str(tmp_path / "named.bin"), overwrite=False) == str(tmp_path / "named-1.bin")
    assert (tmp_path / "named.bin").read_bytes() == b"keep"
    # a path the caller named is replaced by default; a directory with overwrite=True too
    assert output.save(str(tmp_path / "named.bin")) == str(tmp_path / "named.bin")
    assert (tmp_path / "named.bin").read_bytes() == data
    assert output.save(str(tmp_path), overwrite=True) == str(tmp_path / "pic.png")
    assert (tmp_path / "pic.png").read_bytes() == data
    assert sorted(os.listdir(str(tmp_path))) == ["named-1.bin", "named.bin", "pic-1.png", "pic-2.png",
                                                 "pic.png"]


def test_save_writes_an_exclusive_temp_file_and_the_final_name_appears_complete(raw_server, files_client,
                                                                                tmp_path):
    import replicate
    data = os.urandom(400 * 1000)

    def on_connection(connection):
        while connection.read_request() is not None:
            connection.send(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             "Content-Length: %d\r\n\r\n" % len(data)).encode())
            for start in range(0, len(data), 100 * 1000):  # a drip, so that progress runs mid-way
                connection.send(data[start:start + 100 * 1000])
                time.sleep(0.25)

    server = raw_server(RawServer, on_connection)
    seen = []

    def progress(done, total):
        if done < len(data):
            seen.append(sorted(os.listdir(str(tmp_path))))

    path = replicate.FileOutput(server.url + "/out.bin", files_client).save(str(tmp_path), progress=progress)
    assert path == str(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == data
    assert seen, "progress was never called while bytes arrived"
    for listing in seen:
        assert len(listing) == 1 and re.fullmatch(r"\.out\.bin\.[0-9a-f]{8}\.tmp", listing[0]), listing
    assert os.listdir(str(tmp_path)) == ["out.bin"]


@pytest.mark.parametrize("planted", ["resume-file-symlink", "source-symlink", "name-symlink", "resume-file-hardlink"])
def test_save_never_writes_through_a_planted_link(fake, client, tmp_path, planted):
    import replicate
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    target = tmp_path / "shared"
    target.mkdir()
    data = os.urandom(5000)
    url = fake.add_blob("out.png", data)
    link = target / {"resume-file-symlink": "out.png.part", "source-symlink": "out.png.part.source",
                     "name-symlink": "out.png", "resume-file-hardlink": "out.png.part"}[planted]
    if planted == "resume-file-hardlink":
        os.link(str(victim), str(link))
    else:
        os.symlink(str(victim), str(link))
    path = replicate.FileOutput(url, client).save(str(target))
    assert victim.read_bytes() == b"precious"
    assert os.path.dirname(path) == str(target) and not os.path.islink(path)
    with open(path, "rb") as handle:
        assert handle.read() == data
    if planted == "name-symlink":
        assert path == str(target / "out-1.png")
        assert os.readlink(str(link)) == str(victim)
    assert fake.requests_for("GET", "/files/out.png")[-1].headers.get("Range") is None


@pytest.mark.parametrize("planted", ["symlink", "hardlink"])
def test_failed_save_never_writes_through_a_link_planted_at_its_resume_file(raw_server, files_client, tmp_path,
                                                                   planted):
    import replicate
    data = os.urandom(20000)
    server = scripted_server(raw_server, lambda request: _breaking_answer(request, data, 5000))
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    target = tmp_path / "shared"
    target.mkdir()
    (os.link if planted == "hardlink" else os.symlink)(str(victim), str(target / "out.bin.part"))
    output = replicate.FileOutput(server.url + "/out.bin", files_client)
    box = _finishes(lambda: output.save(str(target)), 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert victim.read_bytes() == b"precious"
    assert not (target / "out.bin").exists()


@pytest.mark.parametrize("into", ["file", "directory"])
@pytest.mark.parametrize("workers", ["threads", "processes"])
def test_two_saves_of_one_name_at_once_each_end_with_a_complete_file(raw_server, tmp_path, into, workers):
    import replicate
    blobs = {"/a/out.png": os.urandom(600 * 1000), "/b/out.png": os.urandom(600 * 1000)}
    server = held_pair_server(raw_server, blobs)
    destination = str(tmp_path / "out.png") if into == "file" else str(tmp_path)
    urls = [server.url + path for path in sorted(blobs)]
    if workers == "threads":
        client = replicate.Client(api_token="r8_filetests", base_url="http://127.0.0.1:9", timeout=15)
        results = [None, None]

        def one(i):
            results[i] = _finishes(lambda: replicate.FileOutput(urls[i], client).save(destination), 30)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(40)
        client.close()
        assert all("value" in box for box in results), results
        paths = [box["value"] for box in results]
    else:
        module_dir = os.path.dirname(os.path.abspath(replicate.__file__))
        processes = [subprocess.Popen([sys.executable, "-c", _SAVE_SCRIPT, module_dir, url, destination],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      universal_newlines=True) for url in urls]
        outcomes = [process.communicate(timeout=60) + (process.returncode,) for process in processes]
        assert all(code == 0 for _, _, code in outcomes), outcomes
        paths = [out.strip() for out, _, _ in outcomes]
    expected = {blobs["/a/out.png"], blobs["/b/out.png"]}
    if into == "file":
        assert paths == [destination, destination]
        assert os.listdir(str(tmp_path)) == ["out.png"]
        assert (tmp_path / "out.png").read_bytes() in expected
    else:
        assert sorted(paths) == [str(tmp_path / "out-1.png"), str(tmp_path / "out.png")]
        assert sorted(os.listdir(str(tmp_path))) == ["out-1.png", "out.png"]
        assert {(tmp_path / name).read_bytes() for name in ("out.png", "out-1.png")} == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE is POSIX")
def test_a_save_that_cannot_write_leaves_no_temporary_file(fake, tmp_path):
    """A full disk, as RLIMIT_FSIZE gives it: FileSaveError, and nothing left behind."""
    data = os.urandom(3 * MIB)
    url = fake.add_blob("big.bin", data, "application/octet-stream")
    script = ("import resource, signal, sys\nsys.path.insert(0, %r)\nimport replicate\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (MIB, MIB))\n"
              "client = replicate.Client(api_token='r8_x', base_url='http://127.0.0.1:9')\n"
              "try:\n    replicate.FileOutput(%r, client).save(%r)\n"
              "except replicate.FileSaveError as error:\n    print('FileSaveError', error.errno)\n"
              % (HERE, url, str(tmp_path))).replace("MIB", str(MIB))
    result = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, timeout=60, env=_cli_env(fake))
    assert result.stdout.startswith("FileSaveError"), (result.stdout, result.stderr)
    assert os.listdir(str(tmp_path)) == []


# --- File outputs: broken downloads, resume files ---


# A stale .part of another file of the same name is never resumed.
def _save_broken_off_by_the_fake(fake, client, url, name, data, directory):
    """save() of `url` whose body breaks off after 1000 bytes (the fake's ETag is sent)."""
    import replicate
    etag = '"%s"' % hashlib.md5(data).hexdigest()
    fake.queue_response("GET", "/files/" + name, status=200, body=data[:1000], times=4,
                        headers={"Content-Type": "image/png", "ETag": etag,
                                 "Content-Length": str(len(data))})
    with pytest.raises(replicate.APIConnectionError):
        replicate.FileOutput(url, client).save(str(directory))
    return etag


def _fetch(output, method, directory):
    if method == "read":
        return output.read()
    if method == "iter":
        return b"".join(output)
    with open(output.save(str(directory)), "rb") as handle:
        return handle.read()


def _ranges(requests):
    return [request.headers.get("range") for request in requests]


def _interrupted_save(server, state, output, directory):
    """save() while `state["broken"]`: every attempt breaks; APIConnectionError results."""
    import replicate
    state["broken"] = True
    box = _finishes(lambda: output.save(str(directory)), 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    state["broken"] = False
    return len(server.requests)


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("factory", [short_body_server, reset_mid_body_server])
def test_short_download_raises_and_save_leaves_nothing_without_a_validator(client, raw_server,
                                                                               tmp_path, factory, tls):
    """A body that keeps breaking off is tried again a few times, then raises; with no ETag or
    Last-Modified nothing proves a later resume safe, so no .part is kept."""
    import replicate
    server = raw_server(factory, declared_length=5000, sent_length=1000, content_type="image/png",
                        tls=tls)
    output = replicate.FileOutput(server.url + "/files/picture.png", client)
    with pytest.raises(replicate.APIConnectionError):
        output.read()
    with pytest.raises(replicate.APIConnectionError):
        b"".join(output)
    with pytest.raises(replicate.APIConnectionError):
        output.save(str(tmp_path))
    with pytest.raises(replicate.APIConnectionError):
        output.save(str(tmp_path / "named.png"))
    assert not (tmp_path / "picture.png").exists()
    assert not (tmp_path / "named.png").exists()
    assert os.listdir(str(tmp_path)) == []
    # read() and save(): the GET and three more; iteration, whose bytes are handed out already,
    # stops at the second GET: a file sent anew with no validator may not be the same file
    assert len(server.requests) == 4 + 2 + 4 + 4
    assert all(r.headers.get("authorization") is None for r in server.requests)
    assert all(r.headers.get("range") is None for r in server.requests)  # no validator, no Range


@pytest.mark.parametrize("ranges", [True, False])
def test_save_again_resumes_with_range_or_starts_over(fake, client, tmp_path, ranges):
    import replicate
    data = os.urandom(2 * MIB + 777)
    cut = 700 * 1000
    fake.add_blob("model.bin", data, "application/octet-stream")
    # the server's validator (the fake's blobs carry an MD5 ETag) is what makes a resume safe
    fake.queue_response("GET", "/files/model.bin", status=200, body=data[:cut], times=4,
                        headers={"Content-Length": str(len(data)), "Accept-Ranges": "bytes",
                                 "ETag": '"%s"' % hashlib.md5(data).hexdigest()})
    output = replicate.FileOutput(fake.url + "/files/model.bin", client)
    final = os.path.join(str(tmp_path), "model.bin")
    with pytest.raises(replicate.APIConnectionError):
        output.save(str(tmp_path))
    assert not os.path.exists(final)
    with open(final + ".part", "rb") as handle:
        assert handle.read()[:cut + 1] == data[:cut] + b"{"  # the bytes, then the note of their origin
    fake.range_supported = ranges
    calls = []
    assert output.save(str(tmp_path), progress=lambda done, total: calls.append((done, total))) == final
    second = fake.requests_for("GET", "/files/model.bin")[-1]
    assert second.headers.get("Range") == "bytes=%d-" % cut
    with open(final, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == hashlib.sha256(data).hexdigest()
    assert not os.path.exists(final + ".part")
    assert calls[0][0] == (cut if ranges else 0)
    assert calls[-1] == (len(data), len(data))
    assert all(total == len(data) for _, total in calls)


@pytest.mark.parametrize("extra", [0, 10])
def test_save_with_a_part_file_as_long_as_the_file_or_longer_still_saves_it(fake, client, tmp_path, extra):
    """The .part holds every byte (interrupted just before the rename) or is longer than
    the file (a stale leftover): the server answers 416 to the Range; save still succeeds."""
    import replicate
    data = os.urandom(5000)
    url = fake.add_blob("done.bin", data, "application/octet-stream")
    final = os.path.join(str(tmp_path), "done.bin")
    held = data + b"z" * extra
    etag = '"%s"' % hashlib.md5(data).hexdigest()
    with open(final + ".part", "wb") as handle:  # as an interrupted save leaves it
        handle.write(held + replicate._part_trailer(hashlib.sha256(url.encode()).hexdigest(), etag,
                                                    len(held), len(held)))
    output = replicate.FileOutput(url, client)
    assert output.save(str(tmp_path)) == final
    with open(final, "rb") as handle:
        assert handle.read() == data
    assert not os.path.exists(final + ".part")


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("declared, sent", [(1000, 100), (3 * MIB, 2 * MIB)])
def test_reset_mid_body_raises_and_never_returns_partial_data(raw_server, client, declared, sent, tls):
    import replicate
    server = raw_server(reset_mid_body_server, declared_length=declared, sent_length=sent,
                        content_type="application/octet-stream", tls=tls)
    output = replicate.FileOutput(server.url + "/f.bin", client)
    box = _finishes(output.read, 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    received = []
    with pytest.raises(replicate.APIConnectionError):
        for block in output:
            received.append(block)
    assert sum(map(len, received)) < declared


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_short_body_read_and_iteration_raise(raw_server, client, tls):
    import replicate
    server = raw_server(short_body_server, declared_length=5000, sent_length=1000,
                        content_type="application/octet-stream", tls=tls)
    output = replicate.FileOutput(server.url + "/f.bin", client)
    with pytest.raises(replicate.APIConnectionError):
        output.read()
    with pytest.raises(replicate.APIConnectionError):
        list(output)


@pytest.mark.parametrize("left", ["part_without_source", "part_of_another_file", "part_of_this_file"])
def test_save_never_resumes_a_part_of_another_file(client, fake, tmp_path, left):
    from replicate import FileOutput
    data_a = bytes((i * 7 + 1) % 251 for i in range(3000))
    data_b = bytes((i * 13 + 5) % 241 for i in range(3000))
    assert data_a[:1000] != data_b[:1000]
    url_a = fake.add_blob("a/out.png", data_a)
    url_b = fake.add_blob("b/out.png", data_b)
    assert url_a.endswith("/files/a/out.png") and url_b.endswith("/files/b/out.png")
    part = tmp_path / "out.png.part"
    source = tmp_path / "out.png.part.source"
    etag_b = None
    if left == "part_without_source":
        part.write_bytes(data_a[:1000])  # a .part whose origin nothing records
    elif left == "part_of_another_file":
        _save_broken_off_by_the_fake(fake, client, url_a, "a/out.png", data_a, tmp_path)
    else:
        etag_b = _save_broken_off_by_the_fake(fake, client, url_b, "b/out.png", data_b, tmp_path)
    assert part.read_bytes()[:1000] == (data_b if left == "part_of_this_file" else data_a)[:1000]
    assert not (tmp_path / "out.png").exists()
    fake.clear_requests()

    saved = FileOutput(url_b, client).save(str(tmp_path))
    assert os.path.basename(saved) == "out.png"
    assert (tmp_path / "out.png").read_bytes() == data_b
    # a .part that is not this URL's resume is left as it was: not this save's to delete
    assert part.exists() == (left != "part_of_this_file") and not source.exists()
    gets = fake.requests_for("GET", "/files/b/out.png")
    assert len(gets) == 1
    if left == "part_of_this_file":
        assert gets[0].headers.get("Range") == "bytes=1000-"
        assert gets[0].headers.get("If-Range") == etag_b
    else:
        assert gets[0].headers.get("Range") is None
        assert gets[0].headers.get("If-Range") is None
    assert fake.requests_for("GET", "/files/a/out.png") == []


def test_a_short_range_answer_is_never_saved_as_the_whole_file(fake, client, tmp_path, raw_server):
    import replicate
    data = os.urandom(10240)
    seen = []

    def on_connection(connection):
        request = connection.read_request()
        if request is None:
            return
        seen.append(request.headers.get("range"))
        if len(seen) == 1:  # the first download breaks off after 4000 bytes
            connection.send_response(200, data[:4000], {"ETag": '"v1"'}, content_length=len(data))
        elif request.headers.get("range"):  # `bytes=4000-` answered with less than the rest
            connection.send_response(206, data[4000:5000], {"ETag": '"v1"',
                                                            "Content-Range": "bytes 4000-4999/10240"})
        else:
            connection.send_response(200, data, {"ETag": '"v1"'})
        connection.close()

    server = raw_server(RawServer, on_connection)
    output = replicate.FileOutput(server.url + "/out.bin", client)
    path = output.save(str(tmp_path))  # the break is continued within the one call
    assert seen == [None, "bytes=4000-", None]  # the short answer was refused, the file fetched whole
    assert pathlib.Path(path).read_bytes() == data


def test_a_part_of_the_same_path_with_another_query_is_not_resumed(fake, client, tmp_path):
    import replicate
    first, second = os.urandom(6000), os.urandom(6000)
    fake.add_blob("render", first, "application/octet-stream")
    url_a = fake.url + "/files/render?id=a"
    fake.queue_response("GET", "/files/render?id=a", status=200, body=first[:3000], times=4,
                        headers={"Content-Length": "6000", "ETag": '"a"'})
    with pytest.raises(replicate.APIConnectionError):
        replicate.FileOutput(url_a, client).save(str(tmp_path))
    fake.add_blob("render", second, "application/octet-stream")
    path = replicate.FileOutput(fake.url + "/files/render?id=b", client).save(str(tmp_path))
    assert pathlib.Path(path).read_bytes() == second
    assert "Range" not in fake.requests[-1].headers


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
@pytest.mark.parametrize("same_url", [True, False], ids=["same-url", "other-url"])
def test_interrupted_save_keeps_one_resume_file_that_only_its_url_continues(raw_server, files_client, tmp_path,
                                                                       validator, same_url):
    import replicate
    blobs = {"/a/out.bin": os.urandom(30000), "/b/out.bin": os.urandom(30000)}
    tags = {"/a/out.bin": ('"a1"', "Wed, 01 May 2024 10:00:00 GMT"),
            "/b/out.bin": ('"b1"', "Thu, 02 May 2024 11:00:00 GMT")}
    cut = 9000
    state = {}

    def answer(request):
        etag, modified = tags[request.path]
        etag = etag if validator == "etag" else None
        if state["broken"]:
            return _breaking_answer(request, blobs[request.path], cut, etag, modified)
        return _file_answer(request, blobs[request.path], etag, modified)

    server = scripted_server(raw_server, answer)
    before = _interrupted_save(server, state, replicate.FileOutput(server.url + "/a/out.bin", files_client),
                               tmp_path)
    assert os.listdir(str(tmp_path)) == ["out.bin.part"]  # one file: no .part.source, no temp file
    kept = (tmp_path / "out.bin.part").read_bytes()
    assert kept.startswith(blobs["/a/out.bin"][:cut]) and cut < len(kept) < cut + 4096
    wanted = "/a/out.bin" if same_url else "/b/out.bin"
    path = replicate.FileOutput(server.url + wanted, files_client).save(str(tmp_path))
    assert path == str(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == blobs[wanted]
    # another URL's .part is not this save's to resume, nor to delete: it may be resumed yet
    assert sorted(os.listdir(str(tmp_path))) == ["out.bin"] + ([] if same_url else ["out.bin.part"])
    first = server.requests[before]
    assert first.path == wanted
    if same_url:
        assert first.headers.get("range") == "bytes=%d-" % cut
        assert first.headers.get("if-range") == tags[wanted][0 if validator == "etag" else 1]
    else:
        assert _ranges(server.requests[before:]) == [None] * (len(server.requests) - before)


@pytest.mark.parametrize("headers", [[("ETag", 'W/"weak"')], []], ids=["weak-etag", "no-validator"])
def test_interrupted_save_without_a_validator_leaves_nothing_behind(raw_server, files_client, tmp_path,
                                                                    headers):
    import replicate
    data = os.urandom(20000)

    def answer(request):
        return _reply(200, headers + [("Content-Length", str(len(data)))], data, send=4000, end="close")

    server = scripted_server(raw_server, answer)
    box = _finishes(lambda: replicate.FileOutput(server.url + "/out.bin", files_client).save(str(tmp_path)), 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert os.listdir(str(tmp_path)) == []
    assert all("range" not in request.headers for request in server.requests)  # nothing to resume


@pytest.mark.parametrize("spoil", ["symlink", "hardlink", "directory", "other-owner", "no-trailer"])
def test_a_resume_file_that_cannot_be_trusted_is_never_resumed(raw_server, files_client, tmp_path, spoil):
    import replicate
    if spoil == "other-owner" and (os.name != "posix" or os.geteuid() != 0):
        pytest.skip("giving a file to another user needs root")
    data = os.urandom(30000)
    cut = 7000
    state = {}
    server = scripted_server(raw_server, lambda request: (
        _breaking_answer(request, data, cut) if state["broken"] else _file_answer(request, data)))
    target = tmp_path / "shared"
    target.mkdir()
    output = replicate.FileOutput(server.url + "/out.bin", files_client)
    before = _interrupted_save(server, state, output, target)
    part = target / "out.bin.part"
    kept = part.read_bytes()
    assert kept.startswith(data[:cut])
    elsewhere = tmp_path / "elsewhere"
    if spoil == "symlink":
        os.replace(str(part), str(elsewhere))
        os.symlink(str(elsewhere), str(part))
    elif spoil == "hardlink":
        os.link(str(part), str(elsewhere))
    elif spoil == "directory":
        part.unlink()
        part.mkdir()
    elif spoil == "other-owner":
        os.chown(str(part), 54321, 54321)
    else:
        part.write_bytes(data[:cut])
    path = output.save(str(target))
    assert (target / "out.bin").read_bytes() == data and path == str(target / "out.bin")
    assert _ranges(server.requests[before:]) == [None] * (len(server.requests) - before)
    if spoil in ("symlink", "hardlink"):
        assert elsewhere.read_bytes() == kept


@pytest.mark.parametrize("hostile", ["other-etag", "no-etag", "unknown-size", "other-start",
                                     "no-length-short"])
@pytest.mark.parametrize("flow", ["in-call", "from-resume-file"])
def test_a_resume_appends_only_a_206_that_continues_the_same_file(raw_server, files_client, tmp_path, hostile,
                                                                 flow):
    """A 206 is appended only with the stored validator and `Content-Range: bytes N-(size-1)/size`
    for the N asked (a 206 without Content-Length is judged by its Content-Range); else the
    download starts over and the file saved is never a splice of two."""
    import replicate
    data = os.urandom(40000)
    changed = os.urandom(40000)
    cut = 12000
    size = len(data)
    state = {"broken": flow == "from-resume-file", "hostile_sent": False}

    def answer(request):
        if state["broken"]:
            return _breaking_answer(request, data, cut)
        if "range" not in request.headers and not state["hostile_sent"]:
            return _reply(*_file_answer(request, data)[:3], send=cut, end="close")  # in-call: breaks once
        if "range" in request.headers and not state["hostile_sent"]:
            state["hostile_sent"] = True
            first = int(re.fullmatch(r"bytes=(\d+)-", request.headers["range"]).group(1))
            base = [("Content-Type", "application/octet-stream")]
            rest = size - first
            if hostile == "other-etag":
                return _reply(206, base + [("ETag", OTHER_ETAG), ("Content-Length", str(rest)),
                                           ("Content-Range", "bytes %d-%d/%d" % (first, size - 1, size))],
                              changed[first:])
            if hostile == "no-etag":
                return _reply(206, base + [("Content-Length", str(rest)),
                                           ("Content-Range", "bytes %d-%d/%d" % (first, size - 1, size))],
                              b"Z" * rest)
            if hostile == "unknown-size":
                return _reply(206, base + [("ETag", ETAG), ("Content-Length", str(rest)),
                                           ("Content-Range", "bytes %d-%d/*" % (first, size - 1))],
                              b"Z" * rest)
            if hostile == "other-start":
                return _reply(206, base + [("ETag", ETAG), ("Content-Length", str(size)),
                                           ("Content-Range", "bytes 0-%d/%d" % (size - 1, size))], data)
            return _reply(206, base + [("ETag", ETAG), ("Connection", "close"),
                                       ("Content-Range", "bytes %d-%d/%d" % (first, size - 1, size))],
                          data[first:], send=1000, end="close")
        if hostile == "other-etag":
            return _file_answer(request, changed, OTHER_ETAG)
        return _file_answer(request, data)

    server = scripted_server(raw_server, answer)
    output = replicate.FileOutput(server.url + "/out.bin", files_client)
    if flow == "from-resume-file":
        _interrupted_save(server, state, output, tmp_path)
        assert os.listdir(str(tmp_path)) == ["out.bin.part"]
        assert (tmp_path / "out.bin.part").read_bytes().startswith(data[:cut])
    box = _finishes(lambda: output.save(str(tmp_path)), 30)
    assert "value" in box, box
    assert (tmp_path / "out.bin").read_bytes() == (changed if hostile == "other-etag" else data)
    assert state["hostile_sent"]
    assert os.listdir(str(tmp_path)) == ["out.bin"]


@pytest.mark.parametrize("method", ["read", "iter", "save"])
def test_short_body_from_the_file_host_is_continued_with_range(fake, client, tmp_path, method):
    import replicate
    data = os.urandom(2 * MIB + 5)
    cut = 700 * 1000
    etag = '"%s"' % hashlib.md5(data).hexdigest()
    url = fake.add_blob("x.bin", data, "application/octet-stream")
    fake.queue_response("GET", "/files/x.bin", body=data[:cut],
                        headers={"Content-Length": str(len(data)), "ETag": etag})
    assert _fetch(replicate.FileOutput(url, client), method, tmp_path) == data
    first, second = fake.requests_for("GET", "/files/x.bin")
    assert second.headers.get("Range") == "bytes=%d-" % cut
    assert second.headers.get("If-Range") == etag
    if method == "save":
        assert os.listdir(str(tmp_path)) == ["x.bin"]


@pytest.mark.parametrize("method, end, tls", [
    ("read", "reset", False), ("read", "stall", True), ("read", "close", False), ("iter", "reset", True),
    ("iter", "close", True), ("save", "stall", False), ("save", "reset", True), ("save", "close", False),
])
def test_broken_download_continues_from_the_byte_reached(raw_server, files_client, tmp_path, method, end, tls):
    import replicate
    data = os.urandom(300 * 1000 + 7)
    cut = 100 * 1000

    def answer(request):
        reply = _file_answer(request, data)
        if len(server.requests) == 1:
            return reply[:3] + (cut, end)
        return reply

    server = scripted_server(raw_server, answer, tls=tls)
    output = replicate.FileOutput(server.url + "/f.bin", files_client)
    box = _finishes(lambda: _fetch(output, method, tmp_path), 30)
    assert box.get("value") == data, box.get("error")
    assert len(server.requests) >= 2
    again = server.requests[1].headers
    if end == "close":  # every byte before a clean close arrived: the rest is asked for
        assert again.get("range") == "bytes=%d-" % cut
    if "range" in again:  # a reset or a timeout may lose what was in flight, never more
        reached = re.fullmatch(r"bytes=(\d+)-", again["range"])
        assert reached and int(reached.group(1)) <= cut, again
        assert again.get("if-range") == ETAG


@pytest.mark.parametrize("method, etag", [("read", None), ("save", None), ("read", ETAG), ("iter", ETAG)],
                         ids=["read-no-validator", "save-no-validator", "read", "iter"])
def test_broken_download_starts_over_when_the_server_cannot_resume(raw_server, files_client, tmp_path,
                                                                   method, etag):
    import replicate
    data = os.urandom(200 * 1000)

    def answer(request):
        reply = _file_answer(request, data, etag, ranges=False)
        if len(server.requests) == 1:
            return reply[:3] + (60 * 1000, "close")
        return reply

    server = scripted_server(raw_server, answer)
    output = replicate.FileOutput(server.url + "/f.bin", files_client)
    box = _finishes(lambda: _fetch(output, method, tmp_path), 30)
    assert box.get("value") == data, box.get("error")
    assert len(server.requests) == 2


def test_iteration_never_splices_a_file_that_changed(raw_server, files_client):
    import replicate
    data = os.urandom(300 * 1000)
    changed = os.urandom(300 * 1000)
    cut = 100 * 1000

    def answer(request):
        if len(server.requests) == 1:
            return _file_answer(request, data)[:3] + (cut, "close")
        return _file_answer(request, changed, OTHER_ETAG)  # If-Range no longer matches: 200

    server = scripted_server(raw_server, answer)
    received = []

    def iterate():
        for block in replicate.FileOutput(server.url + "/f.bin", files_client):
            received.append(block)

    box = _finishes(iterate, 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    joined = b"".join(received)
    assert joined == data[:len(joined)] and len(joined) <= cut
    assert len(server.requests) >= 2 and server.requests[1].headers.get("if-range") == ETAG


@pytest.mark.parametrize("method", ["read", "iter", "save"])
def test_download_that_keeps_breaking_raises_after_three_more_attempts(raw_server, files_client, tmp_path,
                                                                       method):
    import replicate
    data = os.urandom(50000)
    cut = 10000
    server = scripted_server(raw_server, lambda request: _breaking_answer(request, data, cut))
    output = replicate.FileOutput(server.url + "/f.bin", files_client)
    box = _finishes(lambda: _fetch(output, method, tmp_path), 30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert 2 <= len(server.requests) <= 4
    assert all(r.headers.get("range") == "bytes=%d-" % cut for r in server.requests[1:])
    if method == "save":
        assert os.listdir(str(tmp_path)) == ["f.bin.part"]
        assert (tmp_path / "f.bin.part").read_bytes().startswith(data[:cut])


def test_a_416_answer_ends_a_resume_only_for_the_same_file_of_the_same_size(raw_server, files_client, tmp_path):
    """The .part holds 10 bytes of file A (20 bytes); the server now has file B of 10 bytes
    and answers the Range with 416: B's validator differs, so B is fetched, never A's half."""
    import replicate
    old, new = b"A" * 20, b"B" * 10
    state = {"phase": "old"}

    def answer(request):
        if state["phase"] == "old":
            return _breaking_answer(request, old, 10, etag='"A"')
        if request.headers.get("range"):
            return _reply(416, [("Content-Range", "bytes */10"), ("ETag", '"B"'), ("Content-Length", "0")], b"")
        return _file_answer(request, new, etag='"B"')

    server = scripted_server(raw_server, answer)
    output = replicate.FileOutput(server.url + "/file.bin", files_client)
    with pytest.raises(replicate.APIConnectionError):
        output.save(str(tmp_path))
    state["phase"] = "new"
    path = output.save(str(tmp_path))
    assert pathlib.Path(path).read_bytes() == new
    assert _ranges(server.requests)[-2:] == ["bytes=10-", None]


@pytest.mark.parametrize("content", [b"an earlier run's output", b"", b"x" * 100 + b"replicate.py partial download v1\n"])
def test_a_part_file_that_is_not_a_resume_of_this_url_is_left_alone(fake, client, tmp_path, content):
    import replicate
    data = os.urandom(3000)
    fake.add_blob("out.png", data)
    (tmp_path / "out.png.part").write_bytes(content)
    path = replicate.FileOutput(fake.url + "/files/out.png", client).save(str(tmp_path))
    assert pathlib.Path(path).read_bytes() == data
    assert (tmp_path / "out.png.part").read_bytes() == content
    assert sorted(os.listdir(str(tmp_path))) == ["out.png", "out.png.part"]


def test_a_resume_without_content_length_hands_out_no_byte_past_its_range(raw_server, files_client):
    """A 206 with no length of its own, close-delimited, sending more than its Content-Range:
    an iteration stops at the range's end, and the file is whole."""
    import replicate
    data = os.urandom(20000)
    cut = 8000

    def answer(request):
        if not request.headers.get("range"):
            return _reply(200, [("Content-Length", str(len(data))), ("ETag", ETAG)], data, send=cut, end="close")
        return _reply(206, [("Content-Range", "bytes %d-%d/%d" % (cut, len(data) - 1, len(data))),
                            ("ETag", ETAG)], data[cut:] + b"SURPLUS", end="close")

    server = scripted_server(raw_server, answer)
    assert b"".join(replicate.FileOutput(server.url + "/f.bin", files_client)) == data


# --- Server-sent events ---


def _sse(text):
    import replicate
    decoder = replicate._SSEDecoder()

    class Body:
        def __init__(self, data, size):
            self.data, self.size = data, size

        def read(self, n):
            chunk, self.data = self.data[:self.size], self.data[self.size:]
            return chunk

    events = []
    for size in (1, 2, 7, 4096):  # the same stream cut at every size: same events
        decoder = replicate._SSEDecoder()
        got = []
        for line in replicate._iter_lines(Body(text.encode("utf-8"), size)):
            event = decoder.feed_line(line)
            if event is not None:
                got.append((event.event, event.data, event.id))
        events.append(got)
    assert all(e == events[0] for e in events), events
    return events[0]


def _events(client, limit=20.0):
    """Every event of client.stream() -> {"value": [events]} or {"error": ..., "events": [...]}."""
    seen = []

    def collect():
        for event in client.stream("test/echo", input={"prompt": "x"}):
            seen.append(event)
        return seen

    box = _finishes(collect, limit)
    box["events"] = seen
    return box


def _reconnect_after_event_id(raw_server, event_id):
    """The headers of the second stream request, sent after a first connection that ended
    after one event with id `event_id`; the stream itself must end well."""
    server = raw_server(sse_server, _resumed_stream(event_id))
    box = _events(_raw_client(server), limit=15)
    assert "error" not in box, box.get("error")
    assert [event.event for event in box["value"]] == ["output", "done"]
    assert len(server.stream_requests) == 2
    return server.stream_requests[1].headers


def _resumed_stream(first_id):
    """The first connection sends one event with id `first_id` and closes before `done`;
    the next ends the stream."""
    def stream(connection, number):
        if number == 1:
            connection.send(b"retry: 10\nevent: output\nid: " + first_id.encode("utf-8")
                            + b"\ndata: a\n\n")
        else:
            connection.send(b"event: done\ndata: {}\n\n")
    return stream


def test_sse_parser_follows_the_whatwg_rules():
    text = (": a comment\r\n"
            "retry: 1000\r\n"
            "event: output\r\nid: 1\r\ndata: Hello\r\n\r\n"
            "event: output\nid: 2\ndata: line one\ndata: line two\n\n"
            "event: logs\rid: 3\rdata:no space\r\r"
            "data: plain message\n\n"
            "event: output\nid: 4\ndata: ünïcode ✓\n\n"
            "event: done\nid: 5\ndata: {}\n\n")
    assert _sse(text) == [
        ("output", "Hello", "1"),
        ("output", "line one\nline two", "2"),
        ("logs", "no space", "3"),
        ("message", "plain message", "3"),
        ("output", "ünïcode ✓", "4"),
        ("done", "{}", "5"),
    ]


def test_server_sent_event_str_is_the_output_text():
    import replicate
    assert str(replicate.ServerSentEvent("output", "tok")) == "tok"
    assert str(replicate.ServerSentEvent("logs", "a log line")) == ""
    assert replicate.ServerSentEvent("done", '{"reason": "canceled"}').json() == {"reason": "canceled"}


# SSE over HTTP: a BOM, and an event without data, are handled as WHATWG says.
def test_sse_over_http_skips_a_bom_and_an_event_without_data(client, fake):
    prediction = client.predictions.create(version="test/echo", input={"prompt": "x"}, stream=True)
    body = (b"\xef\xbb\xbfevent: output\nid: 1\ndata: first\n\n"
            b"event: output\n\n"
            b": a comment\n"
            b"event: output\nid: 2\ndata: second\n\n"
            b"event: logs\nid: 3\ndata: a log line\n\n"
            b"event: done\nid: 4\ndata: {}\n\n")
    fake.queue_response("GET", "/v1/streams/" + prediction.id, status=200, body=body,
                        headers={"Content-Type": "text/event-stream"})
    events = [(e.event, e.data, e.id) for e in prediction.stream()]
    assert events == [("output", "first", "1"), ("output", "second", "2"), ("logs", "a log line", "3"),
                      ("done", "{}", "4")]
    assert len(fake.requests_for("GET", "/v1/streams/" + prediction.id)) == 1


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_event_stream_abort_breaks_off_a_read_blocked_in_another_thread(raw_server, client, tls):
    import replicate

    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        b"Connection: close\r\n\r\nevent: output\ndata: a\n\n")
        connection.server.closed.wait()  # the next event never comes

    server = raw_server(RawServer, on_connection, tls=tls)
    prediction = replicate.Prediction({"id": "p1", "status": "processing",
                                       "urls": {"stream": server.url + "/v1/streams/p1"}}, client)
    stream = prediction.stream()
    assert str(next(stream)) == "a"
    box = {}
    reader = threading.Thread(target=lambda: box.setdefault("rest", list(stream)), daemon=True)
    reader.start()
    time.sleep(0.3)  # the reader is now blocked in the socket read
    stream.abort()
    reader.join(10)
    assert not reader.is_alive(), "abort() left the reader blocked"
    assert box == {"rest": []} and len(server.requests) == 1  # ended, not reconnected


def test_a_16_mib_data_line_arrives_intact(raw_server):
    line = b"a" * (16 * MIB)

    def stream(number):
        return b"event: output\nid: 1\ndata: " + line + b"\n\nevent: done\ndata: {}\n\n"

    # many small reads: a parser that rescans what it holds is quadratic
    server = raw_server(sse_server, stream, chunk=1024)
    box = _events(_raw_client(server), limit=20)
    assert "error" not in box, box.get("error")
    outputs = [event for event in box["value"] if event.event == "output"]
    assert len(outputs) == 1 and len(outputs[0].data) == len(line)
    assert outputs[0].data == line.decode()


@pytest.mark.parametrize("what, head, piece, count, tail, limit", [
    ("line", b"event: output\nid: 1\ndata: ", b"a" * MIB, 33, b"\n\n", "32 MiB"),
    ("event", b"event: output\nid: 1\n", b"data: " + b"a" * MIB + b"\n", 65, b"\n", "64 MiB"),
])
def test_a_stream_line_or_event_over_its_cap_raises_too_large(raw_server, what, head, piece, count,
                                                              tail, limit):
    import replicate

    def stream(connection, number):
        connection.send(head)
        for _ in range(count):
            connection.send(piece)
        connection.send(tail + b"event: done\ndata: {}\n\n")

    server = raw_server(sse_server, stream)
    box = _events(_raw_client(server), limit=20)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateError), box
    assert re.search(r"too large|over " + limit, str(error), re.I) and what in str(error).lower(), str(error)


@pytest.mark.parametrize("event_id", ["caf\u00e9", "\u0438\u0434\t\u2713"])
def test_non_ascii_event_id_is_sent_back_as_utf8_on_reconnect(raw_server, event_id):
    sent = _reconnect_after_event_id(raw_server, event_id).get("last-event-id")
    assert sent is not None and sent.encode("latin-1") == event_id.encode("utf-8")


@pytest.mark.parametrize("event_id", ["a\x01b", "a\x7fb"])
def test_event_id_with_control_characters_is_not_sent_on_reconnect(raw_server, event_id):
    assert "last-event-id" not in _reconnect_after_event_id(raw_server, event_id)


@pytest.mark.parametrize("retry", ["\u0663", "\u00b2", "9" * 5000], ids=["arabic-indic", "superscript", "5000-digits"])
def test_retry_field_takes_ascii_digits_only_and_never_raises(raw_server, retry):
    def stream(connection, number):
        connection.send(b"retry: " + retry.encode("utf-8") + b"\nevent: output\nid: 1\ndata: hi\n\n"
                        b"event: done\ndata: {}\n\n")

    server = raw_server(sse_server, stream)
    box = _events(_raw_client(server), limit=15)
    assert "error" not in box, box.get("error")
    events = box["value"]
    assert [(event.event, event.data) for event in events] == [("output", "hi"), ("done", "{}")]
    assert len(server.stream_requests) == 1
    if not retry.startswith("9"):
        assert events[0].retry is None  # not a retry in milliseconds: ignored


@pytest.mark.parametrize("with_ids", [True, False])
def test_a_stream_that_closes_after_every_event_stops_reconnecting(raw_server, with_ids):
    import replicate

    def stream(connection, number):
        event_id = b"id: %d\n" % number if with_ids else b""
        connection.send(b"retry: 1\nevent: output\n" + event_id + b"data: %d\n\n" % number)

    server = raw_server(sse_server, stream)
    box = _events(_raw_client(server), limit=30)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert len(server.stream_requests) <= 31, "%d connections" % len(server.stream_requests)


# --- HTTP transport: keep-alive and connections ---


def _open_connections(fake):
    """Connections the fake still has open (its handlers drop one when the client closes it)."""
    with fake._changed:
        return len(fake._sockets)


def _socket_warnings(caught):
    return [str(w.message) for w in caught
            if issubclass(w.category, ResourceWarning) and "socket" in str(w.message)]


def test_sequential_api_calls_and_downloads_reuse_one_connection_per_host(fake, client):
    for i in range(5):
        assert client.run("test/echo", input={"prompt": "call %d" % i}) == "call %d" % i
    client.models.get("test/echo")
    client.predictions.list()
    client.predictions.get(next(iter(fake.predictions)))
    client.accounts.current()
    outputs = client.run("test/image", input={"num_outputs": 3})
    for i, output in enumerate(outputs):
        assert output.read() == fake.blobs["out-%d.png" % i][0]
    api = {r.connection_id for r in fake.requests if r.url_path.startswith("/v1/")}
    files = {r.connection_id for r in fake.requests if r.url_path.startswith("/files/")}
    assert len([r for r in fake.requests if r.url_path.startswith("/v1/")]) >= 10
    assert len(api) == 1, "API calls used %d connections" % len(api)
    assert len(files) == 1, "file downloads used %d connections" % len(files)
    assert fake.connections == 2


def test_server_closing_idle_connections_after_each_response_is_transparent(raw_server):
    import replicate
    server = raw_server(close_after_response_server,
                        body=b'{"id": "p1", "status": "succeeded", "output": "ok"}')
    client = replicate.Client(api_token="r8_x", base_url=server.url)
    for _ in range(3):
        assert client.predictions.get("p1").output == "ok"  # GETs: no error on a stale connection
    time.sleep(0.1)  # idle, as between two calls of a real program
    assert client.predictions.create(model="test/echo", input={"prompt": "x"}).id == "p1"
    assert client.predictions.get("p1").status == "succeeded"
    assert [r.method for r in server.requests] == ["GET", "GET", "GET", "POST", "GET"]
    assert server.connections == 5


def test_connection_close_header_from_the_fake_is_honoured(fake, client):
    fake.queue_response("GET", "/v1/models/test/echo", status=200, body={"owner": "test", "name": "echo"},
                        close_connection=True)
    assert client.models.get("test/echo").name == "echo"
    assert client.models.get("test/echo").name == "echo"  # the fake's own answer, on a new connection
    assert client.run("test/echo", input={"prompt": "after"}) == "after"
    ids = [r.connection_id for r in fake.requests]
    assert len(ids) == 3 and ids[0] != ids[1] and ids[1] == ids[2]


def test_breaking_out_of_a_download_early_does_not_poison_the_next_request(fake, client):
    import replicate
    data = os.urandom(5 * MIB)
    fake.add_blob("big.bin", data, "application/octet-stream")
    # on the API's own host (http), so that the next API call would use the same connection
    output = replicate.FileOutput(fake.url + "/files/big.bin", client)
    for block in output:
        assert block == data[:len(block)]
        break
    assert client.models.get("test/echo").name == "echo"
    assert client.run("test/echo", input={"prompt": "next"}) == "next"
    iterator = iter(output)
    block = next(iterator)  # a suspended download, never finished
    assert block and block == data[:len(block)]
    assert client.run("test/echo", input={"prompt": "again"}) == "again"
    assert output.read() == data
    assert len(fake.requests_for("POST", "/v1/models/test/echo/predictions")) == 2
    iterator.close()


def test_half_read_download_whose_rest_arrives_late_does_not_poison_a_create(raw_server):
    """A download broken off early while the server is still sending (a slow CDN or API
    file host): the connection must not be reused for the next request."""
    import replicate
    half = b"x" * MIB
    prediction = json.dumps({"id": "p1", "status": "starting", "output": None}).encode()

    def on_connection(connection):
        owed = b""  # the rest of a body this connection still has to deliver
        while True:
            request = connection.read_request()
            if request is None:
                return
            if owed:  # the server only now finishes the previous body
                connection.send(owed)
                owed = b""
            if request.method == "GET":
                connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                                b"Content-Length: %d\r\n\r\n" % (2 * MIB) + half)
                owed = half
            else:
                connection.send_response(201, prediction, {"Content-Type": "application/json"})

    server = raw_server(RawServer, on_connection)
    client = replicate.Client(api_token="r8_x", base_url=server.url)
    output = replicate.FileOutput(server.url + "/v1/files/abc/download", client)
    for block in output:
        assert block == half[:len(block)]
        break
    created = client.predictions.create(model="test/echo", input={"prompt": "x"})
    assert created.id == "p1"
    assert [r.method for r in server.requests].count("POST") == 1


def test_one_client_shared_by_eight_threads(fake, client):
    def one(i):
        return threading.get_ident(), "prompt %d" % i, client.run("test/echo", input={"prompt": "prompt %d" % i})

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(40)))
    assert [r[2] for r in results] == ["prompt %d" % i for i in range(40)]
    posts = fake.requests_for("POST", "/v1/models/test/echo/predictions")
    assert len(posts) == 40
    connection_of = {r.json()["input"]["prompt"]: r.connection_id for r in posts}
    per_thread = {}
    for ident, prompt, _ in results:
        per_thread.setdefault(ident, set()).add(connection_of[prompt])
    assert all(len(ids) == 1 for ids in per_thread.values()), per_thread
    assert fake.connections <= min(8, len(per_thread))


@pytest.mark.parametrize("drop", [True, "reset"])
def test_create_dropped_on_a_kept_alive_connection_is_never_sent_twice(fake, client, drop):
    import replicate
    assert client.models.get("test/echo").name == "echo"  # a kept-alive connection now exists
    fake.queue_response("POST", "/v1/models/test/echo/predictions", drop=drop)
    try:
        client.run("test/echo", input={"prompt": "once"})
    except replicate.APIConnectionError:
        pass
    posts = fake.requests_for("POST", "/v1/models/test/echo/predictions")
    assert len(posts) == 1, "the create was sent %d times" % len(posts)
    assert len(fake.predictions) <= 1
    assert client.run("test/echo", input={"prompt": "later"}) == "later"  # the client recovers
    assert len(fake.requests_for("POST", "/v1/models/test/echo/predictions")) == 2


# close() from one thread closes the connections of every thread.
def test_close_closes_the_connections_of_other_threads(client, fake):
    names = ["echo", "image", "slow"]
    opened = threading.Barrier(len(names) + 1)
    closed = threading.Event()
    failures = []

    def worker(name):
        try:
            client.models.get("test/" + name)
            client.models.get("test/" + name)  # kept alive: the same connection
            opened.wait(10)
            closed.wait(10)
            client.models.get("test/" + name)
        except Exception as error:  # reported by the main thread
            failures.append(error)
            opened.abort()

    threads = [threading.Thread(target=worker, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    opened.wait(10)
    client.close()
    closed.set()
    for thread in threads:
        thread.join(10)
    assert not failures, failures
    before = []
    for name in names:
        ids = [r.connection_id for r in fake.requests_for("GET", "/v1/models/test/" + name)]
        assert len(ids) == 3
        assert ids[0] == ids[1], "%s: the connection was not kept alive at all" % name
        assert ids[2] != ids[1], "%s: the thread's connection survived close()" % name
        before.append(ids[0])
    assert len(set(before)) == len(names)


def test_close_from_another_thread_leaves_a_download_in_progress_alone(fake, client):
    import replicate
    data = os.urandom(4 * MIB)
    url = fake.add_blob("big.bin", data, "application/octet-stream")
    output = replicate.FileOutput(url, client)
    blocks = iter(output)
    received = [next(blocks)]
    client.close()  # from this thread, while the download's connection is busy
    received.extend(blocks)
    assert b"".join(received) == data


def test_connections_of_a_thread_are_closed_when_it_ends(client, fake):
    def work():
        client.accounts.current()
        assert client.run("test/echo", input={"prompt": "in a thread"}) == "in a thread"

    gc.collect()  # what earlier tests left behind is not this test's to report
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(10)
        gc.collect()
        assert _wait_for(lambda: _open_connections(fake) == 0, 5)
    assert _socket_warnings(caught) == []


def test_asyncio_run_then_close_leaves_no_socket_open(client, fake):
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        output = asyncio.run(client.async_run("test/echo", input={"prompt": "async"}))
        client.close()
        gc.collect()
        assert output == "async"
        assert _wait_for(lambda: _open_connections(fake) == 0, 5)
    assert _socket_warnings(caught) == []


# --- HTTP transport: deadlines bound whole responses ---


@pytest.mark.parametrize("request_drips, part", [("create", "headers"), ("create", "body"), ("poll", "body")])
def test_run_timeout_bounds_an_answer_that_drips_a_byte_a_second(raw_server, request_drips, part):
    import replicate
    method = "POST" if request_drips == "create" else "GET"
    server = raw_server(dripping_server, lambda r: r.method == method, part)
    client = _raw_client(server)
    started = time.monotonic()
    box = _finishes(lambda: client.run("test/echo", input={"prompt": "x"}, timeout=2), 10)
    elapsed = time.monotonic() - started
    assert isinstance(box.get("error"), replicate.PredictionTimeoutError), box
    assert elapsed < 6, "run(timeout=2) took %.1f s" % elapsed


def test_wait_timeout_bounds_a_poll_whose_headers_drip(raw_server):
    import replicate
    server = raw_server(dripping_server, lambda r: r.method == "GET", "headers")
    client = _raw_client(server)
    prediction = client.predictions.create(model="test/echo", input={"prompt": "x"})
    started = time.monotonic()
    box = _finishes(lambda: prediction.wait(timeout=2), 10)
    elapsed = time.monotonic() - started
    assert isinstance(box.get("error"), replicate.PredictionTimeoutError), box
    assert elapsed < 6, "wait(timeout=2) took %.1f s" % elapsed


# --- HTTP transport: bodies (bounded JSON, Content-Length, uploads) ---


class ChangingFile(io.RawIOBase):
    """A real file opened for reading whose size on disk changes (grows or shrinks) once
    its first block has been read, as when another program writes it during an upload.
    Reads return at most 64 KiB, so an upload takes many."""

    def __init__(self, path, change):
        super().__init__()
        self._file = open(path, "rb", buffering=0)
        self.name = str(path)
        self._path = path
        self._change = change
        self._changed = False

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return self._file.seek(offset, whence)

    def tell(self):
        return self._file.tell()

    def fileno(self):
        return self._file.fileno()

    def readinto(self, buffer):
        view = memoryview(buffer)[:64 * 1024]
        count = self._file.readinto(view)
        if count and not self._changed:
            self._changed = True
            if self._change == "grows":
                with open(self._path, "ab") as more:
                    more.write(b"\0" * (256 * 1024))
            else:
                os.truncate(self._path, MIB)
        return count

    def close(self):
        self._file.close()
        super().close()


def _changing_file(tmp_path, change):
    path = tmp_path / "input.bin"
    path.write_bytes(b"\1" * (4 * MIB))
    return ChangingFile(path, change)


@pytest.mark.parametrize("lines", [["100, 100"], ["100", "100"]], ids=["one-line", "two-lines"])
def test_repeated_content_length_that_agrees_is_taken_and_a_short_body_still_fails(raw_server, files_client,
                                                                                   tmp_path, lines):
    import replicate
    data = os.urandom(100)

    def answer(request):
        headers = [("Content-Type", "application/octet-stream")]
        headers += [("Content-Length", value) for value in lines]
        return _reply(200, headers, data, send=50 if request.path.startswith("/short") else 100, end="close")

    server = scripted_server(raw_server, answer)
    assert replicate.FileOutput(server.url + "/whole.bin", files_client).read() == data
    short = replicate.FileOutput(server.url + "/short.bin", files_client)
    for call in (short.read, lambda: b"".join(short), lambda: short.save(str(tmp_path))):
        box = _finishes(call, 30)
        assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert os.listdir(str(tmp_path)) == []


@pytest.mark.parametrize("value", ["+100", "100, 200", "abc"])
def test_malformed_content_length_raises_naming_the_header(raw_server, files_client, tmp_path, value):
    import replicate
    data = os.urandom(100)
    server = scripted_server(raw_server, lambda request: _reply(
        200, [("Content-Type", "application/octet-stream"), ("Content-Length", value)], data, end="close"))
    output = replicate.FileOutput(server.url + "/f.bin", files_client)
    for call in (output.read, lambda: b"".join(output), lambda: output.save(str(tmp_path))):
        box = _finishes(call, 30)
        assert isinstance(box.get("error"), replicate.APIConnectionError), box
        assert "content-length" in str(box["error"]).lower()
    assert not (tmp_path / "f.bin").exists()


@pytest.mark.parametrize("how", ["announced", "terabyte", "chunked", "endless"])
def test_api_json_body_over_32_mib_raises_too_large(raw_server, how):
    import replicate
    server = raw_server(huge_json_server, how)
    client = _raw_client(server)
    box = _finishes(lambda: client.predictions.get("p1"), 20)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateError), box
    assert "too large" in str(error).lower(), str(error)


def test_download_announcing_a_terabyte_then_breaking_off_raises_connection_error(raw_server):
    """read() must not allocate what the server announced: a short body, not MemoryError."""
    import replicate

    def on_connection(connection):
        while connection.read_request() is not None:
            connection.send_response(200, b"x" * 100, {"Content-Type": "application/octet-stream"},
                                     content_length=10 ** 12)
            connection.close()
            return

    server = raw_server(RawServer, on_connection)
    client = _raw_client(server)
    box = _finishes(replicate.FileOutput(server.url + "/files/huge.bin", client).read, 20)
    assert isinstance(box.get("error"), replicate.APIConnectionError), box


@pytest.mark.parametrize("change", ["grows", "shrinks"])
@pytest.mark.parametrize("how", ["files.create", "run"])
def test_a_file_that_changes_during_its_upload_raises_and_the_client_recovers(fake, client, tmp_path,
                                                                              change, how):
    import replicate
    handle = _changing_file(tmp_path, change)
    if how == "run":
        call = lambda: client.run("test/echo", input={"prompt": "x", "file": handle})  # noqa: E731
    else:
        call = lambda: client.files.create(handle)  # noqa: E731
    box = _finishes(call, 15)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateException), box
    assert "changed" in str(error), str(error)
    assert client.accounts.current().username == OWNER  # the next request on this client works
    for upload in fake.requests_for("POST", "/v1/files"):
        assert upload.body_size <= int(upload.headers.get("Content-Length"))


def test_a_file_that_grows_during_its_upload_sends_no_byte_past_the_announced_length(raw_server, tmp_path):
    import replicate
    seen = {"extra": [], "stray": [], "ended": []}

    def on_connection(connection):
        answered = False
        while True:
            request = connection.read_request()
            if request is None:
                if answered and connection.buffer:
                    seen["extra"].append(connection.buffer)
                seen["ended"].append(connection.id)
                return
            if not re.fullmatch(r"[A-Z]+", request.method) or not request.path.startswith("/"):
                seen["stray"].append(request)  # bytes after a body, read as a request
                return
            answered = True
            if request.method == "POST":
                body = {"id": "f1", "name": "input.bin", "content_type": "application/octet-stream",
                        "size": 1, "urls": {"get": connection.server.url + "/v1/files/f1"}}
                connection.send_response(201, json.dumps(body).encode(), {"Content-Type": "application/json"})
            else:
                connection.send_response(200, json.dumps(ACCOUNT).encode(), {"Content-Type": "application/json"})

    server = raw_server(RawServer, on_connection)
    client = _raw_client(server)
    box = _finishes(lambda: client.files.create(_changing_file(tmp_path, "grows")), 15)
    assert isinstance(box.get("error"), replicate.ReplicateException), box
    assert client.accounts.current().username == OWNER
    assert _wait_for(lambda: 1 in seen["ended"], 5), "the upload's connection was kept open"
    assert seen["stray"] == [], "the server read %r as a request" % seen["stray"]
    assert seen["extra"] == []


def test_a_repeated_content_length_that_agrees_is_read_to_its_length_on_a_kept_connection(
        raw_server, files_client):
    """http.client cannot parse `5, 5` and would wait for the connection to close: the
    checked length is what ends the body."""
    import replicate
    server = scripted_server(raw_server, lambda request: _reply(
        200, [("Content-Length", "5, 5"), ("Content-Type", "application/octet-stream")], b"hello"))
    box = _finishes(lambda: replicate.FileOutput(server.url + "/f.bin", files_client).read(), 10)
    assert box.get("value") == b"hello", box


# --- HTTP transport: errors and retries ---


def _free_port():
    """A loopback port nothing listens on (bound, then closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_problem_details_become_replicate_error_fields(fake):
    import replicate
    wrong = replicate.Client(api_token="r8_wrong_token", base_url=fake.url)
    right = replicate.Client(api_token=fake.token, base_url=fake.url)
    try:
        with pytest.raises(replicate.ReplicateError) as error:
            wrong.models.get("test/echo")
        e = error.value
        assert e.status == 401
        assert e.title == "Unauthenticated"
        assert e.detail == "You did not pass a valid authentication token"
        assert e.type and e.type.startswith("https://")
        assert e.instance == "/v1/models/test/echo"
        assert e.request_id == fake.requests[-1].request_id and e.request_id.startswith("req_")
        assert "You did not pass a valid authentication token" in str(e)

        with pytest.raises(replicate.ReplicateError) as error:
            right.models.get("test/missing")
        assert (error.value.status, error.value.title) == (404, "Not found")
        assert error.value.detail == "Model test/missing not found"
        assert error.value.request_id == fake.requests[-1].request_id

        with pytest.raises(replicate.ReplicateError) as error:
            right.run("test/echo", input={"not_prompt": 1})
        assert (error.value.status, error.value.title) == (422, "Unprocessable Entity")
        assert error.value.detail == "input.prompt: this field is required"
        assert error.value.instance == "/v1/models/test/echo/predictions"
        assert isinstance(error.value, replicate.ReplicateException)
        assert len(fake.requests_for("POST")) == 1  # a 422 is not retried
        assert fake.predictions == {}
    finally:
        wrong.close()
        right.close()


def test_proxy_html_502_is_a_readable_replicate_error(fake, raw_server):
    import replicate
    proxy = raw_server(bad_gateway_server)
    made = replicate.Client(api_token=_SECRET_TOKEN, base_url=proxy.url)
    try:
        with pytest.raises(replicate.ReplicateError) as error:
            made.run("test/echo", input={"prompt": "x"})
    finally:
        made.close()
    e = error.value
    assert e.status == 502
    assert "Bad Gateway" in (e.title or "") + (e.detail or "")
    assert "502 Bad Gateway" in e.detail
    assert "\r" not in e.detail and "\n" not in e.detail
    assert not isinstance(e.__context__, ValueError) or e.__suppress_context__
    assert "JSON" not in str(e) and "Expecting value" not in str(e)
    assert len(proxy.requests) == 1  # a create is not re-sent on 502
    assert _SECRET_TOKEN not in _exception_text(e)


def test_proxy_502_on_a_get_is_retried_then_reported(raw_server):
    import replicate
    proxy = raw_server(bad_gateway_server, headers={"Retry-After": "0"})
    made = replicate.Client(api_token=_SECRET_TOKEN, base_url=proxy.url)
    try:
        with pytest.raises(replicate.ReplicateError) as error:
            made.predictions.get("abc")
    finally:
        made.close()
    assert error.value.status == 502 and "Bad Gateway" in error.value.detail
    assert len(proxy.requests) > 1
    assert all(r.path == "/v1/predictions/abc" for r in proxy.requests)


def test_non_json_200_is_a_replicate_error(client, fake):
    import replicate
    fake.queue_response("GET", "/v1/models/test/echo", 200, body="<html>maintenance</html>",
                        headers={"Content-Type": "text/html"})
    with pytest.raises(replicate.ReplicateError) as error:
        client.models.get("test/echo")
    assert error.value.status == 200
    assert "maintenance" in str(error.value)
    fake.queue_response("POST", "/v1/models/test/echo/predictions", 201, body=b"{not json")
    with pytest.raises(replicate.ReplicateError):
        client.run("test/echo", input={"prompt": "x"})


def test_connection_refused_is_api_connection_error(fake):
    import replicate
    made = replicate.Client(api_token=_SECRET_TOKEN, base_url="http://127.0.0.1:%d" % _free_port())
    started = time.monotonic()
    try:
        with pytest.raises(replicate.APIConnectionError) as error:
            made.run("test/echo", input={"prompt": "x"})
    finally:
        made.close()
    assert time.monotonic() - started < 15
    assert isinstance(error.value, ConnectionError)
    assert isinstance(error.value, replicate.ReplicateException)
    assert "refused" in str(error.value)
    assert _SECRET_TOKEN not in _exception_text(error.value)


def test_server_that_never_answers_times_out(raw_server):
    import replicate
    silent = raw_server(silent_server)
    made = replicate.Client(api_token=_SECRET_TOKEN, base_url=silent.url, timeout=0.5)
    started = time.monotonic()
    try:
        with pytest.raises(replicate.APIConnectionError) as error:
            made.predictions.create(model="test/echo", input={"prompt": "x"})
    finally:
        made.close()
    assert time.monotonic() - started < 3
    assert "timed out" in str(error.value)
    assert isinstance(error.value, ConnectionError)
    assert len(silent.requests) == 1  # a create that may have arrived is not re-sent
    assert _SECRET_TOKEN not in _exception_text(error.value)


@pytest.mark.parametrize("factory", [reset_mid_body_server, short_body_server])
def test_api_body_that_breaks_off_is_api_connection_error(raw_server, factory):
    import replicate
    server = raw_server(factory)
    made = replicate.Client(api_token=_SECRET_TOKEN, base_url=server.url)
    try:
        with pytest.raises(replicate.APIConnectionError) as error:
            made.predictions.get("truncated")
    finally:
        made.close()
    assert isinstance(error.value, ConnectionError)
    assert "/v1/predictions/truncated" in str(error.value)
    assert _SECRET_TOKEN not in _exception_text(error.value)


def test_get_whose_body_breaks_off_once_is_retried(client, fake):
    """README: reads (GET) are retried on connection failures, and a body that ended early is
    one (APIConnectionError: "refused, timed out, reset, or a body that ended early"). A poll
    that breaks off once must not end run() while the prediction goes on running."""
    client.poll_interval = 0.05
    fake.time_scale = 0.1
    short = {"Content-Type": "application/json", "Content-Length": "500"}
    fake.queue_response("GET", "/v1/predictions/*", 200, body=b'{"id": "x", "sta', headers=short)
    assert client.run("test/slow", input={"seconds": 3}, wait=False) == "done"
    assert len(fake.predictions) == 1
    created = client.predictions.create(model="test/echo", input={"prompt": "again"})
    fake.queue_response("GET", "/v1/predictions/*", 200, body=b'{"id": "x", "sta', headers=short)
    assert client.predictions.get(created.id).output == "again"


def test_get_is_retried_on_429_honouring_retry_after(client, fake):
    fake.queue_problem("GET", "/v1/models/test/echo", 429, "Request was throttled",
                       headers={"Retry-After": "1"})
    started = time.monotonic()
    model = client.models.get("test/echo")
    elapsed = time.monotonic() - started
    assert model.name == "echo"
    assert 0.9 <= elapsed < 3
    gets = fake.requests_for("GET", "/v1/models/test/echo")
    assert len(gets) == 2
    assert gets[1].time - gets[0].time >= 0.9


def test_get_is_retried_on_503_and_502(client, fake):
    fake.queue_response("GET", "/v1/predictions/*", 503, body="busy")
    fake.queue_response("GET", "/v1/predictions/*", 502, body="<html>bad gateway</html>",
                        headers={"Content-Type": "text/html"})
    created = client.predictions.create(model="test/echo", input={"prompt": "again"})
    fetched = client.predictions.get(created.id)
    assert fetched.output == "again"
    assert len(fake.requests_for("GET", "/v1/predictions/*")) == 3


def test_create_is_retried_on_429_and_starts_one_prediction(client, fake):
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled")
    assert client.run("test/echo", input={"prompt": "once"}) == "once"
    assert len(fake.requests_for("POST", "/v1/models/test/echo/predictions")) == 2
    assert len(fake.predictions) == 1


def test_create_is_not_retried_on_500(client, fake):
    import replicate
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 500, "Something broke")
    with pytest.raises(replicate.ReplicateError) as error:
        client.run("test/echo", input={"prompt": "x"})
    assert error.value.status == 500 and error.value.detail == "Something broke"
    assert len(fake.requests_for("POST")) == 1
    assert fake.predictions == {}
    with pytest.raises(replicate.ReplicateError):
        fake.queue_problem("POST", "/v1/predictions", 503, "unavailable")
        client.predictions.create(version=fake.version_id("test/echo"), input={"prompt": "x"})
    assert len(fake.requests_for("POST")) == 2
    assert fake.predictions == {}


@pytest.mark.parametrize("reuse", [False, True])
def test_create_is_not_retried_on_a_dropped_connection(client, fake, reuse):
    import replicate
    if reuse:  # the POST goes over a kept-alive connection
        client.models.get("test/echo")
    fake.queue_response("POST", "/v1/models/test/echo/predictions", drop=True)
    with pytest.raises(replicate.APIConnectionError) as error:
        client.run("test/echo", input={"prompt": "x"})
    assert isinstance(error.value, ConnectionError)
    assert len(fake.requests_for("POST")) == 1
    assert fake.predictions == {}
    # the client still works afterwards
    assert client.run("test/echo", input={"prompt": "after"}) == "after"
    assert len(fake.predictions) == 1


# --- HTTP transport: redaction (the token and passwords are never shown) ---


def test_token_never_appears_in_errors(fake, raw_server):
    import replicate
    errors = []
    wrong = replicate.Client(api_token=_SECRET_TOKEN, base_url=fake.url)
    try:
        with pytest.raises(replicate.ReplicateError) as error:
            wrong.run("test/echo", input={"prompt": "x"})
        errors.append(error.value)
    finally:
        wrong.close()
    fake.token = _SECRET_TOKEN  # the fake now accepts the secret: failures past auth
    right = replicate.Client(api_token=_SECRET_TOKEN, base_url=fake.url)
    right.poll_interval = 0.05
    try:
        with pytest.raises(replicate.ModelError) as error:
            right.run("test/fail", input={})
        errors.append(error.value)
        with pytest.raises(replicate.ReplicateError) as error:
            right.run("test/echo", input={})
        errors.append(error.value)
        fake.queue_response("POST", "/v1/models/test/echo/predictions", drop=True)
        with pytest.raises(replicate.APIConnectionError) as error:
            right.predictions.create(model="test/echo", input={"prompt": "x"})
        errors.append(error.value)
    finally:
        right.close()
    for error in errors:
        text = _exception_text(error)
        assert _SECRET_TOKEN not in text, text
        assert "9f3e1c" not in text


@pytest.mark.parametrize("where", ["argument", "environment"])
def test_token_with_stray_whitespace_never_leaks(env, monkeypatch, where):
    """A token read from a file or a secret often ends in a newline; whatever the client does
    with it (strip it, or refuse it), the token must not appear in an exception."""
    import replicate
    secret = _SECRET_TOKEN + "\n"
    env.token = _SECRET_TOKEN
    if where == "argument":
        made = replicate.Client(api_token=secret, base_url=env.url)
    else:
        monkeypatch.setenv("REPLICATE_API_TOKEN", secret)
        made = replicate.Client(base_url=env.url)
    try:
        made.models.get("test/echo")
    except Exception as error:  # noqa: BLE001 - any exception at all must be token-free
        text = _exception_text(error)
        assert _SECRET_TOKEN not in text, text
        assert isinstance(error, replicate.ReplicateException), text
    finally:
        made.close()


def test_token_never_follows_a_url_that_hides_its_host(fake, client, raw_server):
    import replicate
    evil = raw_server(counting_server, lambda request: (200, {"Content-Type": "image/png"}, b"png"))
    # urllib connects to the host before `?`; the text after `@` only looks like the API's
    tricky = "%s?@127.0.0.1:%d/files/out-0.png" % (evil.url, fake.port)
    output = replicate.FileOutput(tricky, client)
    assert output.read() == b"png"
    (request,) = evil.requests
    assert "authorization" not in request.headers
    fragment = "%s#@127.0.0.1:%d/x" % (evil.url, fake.port)
    replicate.FileOutput(fragment, client).read()
    assert all("authorization" not in r.headers for r in evil.requests)


def test_links_to_another_host_go_through_the_base_url_with_no_user_headers(fake, raw_server):
    import replicate
    other = raw_server(counting_server)
    client = replicate.Client(api_token=fake.token, base_url=fake.url, headers={"X-Gateway-Key": "gw"})
    client.poll_interval = 0.05
    pid = new_id()
    answer = _prediction_answer(fake, pid=pid, status="starting")
    answer["urls"]["get"] = other.url + "/predictions/" + pid  # not an API path at all
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=202, body=answer)
    fake.queue_response("GET", "/v1/predictions/" + pid, status=200,
                        body=_prediction_answer(fake, pid=pid, status="succeeded", output="hi"))
    assert client.run("test/echo", input={"prompt": "hi"}, wait=False) == "hi"
    assert other.requests == []
    (poll,) = fake.requests_for("GET", "/v1/predictions/" + pid)
    assert poll.headers.get("X-Gateway-Key") == "gw" and poll.headers.get("Authorization")
    fake.queue_response("GET", "/v1/predictions", status=200,
                        body={"results": [], "next": other.url + "/elsewhere?cursor=1", "previous": None})
    page = client.predictions.list()
    with pytest.raises(replicate.ReplicateException) as error:
        client.predictions.list(page.next)
    assert "another host" in str(error.value) and other.requests == []


@pytest.mark.parametrize("where", ["detail", "title", "html body", "header", "2xx body"])
def test_token_echoed_by_the_server_is_redacted_from_errors(fake, client, where):
    import replicate
    path = "/v1/models/test/echo"
    if where == "detail":
        fake.queue_problem("GET", path, 401, "we got %s, which is not valid" % _ECHOED)
    elif where == "title":
        fake.queue_response("GET", path, status=403, headers={"Content-Type": "application/problem+json"},
                            body={"title": "Refused " + _ECHOED, "detail": "no", "status": 403})
    elif where == "html body":
        fake.queue_response("GET", path, status=400, headers={"Content-Type": "text/html"},
                            body="<html><body><pre>%s</pre></body></html>" % _ECHOED)
    elif where == "header":
        fake.queue_problem("GET", path, 400, "bad request", headers={"X-Echo": _ECHOED})
    else:
        fake.queue_response("GET", path, status=200, body="you sent %s" % _ECHOED)
    with pytest.raises(replicate.ReplicateError) as caught:
        client.models.get("test/echo")
    error = caught.value
    headers = [str(value) for _, value in error.headers.items()] if error.headers else []
    shown = [str(error), repr(error), error.detail or "", error.title or "", error.response or ""] + headers
    assert not [text for text in shown if TOKEN in text], shown
    assert "[REDACTED]" in " ".join(shown)


def test_url_in_a_message_shows_the_host_actually_connected_to(raw_server):
    import replicate
    server = raw_server(not_found_server)
    url = "http://127.0.0.1:%d?@api.replicate.com/x.png" % server.port
    with pytest.raises(replicate.ReplicateException) as caught:
        replicate.FileOutput(url, _raw_client(server)).read()
    assert len(server.requests) == 1  # the request went to 127.0.0.1
    assert "127.0.0.1:%d" % server.port in str(caught.value), str(caught.value)
    for text in (str(caught.value), repr(caught.value)):
        assert "api.replicate.com" not in text, text


def test_urls_in_messages_and_logs_have_no_query_or_fragment(raw_server, caplog):
    import replicate
    server = raw_server(not_found_server)
    client = _raw_client(server)
    caplog.set_level(logging.DEBUG, logger="replicate")
    shown = []
    for url in (server.url + "/files/x.png?signature=QUERYSECRET", server.url + "/files/x.png#FRAGSECRET"):
        with pytest.raises(replicate.ReplicateException) as caught:
            replicate.FileOutput(url, client).read()
        shown += [str(caught.value), repr(caught.value)]
    assert len(server.requests) == 2
    shown.append(caplog.text)
    assert "/files/x.png" in str(caught.value)
    for text in shown:
        assert "QUERYSECRET" not in text and "FRAGSECRET" not in text, text


@pytest.mark.parametrize("given", ["argument", "environment"])
def test_base_url_with_user_info_is_refused_without_showing_the_password(fake, monkeypatch, given):
    import replicate
    url = "http://user:s3cretpw@127.0.0.1:%d" % fake.port
    with pytest.raises(replicate.InvalidArgumentError) as caught:
        if given == "argument":
            made = replicate.Client(api_token=fake.token, base_url=url)
        else:
            monkeypatch.setenv("REPLICATE_BASE_URL", url)
            made = replicate.Client(api_token=fake.token)
        made.accounts.current()
    assert re.search(r"user ?info", str(caught.value), re.I), str(caught.value)
    assert "s3cretpw" not in str(caught.value) and "s3cretpw" not in repr(caught.value)
    assert fake.requests == []


@pytest.mark.parametrize("url", [
    "https://user:s3cretpw@127.0.0.1:abc/x.png",
    "http://user:s3cretpw@[::1/x.png",
    "https://user:s3cretpw@bad host.example/x.png",
], ids=["port-not-a-number", "broken-ipv6", "space-in-host"])
def test_malformed_output_url_raises_a_replicate_exception_without_the_password(fake, client, url):
    import replicate
    box = _finishes(replicate.FileOutput(url, client).read, 10)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateException), box
    assert not isinstance(error, http.client.InvalidURL)
    assert "s3cretpw" not in str(error) and "s3cretpw" not in repr(error)


@pytest.mark.parametrize("url", ["http://user:hunter2@127.0.0.1:9/x.png", "https://443@127.0.0.1/x.png",
                                 "https:/admin:hunter2@api.example.com/x"])
def test_a_url_with_user_info_is_refused_without_showing_it(client, url):
    import replicate
    with pytest.raises(replicate.ReplicateError) as error:
        replicate.FileOutput(url, client).read()
    assert "hunter2" not in str(error.value) and "hunter2" not in repr(error.value)
    assert "user info" in str(error.value) or "no host" in str(error.value)
    with pytest.raises(replicate.InvalidArgumentError) as error:
        replicate.Client(api_token="r8_x", base_url="https:/admin:hunter2@api.example.com")
    assert "hunter2" not in str(error.value)


# --- HTTP transport: TLS ---


def test_client_verify_takes_a_ca_bundle_or_a_context(fake, monkeypatch, tmp_path):
    import ssl
    import replicate
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # the test CA is known to verify= alone
    url = fake.https_url + "/files/out-0.png"
    with pytest.raises(replicate.APIConnectionError) as error:
        replicate.FileOutput(url, replicate.Client(api_token=fake.token, base_url=fake.url)).read()
    assert "certificate" in str(error.value).lower()
    context = ssl.create_default_context(cafile=ca_file())
    for verify in (ca_file(), pathlib.Path(ca_file()), context):
        with replicate.Client(api_token=fake.token, base_url=fake.url, verify=verify) as client:
            assert replicate.FileOutput(url, client).read()
    with pytest.raises(replicate.InvalidArgumentError, match="verify=False is not supported"):
        replicate.Client(verify=False)
    with pytest.raises(replicate.InvalidArgumentError, match="no such CA bundle"):
        replicate.Client(verify=str(tmp_path / "missing.pem"))
    (tmp_path / "junk.pem").write_text("not a certificate")
    with pytest.raises(replicate.InvalidArgumentError, match="not a readable CA bundle"):
        replicate.Client(verify=str(tmp_path / "junk.pem"))
    with pytest.raises(TypeError):
        replicate.Client(verify=3)


def test_https_downloads_on_one_kept_alive_connection_get_every_byte(raw_server, client):
    import replicate
    data = os.urandom(3 * MIB + 12345)  # many TLS records, and not a multiple of any block
    server = raw_server(counting_server, tls=True,
                        respond=lambda request: (200, {"Content-Type": "application/octet-stream"}, data))
    for i in range(4):
        output = replicate.FileOutput("%s/f%d.bin" % (server.url, i), client)
        assert (output.read() if i % 2 else b"".join(output)) == data
    assert (server.connections, len(server.requests)) == (1, 4)


@pytest.mark.parametrize("with_length", [True, False], ids=["content-length", "until-close"])
def test_https_body_of_a_connection_close_response_is_read_whole(raw_server, client, with_length):
    """`Connection: close` hands the socket to the response; a body with no length ends where
    the TLS stream ends, even without close_notify (as a stdlib urlopen reads it)."""
    import replicate
    data = os.urandom(2 * MIB + 7)

    def on_connection(connection):
        if connection.read_request() is None:
            return
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n"
        if with_length:
            head += "Content-Length: %d\r\n" % len(data)
        connection.send(head.encode() + b"\r\n" + data)
        connection.close()  # no close_notify

    server = raw_server(RawServer, on_connection, tls=True)
    output = replicate.FileOutput(server.url + "/f.bin", client)
    assert output.read() == data
    assert b"".join(output) == data
    assert server.connections == 2  # nothing reused after Connection: close


def test_https_response_reader_keeps_the_socket_readers_guarantees(raw_server, client):
    """What http.client's own reader does around a read, the TLS reader does too: a read after
    a timeout is refused (the timed-out read's bytes are gone), fileno() is the socket's, and
    a closed response no longer leads to its socket (a late abort() must not hit a reuse)."""
    server = raw_server(stalled_body_server, tls=True)
    response = client._transport.open("GET", server.url + "/f.bin", {}, None, 0.3)
    assert isinstance(response.fileno(), int) and response.fileno() >= 0
    with pytest.raises(OSError):  # socket.timeout
        response.read(5000)
    with pytest.raises(OSError) as error:
        response.read(10)
    assert "cannot read from timed out object" in str(error.value)  # at once, not a new wait
    raw = response.fp.raw
    response.close()
    assert raw._sock is None


def test_https_download_that_stalls_times_out(raw_server, fake):
    import replicate

    server = raw_server(stalled_body_server, tls=True)
    made = replicate.Client(api_token=fake.token, base_url=fake.url, timeout=0.5)
    try:
        box = _finishes(replicate.FileOutput(server.url + "/f.bin", made).read, 10)
    finally:
        made.close()
    assert isinstance(box.get("error"), replicate.APIConnectionError), box
    assert "timed out" in str(box["error"])


# A certificate that does not verify is not retried.
def test_bad_certificate_is_not_retried(fake, monkeypatch, caplog):
    import replicate
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    caplog.set_level(logging.DEBUG, logger="replicate")
    fresh = replicate.Client(api_token=fake.token, base_url=fake.url)
    try:
        started = time.monotonic()
        with pytest.raises(replicate.APIConnectionError) as error:
            replicate.FileOutput(fake.https_url + "/files/out-0.png", fresh).read()
        elapsed = time.monotonic() - started
    finally:
        fresh.close()
    # five retries would sleep at least 0.125 + 0.25 + 0.5 + 1 + 2 s
    assert elapsed < 2.5, "a certificate failure was retried (%.1f s)" % elapsed
    assert "certificate" in str(error.value).lower(), str(error.value)
    assert not [r for r in caplog.records if "retrying" in r.getMessage()]


# --- Resources: fields, small shapes, OutputIterator ---


def test_resources_keep_unknown_fields_and_convert_to_dict():
    import replicate
    data = {"id": "p1", "status": "starting", "brand_new_field": {"x": 1}, "output": None}
    prediction = replicate.Prediction(data)
    assert prediction.brand_new_field == {"x": 1}
    assert prediction.logs is None  # a known field the API left out
    assert dict(prediction) == data
    with pytest.raises(AttributeError):
        prediction.no_such_field
    model = replicate.Model({"owner": "o", "name": "n", "latest_version": {"id": VERSION_ID, "cog_version": None,
                                                                           "openapi_schema": None},
                             "default_example": None, "etag": "x"})
    assert isinstance(model.latest_version, replicate.Version)
    assert model.latest_version.openapi_schema is None
    assert model.dict()["latest_version"]["id"] == VERSION_ID
    assert model.etag == "x"


def test_models_and_collections_give_nested_objects_back_as_the_api_sent_them():
    import replicate
    version = {"id": VERSION_ID, "created_at": "2024-01-01T00:00:00Z", "cog_version": "0.9",
               "openapi_schema": {"openapi": "3.0.2"}}
    example = {"id": "p1", "status": "succeeded", "input": {"prompt": "x"}, "output": "y",
               "urls": {"get": "https://api.replicate.com/v1/predictions/p1"}}
    sent = {"owner": "o", "name": "n", "latest_version": version, "default_example": example}
    model = replicate.Model(json.loads(json.dumps(sent)))
    assert isinstance(model.latest_version, replicate.Version)
    assert isinstance(model.default_example, replicate.Prediction)
    assert model.default_example.urls["get"].endswith("/p1")
    assert dict(model) == model.dict() == model.to_dict() == json.loads(model.json()) == sent
    collection = replicate.Collection({"slug": "s", "name": "S", "description": "", "models": [sent]})
    assert isinstance(collection[0], replicate.Model) and [m.name for m in collection] == ["n"]
    assert dict(collection) == collection.dict() == json.loads(collection.json()) == {
        "slug": "s", "name": "S", "description": "", "models": [sent]}


# OutputIterator: indexable, sized, re-iterable, printable; async_run's too.
def test_output_iterator_is_indexable_sized_reiterable_printable_and_async_iterable(client, fake):
    import replicate
    client.poll_interval = 0.05
    ref = "test/tokens:" + fake.version_id("test/tokens")
    tokens = ["Dolly ", "the ", "sheep"]
    out = client.run(ref, input={"tokens": tokens, "interval": 0.02})
    assert isinstance(out, replicate.OutputIterator)
    assert out[0] == "Dolly "
    assert out[-1] == "sheep"
    assert len(out) == 3
    assert list(out) == tokens
    assert list(out) == tokens
    assert str(out) == "Dolly the sheep"

    result = asyncio.run(client.async_run(ref, input={"tokens": tokens, "interval": 0.02}))

    async def consume():
        return [item async for item in result]

    assert asyncio.run(consume()) == tokens


# Small shapes of the official client.
def test_small_shapes_of_the_official_client_are_kept(env, monkeypatch):
    import replicate
    made = replicate.Client()
    try:
        collection = made.collections.get("test-models")
        assert isinstance(collection[0], replicate.Model)
        assert collection[0].owner == "test"
        deployment = made.deployments.get("test/echo-deployment")
        hardware = deployment.current_release.configuration.hardware
        assert isinstance(hardware, str) and hardware == "cpu"

        assert isinstance(made.poll_interval, float) and made.poll_interval == 0.05
        monkeypatch.delenv("REPLICATE_POLL_INTERVAL")
        assert isinstance(made.poll_interval, float) and made.poll_interval == 0.5
        monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.05")

        assert replicate.ServerSentEvent.EventType.OUTPUT == "output"
        events = list(made.stream("test/tokens", input={"tokens": ["x", "y"], "interval": 0.01}))
        outputs = [e for e in events if e.event == replicate.ServerSentEvent.EventType.OUTPUT]
        assert [str(e) for e in outputs] == ["x", "y"]

        made.predictions.create(version="test/echo", input={
            "prompt": "p", "a_set": {7}, "a_generator": (n * n for n in range(3))})
        body = env.requests_for("POST", "/v1/models/test/echo/predictions")[-1].json()
        assert body["input"]["a_set"] == [7]
        assert body["input"]["a_generator"] == [0, 1, 4]

        pid = "nostream123"
        no_stream = _prediction_answer(env, pid=pid, status="starting", stream=False)
        env.queue_response("POST", "/v1/models/test/echo/predictions", status=201, body=no_stream)
        prediction = made.predictions.create(model="test/echo", input={"prompt": "p"})
        assert prediction.id == pid
        streams_before = len(env.requests_for("GET", "/v1/streams/*"))
        with pytest.raises(replicate.ReplicateError):
            for _ in prediction.stream():
                pass
        assert len(env.requests_for("GET", "/v1/streams/*")) == streams_before
    finally:
        made.close()


def test_output_iterator_is_true_without_waiting(fake, client):
    vid = FakeReplicate.version_id("test/tokens")
    output = client.run("test/tokens:" + vid, input={"tokens": ["a", "b"], "interval": 3})
    started = time.monotonic()
    assert output
    assert time.monotonic() - started < 1


# --- Namespaces: predictions ---


def test_predictions_create_sends_the_documented_body(client, fake):
    vid = fake.version_id("test/echo")
    prediction = client.predictions.create(
        version=vid, input={"prompt": "hook"}, webhook="https://example.com/hook",
        webhook_events_filter=["start", "completed"])
    assert prediction.status == "succeeded" and prediction.output == "hook"
    request = fake.requests[-1]
    assert request.path == "/v1/predictions"
    assert request.json() == {"version": vid, "input": {"prompt": "hook"},
                              "webhook": "https://example.com/hook",
                              "webhook_events_filter": ["start", "completed"]}
    assert request.headers.get("Prefer") is None  # create does not wait unless asked
    assert prediction.webhook == "https://example.com/hook"

    client.predictions.create(model="test/echo", input={"prompt": "m"}, wait=True)
    request = fake.requests[-1]
    assert request.path == "/v1/models/test/echo/predictions"
    assert request.json() == {"input": {"prompt": "m"}}
    assert request.headers.get("Prefer") == "wait"

    created = client.predictions.create(deployment="test/echo-deployment", input={"prompt": "d"},
                                        wait=5, webhook_events_filter=["completed"],
                                        webhook="https://example.com/d")
    request = fake.requests[-1]
    assert request.path == "/v1/deployments/test/echo-deployment/predictions"
    assert request.json() == {"input": {"prompt": "d"}, "webhook": "https://example.com/d",
                              "webhook_events_filter": ["completed"]}
    assert request.headers.get("Prefer") == "wait=5"
    assert created.output == "d" and created.deployment == "test/echo-deployment"

    client.predictions.create(version="test/echo:" + vid, input={"prompt": "v"})
    assert fake.requests[-1].json() == {"version": vid, "input": {"prompt": "v"}}


def test_prediction_attributes_and_dict(client, fake):
    prediction = client.predictions.create(model="test/echo", input={"prompt": "attrs"}, wait=True)
    job = fake.predictions[prediction.id]
    expected = fake.job_json(job)
    assert dict(prediction) == expected
    assert prediction.id == job.id
    assert prediction.status == "succeeded"
    assert prediction.input == {"prompt": "attrs"}
    assert prediction.output == "attrs"
    assert prediction.logs == "echoing 5 characters\n"
    assert prediction.error is None
    assert set(prediction.metrics) == {"predict_time", "total_time"}
    assert prediction.urls["get"] == "%s/v1/predictions/%s" % (fake.url, job.id)
    assert prediction.urls["cancel"].endswith("/v1/predictions/%s/cancel" % job.id)
    assert prediction.created_at == expected["created_at"]
    assert prediction.started_at == expected["started_at"]
    assert prediction.completed_at == expected["completed_at"]
    assert prediction.model == "test/echo"
    assert prediction.version == fake.version_id("test/echo")
    assert prediction.id in repr(prediction)


def test_predictions_get_reload_wait_and_progress(client, fake):
    import replicate
    client.poll_interval = 0.05
    fake.time_scale = 0.2  # 5 fake seconds = 1 s; a progress step every ~0.2 s
    prediction = client.predictions.create(model="test/slow", input={"seconds": 5})
    assert prediction.status in ("starting", "processing")
    fetched = client.predictions.get(prediction.id)
    assert isinstance(fetched, replicate.Prediction) and fetched.id == prediction.id
    assert fake.requests[-1].path == "/v1/predictions/" + prediction.id
    seen = []
    deadline = time.monotonic() + 5
    while prediction.status not in TERMINAL_STATUSES and time.monotonic() < deadline:
        prediction.reload()
        if prediction.progress is not None:
            seen.append(prediction.progress)
        time.sleep(0.03)
    assert prediction.status == "succeeded"
    intermediate = [p for p in seen if p.percentage < 1]
    assert intermediate, seen
    for progress in seen:
        assert isinstance(progress, replicate.Progress)
        assert progress.total == 5 and 1 <= progress.current <= 5
        assert progress.percentage == (100 * progress.current // 5) / 100.0
    assert prediction.progress == (1.0, 5, 5)
    # wait() on a fresh one
    other = client.predictions.create(model="test/slow", input={"seconds": 1})
    assert other.wait() is None
    assert other.status == "succeeded" and other.output == "done"
    assert other.completed_at is not None


def test_prediction_cancel_and_predictions_cancel(client, fake):
    fake.time_scale = 0.1
    first = client.predictions.create(model="test/slow", input={"seconds": 100})
    assert first.cancel() is first
    assert first.status == "canceled"
    assert fake.requests[-1].method == "POST"
    assert fake.requests[-1].path == "/v1/predictions/%s/cancel" % first.id
    second = client.predictions.create(model="test/slow", input={"seconds": 100})
    answered = client.predictions.cancel(second.id)
    assert answered.id == second.id and answered.status == "canceled"
    second.reload()
    assert second.status == "canceled"
    assert fake.job_json(fake.predictions[second.id])["status"] == "canceled"


def test_predictions_list_pages_and_paginate(env):
    import replicate
    fake = env
    fake.page_size = 2
    for i in range(5):
        replicate.run("test/echo", input={"prompt": "p%d" % i})
    newest_first = list(reversed(list(fake.predictions)))
    page = replicate.predictions.list()
    assert isinstance(page, replicate.Page)
    assert [p.id for p in page.results] == newest_first[:2]
    assert [p.id for p in page] == newest_first[:2]
    assert all(isinstance(p, replicate.Prediction) for p in page.results)
    assert isinstance(page.next, str) and page.next
    second = replicate.predictions.list(page.next)
    assert [p.id for p in second] == newest_first[2:4]
    pages = list(replicate.paginate(replicate.predictions.list))
    assert [len(p.results) for p in pages] == [2, 2, 1]
    assert [p.id for pg in pages for p in pg] == newest_first
    assert pages[-1].next is None


def test_predictions_list_filters_by_creation_time_and_source(fake, client):
    import replicate
    old = client.predictions.create(model="test/echo", input={"prompt": "old"})
    fake.predictions[old.id].created -= 3600
    new = client.predictions.create(model="test/echo", input={"prompt": "new"})
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)  # naive: UTC
    hour_ago = now - datetime.timedelta(minutes=30)
    page = client.predictions.list(created_after=hour_ago)
    assert [p.id for p in page] == [new.id]
    request = fake.requests_for("GET", "/v1/predictions")[-1]
    assert request.query == {"created_after": [hour_ago.isoformat() + "Z"]}
    aware = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=2))) - datetime.timedelta(minutes=30)
    assert [p.id for p in client.predictions.list(created_after=aware)] == [new.id]
    sent = fake.requests_for("GET", "/v1/predictions")[-1].query["created_after"][0]
    assert sent.endswith("Z") and abs(iso8601_timestamp(sent) - aware.timestamp()) < 1
    client.predictions.list(created_before="2025-02-01T00:00:00Z", source="web")
    assert fake.requests_for("GET", "/v1/predictions")[-1].query == {
        "created_before": ["2025-02-01T00:00:00Z"], "source": ["web"]}
    fake.clear_requests()
    with pytest.raises(replicate.InvalidArgumentError, match="source"):
        client.predictions.list(source="api")
    with pytest.raises(TypeError, match="created_after"):
        client.predictions.list(created_after=1700000000)
    assert fake.requests == []


# --- Namespaces: models, versions, readme, examples, search ---


def test_models_versions_and_version_predict(client, fake):
    import replicate
    model = client.models.get("test/echo")
    assert isinstance(model, replicate.Model)
    assert (model.owner, model.name) == ("test", "echo")
    assert fake.requests[-1].path == "/v1/models/test/echo"
    latest = model.latest_version
    assert isinstance(latest, replicate.Version)
    assert latest.id == fake.version_id("test/echo")
    assert latest.openapi_schema["components"]["schemas"]["Input"]["required"] == ["prompt"]
    versions = model.versions.list()
    assert isinstance(versions, replicate.Page)
    assert [v.id for v in versions] == [fake.version_id("test/echo", n) for n in (3, 2)]
    assert fake.requests[-1].path == "/v1/models/test/echo/versions"
    old = model.versions.get(fake.version_id("test/echo", 1))
    assert isinstance(old, replicate.Version) and old.id == fake.version_id("test/echo", 1)
    assert fake.requests[-1].path == "/v1/models/test/echo/versions/" + old.id
    assert old.predict(prompt="old pipeline") == "old pipeline"
    post = fake.requests_for("POST")[-1]
    assert post.path == "/v1/predictions"
    assert post.json() == {"version": old.id, "input": {"prompt": "old pipeline"}}


def test_models_get_list_paginate_and_search(fake, client):
    import replicate
    model = client.models.get("test/echo")
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/models/test/echo")
    assert isinstance(model, replicate.Model)
    assert (model.owner, model.name, model.description) == ("test", "echo", "Returns its prompt.")
    assert isinstance(model.latest_version, replicate.Version)
    assert model.latest_version.id == FakeReplicate.version_id("test/echo")
    assert client.models.get("test", "tokens").name == "tokens"

    page = client.models.list()
    assert isinstance(page, replicate.Page) and len(page) == 2 and page.next
    pages = list(replicate.paginate(client.models.list))
    assert [len(p) for p in pages] == [2, 2, 2]
    assert ["%s/%s" % (m.owner, m.name) for p in pages for m in p] == list(fake.models)
    assert all(isinstance(m, replicate.Model) for p in pages for m in p)

    found = client.models.search("tokens")
    request = fake.requests[-1]
    assert (request.method, request.url_path, request.body) == ("QUERY", "/v1/models", b"tokens")
    assert isinstance(found, replicate.Page)
    assert [m.name for m in found] == ["tokens"] and isinstance(found[0], replicate.Model)


def test_models_create_and_delete(fake, client):
    import replicate
    model = client.models.create(owner="test", name="brand-new", visibility="private",
                                 hardware="gpu-t4", description="A new model")
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/models")
    assert request.json() == {"owner": "test", "name": "brand-new", "visibility": "private",
                              "hardware": "gpu-t4", "description": "A new model"}
    assert isinstance(model, replicate.Model)
    assert (model.owner, model.name, model.visibility) == ("test", "brand-new", "private")
    assert model.latest_version is None
    assert "test/brand-new" in fake.models
    with pytest.raises(replicate.ReplicateError) as error:
        client.models.create(owner="test", name="brand-new", visibility="public", hardware="cpu")
    assert error.value.status == 409
    assert client.models.delete("test/brand-new") is True
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("DELETE", "/v1/models/test/brand-new")
    assert "test/brand-new" not in fake.models


def test_model_versions_get_list_paginate_and_delete(fake, client):
    import replicate
    model = client.models.get("test/echo")
    v1, v2, v3 = (FakeReplicate.version_id("test/echo", n) for n in (1, 2, 3))
    version = model.versions.get(v2)
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == (
        "GET", "/v1/models/test/echo/versions/" + v2)
    assert isinstance(version, replicate.Version) and version.id == v2
    assert version.openapi_schema["components"]["schemas"]["Input"]["required"] == ["prompt"]

    page = model.versions.list()
    assert isinstance(page, replicate.Page) and [v.id for v in page] == [v3, v2] and page.next
    pages = list(replicate.paginate(model.versions.list))
    assert [[v.id for v in p] for p in pages] == [[v3, v2], [v1]]
    assert all(isinstance(v, replicate.Version) for p in pages for v in p)

    assert model.versions.delete(v1) is True  # 202 with an empty body
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("DELETE", "/v1/models/test/echo/versions/" + v1)
    assert fake.models["test/echo"].versions == [v2, v3]
    assert [v.id for p in replicate.paginate(model.versions.list) for v in p] == [v3, v2]


def test_deleted_version_is_not_served_from_a_stale_cache(fake, client):
    import replicate
    model = client.models.get("test/echo")
    v1 = FakeReplicate.version_id("test/echo", 1)
    assert model.versions.get(v1).id == v1
    assert model.versions.delete(v1) is True
    fake.clear_requests()
    with pytest.raises(replicate.ReplicateError) as error:
        model.versions.get(v1)
    assert error.value.status == 404
    assert [r.url_path for r in fake.requests] == ["/v1/models/test/echo/versions/" + v1]


def test_models_predictions_create(fake, client):
    import replicate
    client.poll_interval = 0.05
    prediction = client.models.predictions.create(model="test/echo", input={"prompt": "official"})
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/models/test/echo/predictions")
    assert request.json() == {"input": {"prompt": "official"}}
    assert isinstance(prediction, replicate.Prediction)
    assert prediction.model == "test/echo"
    prediction.wait()
    assert prediction.status == "succeeded" and prediction.output == "official"


def test_models_update_sends_only_the_fields_given(fake, client):
    import replicate
    model = client.models.update("test/echo", description="Echoes", readme="# Echo\n",
                                 weights_url="https://example.com/w")
    (request,) = fake.requests_for("PATCH", "/v1/models/test/echo")
    assert request.headers.get("Content-Type") == "application/json"
    assert request.headers.get("Authorization") == "Bearer " + fake.token
    assert request.json() == {"description": "Echoes", "readme": "# Echo\n",
                              "weights_url": "https://example.com/w"}
    assert isinstance(model, replicate.Model) and model.description == "Echoes"
    assert asyncio.run(client.models.async_update("test", "echo", paper_url="https://a.b/p")).owner == "test"
    assert fake.requests_for("PATCH", "/v1/models/test/echo")[-1].json() == {"paper_url": "https://a.b/p"}
    fake.clear_requests()
    with pytest.raises(replicate.InvalidArgumentError, match="at least one of"):
        client.models.update("test/echo")
    with pytest.raises(TypeError, match="description"):
        client.models.update("test/echo", description=5)
    with pytest.raises(replicate.InvalidArgumentError, match="owner/name"):
        client.models.update("nope", description="x")
    assert fake.requests == []


def test_models_readme_get_returns_the_markdown_text(fake, client):
    import replicate
    text = client.models.readme.get("test/echo")
    assert text == "# test/echo\n\nReturns its prompt.\n"
    (request,) = fake.requests_for("GET", "/v1/models/test/echo/readme")
    assert request.query == {} and "text/plain" in request.headers.get("Accept")
    assert asyncio.run(client.models.readme.async_get("test", "echo")) == text
    with pytest.raises(replicate.ReplicateError) as error:
        client.models.readme.get("acme/nope")
    assert error.value.status == 404


def test_models_examples_list_is_a_page_of_predictions(fake, client):
    import replicate
    example = _prediction_answer(fake, "test/echo", fake.version_id("test/echo"), {"prompt": "hi"},
                                 "succeeded", output="hi")
    fake.queue_response("GET", "/v1/models/test/echo/examples", body={
        "results": [example], "next": fake.url + "/v1/models/test/echo/examples?cursor=b2", "previous": None})
    fake.queue_response("GET", "/v1/models/test/echo/examples", body={"results": [], "next": None})
    page = client.models.examples.list("test/echo")
    assert isinstance(page, replicate.Page) and isinstance(page[0], replicate.Prediction)
    assert page[0].output == "hi" and page.next.endswith("cursor=b2")
    assert client.models.examples.list("test", "echo", cursor=page.next).results == []
    first, second = fake.requests_for("GET", "/v1/models/test/echo/examples")
    assert (first.query, second.query) == ({}, {"cursor": ["b2"]})


def test_search_sends_query_and_limit_and_keeps_each_models_metadata(fake, client):
    import replicate
    result = client.search("echo", limit=5)
    (request,) = fake.requests_for("GET", "/v1/search")
    assert request.query == {"query": ["echo"], "limit": ["5"]}
    assert isinstance(result, replicate.SearchResult) and result.query == "echo"
    (model,) = result.models
    assert isinstance(model, replicate.Model) and model.id == "test/echo"
    assert model.metadata.score == 1.0 and model.metadata.tags == ["test"]
    assert model.metadata.generated_description == "Returns its prompt."
    assert result.collections == [] and result.pages == []
    fake.queue_response("GET", "/v1/search", body={
        "query": "img", "models": [], "pages": [{"href": "/docs/guides/images", "name": "Images"}],
        "collections": [{"name": "Image", "slug": "image", "description": "d", "models": ["a/b"]}]})
    found = asyncio.run(client.async_search("img"))
    assert found.collections[0].slug == "image" and found.collections[0].models == ["a/b"]
    assert found.pages[0].href == "/docs/guides/images"
    assert fake.requests_for("GET", "/v1/search")[-1].query == {"query": ["img"]}  # no default limit sent
    fake.clear_requests()
    for limit in (0, 51):
        with pytest.raises(replicate.InvalidArgumentError, match="1 to 50"):
            client.search("x", limit=limit)
    with pytest.raises(TypeError):
        client.search("x", limit="5")
    with pytest.raises(replicate.InvalidArgumentError, match="non-empty"):
        client.search("  ")
    assert fake.requests == []


# --- Namespaces: deployments ---


def test_deployment_predictions_both_ways(client, fake):
    import replicate
    deployment = client.deployments.get("test/echo-deployment")
    assert isinstance(deployment, replicate.Deployment)
    assert deployment.current_release["model"] == "test/echo"
    first = deployment.predictions.create(input={"prompt": "from a deployment"})
    second = client.deployments.predictions.create("test/echo-deployment", input={"prompt": "ns"})
    posts = fake.requests_for("POST")
    assert [r.path for r in posts] == ["/v1/deployments/test/echo-deployment/predictions"] * 2
    assert [r.json() for r in posts] == [{"input": {"prompt": "from a deployment"}},
                                        {"input": {"prompt": "ns"}}]
    for prediction, text in ((first, "from a deployment"), (second, "ns")):
        prediction.wait()
        assert prediction.output == text
        assert fake.predictions[prediction.id].deployment == "test/echo-deployment"


def test_module_level_deployments(env):
    import replicate
    prediction = replicate.deployments.get("test/echo-deployment").predictions.create(
        input={"prompt": "module"})
    prediction.wait()
    assert prediction.output == "module"
    other = replicate.deployments.predictions.create("test/echo-deployment", input={"prompt": "two"})
    other.wait()
    assert other.output == "two"
    assert [r.path for r in env.requests_for("POST")] == [
        "/v1/deployments/test/echo-deployment/predictions"] * 2


def test_deployments_get_list_create_update_delete(fake, client):
    import replicate
    deployment = client.deployments.get("test/echo-deployment")
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/deployments/test/echo-deployment")
    assert isinstance(deployment, replicate.Deployment)
    assert (deployment.owner, deployment.name) == (OWNER, "echo-deployment")
    assert deployment.current_release["model"] == "test/echo"
    assert deployment.current_release["version"] == FakeReplicate.version_id("test/echo")

    v1, v2 = FakeReplicate.version_id("test/echo", 1), FakeReplicate.version_id("test/echo", 2)
    created = client.deployments.create(name="my-deployment", model="test/echo", version=v1,
                                        hardware="gpu-t4", min_instances=0, max_instances=2)
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/deployments")
    assert request.json() == {"name": "my-deployment", "model": "test/echo", "version": v1,
                              "hardware": "gpu-t4", "min_instances": 0, "max_instances": 2}
    assert isinstance(created, replicate.Deployment) and created.name == "my-deployment"
    assert created.current_release["configuration"]["hardware"] == "gpu-t4"

    updated = client.deployments.update("test", "my-deployment", min_instances=1, version=v2)
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("PATCH", "/v1/deployments/test/my-deployment")
    assert request.json() == {"min_instances": 1, "version": v2}
    assert updated.current_release["number"] == 2
    assert updated.current_release["version"] == v2
    assert updated.current_release["configuration"] == {"hardware": "gpu-t4", "min_instances": 1,
                                                        "max_instances": 2}

    page = client.deployments.list()
    assert isinstance(page, replicate.Page) and len(page) == 2 and page.next
    fake.page_size = 1
    pages = list(replicate.paginate(client.deployments.list))
    assert [len(p) for p in pages] == [1, 1, 1]
    assert [d.name for p in pages for d in p] == ["echo-deployment", "slow-deployment", "my-deployment"]
    assert all(isinstance(d, replicate.Deployment) for p in pages for d in p)

    assert client.deployments.delete("test", "my-deployment") is True
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("DELETE", "/v1/deployments/test/my-deployment")
    assert "test/my-deployment" not in fake.deployments
    with pytest.raises(replicate.ReplicateError) as error:
        client.deployments.get("test", "my-deployment")
    assert error.value.status == 404


def test_deployment_predictions_create_both_ways(fake, client):
    import replicate
    client.poll_interval = 0.05
    deployment = client.deployments.get("test/echo-deployment")
    prediction = deployment.predictions.create(input={"prompt": "from deployment"})
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/deployments/test/echo-deployment/predictions")
    assert request.json() == {"input": {"prompt": "from deployment"}}
    assert isinstance(prediction, replicate.Prediction)
    assert prediction.deployment == "test/echo-deployment"
    prediction.wait()
    assert prediction.output == "from deployment"

    other = client.deployments.predictions.create("test/slow-deployment", input={"seconds": 0.1})
    request = fake.requests[-1]
    assert request.url_path == "/v1/deployments/test/slow-deployment/predictions"
    assert request.json() == {"input": {"seconds": 0.1}}
    assert other.deployment == "test/slow-deployment" and other.model == "test/slow"


# --- Namespaces: trainings ---


def test_trainings_create_get_list_cancel_and_paginate(fake, client):
    import replicate
    vid = FakeReplicate.version_id("test/echo", 2)
    training = client.trainings.create(model="test/echo", version=vid, input={"steps": 3},
                                       destination="test/echo-lora")
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/models/test/echo/versions/%s/trainings" % vid)
    assert request.json() == {"destination": "test/echo-lora", "input": {"steps": 3}}
    assert isinstance(training, replicate.Training)
    assert training.status in ("starting", "processing") and training.version == vid
    assert training.id in fake.trainings

    # the version="owner/name:id" form, with a webhook
    fake.training_seconds = 30
    second = client.trainings.create(version="test/echo:" + vid, input={"steps": 1},
                                     destination="test/other", webhook="https://example.com/hook")
    request = fake.requests[-1]
    assert request.url_path == "/v1/models/test/echo/versions/%s/trainings" % vid
    assert request.json() == {"destination": "test/other", "input": {"steps": 1},
                              "webhook": "https://example.com/hook"}

    got = client.trainings.get(training.id)
    assert fake.requests[-1].url_path == "/v1/trainings/" + training.id
    assert isinstance(got, replicate.Training) and got.id == training.id

    page = client.trainings.list()
    assert isinstance(page, replicate.Page)
    assert [t.id for t in page] == [second.id, training.id]
    fake.page_size = 1
    pages = list(replicate.paginate(client.trainings.list))
    assert [len(p) for p in pages] == [1, 1]
    assert [t.id for p in pages for t in p] == [second.id, training.id]
    assert all(isinstance(t, replicate.Training) for p in pages for t in p)

    canceled = client.trainings.cancel(second.id)
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("POST", "/v1/trainings/%s/cancel" % second.id)
    assert canceled.status == "canceled"
    assert _status(fake, fake.trainings[second.id]) == "canceled"


def test_training_reload_wait_and_cancel(fake, client):
    client.poll_interval = 0.05
    vid = FakeReplicate.version_id("test/echo")
    training = client.trainings.create(model="test/echo", version=vid, input={},
                                       destination="test/trained")
    training.reload()
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/trainings/" + training.id)
    training.wait()
    assert training.status == "succeeded"
    assert training.output["version"].startswith("test/trained:")
    assert training.output["weights"].startswith(fake.https_url + "/files/weights-")
    assert "training step 3/3" in training.logs
    assert len(fake.requests_for("GET", "/v1/trainings/" + training.id)) >= 2

    fake.training_seconds = 30
    long = client.trainings.create(model="test/echo", version=vid, input={}, destination="test/trained")
    assert long.cancel() is long
    assert long.status == "canceled"
    assert _posts(fake, "/v1/trainings/*/cancel")[-1].url_path == "/v1/trainings/%s/cancel" % long.id
    assert _status(fake, fake.trainings[long.id]) == "canceled"


def test_training_destination_is_filled_from_its_output_version():
    import replicate
    training = replicate.Training({"id": "t1", "status": "succeeded",
                                   "output": {"version": "acme/lora:" + "b" * 64, "weights": "x"}})
    assert training.destination == "acme/lora"
    pending = replicate.Training({"id": "t2", "status": "processing", "output": None})
    assert pending.destination is None
    pending._update({"id": "t2", "status": "succeeded", "output": {"version": "acme/other:v2"}})
    assert pending.destination == "acme/other"  # reload() fills it too
    odd = replicate.Training({"id": "t3", "output": {"version": "no-slash"}, "destination": "a/b"})
    assert odd.destination == "a/b"


# trainings.create: the official positional form, and destination as a pair or a Model.
def test_trainings_create_takes_the_positional_form_and_a_destination_pair_or_model(client, fake):
    import replicate
    vid = fake.version_id("test/echo")
    path = "/v1/models/test/echo/versions/%s/trainings" % vid
    client.trainings.create("test/echo:" + vid, {"x": 1}, "me/dest")
    client.trainings.create(version="test/echo:" + vid, input={"x": 2}, destination=("me", "dest"))
    client.trainings.create(version="test/echo:" + vid, input={"x": 3},
                            destination=replicate.Model({"owner": "me", "name": "dest"}, client))
    bodies = [r.json() for r in fake.requests_for("POST", path)]
    assert [b["destination"] for b in bodies] == ["me/dest"] * 3
    assert [b["input"] for b in bodies] == [{"x": 1}, {"x": 2}, {"x": 3}]
    assert len(fake.trainings) == 3


# --- Namespaces: files ---


def test_files_create_from_path_and_file_object_with_metadata(fake, client, tmp_path):
    import replicate
    data = b"hello, files\n" * 100
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    metadata = {"purpose": "test", "nested": {"n": [1, 2, 3]}, "unicode": "\u00e9\u2713"}
    uploaded = client.files.create(path, metadata=metadata)
    request = fake.requests[-1]
    assert (request.method, request.url_path) == ("POST", "/v1/files")
    assert request.headers.get("Content-Type").startswith("multipart/form-data; boundary=")
    assert isinstance(uploaded, replicate.File)
    stored = fake.files[uploaded.id]
    assert stored["content"] == data
    assert stored["object"]["metadata"] == metadata
    assert uploaded.metadata == metadata
    assert uploaded.name == "notes.txt"
    assert uploaded.content_type == "text/plain"
    assert uploaded.size == len(data)
    assert uploaded.checksums["sha256"] == hashlib.sha256(data).hexdigest()
    assert uploaded.checksums["md5"] == hashlib.md5(data).hexdigest()
    assert uploaded.urls["get"] == "%s/v1/files/%s" % (fake.url, uploaded.id)
    assert uploaded.created_at and uploaded.expires_at

    with open(str(path), "rb") as handle:
        from_handle = client.files.create(handle)
    assert from_handle.name == "notes.txt" and fake.files[from_handle.id]["content"] == data
    assert from_handle.metadata == {}

    payload = bytes(range(256)) * 4
    from_bytes = client.files.create(io.BytesIO(payload), metadata={"k": "v"})
    assert fake.files[from_bytes.id]["content"] == payload
    assert from_bytes.size == len(payload) and from_bytes.metadata == {"k": "v"}
    assert from_bytes.content_type == "application/octet-stream"


def test_files_create_takes_a_path_string(fake, client, tmp_path):
    # the official client's files.create accepts str paths as well as pathlib.Path
    path = tmp_path / "data.json"
    path.write_bytes(b'{"a": 1}')
    uploaded = client.files.create(str(path))
    assert fake.files[uploaded.id]["content"] == b'{"a": 1}'
    assert uploaded.name == "data.json"
    assert uploaded.content_type == "application/json"


def test_files_get_list_paginate_and_delete(fake, client):
    import replicate
    made = [client.files.create(io.BytesIO(b"file %d" % i), filename="f%d.bin" % i) for i in range(3)]
    assert [f.name for f in made] == ["f0.bin", "f1.bin", "f2.bin"]
    got = client.files.get(made[1].id)
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/files/" + made[1].id)
    assert isinstance(got, replicate.File)
    assert (got.id, got.name, got.size) == (made[1].id, "f1.bin", 6)
    assert got.checksums == made[1].checksums and got.urls == made[1].urls

    page = client.files.list()
    assert isinstance(page, replicate.Page) and [f.id for f in page] == [made[2].id, made[1].id]
    assert page.next and page.previous is None
    pages = list(replicate.paginate(client.files.list))
    assert [len(p) for p in pages] == [2, 1]
    assert [f.id for p in pages for f in p] == [f.id for f in reversed(made)]
    assert all(isinstance(f, replicate.File) for p in pages for f in p)

    assert client.files.delete(made[0].id) is True
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("DELETE", "/v1/files/" + made[0].id)
    assert made[0].id not in fake.files
    with pytest.raises(replicate.ReplicateError) as error:
        client.files.get(made[0].id)
    assert error.value.status == 404


def test_files_download_is_a_file_output_of_the_signed_link(fake, client, tmp_path):
    import replicate
    data = os.urandom(5000)
    uploaded = client.files.create(io.BytesIO(data), filename="blob.bin")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(fake.signed_download_url(uploaded.id)).query)
    owner, expiry, signature = query["owner"][0], int(query["expiry"][0]), query["signature"][0]
    output = client.files.download(uploaded.id, owner=owner, expiry=expiry, signature=signature)
    assert isinstance(output, replicate.FileOutput) and fake.requests_for("GET", "/v1/files/*/download") == []
    assert output.read() == data
    (request,) = fake.requests_for("GET", "/v1/files/%s/download" % uploaded.id)
    assert request.query == {"owner": [owner], "expiry": [str(expiry)], "signature": [signature]}
    assert signature not in repr(output) and signature not in str(output).partition("?")[0]
    assert b"".join(output) == data
    assert pathlib.Path(output.save(str(tmp_path / "copy.bin"))).read_bytes() == data
    forged = client.files.download(uploaded.id, owner=owner, expiry=expiry, signature="AAAA")
    with pytest.raises(replicate.ReplicateError) as error:
        forged.read()
    assert error.value.status == 403 and "AAAA" not in str(error.value)
    with pytest.raises(TypeError, match="expiry"):
        client.files.download(uploaded.id, owner=owner, expiry=str(expiry), signature=signature)


# --- Namespaces: collections, hardware, account ---


def test_collections_get_list_and_paginate(fake, client):
    import replicate
    collection = client.collections.get("language-models")
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/collections/language-models")
    assert isinstance(collection, replicate.Collection)
    assert (collection.slug, collection.name) == ("language-models", "Language models")
    assert all(isinstance(m, replicate.Model) for m in collection.models)
    assert [(m.owner, m.name) for m in collection.models] == [("test", "tokens"), ("test", "echo")]
    assert isinstance(collection.models[0].latest_version, replicate.Version)

    page = client.collections.list()
    assert isinstance(page, replicate.Page)
    assert [c.slug for c in page] == ["test-models", "language-models"]
    assert all(isinstance(c, replicate.Collection) for c in page)
    fake.page_size = 1
    pages = list(replicate.paginate(client.collections.list))
    assert [[c.slug for c in p] for p in pages] == [["test-models"], ["language-models"]]
    with pytest.raises(replicate.ReplicateError) as error:
        client.collections.get("no-such-collection")
    assert error.value.status == 404


def test_hardware_list_and_current_account(fake, client):
    import replicate
    hardware = client.hardware.list()
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/hardware")
    assert all(isinstance(h, replicate.Hardware) for h in hardware)
    assert [(h.sku, h.name) for h in hardware] == [(h["sku"], h["name"]) for h in HARDWARE]

    account = client.accounts.current()
    assert (fake.requests[-1].method, fake.requests[-1].url_path) == ("GET", "/v1/account")
    assert isinstance(account, replicate.Account)
    assert (account.type, account.username, account.name, account.github_url) == (
        ACCOUNT["type"], ACCOUNT["username"], ACCOUNT["name"], ACCOUNT["github_url"])
    assert fake.requests[-1].headers.get("Authorization") == "Bearer " + fake.token


# --- Namespaces: pagination ---


# A page cursor naming another host goes through the client's base URL.
def test_page_cursor_of_another_host_goes_to_the_base_url(client, fake):
    import replicate
    first = {"next": "https://api.replicate.com/v1/predictions?cursor=abc", "previous": None,
             "results": [_prediction_answer(fake, pid="p1")]}
    second = {"next": None, "previous": None, "results": [_prediction_answer(fake, pid="p2")]}
    fake.queue_response("GET", "/v1/predictions", body=first)
    fake.queue_response("GET", "/v1/predictions?cursor=abc", body=second)
    pages = list(replicate.paginate(client.predictions.list))
    assert [[p.id for p in page] for page in pages] == [["p1"], ["p2"]]
    recorded = fake.requests_for("GET", "/v1/predictions")
    assert [r.path for r in recorded] == ["/v1/predictions", "/v1/predictions?cursor=abc"]
    assert recorded[1].headers.get("Authorization") == "Bearer " + fake.token


@pytest.mark.parametrize("mode, shape, pages", [("sync", "self", 2), ("sync", "cycle", 3),
                                                ("async", "self", 2), ("async", "cycle", 3)])
def test_paginate_stops_when_a_cursor_repeats(raw_server, mode, shape, pages):
    import replicate
    server = raw_server(looping_pages_server, shape)
    client = _raw_client(server)
    if mode == "sync":
        walk = lambda: list(replicate.paginate(client.predictions.list))  # noqa: E731
    else:
        async def collect():
            return [page async for page in replicate.async_paginate(client.predictions.async_list)]
        walk = lambda: asyncio.run(collect())  # noqa: E731
    box = _finishes(walk, 10)
    assert "error" not in box, box.get("error")
    assert len(box["value"]) == pages
    assert len(server.requests) == pages


def test_paginate_carries_the_list_filters_along(fake, client):
    import replicate
    fake.page_size = 1
    made = [client.predictions.create(model="test/echo", input={"prompt": str(i)}) for i in range(3)]
    pages = list(replicate.paginate(lambda cursor: client.predictions.list(
        cursor, created_after="2000-01-01T00:00:00Z")))
    assert [p.id for page in pages for p in page] == [p.id for p in reversed(made)]
    assert all(r.query["created_after"] == ["2000-01-01T00:00:00Z"]
               for r in fake.requests_for("GET", "/v1/predictions"))


# --- Namespaces: webhooks (validation, the signing secret, deliveries over HTTP) ---


WEBHOOK_KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()


WEBHOOK_SECRET = "whsec_" + WEBHOOK_KEY


def _signed(body, webhook_id="msg_1", timestamp=None, key=WEBHOOK_KEY):
    import hashlib
    import hmac
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    content = ("%s.%s." % (webhook_id, timestamp)).encode() + body
    signature = base64.b64encode(hmac.new(base64.b64decode(key), content, hashlib.sha256).digest()).decode()
    return {"webhook-id": webhook_id, "webhook-timestamp": timestamp, "webhook-signature": "v1," + signature}


def _several_signatures(shape, good):
    bad = "v1," + base64.b64encode(b"\x00" * 32).decode()
    plain = {name: value for name, value in _signed(b"{}").items() if name != "webhook-signature"}
    if shape == "list value, the good one second":
        return dict(plain, **{"webhook-signature": [bad, good]})
    if shape == "repeated pairs, the good one first":
        return list(plain.items()) + [("webhook-signature", good), ("webhook-signature", bad)]
    if shape == "repeated bytes pairs, the good one first":
        return ([(k.encode(), v.encode()) for k, v in plain.items()]
                + [(b"webhook-signature", good.encode()), (b"webhook-signature", bad.encode())])
    message = email.message.Message()  # http.server's headers: repeated names kept in order
    for name, value in plain.items():
        message[name] = value
    message["Webhook-Signature"] = good
    message["Webhook-Signature"] = bad
    return message


def test_webhook_good_signature_is_accepted_with_headers_in_any_case():
    import replicate
    body = b'{"id": "p1", "status": "succeeded"}'
    headers = {k.title(): v for k, v in _signed(body).items()}
    assert replicate.webhooks.validate(headers=headers, body=body, secret=WEBHOOK_SECRET) is True
    assert replicate.webhooks.validate(headers=headers, body=body.decode(),
                                       secret=replicate.WebhookSigningSecret(key=WEBHOOK_SECRET)) is True
    import email.message
    message = email.message.Message()  # http.server's request headers are of this type
    for name, value in headers.items():
        message[name.upper()] = value
    assert replicate.Webhooks.validate(headers=message, body=body, secret=WEBHOOK_SECRET)


def test_webhook_with_several_signatures_is_accepted_if_one_matches():
    import replicate
    body = b'{"id": "p1"}'
    headers = _signed(body)
    headers["webhook-signature"] = "v1,AAAA v1,bm90LWl0 " + headers["webhook-signature"] + " v2,zzz"
    assert replicate.webhooks.validate(headers=headers, body=body, secret=WEBHOOK_SECRET)


def test_webhook_tampered_body_or_wrong_key_is_refused():
    import replicate
    body = b'{"id": "p1", "status": "succeeded"}'
    headers = _signed(body)
    with pytest.raises(replicate.InvalidSignatureError):
        replicate.webhooks.validate(headers=headers, body=body.replace(b"succeeded", b"failed"),
                                    secret=WEBHOOK_SECRET)
    other = "whsec_" + base64.b64encode(b"another key of thirty-two bytes!").decode()
    with pytest.raises(replicate.InvalidSignatureError):
        replicate.webhooks.validate(headers=headers, body=body, secret=other)


def test_webhook_stale_or_future_timestamp_is_refused():
    import replicate
    body = b"{}"
    stale = _signed(body, timestamp=int(time.time()) - 301)
    with pytest.raises(replicate.InvalidTimestampError):
        replicate.webhooks.validate(headers=stale, body=body, secret=WEBHOOK_SECRET)
    future = _signed(body, timestamp=int(time.time()) + 3600)
    with pytest.raises(replicate.InvalidTimestampError):
        replicate.webhooks.validate(headers=future, body=body, secret=WEBHOOK_SECRET)
    assert replicate.webhooks.validate(headers=stale, body=body, secret=WEBHOOK_SECRET, tolerance=600)
    assert replicate.webhooks.validate(headers=stale, body=body, secret=WEBHOOK_SECRET, tolerance=None)
    garbage = dict(_signed(body), **{"webhook-timestamp": "yesterday"})
    with pytest.raises(replicate.InvalidTimestampError):
        replicate.webhooks.validate(headers=garbage, body=body, secret=WEBHOOK_SECRET)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_webhook_missing_header_is_named(missing):
    import replicate
    body = b"{}"
    headers = _signed(body)
    del headers[missing]
    with pytest.raises(replicate.MissingWebhookHeaderError) as error:
        replicate.webhooks.validate(headers=headers, body=body, secret=WEBHOOK_SECRET)
    assert missing in str(error.value)
    # the official client's words first, for code and tests that match on them
    assert str(error.value).startswith("Missing webhook %s" % missing.partition("-")[2])
    assert isinstance(error.value, ValueError)


def test_webhook_missing_body_or_bad_secret_is_refused():
    import replicate
    headers = _signed(b"{}")
    with pytest.raises(replicate.MissingWebhookBodyError, match="^Missing webhook body$"):
        replicate.webhooks.validate(headers=headers, body=b"", secret=WEBHOOK_SECRET)
    with pytest.raises(replicate.InvalidSecretKeyError, match="^Missing webhook signing secret$"):
        replicate.webhooks.validate(headers=headers, body=b"{}", secret=None)
    for secret in ("no-prefix", "whsec_!!!not base64!!!"):
        with pytest.raises(replicate.InvalidSecretKeyError) as error:
            replicate.webhooks.validate(headers=headers, body=b"{}", secret=secret)
        assert str(error.value).startswith("Invalid secret key format")
        assert secret not in str(error.value)  # the official client prints the key: we do not
    with pytest.raises(replicate.MissingWebhookHeaderError, match="^Missing webhook headers$"):
        replicate.webhooks.validate(headers=None, body=b"{}", secret=WEBHOOK_SECRET)
    with pytest.raises(replicate.InvalidSignatureError, match="^Webhook signature is invalid"):
        replicate.webhooks.validate(headers=_signed(b"{}", key=base64.b64encode(b"x" * 32).decode()),
                                    body=b"{}", secret=WEBHOOK_SECRET)
    stale = _signed(b"{}", timestamp=int(time.time()) - 301)
    with pytest.raises(replicate.InvalidTimestampError,
                       match="^Webhook timestamp is outside the allowed tolerance of 300 seconds"):
        replicate.webhooks.validate(headers=stale, body=b"{}", secret=WEBHOOK_SECRET)


def test_webhook_validate_takes_a_request_object():
    import replicate
    body = b'{"id": "p1"}'

    class Request:
        headers = _signed(body)
        content = body

    assert replicate.webhooks.validate(Request(), secret=WEBHOOK_SECRET)


def test_webhook_secret_comes_from_the_api_and_hides_its_key(fake, client):
    import replicate
    secret = client.webhooks.default.secret()
    (request,) = fake.requests
    assert (request.method, request.url_path) == ("GET", "/v1/webhooks/default/secret")
    assert isinstance(secret, replicate.WebhookSigningSecret)
    assert secret.key == fake.webhook_secret
    assert fake.webhook_secret not in repr(secret)
    assert fake.webhook_secret[6:] not in repr(secret) and fake.webhook_secret not in str(secret)
    again = asyncio.run(client.webhooks.default.async_secret())
    assert again.key == fake.webhook_secret


def test_webhooks_delivered_over_http_are_validated_with_the_api_secret(fake, client):
    secret = client.webhooks.default.secret()
    receiver = WebhookReceiver(secret)
    try:
        body = json.dumps({"id": "p1", "status": "succeeded", "output": "hi"}).encode()
        good = fake.sign_webhook(body)
        assert receiver.deliver(body, good) == (204, "valid")
        assert issubclass(receiver.results[-1][0], email.message.Message)  # an HTTPMessage
        # a tampered body
        assert receiver.deliver(body.replace(b"succeeded", b"failed"), good) == (400, "InvalidSignatureError")
        # a stale timestamp, outside the default tolerance of 300 s
        stale = fake.sign_webhook(body, timestamp=time.time() - 400)
        assert receiver.deliver(body, stale) == (400, "InvalidTimestampError")
        # a signature made with another key
        other = FakeReplicate()
        try:
            assert receiver.deliver(body, other.sign_webhook(body)) == (400, "InvalidSignatureError")
        finally:
            other.close()
        # several signatures, only one of them valid
        several = dict(good)
        several["webhook-signature"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= %s v1,bm9wZQ==" % (
            good["webhook-signature"])
        assert receiver.deliver(body, several) == (204, "valid")
        # none of several valid
        several["webhook-signature"] = "v1,AAAA v1,bm9wZQ=="
        assert receiver.deliver(body, several) == (400, "InvalidSignatureError")
        # each header missing in turn
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
            missing = {k: v for k, v in good.items() if k != name}
            assert receiver.deliver(body, missing) == (400, "MissingWebhookHeaderError"), name
    finally:
        receiver.close()
    # the secret as a plain whsec_ string, and a wider tolerance
    stale_receiver = WebhookReceiver(secret.key, tolerance=600)
    try:
        stale = fake.sign_webhook(body, timestamp=time.time() - 400)
        assert stale_receiver.deliver(body, stale) == (204, "valid")
    finally:
        stale_receiver.close()


def test_webhook_validate_takes_mixed_case_dict_and_parsed_http_headers(fake, client):
    import replicate
    secret = client.webhooks.default.secret()
    body = b'{"id": "p2", "status": "failed"}'
    signed = fake.sign_webhook(body, webhook_id="msg_mixed")
    mixed = {"Webhook-Id": signed["webhook-id"], "WEBHOOK-TIMESTAMP": signed["webhook-timestamp"],
             "webhook-Signature": signed["webhook-signature"]}
    assert replicate.webhooks.validate(headers=mixed, body=body, secret=secret) is True
    assert replicate.webhooks.validate(headers=mixed, body=body.decode(), secret=secret.key) is True
    # headers parsed from the wire, as http.server would (an http.client.HTTPMessage)
    raw = "".join("%s: %s\r\n" % item for item in mixed.items()) + "Content-Type: application/json\r\n\r\n"
    message = http.client.parse_headers(io.BytesIO(raw.encode("latin-1")))
    assert isinstance(message, http.client.HTTPMessage)
    assert replicate.webhooks.validate(headers=message, body=body, secret=secret) is True
    with pytest.raises(replicate.InvalidSignatureError):
        replicate.webhooks.validate(headers=message, body=body + b" ", secret=secret)
    del mixed["WEBHOOK-TIMESTAMP"]
    with pytest.raises(replicate.MissingWebhookHeaderError) as error:
        replicate.webhooks.validate(headers=mixed, body=body, secret=secret)
    assert "webhook-timestamp" in str(error.value)
    with pytest.raises(replicate.MissingWebhookBodyError):
        replicate.webhooks.validate(headers=message, body=b"", secret=secret)


def test_webhook_validate_refuses_a_parsed_body():
    import replicate
    body = b'{"id": "p1"}'
    with pytest.raises(TypeError) as error:
        replicate.webhooks.validate(headers=_signed(body), body=json.loads(body), secret=WEBHOOK_SECRET)
    assert "body" in str(error.value)
    assert "bytes" in str(error.value) or "str" in str(error.value)


@pytest.mark.parametrize("shape", ["asgi pairs", "bytes dict"])
def test_webhook_validate_takes_bytes_header_names_and_values(shape):
    import replicate
    body = b'{"id": "p1", "status": "succeeded"}'
    pairs = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in _signed(body).items()]
    headers = pairs if shape == "asgi pairs" else dict(pairs)
    assert replicate.webhooks.validate(headers=headers, body=body, secret=WEBHOOK_SECRET) is True


@pytest.mark.parametrize("shape", ["list value, the good one second", "repeated pairs, the good one first",
                                   "repeated bytes pairs, the good one first", "repeated message headers"])
def test_webhook_validate_accepts_any_one_valid_signature_of_several_headers(shape):
    import replicate
    good = _signed(b"{}")["webhook-signature"]
    headers = _several_signatures(shape, good)
    assert replicate.webhooks.validate(headers=headers, body=b"{}", secret=WEBHOOK_SECRET) is True


def test_webhook_tolerance_nan_is_refused_rather_than_accepting_any_timestamp():
    import replicate
    stale = _signed(b"{}", timestamp=int(time.time()) - 86400)
    with pytest.raises(ValueError) as error:
        replicate.webhooks.validate(headers=stale, body=b"{}", secret=WEBHOOK_SECRET, tolerance=NAN)
    assert "tolerance" in str(error.value)


def test_webhook_tolerance_must_be_a_number():
    import replicate
    with pytest.raises(TypeError) as error:
        replicate.webhooks.validate(headers=_signed(b"{}"), body=b"{}", secret=WEBHOOK_SECRET, tolerance="300")
    assert "tolerance" in str(error.value)


# --- Models as functions: use() ---


def stat_mode(path):
    import stat
    return stat.S_IMODE(os.stat(path).st_mode)


def test_use_makes_no_request_until_called_and_runs_text_models_in_one_held_create(fake, client):
    import replicate
    echo = client.use("test/echo")
    assert isinstance(echo, replicate.Function) and fake.requests == []
    assert echo(prompt="hello") == "hello"
    assert [(r.method, r.url_path) for r in fake.requests] == [
        ("GET", "/v1/models/test/echo"), ("POST", "/v1/models/test/echo/predictions")]
    create = fake.requests[-1]
    assert create.headers.get("Prefer") == "wait" and create.json() == {"input": {"prompt": "hello"}}
    assert echo(prompt="again") == "again"
    assert len(fake.requests_for("GET", "/v1/models/test/echo")) == 1  # the schema is kept


def test_use_of_a_pinned_version_creates_with_that_version(fake, client):
    vid = fake.version_id("test/echo", 1)
    assert client.use("test/echo:" + vid)(prompt="v1") == "v1"
    assert fake.requests_for("GET", "/v1/models/test/echo/versions/" + vid)
    (create,) = fake.requests_for("POST", "/v1/predictions")
    assert create.json() == {"version": vid, "input": {"prompt": "v1"}}


def test_use_returns_files_as_paths_downloaded_when_opened(fake, client, https_files):
    import replicate
    outputs = client.use("test/image")(num_outputs=2)
    assert all(isinstance(path, replicate.URLPath) and isinstance(path, os.PathLike) for path in outputs)
    urls = [replicate.get_path_url(path) for path in outputs]
    assert urls == [fake.https_url + "/files/out-%d.png" % i for i in range(2)]
    assert fake.requests_for("GET", "/files/*") == []  # nothing downloaded yet
    with open(outputs[0], "rb") as handle:
        assert handle.read() == fake.blobs["out-0.png"][0]
    local = os.fspath(outputs[0])
    assert str(outputs[0]) == local and os.path.basename(local) == "out-0.png"
    assert stat_mode(os.path.dirname(local)) == 0o700  # a directory of this process alone
    assert pathlib.Path(outputs[1]).read_bytes() == fake.blobs["out-1.png"][0]
    downloads = fake.requests_for("GET", "/files/*")
    assert len(downloads) == 2 and all("Authorization" not in r.headers for r in downloads)
    os.fspath(outputs[0])
    assert len(fake.requests_for("GET", "/files/*")) == 2  # once per path
    assert "out-0.png" in repr(outputs[0]) and outputs[0] == replicate.URLPath(urls[0])


def test_use_output_paths_given_to_another_model_are_sent_as_their_urls(fake, client, https_files):
    import replicate
    (image,) = client.use("test/image")(num_outputs=1)
    described = client.use("test/echo")(prompt=image)
    assert described == replicate.get_path_url(image)
    assert fake.requests_for("POST", "/v1/models/test/echo/predictions")[-1].json() == {
        "input": {"prompt": replicate.get_path_url(image)}}
    assert fake.requests_for("POST", "/v1/files") == [] and fake.requests_for("GET", "/files/*") == []
    nested = client.use("test/echo").create(prompt="x", extra={"images": [image]})
    assert nested.prediction.input["extra"] == {"images": [replicate.get_path_url(image)]}
    assert replicate.get_path_url("not a path") is None
    assert replicate.get_path_url(replicate.FileOutput("https://a.b/c.png")) == "https://a.b/c.png"


def test_use_data_uri_outputs_are_paths_too(fake, client):
    path = client.use("test/datauri")()
    assert pathlib.Path(path).read_bytes() == tiny_png(0)


def test_use_streaming_yields_items_as_they_come_and_joins_text(fake, client):
    import replicate
    client.poll_interval = 0.05
    tokens = client.use("test/tokens", streaming=True)
    output = tokens(tokens=["a", "b", "c"], interval=0.4)
    assert isinstance(output, replicate.OutputIterator)
    first = next(iter(output))
    assert first == "a" and fake.predictions[next(iter(fake.predictions))].snapshot(time.time()).status != "succeeded"
    assert list(output) == ["a", "b", "c"] and str(output) == "abc"
    assert fake.requests_for("POST", "/v1/models/test/tokens/predictions")[0].headers.get("Prefer") is None
    # a model whose output is one value yields it once, never character by character
    assert list(client.use("test/echo", streaming=True)(prompt="whole")) == ["whole"]


def test_use_text_iterator_models_return_the_whole_text_without_streaming(fake, client):
    assert client.use("test/tokens")(tokens=["x", "y"], interval=0.01) == "xy"


def test_use_run_gives_output_logs_and_its_prediction(fake, client):
    import replicate
    run = client.use("test/slow").create(seconds=0.3)
    assert isinstance(run, replicate.Run) and isinstance(run.prediction, replicate.Prediction)
    assert run.prediction.status in ("starting", "processing")
    assert run.output() == "done"
    assert "step" in (run.logs() or "") or run.logs() is not None


def test_use_failures_raise_model_error_and_missing_models_create_nothing(fake, client):
    import replicate
    with pytest.raises(replicate.ModelError, match="boom"):
        client.use("test/fail")()
    with pytest.raises(replicate.ReplicateError) as error:
        client.use("acme/nope")(prompt="x")
    assert error.value.status == 404 and fake.requests_for("POST", "/v1/models/acme/nope/predictions") == []
    with pytest.raises(TypeError, match="keyword"):
        client.use("test/echo")("positional")
    with pytest.raises(replicate.InvalidArgumentError):
        client.use("not-a-model-ref")


def test_use_output_timeout_cancels_the_prediction(fake, client):
    import replicate
    client.poll_interval = 0.05
    run = client.use("test/slow").create(seconds=30)
    with pytest.raises(replicate.PredictionTimeoutError):
        run.output(timeout=0.5)
    assert _status(fake, run.prediction.id) == "canceled"


def test_use_async_awaits_calls_runs_and_streams(fake, client):
    import replicate

    async def main():
        echo = client.use("test/echo", use_async=True)
        assert isinstance(echo, replicate.AsyncFunction)
        said = await echo(prompt="async")
        run = await echo.create(prompt="later")
        assert isinstance(run, replicate.AsyncRun)
        later = await run.output()
        stream = await client.use("test/tokens", streaming=True, use_async=True)(tokens=["p", "q"], interval=0.01)
        items = [item async for item in stream]
        schema = await echo.openapi_schema()
        return said, later, items, schema

    said, later, items, schema = asyncio.run(main())
    assert (said, later, items) == ("async", "later", ["p", "q"])
    assert schema["components"]["schemas"]["Input"]["properties"]["prompt"]["type"] == "string"


def test_use_async_task_cancelled_while_waiting_cancels_the_prediction(fake, client):
    client.poll_interval = 0.05

    async def main():
        run = await client.use("test/slow", use_async=True).create(seconds=30)
        task = asyncio.ensure_future(run.output())
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return run.prediction.id

    assert _status(fake, asyncio.run(main())) == "canceled"


def test_use_openapi_schema_resolves_references(fake, client):
    spec = fake.models["test/image"]
    spec.schema["components"]["schemas"]["Output"] = {"$ref": "#/components/schemas/Files"}
    spec.schema["components"]["schemas"]["Files"] = {"type": "array", "items": {"type": "string", "format": "uri"}}
    image = client.use("test/image")
    assert image.openapi_schema()["components"]["schemas"]["Output"]["items"]["format"] == "uri"
    import replicate
    assert all(isinstance(path, replicate.URLPath) for path in image(num_outputs=2))


def test_module_level_use_and_client_use_agree(env):
    import replicate
    assert replicate.use("test/echo")(prompt="module") == "module"
    assert replicate.Client(api_token=env.token, base_url=env.url).use("test/echo")(prompt="client") == "client"


# --- Client: token, headers, base URL and arguments ---


def test_client_refuses_bad_arguments_clearly():
    import replicate
    with pytest.raises(TypeError) as error:
        replicate.Client(transport=object())
    assert "transport" in str(error.value)
    with pytest.raises(ValueError):
        replicate.Client(base_url="file:///tmp")
    client = replicate.Client(api_token="t", base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError):
        client.predictions.create(input={})  # no version, model or deployment
    with pytest.raises(TypeError) as error:
        client.predictions.create(model="o/n", input={}, webhook_filter=["completed"])
    assert "webhook_filter" in str(error.value)
    with pytest.raises(ValueError) as error:
        client.predictions.create(model="o/n", input={}, webhook_events_filter=["finished"])
    assert "completed" in str(error.value)
    with pytest.raises(ValueError):
        client.predictions.create(model="o/n", input={}, file_encoding_strategy="zip")
    with pytest.raises(TypeError):
        client.predictions.create(model="o/n", input="a prompt")


def test_missing_token_names_the_variable_before_any_request(monkeypatch):
    import replicate
    monkeypatch.delenv("REPLICATE_API_TOKEN", raising=False)
    client = replicate.Client(base_url="http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(replicate.ReplicateException) as error:
        client.predictions.get("abc")
    assert "REPLICATE_API_TOKEN" in str(error.value)


def test_bearer_token_and_user_agent_are_sent(client, fake):
    output = client.run("test/echo", input={"prompt": "hello"})
    assert output == "hello"
    (request,) = fake.requests
    assert request.headers.get("Authorization") == "Bearer " + TOKEN
    # a product token of its own: never an official client's version it is not
    import replicate
    assert request.headers.get("User-Agent") == "replicate-py/%s (the API of replicate-python 1.0.7)" % (
        replicate.__version__)


def test_token_is_read_from_the_environment_at_request_time(env, monkeypatch):
    import replicate
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    with pytest.raises(replicate.ReplicateException) as error:
        replicate.run("test/echo", input={"prompt": "hi"})
    assert "REPLICATE_API_TOKEN" in str(error.value)
    assert env.requests == []  # refused before anything was sent
    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_not_the_right_one")
    with pytest.raises(replicate.ReplicateError) as error:
        replicate.run("test/echo", input={"prompt": "hi"})
    assert error.value.status == 401
    assert env.requests[-1].headers.get("Authorization") == "Bearer r8_not_the_right_one"
    monkeypatch.setenv("REPLICATE_API_TOKEN", env.token)  # set after the client exists
    assert replicate.run("test/echo", input={"prompt": "hi"}) == "hi"
    assert env.requests[-1].headers.get("Authorization") == "Bearer " + env.token


def test_token_set_after_import_in_a_fresh_interpreter(fake):
    here = os.path.dirname(os.path.abspath(__file__))
    code = ("import os, sys\n"
            "sys.path.insert(0, %r)\n"
            "os.environ.pop('REPLICATE_API_TOKEN', None)\n"
            "import replicate\n"
            "os.environ['REPLICATE_API_TOKEN'] = %r\n"
            "os.environ['REPLICATE_BASE_URL'] = %r\n"
            "print(replicate.run('test/echo', input={'prompt': 'after import'}))\n"
            % (here, fake.token, fake.url))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")}
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                            timeout=30, universal_newlines=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "after import"
    assert fake.requests[-1].headers.get("Authorization") == "Bearer " + fake.token


def test_missing_token_is_a_clear_error_and_sends_nothing(env, monkeypatch, tmp_path):
    import replicate
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    photo = tmp_path / "photo.png"
    photo.write_bytes(tiny_png(1))
    for call_it in (lambda: replicate.run("test/echo", input={"prompt": "x"}),
                    lambda: replicate.models.get("test/echo"),
                    lambda: replicate.predictions.create(model="test/echo",
                                                         input={"prompt": "x", "image": photo})):
        with pytest.raises(replicate.ReplicateException) as error:
            call_it()
        assert "REPLICATE_API_TOKEN" in str(error.value)
    assert env.requests == []
    assert env.files == {}


def test_client_headers_reach_the_api_but_not_the_file_host(fake):
    import replicate
    made = replicate.Client(api_token=fake.token, base_url=fake.url,
                            headers={"X-Team": "part-a", "X-Trace": "abc123"})
    try:
        output = made.run("test/image", input={"num_outputs": 1})
        assert output[0].read() == tiny_png(0)
    finally:
        made.close()
    api = fake.requests_for("POST", "/v1/models/test/image/predictions")
    assert len(api) == 1
    assert api[0].headers.get("X-Team") == "part-a" and api[0].headers.get("X-Trace") == "abc123"
    downloads = fake.requests_for("GET", "/files/*")
    assert len(downloads) == 1
    assert downloads[0].headers.get("X-Team") is None
    assert downloads[0].headers.get("Authorization") is None


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_base_url_from_environment_with_or_without_v1(env, monkeypatch, suffix):
    import replicate
    monkeypatch.setenv("REPLICATE_BASE_URL", env.url + suffix)
    assert replicate.run("test/echo", input={"prompt": "base"}) == "base"
    assert [r.path for r in env.requests] == ["/v1/models/test/echo/predictions"]
    made = replicate.Client(api_token=env.token, base_url=env.url + suffix)
    try:
        assert made.models.get("test/echo").name == "echo"
    finally:
        made.close()
    assert env.requests[-1].path == "/v1/models/test/echo"
    assert not any("/v1/v1" in r.path for r in env.requests)


# A token with characters a token cannot have is refused before any request, unshown.
def test_token_with_bad_characters_is_refused_and_never_shown(fake):
    import replicate
    for bad in ("r8_secret\u2013token", "r8_secret token", "r8_secret\ttoken"):
        made = replicate.Client(api_token=bad, base_url=fake.url)
        with pytest.raises(replicate.ReplicateException) as error:
            made.models.get("test/echo")
        for text in (str(error.value), repr(error.value)):
            assert bad not in text and "secret" not in text, text
        made.close()
    assert fake.requests == [], "a request went out with a bad token"
    good = replicate.Client(api_token=TOKEN + "\n", base_url=fake.url)
    try:
        assert good.models.get("test/echo").name == "echo"
    finally:
        good.close()
    assert fake.requests[-1].headers.get("Authorization") == "Bearer " + TOKEN


@pytest.mark.parametrize("value, error", [(NAN, ValueError), (-1, ValueError), (0, ValueError),
                                          ("30", TypeError)])
def test_run_timeout_is_checked(client, fake, value, error):
    with pytest.raises(error) as caught:
        client.run("test/echo", input={"prompt": "x"}, timeout=value)
    assert "timeout" in str(caught.value)
    assert fake.requests_for("POST") == []


def test_run_timeout_inf_means_no_limit(client, fake):
    assert client.run("test/echo", input={"prompt": "unbounded"}, timeout=INF) == "unbounded"


@pytest.mark.parametrize("value, error", [(NAN, ValueError), (-1, ValueError), (0, ValueError),
                                          ("30", TypeError)])
def test_wait_timeout_is_checked(client, fake, monkeypatch, value, error):
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.05")
    prediction = client.predictions.create(model="test/slow", input={"seconds": 2})
    with pytest.raises(error) as caught:
        prediction.wait(timeout=value)
    assert "timeout" in str(caught.value)


@pytest.mark.parametrize("value, error", [(NAN, ValueError), (-1, ValueError), (0, ValueError),
                                          ("30", TypeError)])
def test_client_timeout_is_checked(fake, value, error):
    import replicate
    with pytest.raises(error) as caught:
        replicate.Client(api_token=fake.token, base_url=fake.url, timeout=value)
    assert "timeout" in str(caught.value)


def test_client_timeout_inf_means_no_read_timeout(fake):
    import replicate
    with replicate.Client(api_token=fake.token, base_url=fake.url, timeout=INF) as client:
        assert client.accounts.current().username == OWNER
        assert client.run("test/echo", input={"prompt": "held"}) == "held"


@pytest.mark.parametrize("value, error", [(NAN, ValueError), (0, ValueError), (-1, ValueError),
                                          ("0.5", TypeError)])
def test_poll_interval_is_checked(client, value, error):
    with pytest.raises(error) as caught:
        client.poll_interval = value
    assert "poll_interval" in str(caught.value)


@pytest.mark.parametrize("raw", ["nan", "0"])
def test_poll_interval_from_the_environment_is_checked(client, monkeypatch, raw):
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", raw)
    with pytest.raises(ValueError) as caught:
        client.poll_interval
    assert "REPLICATE_POLL_INTERVAL" in str(caught.value)


@pytest.mark.parametrize("keyword, value", [("cancel_after", NAN), ("wait", 0)])
def test_run_arguments_are_checked_before_any_upload(client, fake, keyword, value):
    """A bad argument must not cost the upload of the file inputs first."""
    with pytest.raises(ValueError) as caught:
        client.run("test/echo", input={"prompt": "x", "doc": io.BytesIO(b"a document")}, **{keyword: value})
    assert keyword in str(caught.value)
    assert fake.requests == []


# --- Client: run() ---


def _wait_for(predicate, timeout=15.0):
    """Whether predicate() became true within `timeout` s (checked every 10 ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


def test_run_fast_model_is_exactly_one_request_with_prefer_wait(client, fake):
    assert client.run("test/echo", input={"prompt": "quick"}) == "quick"
    assert len(fake.requests) == 1
    assert fake.requests[0].headers.get("Prefer") == "wait"


def test_run_wait_seconds_sends_prefer_wait_n(client, fake):
    assert client.run("test/echo", input={"prompt": "n"}, wait=7) == "n"
    assert fake.requests[0].headers.get("Prefer") == "wait=7"


def test_run_wait_false_sends_no_prefer_and_still_returns_the_output(client, fake):
    client.poll_interval = 0.05
    fake.time_scale = 0.1
    assert client.run("test/slow", input={"seconds": 3}, wait=False) == "done"
    post = fake.requests_for("POST")
    assert len(post) == 1 and post[0].headers.get("Prefer") is None
    assert len(fake.requests_for("GET", "/v1/predictions/*")) >= 2


def test_run_slow_model_is_polled_at_urls_get_until_terminal(client, fake):
    client.poll_interval = 0.05
    fake.time_scale = 0.1  # 5 fake seconds = 0.5 s; the wait=1 hold is 0.1 s
    started = time.monotonic()
    assert client.run("test/slow", input={"seconds": 5}, wait=1) == "done"
    assert time.monotonic() - started < 4
    (post,) = fake.requests_for("POST")
    assert post.headers.get("Prefer") == "wait=1"
    (pid,) = list(fake.predictions)
    polls = fake.requests_for("GET", "/v1/predictions/*")
    assert len(polls) >= 3
    assert {r.path for r in polls} == {"/v1/predictions/" + pid}  # urls.get
    others = [r.path for r in fake.requests if r.method == "GET" and r not in polls]
    # at most one look at the version (is its output an iterator?), nothing else
    assert others in ([], ["/v1/models/test/slow/versions/" + fake.version_id("test/slow")])
    # it stopped polling once it had seen the end: at most one poll after the end
    assert sum(r.time > fake.predictions[pid].end for r in polls) <= 1
    assert all(r.headers.get("Authorization") == "Bearer " + TOKEN for r in polls)


def test_run_failed_prediction_raises_model_error_with_the_prediction(client, fake):
    import replicate
    client.poll_interval = 0.05
    fake.time_scale = 0.1
    for kwargs in ({}, {"wait": False}):
        with pytest.raises(replicate.ModelError) as error:
            client.run("test/fail", input={"seconds": 1}, **kwargs)
        prediction = error.value.prediction
        assert isinstance(prediction, replicate.Prediction)
        assert prediction.status == "failed"
        assert prediction.error == "boom"
        assert "RuntimeError: boom" in prediction.logs
        assert "boom" in str(error.value)
        assert prediction.id in fake.predictions


def test_run_canceled_from_another_thread_raises_model_error(client, fake):
    import replicate
    client.poll_interval = 0.05
    fake.time_scale = 0.05  # 100 fake seconds = 5 s if nobody cancels
    canceled = []

    def cancel_soon():
        if _wait_for(lambda: fake.predictions):
            time.sleep(0.1)
            canceled.append(client.predictions.cancel(list(fake.predictions)[0]))

    thread = threading.Thread(target=cancel_soon)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(replicate.ModelError) as error:
            client.run("test/slow", input={"seconds": 100}, wait=False)
    finally:
        thread.join(10)
    assert time.monotonic() - started < 3
    assert error.value.prediction.status == "canceled"
    assert "canceled" in str(error.value)
    assert canceled and canceled[0].status == "canceled"
    assert len(fake.requests_for("POST", "/v1/predictions/*/cancel")) == 1


@pytest.mark.parametrize("wait", [True, False])
def test_run_aborted_by_cancel_after_raises_and_never_hangs(client, fake, wait):
    import replicate
    client.poll_interval = 0.05
    fake.time_scale = 0.02
    fake.start_delay = 10  # the 5 s deadline passes while it is still queued: aborted
    started = time.monotonic()
    with pytest.raises(replicate.ModelError) as error:
        client.run("test/slow", input={"seconds": 20}, cancel_after="5s", wait=wait)
    assert time.monotonic() - started < 3
    assert error.value.prediction.status == "aborted"
    assert "aborted" in str(error.value)
    (post,) = fake.requests_for("POST")
    assert post.headers.get("Cancel-After") == "5s"


def test_run_canceled_by_cancel_after_while_running(client, fake):
    import replicate
    client.poll_interval = 0.05
    fake.time_scale = 0.02  # starts at once, the deadline (0.1 s) cuts it while processing
    started = time.monotonic()
    with pytest.raises(replicate.ModelError) as error:
        client.run("test/slow", input={"seconds": 100}, cancel_after=5, wait=False)
    assert time.monotonic() - started < 3
    assert error.value.prediction.status == "canceled"
    assert fake.requests_for("POST")[0].headers.get("Cancel-After") == "5s"


def test_run_file_outputs_and_use_file_output_false(client, fake):
    import replicate
    outputs = client.run("test/image", input={"num_outputs": 2})
    assert [type(o) for o in outputs] == [replicate.FileOutput, replicate.FileOutput]
    assert [o.url for o in outputs] == [fake.https_url + "/files/out-%d.png" % i for i in (0, 1)]
    assert [o.read() for o in outputs] == [tiny_png(0), tiny_png(1)]
    plain = client.run("test/image", input={"num_outputs": 2}, use_file_output=False)
    assert plain == [fake.https_url + "/files/out-%d.png" % i for i in (0, 1)]
    assert all(type(o) is str for o in plain)
    data = client.run("test/datauri", input={})
    assert isinstance(data, replicate.FileOutput) and data.url.startswith("data:image/png;base64,")
    assert data.read() == tiny_png(0)
    text = client.run("test/datauri", input={}, use_file_output=False)
    assert type(text) is str and text == data.url


# A version that answers 404 is looked up once per client.
def test_missing_version_is_looked_up_once_per_client(client, fake):
    vid = "f" * 64
    version_path = "/v1/models/test/echo/versions/" + vid
    fake.queue_problem("GET", version_path, 404, "Version not found")
    answer = _prediction_answer(fake, pid="pred404", status="succeeded", output="hi", version=vid)
    fake.queue_response("POST", "/v1/predictions", status=201, body=answer, times=2)
    for _ in range(2):
        assert client.run("test/echo:" + vid, input={"prompt": "hi"}) == "hi"
    assert len(fake.requests_for("GET", version_path)) == 1
    assert len(fake.requests_for("POST", "/v1/predictions")) == 2


def test_a_misspelled_keyword_to_run_names_the_nearest_and_every_one_taken(fake, client):
    import replicate
    for call in (replicate.run, client.run):
        with pytest.raises(TypeError) as error:
            call("test/echo", input={"prompt": "x"}, timout=3)
        message = str(error.value)
        assert "'timout' (did you mean 'timeout'?)" in message
        assert "use_file_output" in message and "file_encoding_strategy" in message
    with pytest.raises(TypeError, match="did you mean 'wait'"):
        client.stream("test/echo", input={"prompt": "x"}, wiat=False)
    assert fake.requests == []
    import inspect
    assert "timeout" in inspect.signature(replicate.run).parameters


# --- Client: responses of the wrong shape ---


def _nested(depth):
    value = "https://example.com/leaf.png"
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


@pytest.mark.parametrize("body, says", [
    ("[" * 100000 + "]" * 100000, r"nest|deep|depth"),
    ("[1, 2]", r"object|list|array"),
    ("5", r"object|number"),
    ("null", r"object|null|empty"),
], ids=["nested-100000-deep", "list", "number", "null"])
def test_prediction_answer_of_the_wrong_shape_raises_invalid_response(fake, client, body, says):
    import replicate
    fake.queue_response("GET", "/v1/predictions/p1", body=body.encode(),
                        headers={"Content-Type": "application/json"})
    box = _finishes(lambda: client.predictions.get("p1"), 10)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateError), box
    assert error.title == "Invalid response"
    assert re.search(says, str(error), re.I), str(error)


@pytest.mark.parametrize("fields, names", [
    ({"status": 5}, "status"),
    ({"status": ["succeeded"]}, "status"),
    ({"urls": "https://api.replicate.com/v1/predictions/p1"}, "urls"),
    ({"status": "processing", "logs": 5}, "logs"),
    (None, "id"),
], ids=["status-number", "status-list", "urls-string", "logs-number", "no-id"])
def test_run_answered_with_fields_of_the_wrong_type_raises_invalid_response(fake, client, fields, names):
    import replicate
    client.poll_interval = 0.05
    if fields is None:
        body = {}
    else:
        body = _prediction_json(fake.url, status="processing")
        body.update(fields)
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201, body=body)
    fake.queue_response("GET", "/v1/predictions/p1", body=body, times=200)
    progress = lambda prediction: prediction.progress  # noqa: E731  # reads the logs too
    box = _finishes(lambda: client.run("test/echo", input={"prompt": "x"}, progress=progress), 10)
    error = box.get("error")
    assert isinstance(error, replicate.ReplicateError), box
    assert error.title == "Invalid response", repr(error)
    assert names in str(error), str(error)


@pytest.mark.parametrize("body, says", [(None, r"object|null|empty"), ({"results": {"id": "p1"}}, "results")],
                         ids=["null", "results-object"])
def test_page_of_the_wrong_shape_raises_invalid_response(fake, client, body, says):
    import replicate
    fake.queue_response("GET", "/v1/predictions", body=b"null" if body is None else json.dumps(body).encode(),
                        headers={"Content-Type": "application/json"})
    with pytest.raises(replicate.ReplicateError) as caught:
        client.predictions.list()
    assert caught.value.title == "Invalid response"
    assert re.search(says, str(caught.value), re.I), str(caught.value)


@pytest.mark.parametrize("depth", [200, 100000])
def test_run_output_nested_too_deep_raises_replicate_error(fake, client, depth):
    import replicate
    ok = _prediction_json(fake.url, status="succeeded", output=_nested(100))
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201, body=ok)
    assert client.run("test/echo", input={"prompt": "x"}, use_file_output=False) == _nested(100)
    if depth <= 900:
        deep = json.dumps(_prediction_json(fake.url, status="succeeded", output=_nested(depth)))
    else:  # more than json.dumps can write
        deep = json.dumps(_prediction_json(fake.url, status="succeeded", output="HOLE"))
        deep = deep.replace('"HOLE"', "[" * depth + "]" * depth)
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201, body=deep.encode(),
                        headers={"Content-Type": "application/json"})
    box = _finishes(lambda: client.run("test/echo", input={"prompt": "x"}), 10)
    assert isinstance(box.get("error"), replicate.ReplicateError), box


# --- Client: streams ---


def test_module_stream_creates_with_stream_true_and_reads_sse(env):
    import replicate
    fake = env
    tokens = ["Dolly ", "the ", "sheep"]
    events = list(replicate.stream("test/tokens", input={"tokens": tokens, "interval": 0.02}))
    job = fake.predictions[_only_prediction_id(fake)]
    # the create: stream true in the body, no Prefer: wait (a held create would batch the output)
    (create,) = _posts(fake)
    assert create.url_path == "/v1/models/test/tokens/predictions"
    assert create.json() == {"input": {"tokens": tokens, "interval": 0.02}, "stream": True}
    assert create.headers.get("Prefer") is None
    assert create.headers.get("Authorization") == "Bearer " + fake.token
    # the stream: a GET of urls.stream that asks for text/event-stream
    streams = fake.requests_for("GET", "/v1/streams/*")
    assert len(streams) == 1
    assert streams[0].url_path == "/v1/streams/" + job.id
    assert "text/event-stream" in streams[0].headers.get("Accept", "")
    assert streams[0].headers.get("Last-Event-ID") is None
    # events in order, with their ids; `done` is the last one yielded, as by the official
    # clients (code may wait for it), and ends the iteration
    assert all(isinstance(e, replicate.ServerSentEvent) for e in events)
    assert [(e.event, e.data, e.id) for e in events] == [
        ("logs", "generating 3 tokens", "1"),
        ("output", "Dolly ", "2"),
        ("output", "the ", "3"),
        ("output", "sheep", "4"),
        ("done", "{}", "5"),
    ]
    assert [str(e) for e in events] == ["", "Dolly ", "the ", "sheep", ""]
    assert "".join(str(e) for e in events) == "Dolly the sheep"


def test_client_stream_of_a_plain_model_yields_logs_then_output(fake, client):
    events = list(client.stream("test/echo", input={"prompt": "hello"}))
    assert [(e.event, e.data) for e in events] == [("logs", "echoing 5 characters"), ("output", "hello"),
                                                  ("done", "{}")]
    assert "".join(map(str, events)) == "hello"
    create = _posts(fake)[0]
    assert create.json()["stream"] is True and "Prefer" not in create.headers
    # a version reference goes to /v1/predictions with the bare version id
    fake.clear_requests()
    vid = FakeReplicate.version_id("test/echo", 2)
    events = list(client.stream("test/echo:" + vid, input={"prompt": "hey"}))
    assert [str(e) for e in events if e.event == "output"] == ["hey"]
    create = _posts(fake)[0]
    assert create.url_path == "/v1/predictions"
    assert create.json() == {"version": vid, "input": {"prompt": "hey"}, "stream": True}


def test_prediction_stream_method_reads_its_stream_url(fake, client):
    prediction = client.predictions.create(model="test/tokens", input={"tokens": ["a", "b"], "interval": 0.02},
                                           stream=True)
    assert _posts(fake)[0].json()["stream"] is True
    events = list(prediction.stream())
    assert [(e.event, str(e)) for e in events] == [("logs", ""), ("output", "a"), ("output", "b"),
                                                  ("done", "")]
    (stream,) = fake.requests_for("GET", "/v1/streams/*")
    assert fake.url + stream.url_path == prediction.urls["stream"]
    assert "text/event-stream" in stream.headers.get("Accept", "")


def test_stream_of_a_failed_model_raises_model_error_on_the_error_event(fake, client):
    import replicate
    seen = []
    with pytest.raises(replicate.ModelError) as error:
        for event in client.stream("test/fail", input={}):
            seen.append(event)
    assert "boom" in str(error.value)
    assert error.value.prediction.status == "failed"
    assert error.value.prediction.error == "boom"
    # the log lines before the error came through; nothing after it
    assert [e.event for e in seen] == ["logs"] * 4
    assert seen[-1].data == "RuntimeError: boom"
    assert len(fake.requests_for("GET", "/v1/streams/*")) == 1  # an error is final: no reconnect


def test_stream_error_names_the_prediction_it_streamed(fake, client):
    import replicate
    with pytest.raises(replicate.ModelError) as error:
        list(client.stream("test/fail", input={}))
    job = fake.predictions[_only_prediction_id(fake)]
    # ModelError.prediction is documented as "the final Prediction": its id is known here
    assert error.value.prediction.id == job.id
    assert job.id in str(error.value)


def test_dropped_stream_resumes_with_last_event_id_losing_and_repeating_nothing(fake, client):
    tokens = ["one ", "two ", "three ", "four ", "five ", "six"]
    fake.stream_drop_after = 3  # the first connection closes after 3 events, without `done`
    started = time.time()
    events = list(client.stream("test/tokens", input={"tokens": tokens, "interval": 0.02}))
    assert time.time() - started < 5
    assert "".join(str(e) for e in events) == "".join(tokens)
    ids = [int(e.id) for e in events]
    assert ids == list(range(1, len(tokens) + 3))  # logs + 6 outputs + done, none lost or repeated
    streams = fake.requests_for("GET", "/v1/streams/*")
    assert len(streams) == 2
    assert streams[0].headers.get("Last-Event-ID") is None
    # resumed after the third event, the last one the first connection delivered
    assert streams[1].headers.get("Last-Event-ID") == events[2].id == "3"
    assert streams[1].url_path == streams[0].url_path
    assert "text/event-stream" in streams[1].headers.get("Accept", "")


def test_stream_of_a_prediction_without_stream_url_raises_clearly(fake, client):
    import replicate
    created = client.predictions.create(model="test/echo", input={"prompt": "x"})
    data = fake.job_json(fake.predictions[created.id])
    del data["urls"]["stream"]
    fake.queue_response("GET", "/v1/predictions/" + created.id, body=data)
    prediction = client.predictions.get(created.id)
    assert "stream" not in prediction.urls
    with pytest.raises(replicate.ReplicateException) as error:
        list(prediction.stream())
    assert "stream" in str(error.value)
    assert created.id in str(error.value)
    assert fake.requests_for("GET", "/v1/streams/*") == []


# A cancel while the stream is read ends the stream with ModelError (status canceled).
@pytest.mark.parametrize("how", ["client_stream_cancel_in_loop", "prediction_stream_cancel_from_thread"])
def test_stream_canceled_while_read_raises_model_error(client, fake, how):
    import replicate
    tokens = ["one ", "two ", "three ", "four ", "five "]
    inputs = {"tokens": tokens, "interval": 0.4}
    seen = []
    with pytest.raises(replicate.ModelError) as error:
        if how == "client_stream_cancel_in_loop":
            events = client.stream("test/tokens", input=inputs)
        else:
            events = client.predictions.create(model="test/tokens", input=inputs, stream=True).stream()
        for event in events:
            seen.append(event)
            if event.event == "output" and len([e for e in seen if e.event == "output"]) == 1:
                pid = _only_prediction_id(fake)
                if how == "client_stream_cancel_in_loop":
                    client.predictions.cancel(pid)
                else:
                    answers = []
                    thread = threading.Thread(target=lambda: answers.append(
                        call(fake, "POST", "/v1/predictions/%s/cancel" % pid)[0]))
                    thread.start()
                    thread.join(10)
                    assert answers == [200]
    pid = _only_prediction_id(fake)
    assert error.value.prediction is not None
    assert error.value.prediction.status == "canceled"
    assert error.value.prediction.id == pid
    outputs = [str(e) for e in seen if e.event == "output"]
    assert outputs and outputs[0] == "one " and len(outputs) < len(tokens)
    # the precondition: the fake's stream of a canceled prediction ends with done/canceled
    last = parse_sse(read_stream(fake, pid))[-1]
    assert last["event"] == "done" and json.loads(last["data"]) == {"reason": "canceled"}


# stream(use_file_output=False) yields URL strings; by default they are FileOutput.
def test_stream_yields_url_strings_with_use_file_output_false_and_file_outputs_by_default(client, fake):
    import replicate
    plain = [e for e in client.stream("test/image", input={"num_outputs": 2}, use_file_output=False)
             if e.event == "output"]
    assert [type(e.data) for e in plain] == [str, str]
    assert [e.data for e in plain] == ["%s/files/out-%d.png" % (fake.https_url, i) for i in range(2)]
    files = [e for e in client.stream("test/image", input={"num_outputs": 2}) if e.event == "output"]
    assert [type(e.data) for e in files] == [replicate.FileOutput] * 2
    assert [e.data.url for e in files] == [e.data for e in plain]
    assert files[1].data.read() == tiny_png(1)
    creates = fake.requests_for("POST", "/v1/models/test/image/predictions")
    assert len(creates) == 2
    assert all("use_file_output" not in r.json() for r in creates)


def test_stream_over_an_https_api_is_read_whole(fake):
    made = _https_api_client(fake)
    try:
        events = list(made.stream("test/tokens", input={"tokens": ["a", "b", "c"], "interval": 0.05}))
    finally:
        made.close()
    assert "".join(str(e) for e in events if e.event == "output") == "abc"
    assert len(fake.requests_for("GET", "/v1/streams/*")) == 1


# --- Client: iterator models ---


def test_run_token_model_version_returns_an_iterator_of_the_text(client, fake):
    import replicate
    client.poll_interval = 0.05
    vid = fake.version_id("test/tokens")
    tokens = ["Dolly ", "the ", "sheep ", "was ", "cloned."]
    output = client.run("test/tokens:" + vid, input={"tokens": tokens, "interval": 0.01})
    assert isinstance(output, replicate.OutputIterator)
    assert list(output) == tokens
    assert "".join(output) == "Dolly the sheep was cloned."
    assert str(output) == "Dolly the sheep was cloned."
    # while it runs: items arrive from the prediction's stream, with no polling
    fake.time_scale = 0.5
    output = client.run(vid, input={"tokens": tokens, "interval": 0.1}, wait=False)
    assert isinstance(output, replicate.OutputIterator)
    assert "".join(output) == "Dolly the sheep was cloned."
    assert fake.requests_for("GET", "/v1/predictions/*") == []
    assert len(fake.requests_for("GET", "/v1/streams/*")) == 2


def test_run_of_an_iterator_version_yields_tokens_while_it_runs(fake, client):
    import replicate
    client.poll_interval = 0.05
    tokens = ["Once ", "upon ", "a ", "time"]
    vid = FakeReplicate.version_id("test/tokens")
    started = time.time()
    output = client.run("test/tokens:" + vid, input={"tokens": tokens, "interval": 0.5})
    assert isinstance(output, replicate.OutputIterator)
    iterator = iter(output)
    first = next(iterator)
    first_at = time.time() - started
    job = fake.predictions[_only_prediction_id(fake)]
    # the first token arrives while the model is still producing the others
    assert first == "Once "
    assert _status(fake, job) == "processing", "first token only after the prediction ended"
    assert first_at < 1.5
    assert [first] + list(iterator) == tokens
    assert str(output) == "Once upon a time"
    assert list(output) == tokens  # iterating again replays the items
    assert _posts(fake)[0].json()["version"] == vid


def test_run_of_a_slow_iterator_model_by_name_returns_an_iterator(fake, client):
    import replicate
    client.poll_interval = 0.02
    fake.time_scale = 0.01  # Prefer: wait (60 fake s) holds 0.6 s; each token takes 0.4 s
    tokens = ["a", "b", "c", "d"]
    output = client.run("test/tokens", input={"tokens": tokens, "interval": 40})
    assert isinstance(output, replicate.OutputIterator)
    job = fake.predictions[_only_prediction_id(fake)]
    create = _posts(fake)[0]
    assert create.url_path == "/v1/models/test/tokens/predictions"
    assert create.headers.get("Prefer") == "wait"
    seen = []
    for item in output:
        seen.append((item, _status(fake, job)))
    assert [item for item, _ in seen] == tokens
    assert seen[0][1] == "processing"  # items came while it ran
    assert str(output) == "abcd"


def test_prediction_output_iterator_yields_items_as_they_appear(fake, client):
    client.poll_interval = 0.02
    tokens = ["x", "y", "z"]
    prediction = client.predictions.create(version=FakeReplicate.version_id("test/tokens"),
                                           input={"tokens": tokens, "interval": 0.3})
    assert prediction.status == "starting"
    job = fake.predictions[prediction.id]
    iterator = prediction.output_iterator()
    assert next(iterator) == "x"
    assert _status(fake, job) == "processing"
    assert list(iterator) == ["y", "z"]
    assert prediction.status == "succeeded" and prediction.output == tokens
    # from the stream, as the model emits them: no poll
    assert fake.requests_for("GET", "/v1/predictions/" + prediction.id) == []
    assert len(fake.requests_for("GET", "/v1/streams/" + prediction.id)) == 1


def test_run_of_a_text_iterator_model_reads_its_stream_in_three_requests(fake, client):
    import replicate
    vid = fake.version_id("test/tokens")
    output = client.run("test/tokens:" + vid, input={"tokens": ["a", "b", "c"], "interval": 0.2})
    first = next(iter(output))
    assert first == "a"
    assert "".join(output) == "abc"
    assert [(r.method, r.url_path) for r in fake.requests] == [
        ("GET", "/v1/models/test/tokens/versions/" + vid), ("POST", "/v1/predictions"),
        ("GET", "/v1/streams/" + next(iter(fake.predictions)))]


def test_run_of_an_iterator_model_without_a_stream_url_is_polled(fake, client):
    import replicate
    client.poll_interval = 0.05
    vid = fake.version_id("test/tokens")
    pid = new_id()
    body = _prediction_answer(fake, "test/tokens", vid, {"tokens": ["a"]}, "processing", output=["a"], pid=pid)
    body["urls"].pop("stream")
    fake.queue_response("POST", "/v1/predictions", 201, body=body)
    done = dict(body, status="succeeded", output=["a", "b"])
    fake.queue_response("GET", "/v1/predictions/" + pid, 200, body=done)
    assert list(client.run("test/tokens:" + vid, input={"tokens": ["a"]})) == ["a", "b"]
    assert fake.requests_for("GET", "/v1/streams/*") == []


# --- Client: async ---


def _threads_in_send():
    """Idents of threads (other than this one) currently inside replicate's Client._send,
    i.e. blocked in an HTTP request."""
    import replicate
    target = os.path.abspath(replicate.__file__)
    me = threading.get_ident()
    found = set()
    for ident, frame in sys._current_frames().items():
        if ident == me:
            continue
        while frame is not None:
            code = frame.f_code
            if code.co_name == "_send" and os.path.abspath(code.co_filename) == target:
                found.add(ident)
                break
            frame = frame.f_back
    return found


def _cancel_async_run(fake, client, **params):
    """Start async_run of a 20 s model, cancel its task once the prediction exists, and
    report what happened within the next 3 seconds."""
    before = _threads_in_send()
    outcome = {}

    async def main():
        task = asyncio.ensure_future(client.async_run("test/slow", input={"seconds": 20}, **params))
        until = time.time() + 5
        while not fake.predictions and time.time() < until:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            outcome["cancelled"] = True
        job = fake.predictions[_only_prediction_id(fake)]
        until = time.time() + 3
        while time.time() < until:
            if _status(fake, job) == "canceled" and not _threads_in_send() - before:
                break
            await asyncio.sleep(0.05)
        outcome["job"] = job
        outcome["status"] = _status(fake, job)
        outcome["stuck"] = _threads_in_send() - before
        if outcome["stuck"]:
            fake.close()  # release the blocked request so that the test ends quickly

    started = time.time()
    asyncio.run(main())
    outcome["elapsed"] = time.time() - started
    return outcome


def test_module_async_run_returns_the_output(env):
    import replicate
    fake = env
    output = asyncio.run(replicate.async_run("test/echo", input={"prompt": "async hello"}))
    assert output == "async hello"
    create = _posts(fake)[0]
    assert create.url_path == "/v1/models/test/echo/predictions"
    assert create.json() == {"input": {"prompt": "async hello"}}
    assert create.headers.get("Authorization") == "Bearer " + fake.token


def test_async_run_of_a_failing_model_raises_model_error(fake, client):
    import replicate
    client.poll_interval = 0.05
    with pytest.raises(replicate.ModelError) as error:
        asyncio.run(client.async_run("test/fail", input={}))
    assert error.value.prediction.status == "failed" and error.value.prediction.error == "boom"


def test_async_run_file_outputs_read_and_iterate_asynchronously(fake, client):
    import replicate

    async def main():
        outputs = await client.async_run("test/image", input={"num_outputs": 2})
        data = [await output.aread() for output in outputs]
        chunks = []
        async for chunk in outputs[1]:
            chunks.append(chunk)
        return outputs, data, chunks

    outputs, data, chunks = asyncio.run(main())
    assert all(isinstance(o, replicate.FileOutput) for o in outputs)
    assert [o.url for o in outputs] == [fake.https_url + "/files/out-0.png", fake.https_url + "/files/out-1.png"]
    assert data == [tiny_png(0), tiny_png(1)]
    assert chunks and all(isinstance(c, bytes) for c in chunks)
    assert b"".join(chunks) == tiny_png(1)
    assert len(fake.requests_for("GET", "/files/out-1.png")) == 2


def test_async_stream_yields_events(env):
    import replicate
    fake = env

    async def main(stream):
        return [event async for event in stream]

    events = asyncio.run(main(replicate.async_stream("test/tokens", input={"tokens": ["p", "q"],
                                                                           "interval": 0.02})))
    assert [(e.event, e.data, e.id) for e in events] == [
        ("logs", "generating 2 tokens", "1"), ("output", "p", "2"), ("output", "q", "3"),
        ("done", "{}", "4")]
    assert _posts(fake)[0].json()["stream"] is True

    client = replicate.Client(api_token=fake.token, base_url=fake.url)
    events = asyncio.run(main(client.async_stream("test/echo", input={"prompt": "hi"})))
    assert [str(e) for e in events] == ["", "hi", ""]
    assert len(fake.requests_for("GET", "/v1/streams/*")) == 2


def test_async_paginate_walks_every_page_of_predictions(fake, client):
    import replicate
    ids = [client.predictions.create(model="test/echo", input={"prompt": str(i)}).id for i in range(5)]
    fake.clear_requests()

    async def main():
        pages = []
        async for page in replicate.async_paginate(client.predictions.async_list):
            pages.append(page)
        return pages

    pages = asyncio.run(main())
    assert all(isinstance(page, replicate.Page) for page in pages)
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [p.id for page in pages for p in page] == ids[::-1]
    assert all(isinstance(p, replicate.Prediction) for page in pages for p in page)
    gets = fake.requests_for("GET", "/v1/predictions")
    assert len(gets) == 3
    assert "cursor" not in gets[0].query and all("cursor" in g.query for g in gets[1:])


def test_async_twins_of_namespace_and_prediction_methods(fake, client):
    import replicate
    client.poll_interval = 0.05

    async def main():
        prediction = await client.predictions.async_create(model="test/slow", input={"seconds": 0.3})
        first_status = prediction.status
        fetched = await client.predictions.async_get(prediction.id)
        await prediction.async_reload()
        await prediction.async_wait()
        long = await client.predictions.async_create(model="test/slow", input={"seconds": 30})
        canceled = await client.predictions.async_cancel(long.id)
        other = await client.predictions.async_create(model="test/slow", input={"seconds": 30})
        await other.async_cancel()
        page = await client.predictions.async_list()
        model = await client.models.async_get("test/echo")
        await model.async_reload()  # the resources' own methods have twins too
        echoed = await model.latest_version.async_predict(prompt="twin")
        return prediction, first_status, fetched, canceled, other, page, model, echoed

    prediction, first_status, fetched, canceled, other, page, model, echoed = asyncio.run(main())
    assert echoed == "twin"
    assert first_status in ("starting", "processing")
    assert isinstance(fetched, replicate.Prediction) and fetched.id == prediction.id
    assert prediction.status == "succeeded" and prediction.output == "done"
    assert isinstance(canceled, replicate.Prediction) and canceled.status == "canceled"
    assert _status(fake, fake.predictions[canceled.id]) == "canceled"
    assert other.status == "canceled" and _status(fake, fake.predictions[other.id]) == "canceled"
    assert isinstance(page, replicate.Page) and page[0].id == other.id
    assert isinstance(model, replicate.Model) and model.name == "echo"
    paths = [(r.method, r.url_path) for r in fake.requests]
    assert ("GET", "/v1/predictions/" + prediction.id) in paths
    assert ("POST", "/v1/predictions/%s/cancel" % canceled.id) in paths
    assert ("POST", "/v1/predictions/%s/cancel" % other.id) in paths
    assert ("GET", "/v1/predictions") in paths
    assert paths.count(("GET", "/v1/models/test/echo")) == 2


def test_cancelling_async_run_while_polling_cancels_the_prediction(fake, client):
    client.poll_interval = 0.05
    outcome = _cancel_async_run(fake, client, wait=False)
    job = outcome["job"]
    assert outcome.get("cancelled")
    assert outcome["status"] == "canceled"
    assert [r.url_path for r in _posts(fake, "/v1/predictions/*/cancel")] == [
        "/v1/predictions/%s/cancel" % job.id]
    assert not outcome["stuck"]
    assert outcome["elapsed"] < 5


def test_cancelling_async_run_cancels_the_prediction_and_frees_its_thread(fake, client):
    # the documented default: async_run(ref, input) with its default wait
    client.poll_interval = 0.05
    outcome = _cancel_async_run(fake, client)
    job = outcome["job"]
    assert outcome.get("cancelled")
    assert outcome["status"] == "canceled", "the prediction kept running after its task was cancelled"
    assert [r.url_path for r in _posts(fake, "/v1/predictions/*/cancel")] == [
        "/v1/predictions/%s/cancel" % job.id]
    assert not outcome["stuck"], "a worker thread is still blocked in a request"
    assert outcome["elapsed"] < 5


# Cancelling a task inside `async for ... in client.async_stream(...)`.
def test_cancelling_an_async_stream_consumer_raises_cancelled_error(client, fake):
    first = []

    async def consume(ready):
        async for event in client.async_stream(
                "test/tokens", input={"tokens": ["a", "b", "c", "d"], "interval": 0.5}):
            if event.event == "output":
                first.append(str(event))
                ready.set()

    async def main():
        ready = asyncio.Event()
        task = asyncio.ensure_future(consume(ready))
        await asyncio.wait_for(ready.wait(), 10)
        await asyncio.sleep(0.2)  # the next step is now blocked reading the stream
        task.cancel()
        outcome = (await asyncio.gather(task, return_exceptions=True))[0]
        return outcome

    started = time.monotonic()
    outcome = asyncio.run(main())
    assert isinstance(outcome, asyncio.CancelledError), "got %r instead of CancelledError" % (outcome,)
    assert first == ["a"]
    assert time.monotonic() - started < 15.0


def test_cancelled_async_stream_is_closed_without_event_loop_errors(client, fake, caplog):
    """After the cancel above, the stream is closed in a worker thread once its pending read
    returns; that must not log 'Event loop is closed' when asyncio.run has already closed
    the loop (Python 3.8's asyncio.run does not wait for the default executor)."""
    caplog.set_level(logging.ERROR)

    async def consume(ready):
        async for event in client.async_stream(
                "test/tokens", input={"tokens": ["a", "b"], "interval": 0.5}):
            if event.event == "output":
                ready.set()

    async def main():
        ready = asyncio.Event()
        task = asyncio.ensure_future(consume(ready))
        await asyncio.wait_for(ready.wait(), 10)
        await asyncio.sleep(0.2)  # the next step is now blocked reading the stream
        task.cancel()
        return (await asyncio.gather(task, return_exceptions=True))[0]

    assert isinstance(asyncio.run(main()), asyncio.CancelledError)
    pid = _only_prediction_id(fake)
    # the consumer gave up: async_stream cancels the prediction it started
    assert _wait_for(lambda: _status(fake, pid) == "canceled")
    time.sleep(0.5)  # the pending read has returned: the stream's close has run
    errors = [r.getMessage() + repr(r.exc_info) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


# async_stream: awaited first (official style) or not, module level and client.
def test_async_stream_works_awaited_first_or_not(env, client):
    import replicate
    tokens = ["Hel", "lo", "!"]

    async def collect(way):
        inputs = {"tokens": tokens, "interval": 0.01}
        text = []
        if way == "module_awaited":
            async for event in await replicate.async_stream("test/tokens", input=inputs):
                text.append(str(event))
        elif way == "client_awaited":
            async for event in await client.async_stream("test/tokens", input=inputs):
                text.append(str(event))
        else:
            async for event in client.async_stream("test/tokens", input=inputs):
                text.append(str(event))
        return "".join(text)

    for way in ("module_awaited", "client_awaited", "client_plain"):
        assert asyncio.run(collect(way)) == "Hello!", way
    assert len(env.predictions) == 3
    assert len(env.requests_for("GET", "/v1/streams/*")) == 3


def test_async_streams_keep_their_generator_methods(fake, client):
    import replicate

    async def main():
        stream = await client.async_stream("test/tokens", input={"tokens": ["a", "b", "c"], "interval": 0.01})
        first = await stream.__anext__()
        await stream.aclose()
        return first

    first = asyncio.run(main())
    assert isinstance(first, replicate.ServerSentEvent)


@pytest.mark.parametrize("over_https", [False, True], ids=["http", "https"])
def test_cancelled_async_stream_lets_asyncio_run_return_at_once(fake, client, over_https):
    made = _https_api_client(fake) if over_https else client

    async def consume():
        async for _ in made.async_stream("test/tokens", input={"tokens": ["a", "b"], "interval": 30}):
            pass

    async def main():
        task = asyncio.ensure_future(consume())
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    started = time.monotonic()
    try:
        asyncio.run(main())
    finally:
        made.close()
    assert time.monotonic() - started < 10  # not the 30 s until the next token


def test_cancelled_async_stream_cancels_the_prediction_it_started(fake, client):
    # cancelled while the create is still held by the API, and while events are read
    for delay in (0.3, None):
        fake.clear_requests()

        async def consume():
            async for _ in client.async_stream("test/tokens", input={"tokens": ["a", "b"], "interval": 30},
                                               **({"wait": 5} if delay else {})):
                pass

        async def main():
            task = asyncio.ensure_future(consume())
            await asyncio.sleep(delay or 1.0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert _wait_for(lambda: any(r.path.endswith("/cancel") for r in fake.requests), 10)
        (post,) = fake.requests_for("POST", "/v1/models/test/tokens/predictions")


# --- Client: deadlines (timeout, wait, cancel_after) ---


def test_run_timeout_cancels_the_prediction_and_raises_a_timeout_error(fake, client):
    import replicate
    client.poll_interval = 0.05
    started = time.monotonic()
    box = _finishes(lambda: client.run("test/slow", input={"seconds": 30}, timeout=1))
    elapsed = time.monotonic() - started
    error = box.get("error")
    assert isinstance(error, replicate.PredictionTimeoutError), box
    assert isinstance(error, TimeoutError) and isinstance(error, replicate.ReplicateException)
    assert error.prediction is not None and error.prediction.id in fake.predictions
    assert len(_cancel_requests(fake)) == 1
    assert _cancel_requests(fake)[0].url_path == "/v1/predictions/%s/cancel" % error.prediction.id
    assert _status(fake, error.prediction.id) == "canceled"
    assert error.prediction.status == "canceled"
    assert elapsed < 6, "run(timeout=1) took %.1f s" % elapsed


def test_run_timeout_below_one_second_does_not_ask_the_api_to_hold_longer(fake, client):
    import replicate
    client.poll_interval = 0.05
    box = _finishes(lambda: client.run("test/slow", input={"seconds": 30}, timeout=0.4))
    assert isinstance(box.get("error"), replicate.PredictionTimeoutError), box
    create = fake.requests_for("POST", "/v1/models/test/slow/predictions")[0]
    prefer = create.headers.get("Prefer")
    held = 60 if prefer == "wait" else int(prefer.partition("=")[2]) if prefer else 0
    assert held <= 0.4, "timeout=0.4 sent Prefer: %s, letting the API hold the call %d s" % (prefer, held)
    assert _status(fake, box["error"].prediction.id) == "canceled"


def test_run_with_a_generous_timeout_returns_the_output_and_cancels_nothing(fake, client):
    client.poll_interval = 0.05
    assert client.run("test/slow", input={"seconds": 0.3}, timeout=20) == "done"
    assert client.run("test/slow", input={"seconds": 0.3}, timeout=20, wait=False) == "done"
    assert _cancel_requests(fake) == []


def test_wait_timeout_raises_without_cancelling(fake, client):
    import replicate
    client.poll_interval = 0.05
    prediction = client.predictions.create(model="test/slow", input={"seconds": 30})
    box = _finishes(lambda: prediction.wait(timeout=0.5))
    error = box.get("error")
    assert isinstance(error, replicate.PredictionTimeoutError) and isinstance(error, TimeoutError), box
    assert error.prediction is prediction
    assert _cancel_requests(fake) == []
    assert _status(fake, prediction.id) in ("starting", "processing")
    assert len(fake.requests_for("GET", "/v1/predictions/" + prediction.id)) >= 2  # it did poll


@pytest.mark.parametrize("given, header", [("90s", "90s"), (5, "5s"), ("5m", "300s"), (120, "120s")])
def test_cancel_after_is_sent_as_the_cancel_after_header(fake, client, given, header):
    assert client.run("test/echo", input={"prompt": "hi"}, cancel_after=given) == "hi"
    prediction = client.predictions.create(model="test/echo", input={"prompt": "hi"}, cancel_after=given)
    posts = fake.requests_for("POST", "/v1/models/test/echo/predictions")
    assert [r.headers.get("Cancel-After") for r in posts] == [header, header]
    assert prediction.deadline  # the API accepted it and set a deadline


def test_cancel_after_below_the_minimum_is_refused_before_any_request(fake, client):
    with pytest.raises(ValueError):
        client.run("test/echo", input={"prompt": "hi"}, cancel_after=3)
    with pytest.raises(ValueError):
        client.predictions.create(model="test/echo", input={"prompt": "hi"}, cancel_after="4s")
    assert fake.requests == []


@pytest.mark.parametrize("start_delay, ended", [(1000, "aborted"), (0.1, "canceled")])
@pytest.mark.parametrize("wait", [True, False])
def test_prediction_ended_by_cancel_after_raises_model_error(fake, client, start_delay, ended, wait):
    import replicate
    fake.time_scale = 0.02  # the 5 s deadline passes after 0.1 s
    fake.start_delay = start_delay
    client.poll_interval = 0.05
    box = _finishes(lambda: client.run("test/slow", input={"seconds": 2000}, cancel_after=5, wait=wait))
    assert "value" not in box, "run() returned %r for a prediction the API ended" % (box.get("value"),)
    error = box["error"]
    assert isinstance(error, replicate.ModelError), box
    assert error.prediction.status == ended
    assert _status(fake, error.prediction.id) == ended
    assert ended in str(error)


# A deadline bounds an explicit wait too.
def test_run_timeout_bounds_an_explicit_wait(client, fake):
    import replicate
    started = time.monotonic()
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 8}, timeout=1.5, wait=20)
    elapsed = time.monotonic() - started
    assert elapsed < 4.0, "an explicit wait=20 overrode timeout=1.5 (%.1f s)" % elapsed
    creates = fake.requests_for("POST", "/v1/models/test/slow/predictions")
    assert len(creates) == 1
    # a hold must leave a second for the answer: 1.5 s leaves no room for one
    assert creates[0].headers.get("Prefer") is None
    assert creates[0].headers.get("Cancel-After") == "5s"  # the API's shortest
    assert "1.5" in str(error.value)


@pytest.mark.parametrize("timeout", [3.001, 2.0005])
def test_run_timeout_holds_the_create_a_second_short_of_the_deadline(client, fake, timeout):
    """A hold as long as the time left would have its answer arrive just as the read
    times out: the create must come back in time for run() to cancel what it started."""
    import replicate
    client.poll_interval = 0.05
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 30}, timeout=timeout)
    (create,) = fake.requests_for("POST", "/v1/models/test/slow/predictions")
    prefer = create.headers.get("Prefer")
    assert prefer is None or 1 <= int(prefer.partition("=")[2]) <= timeout - 1, prefer
    assert create.headers.get("Cancel-After") == "5s"
    assert error.value.prediction is not None
    assert _status(fake, error.value.prediction.id) == "canceled"


def test_run_timeout_passing_during_the_create_raises_timeout_and_leaves_cancel_after(client, fake):
    import replicate
    body = {"id": "late", "status": "starting", "urls": {"get": fake.url + "/v1/predictions/late",
                                                         "cancel": fake.url + "/v1/predictions/late/cancel"}}
    fake.queue_response("POST", "/v1/models/test/slow/predictions", status=201, body=body, delay=3)
    started = time.monotonic()
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 30}, timeout=1)
    assert time.monotonic() - started < 2.5
    assert error.value.prediction is None  # its id never arrived: nothing to cancel from here
    assert "deadline" in str(error.value)
    (create,) = fake.requests_for("POST", "/v1/models/test/slow/predictions")
    assert create.headers.get("Cancel-After") == "5s"  # so the API ends it by itself


def test_run_timeout_counts_uploads_before_sizing_the_hold(client, fake):
    import replicate
    client.poll_interval = 0.05
    fake.queue_response("POST", "/v1/files", status=201, delay=3, body={
        "id": "f1", "name": "in.bin", "urls": {"get": fake.url + "/v1/files/f1"}})
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 30, "f": io.BytesIO(b"data")}, timeout=5)
    (create,) = fake.requests_for("POST", "/v1/models/test/slow/predictions")
    prefer = create.headers.get("Prefer")
    assert prefer is None or int(prefer.partition("=")[2]) <= 1, prefer  # ~2 s were left
    assert error.value.prediction is not None
    assert _status(fake, error.value.prediction.id) == "canceled"


def test_run_without_a_timeout_sends_no_cancel_after_of_its_own(client, fake):
    client.run("test/echo", input={"prompt": "x"})
    client.run("test/echo", input={"prompt": "x"}, timeout=30, cancel_after="90s")
    first, second = fake.requests_for("POST", "/v1/models/test/echo/predictions")
    assert "Cancel-After" not in first.headers
    assert second.headers.get("Cancel-After") == "90s"  # the caller's own wins


# A deadline under a second sends no Prefer header.
@pytest.mark.parametrize("wait", [{}, {"wait": True}, {"wait": 30}], ids=["default", "wait_true", "wait_30"])
def test_run_timeout_under_a_second_sends_no_prefer(client, fake, wait):
    import replicate
    started = time.monotonic()
    with pytest.raises(replicate.PredictionTimeoutError):
        client.run("test/slow", input={"seconds": 5}, timeout=0.5, **wait)
    assert time.monotonic() - started < 3.0
    creates = fake.requests_for("POST", "/v1/models/test/slow/predictions")
    assert len(creates) == 1
    assert creates[0].headers.get("Prefer") is None
    assert "Prefer" not in creates[0].headers


def test_run_deadline_bounds_retries(fake, client):
    import replicate
    client.poll_interval = 0.05
    fake.queue_problem("GET", "/v1/predictions/*", 503, "busy", headers={"Retry-After": "30"})
    started = time.monotonic()
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 20}, timeout=2)
    assert time.monotonic() - started < 6
    assert error.value.prediction is not None
    assert fake.requests_for("POST", "/v1/predictions/%s/cancel" % error.value.prediction.id)


def test_wait_timeout_bounds_retries_without_cancelling(fake, client):
    import replicate
    client.poll_interval = 0.05
    prediction = client.predictions.create(model="test/slow", input={"seconds": 20})
    fake.queue_problem("GET", "/v1/predictions/" + prediction.id, 503, "busy", headers={"Retry-After": "30"})
    started = time.monotonic()
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        prediction.wait(timeout=1.5)
    assert time.monotonic() - started < 5
    assert error.value.prediction is prediction
    assert not fake.requests_for("POST", "/v1/predictions/%s/cancel" % prediction.id)


def test_run_cancels_a_prediction_when_the_deadline_passes_while_its_version_is_looked_up(fake, client):
    """After the create, run() looks the version's schema up (is its output an iterator?):
    a deadline passing then still cancels the prediction it started."""
    import replicate
    spec = fake.models["test/slow"]
    vid = spec.latest_version
    fake.queue_response("GET", "/v1/models/test/slow/versions/" + vid, body=spec.version_json(vid), delay=3)
    client.poll_interval = 0.05
    with pytest.raises(replicate.PredictionTimeoutError) as error:
        client.run("test/slow", input={"seconds": 30}, timeout=1.5)
    assert error.value.prediction is not None
    assert _status(fake, error.value.prediction.id) == "canceled"


# --- Client: progress ---


def test_run_progress_is_called_on_every_change_with_parsed_tqdm_progress(fake, client):
    import replicate
    fake.time_scale = 0.5
    client.poll_interval = 0.02
    seen = []

    def callback(prediction):
        seen.append((prediction.status, prediction.logs, prediction.progress))

    assert client.run("test/slow", input={"seconds": 2}, progress=callback, wait=False) == "done"
    statuses = [s for s, _, _ in seen]
    assert statuses[0] in ("starting", "processing") and "processing" in statuses
    assert statuses[-1] == "succeeded"
    assert statuses.count("succeeded") == 1
    for before, after in zip(seen, seen[1:]):
        assert before[:2] != after[:2], "called twice for the same state"
    progresses = [p for _, _, p in seen if p is not None]
    assert progresses, "no progress parsed from %r" % seen[-1][1]
    assert all(isinstance(p, replicate.Progress) and p.total == 5 for p in progresses)
    assert [p.current for p in progresses] == sorted(p.current for p in progresses)
    assert any(p.current < 5 for p in progresses)  # seen while it ran, not only at the end
    last = seen[-1][2]
    assert (last.percentage, last.current, last.total) == (1.0, 5, 5)


@pytest.mark.parametrize("line", _HOSTILE_PROGRESS_LINES, ids=["current", "total", "percentage"])
def test_hostile_progress_line_never_aborts_a_run(client, fake, monkeypatch, line):
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.05")
    _queue_finished_slow_prediction(fake, "running\n" + line + "\n")
    seen = []
    output = client.run("test/slow", input={"seconds": 5}, wait=False,
                        progress=lambda p: seen.append(p.progress))
    assert output == "done"
    for progress in seen:
        assert progress is None or 0.0 <= progress.percentage <= 1.0


def test_progress_callback_sees_processing_of_a_model_that_finishes_within_the_hold(client, fake, monkeypatch):
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.05")
    seen = []
    output = client.run("test/slow", input={"seconds": 2}, progress=lambda p: seen.append((p.status, p.logs)))
    assert output == "done"
    statuses = [status for status, _ in seen]
    assert "processing" in statuses, statuses
    assert statuses[-1] == "succeeded"
    assert statuses.index("processing") < statuses.index("succeeded")
    assert any("running for" in (logs or "") for status, logs in seen if status == "processing")


# --- Client: interrupts (Ctrl-C) ---


@contextlib.contextmanager
def _ctrl_c_when(predicate, delay=0.3, before=None):
    """Send SIGINT to the main thread (which runs the test) once predicate() holds, as a
    terminal's Ctrl-C would: a real signal, so that a blocked socket read is interrupted
    (_thread.interrupt_main only sets a flag, seen when the read returns)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # pytest may run with it ignored
    main = threading.main_thread().ident
    lock = threading.Lock()
    state = {"armed": True, "before": None}

    def target():
        if not _wait_for(predicate, 15):
            return
        if before is not None:
            state["before"] = before()
        time.sleep(delay)
        with lock:
            if state["armed"]:
                signal.pthread_kill(main, signal.SIGINT)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        with lock:
            state["armed"] = False
        thread.join(20)
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_during_the_held_create_of_run_cancels_the_prediction(env):
    import replicate
    fake = env
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_when(lambda: len(fake.predictions) == 1, delay=0.5):
            replicate.run("test/slow", input={"seconds": 30})
    pid = _only_prediction_id(fake)
    assert _wait_for(lambda: _status(fake, pid) == "canceled", 3), _status(fake, pid)
    listed = [r for r in fake.requests_for("GET", "/v1/predictions") if "created_after" in r.query]
    assert listed, "the prediction was not looked up with created_after"
    assert iso8601_timestamp(listed[0].query["created_after"][0]) <= fake.predictions[pid].created


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_during_the_held_create_names_the_predictions_it_cannot_tell_apart(env):
    import replicate
    fake = env
    other = replicate.Client(api_token=fake.token, base_url=fake.url)

    def twin():  # the same model and input, from elsewhere, at the same time
        return other.predictions.create(model="test/slow", input={"seconds": 30}).id

    with pytest.raises(KeyboardInterrupt) as error:
        with _ctrl_c_when(lambda: len(fake.predictions) == 1, delay=0.5, before=twin) as state:
            replicate.run("test/slow", input={"seconds": 30})
    other.close()
    assert len(fake.predictions) == 2
    for pid in fake.predictions:
        assert pid in str(error.value)
    assert state["before"] in fake.predictions


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_while_iterating_a_stream_cancels_the_prediction(env):
    import replicate
    fake = env
    tokens = []
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_when(lambda: tokens):
            for event in replicate.stream("test/tokens", input={"tokens": ["a ", "b ", "c ", "d "],
                                                                 "interval": 1.5}):
                if event.event == "output":
                    tokens.append(str(event))
    assert tokens == ["a "]
    pid = _only_prediction_id(fake)
    assert _wait_for(lambda: _status(fake, pid) == "canceled", 3), _status(fake, pid)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_while_iterating_an_iterator_models_output_cancels_the_prediction(env):
    import replicate
    fake = env
    tokens = []
    output = replicate.run("test/tokens:" + fake.version_id("test/tokens"),
                           input={"tokens": ["a ", "b ", "c ", "d "], "interval": 1.5})
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_when(lambda: tokens):
            for token in output:
                tokens.append(token)
    assert tokens == ["a "]
    pid = _only_prediction_id(fake)
    assert _wait_for(lambda: _status(fake, pid) == "canceled", 3), _status(fake, pid)


# --- Client: batches (run_batch() and the batch command) ---


def test_run_batch_runs_every_input_saves_files_and_records_each_result(fake, client, tmp_path, https_files):
    import replicate
    journal = tmp_path / "results.jsonl"
    inputs = [{"num_outputs": 1}, {"num_outputs": 2}, {"num_outputs": 1}]
    results = list(client.run_batch("test/image", inputs, concurrency=2, journal=str(journal),
                                    output_dir=str(tmp_path / "files")))
    assert sorted(r["line"] for r in results) == [1, 2, 3]
    assert all(r["status"] == "succeeded" and r["error"] is None for r in results)
    by_line = {r["line"]: r for r in results}
    assert [os.path.basename(p) for p in by_line[2]["files"]] == ["2-out-0.png", "2-out-1.png"]
    assert pathlib.Path(by_line[2]["files"][1]).read_bytes() == fake.blobs["out-1.png"][0]
    records = [json.loads(text) for text in journal.read_text().splitlines()]
    assert [r["status"] for r in records].count("created") == 3
    assert {r["line"] for r in records if r["status"] == "succeeded"} == {1, 2, 3}
    assert len(fake.requests_for("POST", "/v1/models/test/image/predictions")) == 3
    with pytest.raises(replicate.InvalidArgumentError):
        client.run_batch("test/image", inputs, concurrency=0)
    with pytest.raises(TypeError, match="input 2"):
        list(client.run_batch("test/image", [{}, "not a dict"]))


def test_run_batch_records_a_failed_input_and_goes_on(fake, client, tmp_path):
    results = {r["line"]: r for r in client.run_batch(
        "test/echo", [{"prompt": "a"}, {}, {"prompt": "c"}], journal=str(tmp_path / "j.jsonl"))}
    assert results[1]["status"] == results[3]["status"] == "succeeded"
    assert results[2]["status"] == "error" and "prompt" in results[2]["error"]
    failing = list(client.run_batch("test/fail", [{"seconds": 0}]))
    assert failing[0]["status"] == "failed" and failing[0]["error"] == "boom"


def test_run_batch_resumes_without_running_anything_twice(fake, client, tmp_path):
    journal = str(tmp_path / "results.jsonl")
    inputs = [{"prompt": str(i)} for i in range(4)]
    assert len(list(client.run_batch("test/echo", inputs, journal=journal))) == 4
    assert list(client.run_batch("test/echo", inputs, journal=journal)) == []
    assert len(fake.requests_for("POST")) == 4
    # a journal whose last run stopped after a create: the prediction is followed, not made again
    running = client.predictions.create(model="test/slow", input={"seconds": 0.5})
    slow = tmp_path / "slow.jsonl"
    slow.write_text(json.dumps({"line": 1, "id": running.id, "status": "created"}) + "\n"
                    + '{"line": 2, "id": "cut sh')  # a record cut short by a crash
    client.poll_interval = 0.05
    results = list(client.run_batch("test/slow", [{"seconds": 0.5}, {"seconds": 0.1}], journal=str(slow)))
    assert sorted((r["line"], r["status"]) for r in results) == [(1, "succeeded"), (2, "succeeded")]
    assert [r for r in results if r["line"] == 1][0]["id"] == running.id
    assert len(fake.requests_for("POST", "/v1/models/test/slow/predictions")) == 2  # the one above, line 2
    # failed inputs are done too, unless retry_failed
    failed = str(tmp_path / "failed.jsonl")
    list(client.run_batch("test/fail", [{"seconds": 0}], journal=failed))
    assert list(client.run_batch("test/fail", [{"seconds": 0}], journal=failed)) == []
    assert [r["status"] for r in client.run_batch("test/fail", [{"seconds": 0}], journal=failed,
                                                  retry_failed=True)] == ["failed"]


def test_run_batch_under_429s_raises_nothing_and_creates_each_input_once(fake, client):
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "0"}, times=3)
    results = list(client.run_batch("test/echo", [{"prompt": str(i)} for i in range(6)], concurrency=3))
    assert sorted(r["output"] for r in results) == [str(i) for i in range(6)]
    assert sorted(job.input["prompt"] for job in fake.predictions.values()) == [str(i) for i in range(6)]


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_cli_batch_ctrl_c_cancels_what_runs_and_a_second_run_finishes(fake, tmp_path):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps({"seconds": 30}) + "\n" for _ in range(4)))
    out = tmp_path / "out"
    with _start_cli(fake, "batch", "test/slow", str(inputs), "-o", str(out), "--concurrency", "2",
                    universal_newlines=True) as process:
        journal = out / "results.jsonl"
        assert _wait_for(lambda: journal.exists() and [r["status"] for r in _journal_records(journal)]
                         == ["created", "created"]), "the batch never started"
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    diagnosis = (err, journal.read_text(), [(r.method, r.path) for r in fake.requests])
    canceled, not_started = map(int, re.findall(r"(\d+) (?:running|input)", err.rpartition("interrupted:")[2]))
    assert (canceled, not_started) == (2, 2), diagnosis
    assert sorted(_status(fake, pid) for pid in fake.predictions) == ["canceled", "canceled"], diagnosis
    inputs.write_text("".join(json.dumps({"seconds": 0.2}) + "\n" for _ in range(4)))
    again = _cli(fake, "batch", "test/slow", str(inputs), "-o", str(out))
    assert again.returncode == 0, again.stderr
    finals = {}
    for text in (out / "results.jsonl").read_text().splitlines():
        record = json.loads(text)
        finals[record["line"]] = record["status"]
    assert finals == {1: "succeeded", 2: "succeeded", 3: "succeeded", 4: "succeeded"}
    assert len(fake.predictions) == 6  # the two canceled ones anew, and the two never started


def test_cli_batch_usage_problems_exit_2_before_any_request(fake, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a"}\n[1, 2]\n')
    result = _cli(fake, "batch", "test/echo", str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "line 2" in result.stderr
    missing = _cli(fake, "batch", "test/echo", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 2
    assert fake.requests == []


def _journal_records(path):
    return [json.loads(text) for text in pathlib.Path(path).read_text(encoding="utf-8").splitlines()
            if text.strip()]


def test_run_batch_makes_the_journal_folder_and_refuses_an_output_dir_that_is_a_file(fake, client, tmp_path):
    import replicate
    out = tmp_path / "out"  # as in the README: neither folder exists yet
    results = list(client.run_batch("test/echo", [{"prompt": "a"}, {"prompt": "b"}],
                                    journal=str(out / "results.jsonl"), output_dir=str(out) + "/"))
    assert sorted(r["output"] for r in results) == ["a", "b"]
    assert len(_journal_records(out / "results.jsonl")) == 4
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    with pytest.raises(replicate.FileSaveError, match="blocker"):
        list(client.run_batch("test/echo", [{"prompt": "c"}], output_dir=str(blocker)))
    assert len(fake.predictions) == 2  # refused before any create


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_run_batch_stops_everything_when_the_journal_cannot_be_written(fake, tmp_path):
    journal = str(tmp_path / "results.jsonl")
    code = (
        "import os, resource, signal, sys, replicate\n"
        "client = replicate.Client()\n"
        "client.poll_interval = 0.05\n"
        "batch = client.run_batch('test/slow', [{'seconds': 0.3 + i / 10} for i in range(4)],\n"
        "                         concurrency=1, journal=sys.argv[1])\n"
        "print(next(batch)['status'])\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)\n"
        "limit = os.path.getsize(sys.argv[1]) + 10  # as a full disk would: no record fits\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
        "try:\n"
        "    list(batch)\n"
        "except replicate.FileSaveError as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    result = _cli(fake, "-c", code, journal, prefix=[])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("succeeded\nFileSaveError"), result.stdout
    assert "cannot write the journal" in result.stdout
    assert 2 <= len(fake.predictions) <= 3  # nothing created once the batch stopped
    assert all(_status(fake, pid) in ("succeeded", "canceled") for pid in fake.predictions)


def test_run_batch_resumes_past_a_record_cut_short_even_inside_a_character(fake, client, tmp_path):
    journal = tmp_path / "results.jsonl"
    journal.write_bytes('{"line":1,"id":"x","status":"succeeded","output":"h\u00e9'.encode()[:-1])
    inputs = [{"prompt": "h\u00e9llo"}, {"prompt": "b"}]
    assert sorted(r["line"] for r in client.run_batch("test/echo", inputs, journal=str(journal))) == [1, 2]
    # the records after the cut line are on lines of their own, and count on the next resume
    assert list(client.run_batch("test/echo", inputs, journal=str(journal))) == []
    assert len(fake.predictions) == 2
    assert [r["status"] for r in _journal_records_skipping_cut(journal)].count("succeeded") == 2


def _journal_records_skipping_cut(path):
    records = []
    for raw in pathlib.Path(path).read_bytes().split(b"\n"):
        try:
            records.append(json.loads(raw.decode("utf-8")))
        except ValueError:
            continue
    return records


def test_run_batch_records_an_output_that_is_json_but_not_utf8(fake, client, tmp_path):
    answer = _prediction_answer(fake, output="\ud800 lone", stream=False)
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201,
                        body=answer)  # JSON with the surrogate as \ud800
    journal = tmp_path / "results.jsonl"
    results = list(client.run_batch("test/echo", [{"prompt": "x"}, {"prompt": "y"}], concurrency=1,
                                    journal=str(journal)))
    assert sorted(r["line"] for r in results) == [1, 2]
    assert {r["line"]: r["output"] for r in _journal_records(journal) if r["status"] == "succeeded"} == {
        1: "\ud800 lone", 2: "y"}
    assert list(client.run_batch("test/echo", [{"prompt": "x"}, {"prompt": "y"}], journal=str(journal))) == []


def test_two_batches_on_one_journal_at_once_are_refused_not_run_twice(fake, tmp_path):
    import replicate
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "1"})
    journal = str(tmp_path / "results.jsonl")
    outcomes = []

    def one_batch():
        batch_client = replicate.Client(api_token=fake.token, base_url=fake.url)
        try:
            outcomes.append(list(batch_client.run_batch("test/echo", [{"prompt": "a"}], journal=journal)))
        except replicate.FileSaveError as error:
            outcomes.append(str(error))
    threads = [threading.Thread(target=one_batch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(fake.predictions) == 1
    assert sorted(map(type, outcomes), key=str) == [list, str]
    assert "in use by another batch" in [o for o in outcomes if isinstance(o, str)][0]
    assert list(replicate.Client(api_token=fake.token, base_url=fake.url).run_batch(
        "test/echo", [{"prompt": "a"}], journal=journal)) == []  # the lock went with the batch


def test_run_batch_ctrl_c_cancels_a_prediction_whose_create_was_in_flight(fake, client, tmp_path):
    fake.queue_problem("POST", "/v1/models/test/slow/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "2"})
    client.poll_interval = 0.05
    journal = tmp_path / "j.jsonl"
    with pytest.raises(KeyboardInterrupt):
        # (the other create is paused by the 429, or on its way: the two may also go together)
        with _ctrl_c_when(lambda: len(fake.predictions) >= 1 and len(fake.requests_for("POST")) >= 2):
            list(client.run_batch("test/slow", [{"seconds": 20}, {"seconds": 20}], concurrency=2,
                                  journal=str(journal)))
    assert _wait_for(lambda: len(fake.predictions) == 2, 5)  # the create paused by the 429 went out
    assert _wait_for(lambda: all(_status(fake, pid) == "canceled" for pid in fake.predictions), 5)
    assert _wait_for(lambda: {r["line"]: r.get("interrupted") for r in _journal_records(journal)}
                     == {1: True, 2: True}, 5)  # both run again on a resume


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_cli_batch_ctrl_c_during_a_create_exits_at_once_and_cancels_it(fake, tmp_path):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps({"seconds": 20}) + "\n" for _ in range(2)))
    fake.queue_problem("POST", "/v1/models/test/slow/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "2"})
    with _start_cli(fake, "batch", "test/slow", str(inputs), "-o", str(tmp_path / "out"),
                    "--concurrency", "2", universal_newlines=True) as process:
        assert _wait_for(lambda: len(fake.predictions) >= 1 and len(fake.requests_for("POST")) >= 2)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 130, err
    assert _wait_for(lambda: all(_status(fake, pid) == "canceled" for pid in fake.predictions), 5)


def test_run_batch_follows_a_prediction_recorded_as_an_error_on_resume(fake, client, tmp_path):
    client.poll_interval = 0.05
    journal = str(tmp_path / "j.jsonl")
    fake.queue_problem("GET", "/v1/predictions/*", 503, "Service Unavailable",
                       headers={"Retry-After": "0"}, times=6)  # the polls' retries used up
    [first] = list(client.run_batch("test/slow", [{"seconds": 0.5}], journal=journal))
    assert first["status"] == "error" and first["id"]
    assert _wait_for(lambda: _status(fake, first["id"]) == "succeeded", 5)
    [again] = list(client.run_batch("test/slow", [{"seconds": 0.5}], journal=journal, retry_failed=True))
    assert again["status"] == "succeeded" and again["id"] == first["id"] and again["output"] == "done"
    assert len(fake.predictions) == 1  # followed, never created again
    assert list(client.run_batch("test/slow", [{"seconds": 0.5}], journal=journal, retry_failed=True)) == []


def test_run_batch_saves_the_files_of_a_prediction_whose_download_failed_on_resume(
        fake, client, tmp_path, https_files):
    journal = str(tmp_path / "j.jsonl")
    out = str(tmp_path / "out")
    kept = fake.blobs.pop("out-0.png")  # the file host answers 404 for now
    [first] = list(client.run_batch("test/image", [{"num_outputs": 1}], journal=journal, output_dir=out))
    assert first["status"] == "error" and _status(fake, first["id"]) == "succeeded"
    fake.blobs["out-0.png"] = kept
    [again] = list(client.run_batch("test/image", [{"num_outputs": 1}], journal=journal, output_dir=out,
                                    retry_failed=True))
    assert again["status"] == "succeeded" and again["id"] == first["id"]
    assert pathlib.Path(again["files"][0]).read_bytes() == kept[0]
    assert len(fake.predictions) == 1


def test_run_batch_waits_out_429s_however_many_and_runs_the_input(fake, client, tmp_path):
    journal = str(tmp_path / "j.jsonl")
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "0"}, times=8)  # past the client's own retries
    [result] = list(client.run_batch("test/echo", [{"prompt": "a"}], journal=journal))
    assert result["status"] == "succeeded" and result["output"] == "a"
    assert len(fake.predictions) == 1


def test_run_batch_record_counts_only_for_the_same_input_of_the_same_model(fake, client, tmp_path):
    journal = str(tmp_path / "j.jsonl")
    list(client.run_batch("test/echo", [{"prompt": "a"}, {"prompt": "b"}], journal=journal))
    edited = [{"prompt": "new"}, {"prompt": "b"}]
    assert [r["output"] for r in client.run_batch("test/echo", edited, journal=journal)] == ["new"]
    assert [r["line"] for r in client.run_batch("test/slow", [{"seconds": 0}], journal=journal)] == [1]
    assert sorted(job.input.get("prompt", "slow") for job in fake.predictions.values()) == [
        "a", "b", "new", "slow"]


def test_cli_batch_of_another_inputs_file_in_the_same_folder_runs_it(fake, tmp_path):
    (tmp_path / "cats.jsonl").write_text('{"prompt": "cat"}\n{"prompt": "kitten"}\n')
    (tmp_path / "dogs.jsonl").write_text('{"prompt": "dog"}\n{"prompt": "puppy"}\n')
    for name in ("cats.jsonl", "dogs.jsonl"):
        result = _cli(fake, "batch", "test/echo", name, cwd=str(tmp_path))  # -o . by default
        assert result.returncode == 0, result.stderr
    assert sorted(job.input["prompt"] for job in fake.predictions.values()) == ["cat", "dog", "kitten", "puppy"]


def test_run_batch_saves_file_outputs_nested_in_the_output(fake, client, tmp_path, https_files):
    urls = ["%s/files/out-%d.png" % (fake.file_url_base, i) for i in range(2)]
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201,
                        body=_prediction_answer(fake, output={"images": [urls], "seed": 7}, stream=False))
    [result] = list(client.run_batch("test/echo", [{"prompt": "x"}], output_dir=str(tmp_path / "out")))
    assert [os.path.basename(path) for path in result["files"]] == ["1-out-0.png", "1-out-1.png"]


def test_run_batch_runs_again_an_input_whose_prediction_an_interrupt_canceled(fake, client, tmp_path):
    client.poll_interval = 0.05
    journal = str(tmp_path / "j.jsonl")
    inputs = [{"seconds": 0}, {"seconds": 1.5}, {"seconds": 1.6}]
    batch = client.run_batch("test/slow", inputs, concurrency=3, journal=journal)
    assert next(batch)["line"] == 1
    assert _wait_for(lambda: len([r for r in _journal_records(journal) if r["status"] == "created"]) == 3)
    batch.close()  # the caller stops at once (a break, a Ctrl-C at the yield): the rest is canceled
    records = _journal_records(journal)
    assert {r["line"] for r in records if r.get("interrupted")} == {2, 3}  # said before the cancels
    again = []
    for _ in range(50):  # until the stopped batch's workers let go of the journal
        try:
            again = list(client.run_batch("test/slow", inputs, concurrency=3, journal=journal))
            break
        except Exception as error:  # FileSaveError: still in use
            assert "in use by another batch" in str(error)
            time.sleep(0.1)
    assert sorted((r["line"], r["status"]) for r in again) == [(2, "succeeded"), (3, "succeeded")], again
    # a journal the last run's process left at "created, interrupted": its input runs again too
    canceled = client.predictions.create(model="test/slow", input={"seconds": 0.2})
    canceled.cancel()
    cut = tmp_path / "cut.jsonl"
    cut.write_text(json.dumps({"line": 1, "id": canceled.id, "status": "created", "interrupted": True}) + "\n")
    [result] = list(client.run_batch("test/slow", [{"seconds": 0.2}], journal=str(cut)))
    assert result["status"] == "succeeded" and result["id"] != canceled.id


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_run_batch_keeps_the_journal_locked_while_stopped_workers_still_write(fake, client, tmp_path):
    import fcntl
    client.poll_interval = 0.3
    journal = tmp_path / "j.jsonl"
    batch = client.run_batch("test/slow", [{"seconds": 0}, {"seconds": 5}], concurrency=2, journal=str(journal))
    next(batch)
    batch.close()
    with open(str(journal), "a+b") as other:
        with pytest.raises(BlockingIOError):
            fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        # once the last worker has recorded its canceled prediction, the lock is free
        assert _wait_for(lambda: any(r.get("status") == "canceled" for r in _journal_records(journal)), 5)
        assert _wait_for(lambda: _flock_free(other), 5)


def _flock_free(handle):
    import fcntl
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return True


class _ThrottlingAPI(http.server.BaseHTTPRequestHandler):
    """Answers every create 429: at once for the client's own retries, then, on the attempt
    that reaches the batch, with a Retry-After of 10 s."""
    protocol_version = "HTTP/1.1"
    attempts = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        key = json.dumps(body.get("input"), sort_keys=True)
        with self.lock:
            self.attempts[key] = self.attempts.get(key, 0) + 1
            attempt = self.attempts[key]
        data = json.dumps({"title": "Too Many Requests", "detail": "Request was throttled.", "status": 429}).encode()
        self.send_response(429)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Retry-After", "0" if attempt % 6 else "10")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def _throttling_client():
    """A Client of a fresh _ThrottlingAPI on loopback; both closed after the block."""
    import replicate
    _ThrottlingAPI.attempts = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ThrottlingAPI)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    throttled = replicate.Client(api_token="r8_x", base_url="http://127.0.0.1:%d" % server.server_port)
    try:
        yield throttled
    finally:
        throttled.close()
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_run_batch_stop_ends_every_workers_429_pause_at_once():
    with _throttling_client() as throttled:
        before = set(threading.enumerate())

        def pausing_workers():  # taken just before the interrupt: both are in their pause then
            return [t for t in threading.enumerate() if t not in before and t.name.startswith("ThreadPoolExecutor")]
        with pytest.raises(KeyboardInterrupt):
            with _ctrl_c_when(lambda: len(_ThrottlingAPI.attempts) == 2
                              and all(n >= 6 for n in _ThrottlingAPI.attempts.values()),
                              before=pausing_workers) as state:
                list(throttled.run_batch("test/echo", [{"prompt": "a"}, {"prompt": "b"}], concurrency=2))
        workers = state["before"]
        assert len(workers) == 2
        assert _wait_for(lambda: not any(t.is_alive() for t in workers), 3)


def test_run_batch_retry_failed_runs_anew_an_error_whose_prediction_is_gone(fake, client, tmp_path):
    journal = tmp_path / "j.jsonl"
    journal.write_text(json.dumps({"line": 1, "id": "gonegonegonegonegonegonego", "status": "error",
                                   "error": "poll failed"}) + "\n")
    [kept] = list(client.run_batch("test/echo", [{"prompt": "a"}], journal=str(journal)))
    assert kept["status"] == "error" and "404" in kept["error"]  # followed, and still gone
    [result] = list(client.run_batch("test/echo", [{"prompt": "a"}], journal=str(journal), retry_failed=True))
    assert result["status"] == "succeeded" and result["output"] == "a"


def test_run_batch_record_of_a_file_output_input_counts_for_its_url_not_its_name(fake, client, tmp_path):
    import replicate
    journal = str(tmp_path / "j.jsonl")
    first = replicate.FileOutput("https://example.com/aaaa/out-0.png", client)
    second = replicate.FileOutput("https://example.com/bbbb/out-0.png", client)
    assert [r["output"] for r in client.run_batch("test/echo", [{"prompt": first}], journal=journal)] == [first.url]
    assert [r["output"] for r in client.run_batch("test/echo", [{"prompt": second}], journal=journal)] == [second.url]
    assert list(client.run_batch("test/echo", [{"prompt": second}], journal=journal)) == []


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_run_batch_ctrl_c_counts_an_input_waiting_out_a_429_as_not_started():
    with _throttling_client() as throttled:
        with pytest.raises(KeyboardInterrupt) as error:
            with _ctrl_c_when(lambda: sum(_ThrottlingAPI.attempts.values()) >= 6):
                list(throttled.run_batch("test/echo", [{"prompt": "a"}, {"prompt": "b"}], concurrency=1))
    assert "0 running prediction(s) canceled, 2 input(s) not started" in str(error.value)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_run_batch_ctrl_c_never_makes_a_resume_run_an_input_that_failed_by_itself(fake, client, tmp_path):
    client.poll_interval = 3  # the prediction fails long before its worker polls it
    journal = str(tmp_path / "j.jsonl")
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_when(lambda: len(fake.predictions) == 1, delay=1.0):
            list(client.run_batch("test/fail", [{"seconds": 0.3}], concurrency=1, journal=journal))
    [pid] = list(fake.predictions)
    assert _wait_for(lambda: any(r.get("status") == "failed" for r in _journal_records(journal)), 10)
    again = None
    for _ in range(50):  # until the stopped batch's worker lets go of the journal
        try:
            again = list(client.run_batch("test/fail", [{"seconds": 0.3}], journal=journal))
            break
        except Exception as error:  # FileSaveError: still in use
            assert "in use by another batch" in str(error)
            time.sleep(0.1)
    assert again == [] and list(fake.predictions) == [pid]


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_run_batch_ctrl_c_while_a_long_list_is_submitted_creates_nothing_more(fake, client):
    inputs = [{"prompt": str(i)} for i in range(300000)]
    with pytest.raises(KeyboardInterrupt) as error:
        with _ctrl_c_when(lambda: len(fake.predictions) >= 1, delay=0):
            list(client.run_batch("test/echo", inputs, concurrency=1))
    seen = len(fake.predictions)
    time.sleep(1.0)
    assert len(fake.predictions) <= seen + 1  # at most the create that was on its way
    # every input is told of, those never submitted among the ones not started
    canceled, not_started = map(int, re.findall(r"(\d+) (?:running|input)", str(error.value)))
    assert canceled + not_started + seen >= len(inputs), str(error.value)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_run_batch_second_ctrl_c_during_the_cancels_still_sends_every_cancel(fake, client, tmp_path):
    client.poll_interval = 0.2
    fake.queue_problem("POST", "/v1/predictions/*/cancel", 500, "slow cancel", delay=2.0)

    def cancels():
        return [r for r in fake.requests_for("POST") if r.path.endswith("/cancel")]
    try:
        with pytest.raises(KeyboardInterrupt):
            with _ctrl_c_when(lambda: len(fake.predictions) == 3, delay=0.5):
                with _ctrl_c_when(cancels, delay=0.3):  # pressed again while the first cancel hangs
                    list(client.run_batch("test/slow", [{"seconds": 30 + i} for i in range(3)],
                                          concurrency=3, journal=str(tmp_path / "j.jsonl")))
        assert len(cancels()) == 3
        assert _wait_for(lambda: sum(_status(fake, pid) != "canceled" for pid in fake.predictions) <= 1, 3)
    finally:
        for pid in fake.predictions:
            client.predictions.cancel(pid)


# --- Client: fleets of waiting threads, creates under the rate limit ---


@pytest.mark.parametrize("page_size", [100, 3], ids=["one-page", "pages"])
def test_threads_waiting_together_are_followed_by_one_list_request_per_interval(fake, client, page_size):
    fake.page_size = page_size  # the API's is 100; with 3, a round reads the pages it needs
    client.poll_interval = 0.2
    seconds = [1.2 + 0.1 * i for i in range(8)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outputs = list(pool.map(lambda s: client.run("test/slow", input={"seconds": s}, wait=False), seconds))
    assert outputs == ["done"] * 8
    lists = fake.requests_for("GET", "/v1/predictions")
    gets = fake.requests_for("GET", "/v1/predictions/*")
    # polled one by one, 8 predictions of 1.2-1.9 s every 0.2 s would cost some 60 GETs; here
    # each costs one GET at its end (the list leaves its logs out), a few one more
    assert len(lists) <= (14 if page_size == 100 else 30) and len(gets) <= 12, (len(lists), len(gets))
    assert all("created_after" in r.query for r in lists)


def test_a_prediction_the_list_does_not_hold_is_polled_by_its_own_thread(fake, client):
    client.poll_interval = 0.1
    fake.page_size = 1  # the page holds the newest alone: the older one is not on it
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        first = pool.submit(client.run, "test/slow", input={"seconds": 1.5}, wait=False)
        time.sleep(0.3)
        second = pool.submit(client.run, "test/slow", input={"seconds": 0.8}, wait=False)
        assert (first.result(timeout=20), second.result(timeout=20)) == ("done", "done")
    assert fake.requests_for("GET", "/v1/predictions/*"), "the older prediction was never polled"


def test_a_single_wait_polls_its_own_prediction_as_before(fake, client):
    client.poll_interval = 0.1
    assert client.run("test/slow", input={"seconds": 0.6}, wait=False) == "done"
    assert fake.requests_for("GET", "/v1/predictions") == []
    assert len(fake.requests_for("GET", "/v1/predictions/*")) >= 3


def test_creates_are_paced_for_every_thread_after_a_429(fake, client):
    import replicate
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "1"})
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        first = pool.submit(client.run, "test/echo", input={"prompt": "0"})
        time.sleep(0.2)  # the first create has been refused: the others wait its Retry-After
        rest = [pool.submit(client.run, "test/echo", input={"prompt": str(i)}) for i in range(1, 4)]
        assert [f.result(timeout=20) for f in [first] + rest] == ["0", "1", "2", "3"]
    creates = fake.requests_for("POST", "/v1/models/test/echo/predictions")
    assert len(creates) == 5  # the refused one, its retry, three more: no create met a 429 again
    assert min(r.time for r in creates[1:]) - creates[0].time >= 0.9


def _wait_in_thread(prediction, timeout):
    """prediction.wait(timeout) in a thread: (the thread, a dict that gets "ok" or "error")."""
    outcome = {}

    def wait():
        try:
            prediction.wait(timeout=timeout)
            outcome["ok"] = True
        except Exception as error:  # kept for the test to see
            outcome["error"] = error
    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread, outcome


def _two_waited_together(client, seconds):
    """Two predictions of test/slow, waited on by two threads at once (what the follower
    follows): (first, second, the second wait's outcome) once both waits have returned."""
    first = client.predictions.create(model="test/slow", input={"seconds": seconds})
    second = client.predictions.create(model="test/slow", input={"seconds": seconds})
    thread, outcome = _wait_in_thread(second, 10)
    time.sleep(0.05)
    first.wait(timeout=10)
    thread.join(10)
    return first, second, outcome


def test_a_list_page_that_arrives_late_never_undoes_a_finished_prediction(fake, client):
    client.poll_interval = 0.1
    first = client.predictions.create(model="test/slow", input={"seconds": 0.6})
    second = client.predictions.create(model="test/slow", input={"seconds": 30})
    stale = fake.job_json(fake.predictions[first.id])  # the first as it is now: not done
    fake.queue_response("GET", "/v1/predictions", body={"next": None, "previous": None, "results": [stale]},
                        delay=2.0)
    thread, _ = _wait_in_thread(second, 6)
    time.sleep(0.05)
    first.wait(timeout=10)  # its waiter gives up on the slow list and polls by itself
    assert first.status == "succeeded"
    time.sleep(2.5)  # when the slow page would have landed
    try:
        assert first.status == "succeeded" and first.output == "done"
    finally:
        second.cancel()
        thread.join(10)


@pytest.mark.parametrize("results", [5, [{"id": ["not", "a", "string"], "status": "starting"}]],
                         ids=["results-not-a-list", "id-not-a-string"])
def test_a_malformed_list_page_leaves_the_follower_following(fake, client, monkeypatch, results):
    crashes = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: crashes.append(info.exc_value))
    client.poll_interval = 0.1
    fake.queue_response("GET", "/v1/predictions", body={"next": None, "previous": None, "results": results})
    first, second, outcome = _two_waited_together(client, 0.5)
    assert outcome.get("ok") and first.status == second.status == "succeeded"
    time.sleep(0.5)
    assert crashes == []


def test_a_429_on_a_create_does_not_hold_back_another_threads_cancel(fake, client):
    import replicate
    client.poll_interval = 0.1
    elapsed = []

    def run_with_deadline():
        started = time.monotonic()
        with pytest.raises(replicate.PredictionTimeoutError):
            client.run("test/slow", input={"seconds": 30}, wait=False, timeout=1.5)
        elapsed.append(time.monotonic() - started)
    thread = threading.Thread(target=run_with_deadline, daemon=True)
    thread.start()
    assert _wait_for(lambda: len(fake.predictions) == 1)
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 429, "Request was throttled.",
                       headers={"Retry-After": "8"})
    with pytest.raises(replicate.PredictionTimeoutError):  # its own deadline is too near to wait
        client.run("test/echo", input={"prompt": "x"}, timeout=1.0)
    thread.join(20)
    assert _status(fake, next(iter(fake.predictions))) == "canceled"
    assert elapsed and elapsed[0] < 4, elapsed  # the cancel was not paced like a create


def test_the_follower_sleeps_out_no_429_after_the_waits_have_ended(fake, client):
    client.poll_interval = 0.1
    fake.queue_problem("GET", "/v1/predictions", 429, "Request was throttled.", headers={"Retry-After": "3"})
    first, second, outcome = _two_waited_together(client, 0.4)
    assert outcome.get("ok") and first.status == "succeeded"
    client.close()
    ended = time.time()
    time.sleep(3.5)
    assert [r for r in fake.requests_for("GET", "/v1/predictions") if r.time > ended] == []


def test_a_followed_wait_ends_with_the_logs_the_list_leaves_out(fake, client):
    client.poll_interval = 0.1
    first, second, outcome = _two_waited_together(client, 0.8)
    assert fake.requests_for("GET", "/v1/predictions"), "never followed"
    assert "logs" not in fake.job_json_listed(fake.predictions[first.id])
    for prediction in (first, second):
        assert prediction.status == "succeeded"
        assert prediction.logs == fake.job_json(fake.predictions[prediction.id])["logs"] != ""


def test_waits_poll_alone_when_no_follower_thread_can_be_started(fake, client, monkeypatch):
    import _thread

    def no_thread(function, args, kwargs=None):
        raise RuntimeError("can't start new thread")
    client.poll_interval = 0.1
    monkeypatch.setattr(_thread, "start_new_thread", no_thread)  # threading keeps its own reference
    first, second, outcome = _two_waited_together(client, 0.5)
    assert outcome.get("ok") and first.status == second.status == "succeeded"
    assert fake.requests_for("GET", "/v1/predictions") == []  # each polled its own


# --- Logging ---


def test_debug_log_has_one_line_per_request_with_status_time_and_request_id(fake, client, caplog):
    caplog.set_level(logging.DEBUG, logger="replicate")
    client.models.get("test/echo")
    client.run("test/echo", input={"prompt": "logged"})
    client.predictions.list()
    assert client.run("test/image")[0].read() == fake.blobs["out-0.png"][0]
    records = [r for r in caplog.records if r.name == "replicate"]
    lines = [r.getMessage() for r in records]
    assert len(lines) == len(fake.requests) >= 5, lines
    for request, line, record in zip(fake.requests, lines, records):
        assert record.levelno == logging.DEBUG and "\n" not in line
        assert line.startswith(request.method + " ")
        assert request.url_path in line
        assert re.search(r"\b(200|201)\b", line) and re.search(r"\d ms\b", line), line
        assert request.request_id in line


def test_retry_is_logged_with_its_delay(fake, client, caplog):
    caplog.set_level(logging.DEBUG, logger="replicate")
    fake.queue_problem("GET", "/v1/models/test/echo", 429, "Request was throttled.",
                       headers={"Retry-After": "0"})
    assert client.models.get("test/echo").name == "echo"
    lines = [r.getMessage() for r in caplog.records if r.name == "replicate"]
    retries = [line for line in lines if "retry" in line.lower()]
    # the port in the URL may contain "429" too: look for the status where the line puts it
    assert len(retries) == 1 and re.search(r"\b429\b(?!\.)", retries[0].split("/v1/", 1)[1]), lines
    assert re.search(r"\bin 0(\.0+)? ?s\b", retries[0]), retries[0]
    assert len([line for line in lines if re.search(r"-> 429 in [\d.]+ ms\b", line)]) == 1  # the 429 itself


def test_logs_never_contain_the_token_or_the_authorization_header(fake, client, caplog, tmp_path):
    import replicate
    caplog.set_level(logging.DEBUG)
    fake.queue_problem("GET", "/v1/models/test/echo", 429, "slow down", headers={"Retry-After": "0"})
    client.models.get("test/echo")
    client.run("test/echo", input={"prompt": "x"})
    with pytest.raises(replicate.ModelError):
        client.run("test/fail")
    with pytest.raises(replicate.ReplicateError):
        client.models.get("test/nope")
    with pytest.raises(replicate.ReplicateError):
        replicate.Client(api_token=fake.token + "x", base_url=fake.url).accounts.current()
    url = fake.add_blob("secret.png", b"png") + "?token=" + fake.token
    assert replicate.FileOutput(url, client).read() == b"png"
    (tmp_path / "in.txt").write_bytes(b"abc")
    with open(str(tmp_path / "in.txt"), "rb") as handle:
        client.files.create(handle)
    records = [r for r in caplog.records if r.name.startswith("replicate")]
    assert len(records) >= 8
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + str(record.exc_text or "")
        assert fake.token not in text
        assert "authorization" not in text.lower() and "bearer" not in text.lower()


def test_nothing_is_written_when_logging_is_not_configured(fake):
    fake.queue_problem("GET", "/v1/models/test/echo", 429, "slow down", headers={"Retry-After": "0"},
                       times=2)
    code = (
        "import sys, replicate\n"
        "client = replicate.Client()\n"
        "print(client.models.get('test/echo').name)\n"
        "print(client.run('test/echo', input={'prompt': 'quiet'}))\n"
        "import logging\n"  # imported but not configured: still nothing
        "print(client.models.get('test/echo').name)\n"
        "print(client.run('test/echo', input={'prompt': 'still quiet'}))\n"
    )
    result = _cli(fake, "-c", code, prefix=[])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "echo\nquiet\necho\nstill quiet\n"
    assert result.stderr == ""
    assert len(fake.requests_for("GET", "/v1/models/test/echo")) == 4  # the retries did happen


# --- Command line ---


def _interrupt_cli(fake, extra):
    with _start_cli(fake, "run", "test/slow", "seconds:=30", *extra, universal_newlines=True) as process:
        assert _wait_for(lambda: len(fake.predictions) == 1), "the CLI never created the prediction"
        time.sleep(0.4)  # it is now waiting on the running prediction
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    return process.returncode, out, err, next(iter(fake.predictions))


def _run_cli_with_pty_stderr(fake, args):
    import pty
    master, slave = pty.openpty()
    received = []
    deadline = time.monotonic() + 30
    try:
        with _start_cli(fake, *args, stderr=slave) as process:
            os.close(slave)
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.1)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:  # EIO: the child closed its end
                        break
                    if not data:
                        break
                    received.append(data)
                elif process.poll() is not None:
                    break
            out = process.communicate(timeout=30)[0]
    finally:
        os.close(master)
    return process.returncode, out.decode("utf-8"), b"".join(received).decode("utf-8", "replace")


def test_cli_run_prints_text_output(fake):
    result = _cli(fake, "run", "test/echo", "prompt=hello")
    assert (result.returncode, result.stdout, result.stderr) == (0, "hello\n", "")
    body = fake.requests_for("POST", "/v1/models/test/echo/predictions")[0].json()
    assert body["input"] == {"prompt": "hello"}


def test_cli_json_and_file_inputs(fake, tmp_path):
    upload = tmp_path / "notes.txt"
    upload.write_bytes(b"some notes\n")
    result = _cli(fake, "run", "test/echo", "prompt=@%s" % upload, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(fake.files) == 1
    record = list(fake.files.values())[0]
    assert record["content"] == b"some notes\n" and record["object"]["name"] == "notes.txt"
    assert result.stdout.strip() == record["object"]["urls"]["get"]
    result = _cli(fake, "run", "test/image", "num_outputs:=2", "-o", str(tmp_path / "x"), "--json")
    assert result.returncode == 0, result.stderr
    body = fake.requests_for("POST", "/v1/models/test/image/predictions")[0].json()
    assert body["input"] == {"num_outputs": 2}  # an integer, not "2"
    printed = json.loads(result.stdout)
    assert printed["status"] == "succeeded" and printed["id"] in fake.predictions
    assert len(printed["output"]) == 2 and printed["model"] == "test/image"


def test_cli_run_saves_file_outputs_into_the_output_directory(fake, tmp_path):
    folder = str(tmp_path / "out")
    result = _cli(fake, "run", "test/image", "num_outputs:=2", "-o", folder, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    expected = [os.path.join(folder, "out-%d.png" % i) for i in range(2)]
    assert result.stdout.splitlines() == expected
    for i, path in enumerate(expected):
        with open(path, "rb") as handle:
            assert handle.read() == fake.blobs["out-%d.png" % i][0]
    assert sorted(os.listdir(folder)) == ["out-0.png", "out-1.png"]
    assert result.stderr == ""


def test_cli_failed_model_exits_1_with_the_error_on_stderr(fake):
    result = _cli(fake, "run", "test/fail")
    assert result.returncode == 1 and result.stdout == ""
    assert "boom" in result.stderr and "Traceback" not in result.stderr.split("last log lines")[0]


@pytest.mark.parametrize("args, detail", [
    (["run", "test/nope", "prompt=x"], "error: model test/nope not found (404)"),
    (["run", "test/echo"], "input.prompt: this field is required"),
    (["predictions", "get", "nosuchid"], "error: prediction nosuchid not found (404)"),
    (["models", "readme", "acme/nope"], "error: the README of acme/nope not found (404)"),
])
def test_cli_api_errors_exit_1_with_the_detail(fake, args, detail):
    result = _cli(fake, *args)
    assert result.returncode == 1
    assert detail in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["run"], ["frobnicate"], ["run", "test/echo", "--timeout", "soon"],
                                  ["predictions"], ["run", "test/echo", "--no-such-option"]])
def test_cli_bad_usage_exits_2(fake, args):
    result = _cli(fake, *args)
    assert result.returncode == 2
    assert "usage" in result.stderr
    assert fake.requests == []


def test_cli_malformed_input_word_is_a_usage_error(fake):
    result = _cli(fake, "run", "test/echo", "prompt")
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "prompt" in result.stderr
    assert fake.requests == []


def test_cli_missing_token_exits_1_naming_the_variable(fake):
    result = _cli(fake, "run", "test/echo", "prompt=hi", token=False)
    assert result.returncode == 1
    assert "REPLICATE_API_TOKEN" in result.stderr and "Traceback" not in result.stderr
    assert fake.requests == []


def test_cli_timeout_exits_124_and_cancels(fake):
    result = _cli(fake, "run", "test/slow", "seconds:=30", "--timeout", "1", timeout=30)
    assert result.returncode == 124  # as timeout(1) exits: the --help's exit statuses say so
    assert "cancel" in result.stderr
    assert len(fake.predictions) == 1
    prediction_id = next(iter(fake.predictions))
    assert _status(fake, prediction_id) == "canceled"


def test_cli_cancel_after_is_sent(fake):
    result = _cli(fake, "run", "test/echo", "prompt=x", "--cancel-after", "5m")
    assert result.returncode == 0, result.stderr
    assert fake.requests_for("POST", "/v1/models/test/echo/predictions")[0].headers["Cancel-After"] == "300s"


def test_cli_stream_prints_the_joined_tokens(fake):
    result = _cli(fake, "stream", "test/tokens", "prompt=hi", 'tokens:=["Dolly ", "the ", "sheep"]')
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Dolly the sheep\n"


def test_cli_predictions_and_models_print_json(fake, client):
    first = client.predictions.create(model="test/echo", input={"prompt": "a"})
    slow = client.predictions.create(model="test/slow", input={"seconds": 60})
    listed = _cli(fake, "predictions", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["id"] for p in json.loads(listed.stdout)] == [slow.id, first.id]
    table = _cli(fake, "predictions", "list").stdout.splitlines()
    assert table[0].split() == ["id", "status", "model", "created"]
    assert [line.split()[:3] for line in table[1:]] == [[slow.id, "processing", "test/slow"],
                                                         [first.id, "succeeded", "test/echo"]]
    got = _cli(fake, "predictions", "get", first.id)
    assert got.returncode == 0 and json.loads(got.stdout)["id"] == first.id
    assert json.loads(got.stdout)["output"] == "a"
    canceled = _cli(fake, "predictions", "cancel", slow.id)
    assert canceled.returncode == 0 and json.loads(canceled.stdout)["status"] == "canceled"
    assert _status(fake, slow.id) == "canceled"
    model = _cli(fake, "models", "get", "test/echo")
    assert model.returncode == 0
    value = json.loads(model.stdout)
    assert (value["owner"], value["name"]) == ("test", "echo")
    assert value["latest_version"]["id"] == fake.version_id("test/echo")


def test_cli_python_dash_m_help(fake):
    result = _cli(fake, "--help", prefix=["-m", "replicate"], cwd=HERE)
    assert result.returncode == 0
    assert "examples" in result.stdout and "run" in result.stdout


@pytest.mark.parametrize("level", [[], ["run"], ["stream"], ["predictions"], ["models"]])
def test_cli_help_of_every_command_shows_examples(fake, level):
    result = _cli(fake, *(level + ["--help"]))
    assert result.returncode == 0
    assert "example" in result.stdout.lower()


@pytest.mark.parametrize("level", [["predictions", "list"], ["predictions", "get"],
                                   ["predictions", "cancel"], ["models", "get"]])
def test_cli_help_of_every_action_shows_examples(fake, level):
    result = _cli(fake, *(level + ["--help"]))
    assert result.returncode == 0
    assert "example" in result.stdout.lower(), result.stdout


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_cli_ctrl_c_while_polling_exits_130_and_cancels(fake):
    code, out, err, prediction_id = _interrupt_cli(fake, ["--wait", "0"])
    assert code == 130, (out, err)
    assert "Traceback" not in err
    assert _status(fake, prediction_id) == "canceled"
    assert len(_cancel_requests(fake)) == 1


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_cli_ctrl_c_during_the_held_create_exits_130_and_cancels(fake):
    """The default run holds the create (`Prefer: wait`) while the model runs: Ctrl-C then
    must still cancel the prediction, as the README promises."""
    code, out, err, prediction_id = _interrupt_cli(fake, [])
    assert code == 130, err
    assert _status(fake, prediction_id) == "canceled", "Ctrl-C left the prediction running"


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_cli_progress_display_only_when_stderr_is_a_terminal(fake, tmp_path):
    pytest.importorskip("pty")
    code, out, shown = _run_cli_with_pty_stderr(fake, ["run", "test/slow", "seconds:=1", "--wait", "0"])
    assert code == 0 and out == "done\n"
    prediction_id = next(iter(fake.predictions))
    assert prediction_id in shown and "processing" in shown
    assert re.search(r"\d+% \(\d/5\)", shown), shown
    code, out, shown = _run_cli_with_pty_stderr(fake, ["run", "test/image", "-o", str(tmp_path)])
    assert code == 0 and out.strip() == os.path.join(str(tmp_path), "out-0.png")
    assert "out-0.png" in shown  # the download is shown too
    # the same, with stderr a pipe: not a byte on it
    plain = _cli(fake, "run", "test/slow", "seconds:=1", "--wait", "0")
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "done\n", "")


# The CLI's stream: Ctrl-C exits 130 and cancels the prediction.
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_cli_stream_ctrl_c_exits_130_and_cancels(fake):
    out = b""
    with _start_cli(fake, "stream", "test/tokens",
                    'tokens:=["first-token ", "second ", "third ", "fourth "]', "interval:=1.5") as process:
        deadline = time.monotonic() + 20
        while b"first-token" not in out and time.monotonic() < deadline:
            readable, _, _ = select.select([process.stdout], [], [], 0.1)
            if readable:
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
        assert b"first-token" in out, "the CLI never printed the first token: %r" % out
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=30)
    out += rest
    assert process.returncode == 130, (process.returncode, out, err)
    assert b"Traceback" not in err, err
    pid = _only_prediction_id(fake)
    assert len(fake.requests_for("POST", "/v1/predictions/%s/cancel" % pid)) == 1
    assert _status(fake, pid) == "canceled"
    assert b"second" not in out


# The CLI's run prints a text model's tokens as one text.
def test_cli_run_prints_a_concatenate_models_tokens_as_one_text(fake):
    ref = "test/tokens:" + fake.version_id("test/tokens")
    result = _cli(fake, "run", ref, 'tokens:=["Hello", ",", " world", "!"]', "interval:=0.01")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello, world!\n"


def test_cli_saves_outputs_of_one_name_side_by_side(fake, tmp_path):
    png = base64.b64encode(tiny_png(3)).decode()
    pid = new_id()
    answer = _prediction_answer(fake, pid=pid, status="succeeded",
                                output=["data:image/png;base64," + png, "data:image/png;base64," + png])
    fake.queue_response("POST", "/v1/models/test/echo/predictions", status=201, body=answer)
    done = _cli(fake, "run", "test/echo", "prompt=x", "-o", str(tmp_path), cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    paths = done.stdout.split()
    assert len(paths) == 2 and len(set(paths)) == 2
    assert all(os.path.exists(p) for p in paths)


@pytest.mark.parametrize("name, flag", [("replicate.py", False), (".env", True), ("conftest.py", True)],
                         ids=["replicate.py-in-cwd", "dotenv-in-o-dir", "conftest.py-in-o-dir"])
def test_cli_never_replaces_an_existing_file_with_a_model_output(fake, tmp_path, name, flag):
    work = tmp_path / "work"
    work.mkdir()
    (work / name).write_text("mine\n")
    url = fake.add_blob(name, b"from the model\n", "text/plain")
    result = _cli(fake, "run", "test/echo", "prompt=" + url, *(["-o", str(work)] if flag else []),
                    cwd=str(work))
    assert result.returncode == 0, result.stderr
    assert (work / name).read_text() == "mine\n"
    (printed,) = result.stdout.splitlines()
    written = os.path.realpath(os.path.join(str(work), printed))
    assert os.path.dirname(written) == os.path.realpath(str(work))
    assert written != os.path.realpath(str(work / name))
    with open(written, "rb") as handle:
        assert handle.read() == b"from the model\n"


def test_cli_prints_saved_paths_with_control_characters_escaped(fake, tmp_path):
    folder = tmp_path / "o\x1bd"
    url = fake.add_blob("a\x1b[31mb\nc.png", tiny_png(4))
    result = _cli(fake, "run", "test/echo", "prompt=" + url, "-o", str(folder), cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    (saved,) = os.listdir(str(folder))
    _assert_harmless(saved)
    assert (folder / saved).read_bytes() == tiny_png(4)
    assert result.stdout.count("\n") == 1 and "\x1b" not in result.stdout
    assert result.stdout == os.path.join(str(folder), saved).replace("\x1b", "\\x1b") + "\n"


@pytest.mark.parametrize("problem", [
    "output_dir_is_a_file",
    pytest.param("input_unreadable", marks=pytest.mark.skipif(
        os.name != "posix" or os.geteuid() == 0, reason="root reads any file")),
])
def test_cli_usage_problem_exits_2_before_any_request(fake, tmp_path, problem):
    blocker = tmp_path / "taken"
    blocker.write_bytes(b"a regular file")
    if problem == "output_dir_is_a_file":
        args = ["run", "test/image", "-o", str(blocker)]
    else:
        blocker.chmod(0)
        args = ["run", "test/echo", "prompt=@%s" % blocker]
    result = _cli(fake, *args, cwd=str(tmp_path))
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "taken" in result.stderr and "Traceback" not in result.stderr
    assert fake.requests == [] and len(fake.predictions) == 0
    blocker.chmod(0o600)
    assert blocker.read_bytes() == b"a regular file"


def test_cli_timeout_bounds_a_poll_whose_body_drips(raw_server):
    server = raw_server(dripping_server, lambda r: r.method == "GET", "body")
    api = types.SimpleNamespace(url=server.url, token=TOKEN)
    try:
        result = _cli(api, "run", "test/echo", "prompt=x", "--timeout", "2", timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("replicate.py run --timeout 2 still ran after 15 s against a dripping server")
    assert result.returncode == 124, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


def test_cli_stderr_never_shows_a_token_the_server_echoes(fake):
    fake.queue_problem("POST", "/v1/models/test/echo/predictions", 400, "unexpected header %s" % _ECHOED)
    result = _cli(fake, "run", "test/echo", "prompt=hi")
    assert result.returncode == 1, result.stderr
    assert TOKEN not in result.stderr and TOKEN not in result.stdout
    assert "[REDACTED]" in result.stderr


def test_cli_run_shows_progress_of_a_hostile_log_line_without_crashing(fake):
    _queue_finished_slow_prediction(fake, "running\n" + _HOSTILE_PROGRESS_LINES[0] + "\n")
    result = _cli(fake, "run", "test/slow", "seconds:=5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert "Traceback" not in result.stderr


def test_cli_models_list_search_and_readme(fake):
    listed = _cli(fake, "models", "list")
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.splitlines()
    assert rows[0].split() == ["model", "runs", "description"]
    assert any(row.startswith("test/echo ") for row in rows[1:])
    assert json.loads(_cli(fake, "models", "list", "--json").stdout)[0]["owner"] == "test"
    searched = _cli(fake, "models", "search", "echo").stdout.splitlines()
    assert [row.split()[0] for row in searched[1:]] == ["test/echo"]
    found = _cli(fake, "search", "echo", "--limit", "3")
    assert found.returncode == 0 and found.stdout.splitlines()[1].split()[:3] == ["test/echo", "0", "1.00"]
    assert fake.requests_for("GET", "/v1/search")[-1].query == {"query": ["echo"], "limit": ["3"]}
    assert json.loads(_cli(fake, "search", "echo", "--json").stdout)["query"] == "echo"
    readme = _cli(fake, "models", "readme", "test/echo")
    assert (readme.returncode, readme.stdout) == (0, "# test/echo\n\nReturns its prompt.\n")


def test_cli_tables_fit_the_terminal_width(fake):
    fake.models["test/echo"].description = "word " * 100
    result = _cli(fake, "models", "list", env={"COLUMNS": "40"})
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 40 for line in result.stdout.splitlines()), result.stdout
    assert "..." in result.stdout


def test_cli_files_download_saves_a_signed_link_without_replacing_anything(fake, client, tmp_path):
    uploaded = client.files.create(io.BytesIO(b"first"), filename="a.txt")
    url = fake.signed_download_url(uploaded.id)
    (tmp_path / uploaded.id).write_bytes(b"keep me")
    result = _cli(fake, "files", "download", url, "-o", str(tmp_path), token=False)
    assert result.returncode == 0, result.stderr
    saved = result.stdout.strip()
    assert saved == str(tmp_path / (uploaded.id + "-1")) and pathlib.Path(saved).read_bytes() == b"first"
    assert (tmp_path / uploaded.id).read_bytes() == b"keep me"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    parts = _cli(fake, "files", "download", uploaded.id, "--owner", query["owner"][0], "--expiry",
                   query["expiry"][0], "--signature", query["signature"][0], "-o", str(tmp_path / "b.txt"))
    assert parts.returncode == 0 and pathlib.Path(parts.stdout.strip()).read_bytes() == b"first"
    missing = _cli(fake, "files", "download", "nope")
    assert missing.returncode == 1 and "--owner, --expiry and --signature" in missing.stderr


def test_cli_output_directory_that_cannot_be_made_is_a_usage_error_before_any_request(fake, tmp_path):
    (tmp_path / "afile").write_bytes(b"x")
    result = _cli(fake, "run", "test/image", "-o", str(tmp_path / "afile" / "sub"))
    assert result.returncode == 2 and "cannot be made" in result.stderr, result.stderr
    assert fake.requests_for("POST") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_cli_file_input_that_is_not_a_regular_file_is_a_usage_error_at_once(fake, tmp_path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(str(fifo))
    result = _cli(fake, "run", "test/echo", "prompt=@%s" % fifo, timeout=20)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    assert fake.requests == []


@pytest.mark.parametrize("prefix, name", [([_REPLICATE_PY], "python replicate.py"),
                                          (["-m", "replicate"], "python -m replicate")])
def test_cli_names_itself_as_invoked(fake, prefix, name):
    helped = _cli(fake, "--help", prefix=prefix)
    assert helped.stdout.startswith("usage: %s " % name), helped.stdout[:80]
    assert "  %s run black-forest-labs/flux-schnell" % name in helped.stdout
    sub = _cli(fake, "run", "--help", prefix=prefix)
    assert sub.stdout.startswith("usage: %s run " % name) and "  %s run " % name in sub.stdout
    version = _cli(fake, "--version", prefix=prefix)
    assert version.stdout.strip() == "%s 1.0.0 (the API of the official replicate-python 1.0.7)" % name


def test_cli_help_lists_exit_statuses_environment_and_the_wait_range(fake):
    helped = _cli(fake, "--help").stdout
    for text in ("REPLICATE_API_TOKEN", "REPLICATE_BASE_URL", "REPLICATE_POLL_INTERVAL", "124", "130"):
        assert text in helped
    run_help = _cli(fake, "run", "--help").stdout
    assert "--wait 0-60" in run_help and "{0,1,2" not in run_help
    assert not helped.endswith("\n\n")


@pytest.mark.parametrize("args, words", [
    (["run", "nope"], "invalid model reference"),
    (["run", "test/echo", "--cancel-after", "soon"], "--cancel-after must be"),
    (["run", "test/echo", "--wait", "61"], "0 to 60"),
    (["run", "test/echo", "--timeout", "-1"], "--timeout must be"),
    (["stream", "a/b/c"], "invalid model reference"),
])
def test_cli_usage_errors_name_the_flag_and_exit_2_before_any_request(fake, args, words):
    result = _cli(fake, *args)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "Client(" not in result.stderr and "cancel_after" not in result.stderr.replace("--cancel-after", "")
    assert fake.requests == []


def test_cli_without_a_token_says_which_variable_in_shell_terms(fake):
    result = _cli(fake, "predictions", "list", token=False)
    assert result.returncode == 1
    assert result.stderr == ("error: no API token: set REPLICATE_API_TOKEN (get one at "
                             "https://replicate.com/account/api-tokens)\n")


def test_cli_a_refused_token_says_to_check_it(fake):
    result = _cli(fake, "predictions", "list", env={"REPLICATE_API_TOKEN": "r8_wrong"})
    assert result.returncode == 1
    assert result.stderr == "error: the API refused the token (401): check REPLICATE_API_TOKEN\n"


def test_status_line_fits_the_terminal_and_says_when_it_retries(monkeypatch):
    import replicate
    monkeypatch.setenv("COLUMNS", "40")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    line = replicate._StatusLine(screen)
    line.show("x" * 200)
    line.retrying("error: connection refused", 2.0)
    shown = [part for part in screen.getvalue().split("\r\x1b[K") if part]
    assert all(len(part) <= 39 for part in shown) and "\n" not in screen.getvalue()
    assert shown[-1] == "retrying in 2 s: connection refused"


# --- Types: what a user's type checker sees ---


# A script as a user of the official client writes it (its README's calls), vendoring
# replicate.py beside it. Both checkers must pass it in strict mode with no false alarm.
TYPED_USER_SCRIPT = '''\
import asyncio
from typing import Any, Dict, List, Optional

import replicate
from replicate import Client, FileOutput, ModelError, Page, Prediction, ReplicateError


def generate(prompt: str) -> List[bytes]:
    output = replicate.run("black-forest-labs/flux-schnell", input={"prompt": prompt},
                           timeout=120.0, wait=30, use_file_output=True)
    return [item.read() for item in output if isinstance(item, FileOutput)]


def follow() -> Optional[str]:
    model = replicate.models.get("stability-ai/sdxl")
    version = model.versions.get("39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b")
    prediction = replicate.predictions.create(version=version, input={"prompt": "a fox"},
                                              webhook="https://example.com/hook",
                                              webhook_events_filter=["completed"])
    prediction.wait()
    prediction.reload()
    status: str = prediction.status
    if status == "failed":
        return prediction.error
    if prediction.status in ("starting", "processing"):
        prediction.cancel()
    logs: Optional[str] = prediction.logs
    created: Optional[str] = prediction.created_at
    urls: Dict[str, str] = prediction.urls
    print(prediction.id, logs, created, urls.get("get"), prediction.output)
    return None


def tokens() -> str:
    text = ""
    for event in replicate.stream("meta/meta-llama-3-70b-instruct", input={"prompt": "hi"}):
        text += str(event)
    return text


def every_prediction() -> List[str]:
    ids: List[str] = []
    for page in replicate.paginate(replicate.predictions.list):
        first: Page[Prediction] = page
        ids.extend(p.id for p in first.results)
    return ids


def deployed() -> Any:
    deployment = replicate.deployments.get("acme/image-upscaler")
    prediction = deployment.predictions.create(input={"image": "https://example.com/a.png"})
    prediction.wait()
    return prediction.output


def handled() -> None:
    try:
        replicate.run("acme/flaky", input={})
    except ModelError as e:
        error: Any = e.prediction.error
        print("failed:", error, e.prediction.id)
    except ReplicateError as e:
        code: Optional[int] = e.status
        print(code, e.detail, e.title, e.request_id)


def own_client() -> Any:
    client = Client(api_token="r8_token", timeout=30.0)
    return client.run("acme/model:" + "a" * 64, input={"n": 1})


async def together() -> List[Any]:
    return list(await asyncio.gather(replicate.async_run("acme/a", input={}),
                                     replicate.async_run("acme/b", input={})))


async def looked_up() -> str:
    prediction = await replicate.predictions.async_get("p1")
    canceled: Prediction = await prediction.async_cancel()
    page: Page[Prediction] = await replicate.predictions.async_list()
    return canceled.id + str(len(page.results))
'''


# Each line a mistake that both checkers must catch: what the mistake is, and the line.
TYPED_USER_MISTAKES = [
    ("an int as the model reference", 'replicate.run(42, input={})'),
    ("a misspelled keyword", 'replicate.run("acme/a", inputt={})'),
    ("a status assigned an int", 'replicate.predictions.get("p").status = 5'),
    ("a str timeout", 'replicate.run("acme/a", input={}, timeout="30")'),
    ("an int version id", 'replicate.predictions.create(version=1234, input={})'),
    ("an int api_token", 'replicate.Client(api_token=1234)'),
    ("status plus a str", 'print(ReplicateError().status + "!")'),
    ("an int id to an async twin", 'asyncio.run(replicate.predictions.async_get(5))'),
]


def _type_checkers():
    """(name, command) of each checker installed for this Python."""
    found = []
    for module, name in (("mypy", "mypy"), ("pyright", "pyright")):
        done = subprocess.run([sys.executable, "-c", "import %s" % module],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode == 0:
            found.append((name, [sys.executable, "-m", module] + (
                ["--strict", "--no-incremental", "--cache-dir", os.devnull]
                # pyright finds packages through the python on PATH unless told which one
                if name == "mypy" else ["--pythonpath", sys.executable])))
    return found


def _check_types(tmp_path, source, vendored=True):
    """Each checker's (exit status, output) on `source` as a user's script: beside a copy
    of replicate.py, or (vendored=False) seeing only the installed package."""
    if vendored:
        shutil.copy(os.path.join(HERE, "replicate.py"), str(tmp_path))
    (tmp_path / "user_script.py").write_text(source)
    # pyright's strict mode, as mypy's --strict (its reports cover the user's file alone)
    (tmp_path / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
    results = {}
    for name, command in _type_checkers():
        done = subprocess.run(command + ["user_script.py"], cwd=str(tmp_path), timeout=600,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        results[name] = (done.returncode, done.stdout.decode("utf-8", "replace"))
    return results


def _checker_error_lines(name, output):
    """The line numbers of the user script that a checker reported errors on."""
    pattern = (r"user_script\.py:(\d+): error" if name == "mypy"
               else r"user_script\.py:(\d+):\d+ - error")
    return {int(n) for n in re.findall(pattern, output)}


def _needs_type_checkers(installed=False):
    """Skip unless the checkers are installed (and, with `installed`, the built wheel too)."""
    if not _type_checkers():
        pytest.skip("neither mypy nor pyright is installed for this Python (.ci/run installs both)")
    if installed and not os.environ.get("REPLICATE_PY_WHEEL_INSTALLED"):
        pytest.skip("set by .ci/run where the built wheel is installed with the checkers")


@pytest.mark.parametrize("vendored", [True, False], ids=["vendored", "installed"])
def test_type_checkers_pass_a_script_written_for_the_official_client(tmp_path, vendored):
    _needs_type_checkers(installed=not vendored)
    for name, (status, output) in _check_types(tmp_path, TYPED_USER_SCRIPT, vendored).items():
        assert status == 0 and not _checker_error_lines(name, output), (name, output)


@pytest.mark.parametrize("vendored", [True, False], ids=["vendored", "installed"])
def test_type_checkers_catch_a_users_mistakes(tmp_path, vendored):
    _needs_type_checkers(installed=not vendored)
    lines = TYPED_USER_SCRIPT.splitlines()
    lines += ["", "", "def mistakes() -> None:"]
    planted = {}
    for what, code in TYPED_USER_MISTAKES:
        lines.append("    " + code)
        planted[len(lines)] = what
    for name, (status, output) in _check_types(tmp_path, "\n".join(lines) + "\n", vendored).items():
        reported = _checker_error_lines(name, output)
        missed = [what for line, what in planted.items() if line not in reported]
        assert status != 0 and not missed, (name, missed, output)
        assert reported <= set(planted), (name, "false alarms", output)


def test_exceptions_module_type_checks_when_installed(tmp_path):
    _needs_type_checkers(installed=True)
    source = ("from replicate.exceptions import ModelError, ReplicateError\n"
              "from replicate.helpers import FileOutput\n\n"
              "def describe(error: ReplicateError, failed: ModelError, out: FileOutput) -> str:\n"
              "    return '%s %s %s' % (error.status, failed.prediction.id, out.url)\n")
    for name, (status, output) in _check_types(tmp_path, source, vendored=False).items():
        assert status == 0, (name, output)


def test_importing_the_module_imports_no_typing_and_evaluates_no_annotation():
    code = ("import sys; before = set(sys.modules); import replicate; "
            "assert 'typing' not in set(sys.modules) - before, 'typing was imported'; "
            "assert all(isinstance(v, str) for v in replicate.run.__annotations__.values()); "
            "assert replicate.Page[replicate.Prediction] is replicate.Page")
    for flags in ([], ["-I", "-S"]):
        done = subprocess.run([sys.executable] + flags + ["-c", "import sys; sys.path.insert(0, %r); "
                                                          % HERE + code],
                              cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        assert done.returncode == 0, done.stdout.decode()


# --- The module itself: public names, official import paths, import cost, vendoring ---


OFFICIAL_MODULE_NAMES = {  # replicate 1.0.7's public names, module by module
    "account": ["Account", "Accounts"],
    "client": ["Client"],
    "collection": ["Collection", "Collections"],
    "deployment": ["Deployment", "Deployments", "DeploymentPredictions", "DeploymentsPredictions"],
    "exceptions": ["ReplicateException", "ModelError", "ReplicateError"],
    "file": ["File", "Files"],
    "hardware": ["Hardware", "HardwareNamespace"],
    "helpers": ["encode_json", "async_encode_json", "base64_encode_file", "FileOutput",
                "transform_output"],
    "identifier": ["ModelVersionIdentifier"],
    "model": ["Model", "Models", "ModelsPredictions"],
    "pagination": ["Page", "paginate", "async_paginate"],
    "prediction": ["Prediction", "Predictions"],
    "run": ["run", "async_run"],
    "stream": ["ServerSentEvent", "stream", "async_stream"],
    "training": ["Training", "Trainings"],
    "version": ["Version", "Versions"],
    "webhook": ["WebhookSigningSecret", "WebhookValidationError", "MissingWebhookHeaderError",
                "InvalidSecretKeyError", "MissingWebhookBodyError", "InvalidTimestampError",
                "InvalidSignatureError", "Webhooks"],
}


def test_all_lists_exactly_the_public_names():
    import types
    import replicate
    defined = {name for name, value in vars(replicate).items()
               if not name.startswith("_") and not isinstance(value, types.ModuleType)
               and name not in ("annotations", "TYPE_CHECKING")}
    lazy = {"default_client", "predictions", "models", "deployments", "trainings", "files",
            "collections", "hardware", "accounts", "webhooks"}
    assert sorted(replicate.__all__) == sorted(defined | lazy)
    for name in replicate.__all__:
        assert getattr(replicate, name) is not None


def test_import_defines_only_and_reads_no_environment(tmp_path):
    code = ("import sys, os\n"
            "before = set(sys.modules)\n"
            "os.environ.pop('REPLICATE_API_TOKEN', None)\n"
            "import replicate\n"
            "added = sorted(set(sys.modules) - before)\n"
            "heavy = [m for m in ('json', 'urllib.request', 'http.client', 'ssl', 'email', "
            "'mimetypes', 'asyncio', 'typing', 're', 'socket', 'logging', 'threading') if m in added]\n"
            "print(added, heavy)\n"
            "assert not heavy, heavy\n"
            "os.environ['REPLICATE_API_TOKEN'] = 'set-after-import'\n"
            "assert replicate.default_client._token() == 'set-after-import'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=HERE, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=60)
    assert done.returncode == 0, done.stdout.decode()


def test_every_official_module_path_imports_with_its_names():
    import importlib
    import replicate
    for module, names in OFFICIAL_MODULE_NAMES.items():
        imported = importlib.import_module("replicate." + module)
        for name in names:
            assert getattr(imported, name) is getattr(replicate, name), (module, name)


def test_official_helpers_encode_and_transform(fake, client):
    import replicate
    from replicate.helpers import base64_encode_file, encode_json, transform_output
    assert base64_encode_file(io.BytesIO(b"hi")) == "data:application/octet-stream;base64,aGk="
    encoded = encode_json({"a": [io.BytesIO(b"xyz")], "n": 1}, client, file_encoding_strategy="base64")
    assert encoded == {"a": ["data:application/octet-stream;base64,eHl6"], "n": 1}
    uploaded = encode_json({"f": io.BytesIO(b"xyz")}, client)
    assert uploaded["f"].startswith(fake.url) and fake.requests_for("POST", "/v1/files")
    assert asyncio.run(replicate.async_encode_json([1, {"b": 2}], client)) == [1, {"b": 2}]
    out = transform_output({"img": "https://x.test/a.png", "n": ["data:,hi", "text"]}, client)
    assert isinstance(out["img"], replicate.FileOutput) and out["n"][1] == "text"
    assert out["n"][0].read() == b"hi"


def test_lone_file_imports_without_site_packages(tmp_path):
    shutil.copy(os.path.join(HERE, "replicate.py"), str(tmp_path))
    done = subprocess.run([sys.executable, "-I", "-S", "-c",
                           "import sys; sys.path.insert(0, '.'); import replicate; "
                           "print(replicate.__version__)"],
                          cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    assert done.returncode == 0, done.stdout.decode()


def test_module_imports_nothing_outside_the_standard_library():
    import ast
    tree = ast.parse(pathlib.Path(HERE, "replicate.py").read_text())
    stdlib = {"__future__", "types", "os", "sys", "time", "_thread", "json", "urllib", "http", "ssl",
              "email", "mimetypes", "base64", "hashlib", "hmac", "binascii", "asyncio",
              "functools", "typing", "re", "random", "select", "socket", "uuid", "logging",
              "argparse", "pathlib", "weakref", "io", "stat", "datetime", "atexit", "shutil",
              "tempfile", "calendar", "importlib", "py_compile", "difflib", "concurrent", "errno",
              "fcntl", "msvcrt", "threading"}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module.split(".")[0])
    assert found <= stdlib, found - stdlib


def test_module_level_namespaces_and_paginate_use_the_environment(env):
    import replicate
    fake = env
    ids = [replicate.predictions.create(model="test/echo", input={"prompt": str(i)}).id for i in range(3)]
    pages = list(replicate.paginate(replicate.predictions.list))
    assert all(isinstance(p, replicate.Page) for p in pages)
    assert [p.id for page in pages for p in page] == ids[::-1]
    assert replicate.accounts.current().username == OWNER
    assert [h.sku for h in replicate.hardware.list()] == [h["sku"] for h in HARDWARE]
    assert replicate.webhooks.default.secret().key == fake.webhook_secret
    assert all(r.headers.get("Authorization") == "Bearer " + fake.token for r in fake.requests)


# The official package's submodule imports.
def test_official_submodule_imports_work_in_a_fresh_interpreter():
    code = "\n".join([
        "import types",
        "from replicate.exceptions import ModelError, ReplicateError",
        "from replicate.helpers import FileOutput",
        "from replicate.stream import ServerSentEvent",
        "import replicate.prediction",
        "import replicate.run",
        "import replicate.stream",
        "import replicate",
        "assert ModelError is replicate.ModelError and ReplicateError is replicate.ReplicateError",
        "assert FileOutput is replicate.FileOutput and ServerSentEvent is replicate.ServerSentEvent",
        "assert replicate.prediction.Prediction is replicate.Prediction",
        "assert isinstance(replicate.run, types.FunctionType), replicate.run",
        "assert isinstance(replicate.stream, types.FunctionType), replicate.stream",
        "print('ok')",
    ])
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")}
    environment.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=HERE, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    assert result.returncode == 0, result.stdout.decode("utf-8", "replace")
    assert result.stdout.decode().strip() == "ok"


def test_vendor_writes_the_module_and_checked_hash_bytecode_that_a_read_only_folder_uses(tmp_path):
    import importlib.util
    target = tmp_path / "lambda"
    result = subprocess.run([sys.executable, _REPLICATE_PY, "vendor", str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert result.returncode == 0, result.stderr
    module = target / "replicate.py"
    bytecode = pathlib.Path(importlib.util.cache_from_source(str(module)))
    assert module.read_bytes() == pathlib.Path(_REPLICATE_PY).read_bytes()
    assert result.stdout.splitlines()[0] == str(module) and str(bytecode) in result.stdout
    assert "%d.%d" % sys.version_info[:2] in result.stdout
    flags = int.from_bytes(bytecode.read_bytes()[4:8], "little")
    assert flags == 0b11  # a hash-based .pyc whose hash is checked against the source
    probe = ("import sys; sys.path.insert(0, %r); import replicate; print(replicate.__cached__, "
             "replicate.__file__)" % str(target))
    used = subprocess.run([sys.executable, "-I", "-B", "-c", probe], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert used.returncode == 0 and str(module) in used.stdout, used.stderr
    # an edited copy is compiled again (and here, with -B, not written): never run stale
    module.write_text(module.read_text() + "\nEDITED = True\n")
    edited = subprocess.run([sys.executable, "-I", "-B", "-c", "import sys; sys.path.insert(0, %r); "
                             "import replicate; print(replicate.EDITED)" % str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert edited.stdout.strip() == "True", edited.stderr


def test_vendor_never_replaces_another_replicate_py_without_force(tmp_path):
    (tmp_path / "replicate.py").write_text("# someone's own module\n")
    refused = subprocess.run([sys.executable, _REPLICATE_PY, "vendor", str(tmp_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert (tmp_path / "replicate.py").read_text() == "# someone's own module\n"
    again = subprocess.run([sys.executable, _REPLICATE_PY, "vendor", str(tmp_path), "--force"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert again.returncode == 0 and (tmp_path / "replicate.py").read_bytes() == pathlib.Path(_REPLICATE_PY).read_bytes()
    same = subprocess.run([sys.executable, _REPLICATE_PY, "vendor", str(tmp_path)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert same.returncode == 0  # the same module again: nothing to refuse


# --- The seed examples, unchanged, against the fake ---


def _version_json(vid, inputs, output):
    return {"id": vid, "created_at": "2022-04-26T19:29:04.418669Z", "cog_version": "0.3.0",
            "openapi_schema": cog_schema(inputs, output)}


def _model_json(owner, name, version, description):
    return {
        "url": "https://replicate.com/%s/%s" % (owner, name), "owner": owner, "name": name,
        "description": description, "visibility": "public",
        "github_url": "https://github.com/%s/%s" % (owner, name), "paper_url": None,
        "license_url": None, "run_count": 12345, "cover_image_url": None,
        "default_example": None, "latest_version": version,
    }


_URI_LIST = {"type": "array", "items": {"type": "string", "format": "uri"}}


_URI = {"type": "string", "format": "uri"}


_TEXT = {"type": "string"}


_PROMPT = {"prompt": {"type": "string", "title": "Prompt", "x-order": 0}}


_IMAGE = {"image": {"type": "string", "format": "uri", "title": "Image", "x-order": 0}}


_CLIPDRAW = "5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b"


_SD = "27b93a2413e7f36cd83da926f3656280b2931564ff050bf9575f1fdf9bcd7478"


_LAIONIDE = "b21cbe271e65c1718f2999b038c18b45e21e4fba961181fbfae9342fc53b9e05"


_SWINIR = "660d922d33153019e8c263a3bba265de882e7f4f70396546b6c9c8f9d47a021a"


_LLAVA = "a0fdc44e4f2e1f20f2bb4e27846899953ac8e66c5886c5878fa1d6b73ce009e5"


_BLIP = "2e1dddc8621f72155f24cf2e0adbde548458d3cab9f00c0139eea840d0ac4746"


_PIXRAY = "5c347a4bfa1d4523a58ae614c2194e15f2ae682b57e3797a5bb468920aa70ebf"


def _queue_model(fake, owner, name, vid, inputs, output, description="A model."):
    """GET of the model and of its version, as the API answers them (repeatable)."""
    version = _version_json(vid, inputs, output)
    fake.queue_response("GET", "/v1/models/%s/%s" % (owner, name), 200,
                        body=_model_json(owner, name, version, description), times=5)
    fake.queue_response("GET", "/v1/models/%s/%s/versions/%s" % (owner, name, vid), 200,
                        body=version, times=5)


def _flux_prediction(fake, prompt, count, **extra):
    urls = [fake.https_url + "/files/out-%d.png" % i for i in range(count)]
    inputs = dict({"prompt": prompt}, **extra)
    return _prediction_answer(fake, "black-forest-labs/flux-schnell",
                              "bf2f2e683d03a9549f484a37a0df1581514b28f1c2f4ed6c0e3c51ab3b0a1c3c",
                              inputs, "succeeded", output=urls, logs="running flux\n")


_FLUX_PATH = "/v1/models/black-forest-labs/flux-schnell/predictions"


def _queue_llava(env):
    """The llava seed model on the fake: a finished prediction whose text comes in tokens."""
    answer = ["You ", "have ", "a ", "well-stocked ", "refrigerator."]
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "yorickvp/llava-13b", _LLAVA, {"prompt": "..."}, "succeeded", output=answer))
    _queue_model(env, "yorickvp", "llava-13b", _LLAVA,
                   dict(_IMAGE, prompt={"type": "string", "title": "Prompt", "x-order": 1}),
                   {"type": "array", "items": {"type": "string"}, "x-cog-array-type": "iterator",
                    "x-cog-array-display": "concatenate"})


_CLIPDRAW_LOGS = ("iteration: 0, render:loss: -0.6171875\n"
                    "iteration: 10, render:loss: -0.92236328125\n"
                    "iteration: 20, render:loss: -1.197265625\n"
                    "iteration: 30, render:loss: -1.3994140625\n")


def _queue_clipdraw(fake, pid, statuses):
    _queue_model(fake, "kvfrans", "clipdraw", _CLIPDRAW, _PROMPT, _URI,
                   "Synthesize drawings to match a text prompt")
    inputs = {"prompt": "Watercolor painting of an underwater submarine"}
    fake.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        fake, "kvfrans/clipdraw", _CLIPDRAW, inputs, "starting", pid=pid))
    for status in statuses:
        logs = _CLIPDRAW_LOGS if status != "starting" else ""
        output = fake.https_url + "/files/output.png" if status == "succeeded" else None
        fake.queue_response("GET", "/v1/predictions/" + pid, 200, body=_prediction_answer(
            fake, "kvfrans/clipdraw", _CLIPDRAW, inputs, status, output=output, logs=logs, pid=pid))


def test_seed_get_started_run_a_model(env, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    env.queue_response("POST", _FLUX_PATH, 201,
                       body=_flux_prediction(env, "an iguana on the beach, pointillism", 1))

    import replicate
    output = replicate.run(
      "black-forest-labs/flux-schnell",
      input={"prompt": "an iguana on the beach, pointillism"}
    )
    # Save the generated image
    with open('output.png', 'wb') as f:
        f.write(output[0].read())
    print(f"Image saved as output.png")

    assert (tmp_path / "output.png").read_bytes() == tiny_png(0)
    assert capsys.readouterr().out == "Image saved as output.png\n"
    (post,) = env.requests_for("POST")
    assert post.json() == {"input": {"prompt": "an iguana on the beach, pointillism"}}
    assert post.headers.get("Prefer") == "wait"


def test_seed_get_started_local_file_input(env, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    fridge = tiny_png(7, side=8)
    (tmp_path / "my_fridge.jpg").write_bytes(fridge)
    _queue_llava(env)

    import replicate
    image = open("my_fridge.jpg", "rb")
    output = replicate.run(
        "yorickvp/llava-13b:a0fdc44e4f2e1f20f2bb4e27846899953ac8e66c5886c5878fa1d6b73ce009e5",
        input={
            "image": image,
            "prompt": "Here's what's in my fridge. What can I make for dinner tonight?"
        }
    )
    print(output)
    # You have a well-stocked refrigerator filled with various fruits, vegetables, and ...

    image.close()
    assert capsys.readouterr().out == "You have a well-stocked refrigerator.\n"
    (uploaded,) = env.files.values()
    assert uploaded["content"] == fridge
    assert uploaded["object"]["name"] == "my_fridge.jpg"
    (post,) = env.requests_for("POST", "/v1/predictions")
    assert post.json() == {"version": _LLAVA, "input": {
        "image": uploaded["object"]["urls"]["get"],
        "prompt": "Here's what's in my fridge. What can I make for dinner tonight?"}}


def test_seed_get_started_url_input(env, capsys):
    _queue_llava(env)
    import replicate

    image = "https://example.com/my_fridge.jpg"
    output = replicate.run(
        "yorickvp/llava-13b:a0fdc44e4f2e1f20f2bb4e27846899953ac8e66c5886c5878fa1d6b73ce009e5",
        input={
            "image": image,
            "prompt": "Here's what's in my fridge. What can I make for dinner tonight?"
        }
    )
    print(output)
    # You have a well-stocked refrigerator filled with various fruits, vegetables, and ...

    assert capsys.readouterr().out == "You have a well-stocked refrigerator.\n"
    assert env.requests_for("POST", "/v1/files") == []
    (post,) = env.requests_for("POST", "/v1/predictions")
    assert post.json()["input"]["image"] == "https://example.com/my_fridge.jpg"


def test_seed_get_started_handling_output_iterator(env, capsys):
    tokens = ["Dolly ", "the ", "sheep ", "was ", "the ", "first ", "mammal ", "to ", "be ",
              "successfully ", "cloned ", "from ", "an ", "adult ", "cell..."]
    env.queue_response("POST", "/v1/models/anthropic/claude-3.7-sonnet/predictions", 201,
                       body=_prediction_answer(
                           env, "anthropic/claude-3.7-sonnet",
                           "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
                           {"prompt": "Who was Dolly the sheep?"}, "succeeded", output=tokens))
    import replicate

    iterator = replicate.run(
      "anthropic/claude-3.7-sonnet",
      input={"prompt": "Who was Dolly the sheep?"},
    )
    for text in iterator:
        print(text, end="")
    # Dolly the sheep was the first mammal to be successfully cloned from an adult cell...

    assert capsys.readouterr().out == (
        "Dolly the sheep was the first mammal to be successfully cloned from an adult cell...")
    (post,) = env.requests
    assert post.json() == {"input": {"prompt": "Who was Dolly the sheep?"}}


def test_seed_get_started_handling_file_outputs(env, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    env.queue_response("POST", _FLUX_PATH, 201, body=_flux_prediction(env, "A majestic lion", 1))
    env.queue_response("POST", _FLUX_PATH, 201,
                       body=_flux_prediction(env, "A majestic lion", 2, num_outputs=2))
    import replicate

    output = replicate.run(
        "black-forest-labs/flux-schnell",
        input={"prompt": "A majestic lion"}
    )
    # Save the generated image
    with open('lion.png', 'wb') as f:
        f.write(output[0].read())
    print("Image saved as lion.png")
    # Handle multiple outputs
    output = replicate.run(
        "black-forest-labs/flux-schnell",
        input={"prompt": "A majestic lion", "num_outputs": 2}
    )
    for idx, file_output in enumerate(output):
        with open(f'output_{idx}.png', 'wb') as f:
            f.write(file_output.read())

    assert (tmp_path / "lion.png").read_bytes() == tiny_png(0)
    assert (tmp_path / "output_0.png").read_bytes() == tiny_png(0)
    assert (tmp_path / "output_1.png").read_bytes() == tiny_png(1)
    assert capsys.readouterr().out == "Image saved as lion.png\n"
    assert [r.json() for r in env.requests_for("POST")] == [
        {"input": {"prompt": "A majestic lion"}},
        {"input": {"prompt": "A majestic lion", "num_outputs": 2}}]
    assert all(r.headers.get("Authorization") is None for r in env.requests_for("GET", "/files/*"))


def test_seed_readme_run_a_model(env):
    url = env.https_url + "/files/out-0.png"
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "stability-ai/stable-diffusion", _SD,
        {"prompt": "a 19th century portrait of a wombat gentleman"}, "succeeded", output=[url]))
    _queue_model(env, "stability-ai", "stable-diffusion", _SD, _PROMPT, _URI_LIST)

    import replicate
    result = replicate.run(
        "stability-ai/stable-diffusion:27b93a2413e7f36cd83da926f3656280b2931564ff050bf9575f1fdf9bcd7478",
        input={"prompt": "a 19th century portrait of a wombat gentleman"}
    )

    assert [str(item) for item in result] == [url]
    assert result[0].read() == tiny_png(0)
    post = env.requests_for("POST", "/v1/predictions")[0]
    assert post.json() == {"version": _SD,
                           "input": {"prompt": "a 19th century portrait of a wombat gentleman"}}


# the seed's own code opens a file it never closes: its warning is the seed's, not ours
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_seed_readme_file_input(env, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "path" / "to").mkdir(parents=True)
    mystery = tiny_png(9, side=4)
    (tmp_path / "path" / "to" / "mystery.jpg").write_bytes(mystery)
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "salesforce/blip", _BLIP, {"image": "..."}, "succeeded",
        output="an astronaut riding a horse"))
    _queue_model(env, "salesforce", "blip", _BLIP, _IMAGE, _TEXT)
    import replicate

    output = replicate.run(
            "salesforce/blip:2e1dddc8621f72155f24cf2e0adbde548458d3cab9f00c0139eea840d0ac4746",
            input={"image": open("path/to/mystery.jpg", "rb")},
        )

    assert output == "an astronaut riding a horse"
    (uploaded,) = env.files.values()
    assert uploaded["content"] == mystery
    (post,) = env.requests_for("POST", "/v1/predictions")
    assert post.json() == {"version": _BLIP, "input": {"image": uploaded["object"]["urls"]["get"]}}


def test_seed_readme_run_in_the_background(env, capsys):
    pid = new_id()
    _queue_clipdraw(env, pid, ["processing", "processing", "succeeded"])
    import replicate

    model = replicate.models.get("kvfrans/clipdraw")
    version = model.versions.get("5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b")
    prediction = replicate.predictions.create(
        version=version,
        input={"prompt":"Watercolor painting of an underwater submarine"})

    assert repr(prediction).startswith("Prediction(")
    assert prediction.status == 'starting'
    assert dict(prediction)["id"] == pid and dict(prediction)["status"] == "starting"
    prediction.reload()
    assert prediction.status == 'processing'
    print(prediction.logs)
    prediction.wait()
    assert prediction.status == 'succeeded'
    assert prediction.output == env.https_url + "/files/output.png"

    assert capsys.readouterr().out == _CLIPDRAW_LOGS + "\n"
    (post,) = env.requests_for("POST", "/v1/predictions")
    assert post.json() == {"version": _CLIPDRAW,
                           "input": {"prompt": "Watercolor painting of an underwater submarine"}}
    assert len(env.requests_for("GET", "/v1/predictions/" + pid)) == 3


def test_seed_readme_background_with_webhook(env):
    pid = new_id()
    _queue_clipdraw(env, pid, [])
    import replicate

    model = replicate.models.get("kvfrans/clipdraw")
    version = model.versions.get("5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b")
    prediction = replicate.predictions.create(
        version=version,
        input={"prompt":"Watercolor painting of an underwater submarine"},
        webhook="https://example.com/your-webhook",
        webhook_events_filter=["completed"]
    )

    assert prediction.id == pid
    (post,) = env.requests_for("POST", "/v1/predictions")
    assert post.json() == {"version": _CLIPDRAW,
                           "input": {"prompt": "Watercolor painting of an underwater submarine"},
                           "webhook": "https://example.com/your-webhook",
                           "webhook_events_filter": ["completed"]}


def test_seed_readme_compose_models_into_a_pipeline(env):
    _queue_model(env, "afiaka87", "laionide-v4", _LAIONIDE, _PROMPT, _URI)
    _queue_model(env, "jingyunliang", "swinir", _SWINIR, _IMAGE, _URI)
    laionide_out = env.https_url + "/files/out-1.png"
    swinir_out = env.https_url + "/files/out-2.png"
    pid = new_id()
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "afiaka87/laionide-v4", _LAIONIDE, {"prompt": "avocado armchair"}, "starting", pid=pid))
    env.queue_response("GET", "/v1/predictions/" + pid, 200, body=_prediction_answer(
        env, "afiaka87/laionide-v4", _LAIONIDE, {"prompt": "avocado armchair"}, "succeeded",
        output=laionide_out, pid=pid))
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "jingyunliang/swinir", _SWINIR, {"image": laionide_out}, "succeeded",
        output=swinir_out))
    import replicate

    laionide = replicate.models.get("afiaka87/laionide-v4").versions.get("b21cbe271e65c1718f2999b038c18b45e21e4fba961181fbfae9342fc53b9e05")
    swinir = replicate.models.get("jingyunliang/swinir").versions.get("660d922d33153019e8c263a3bba265de882e7f4f70396546b6c9c8f9d47a021a")
    image = laionide.predict(prompt="avocado armchair")
    upscaled_image = swinir.predict(image=image)

    assert str(image) == laionide_out
    assert str(upscaled_image) == swinir_out
    assert [r.json() for r in env.requests_for("POST", "/v1/predictions")] == [
        {"version": _LAIONIDE, "input": {"prompt": "avocado armchair"}},
        {"version": _SWINIR, "input": {"image": laionide_out}}]


def test_seed_readme_output_of_a_running_model(env):
    urls = [env.https_url + "/files/out-%d.png" % i for i in range(3)]
    pid = new_id()
    inputs = {"prompts": "san francisco sunset"}
    env.queue_response("POST", "/v1/predictions", 202, body=_prediction_answer(
        env, "pixray/text2image", _PIXRAY, inputs, "processing", output=urls[:1], pid=pid))
    env.queue_response("GET", "/v1/predictions/" + pid, 200, body=_prediction_answer(
        env, "pixray/text2image", _PIXRAY, inputs, "processing", output=urls[:2], pid=pid))
    env.queue_response("GET", "/v1/predictions/" + pid, 200, body=_prediction_answer(
        env, "pixray/text2image", _PIXRAY, inputs, "succeeded", output=urls, pid=pid))
    _queue_model(env, "pixray", "text2image", _PIXRAY,
                   {"prompts": {"type": "string", "title": "Prompts", "x-order": 0}},
                   {"type": "array", "items": {"type": "string", "format": "uri"},
                    "x-cog-array-type": "iterator"})
    shown = []

    def display(image):  # IPython's display(), which is not ours
        shown.append(image)

    import replicate
    iterator = replicate.run(
        "pixray/text2image:5c347a4bfa1d4523a58ae614c2194e15f2ae682b57e3797a5bb468920aa70ebf",
        input={"prompts": "san francisco sunset"}
    )

    for image in iterator:
        display(image)

    assert [str(image) for image in shown] == urls
    assert all(isinstance(image, replicate.FileOutput) for image in shown)
    assert shown[2].read() == tiny_png(2)
    assert env.requests_for("POST", "/v1/predictions")[0].json() == {"version": _PIXRAY,
                                                                      "input": inputs}


def test_seed_readme_cancel_a_prediction(env):
    pid = new_id()
    _queue_clipdraw(env, pid, ["canceled"])
    inputs = {"prompt": "Watercolor painting of an underwater submarine"}
    env.queue_response("POST", "/v1/predictions/%s/cancel" % pid, 200, body=_prediction_answer(
        env, "kvfrans/clipdraw", _CLIPDRAW, inputs, "canceled", pid=pid))
    import replicate

    model = replicate.models.get("kvfrans/clipdraw")
    version = model.versions.get("5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b")
    prediction = replicate.predictions.create(
            version=version,
            input={"prompt":"Watercolor painting of an underwater submarine"}
        )
    assert prediction.status == 'starting'
    prediction.cancel()
    prediction.reload()
    assert prediction.status == 'canceled'

    (cancel,) = env.requests_for("POST", "/v1/predictions/*/cancel")
    assert cancel.path == "/v1/predictions/%s/cancel" % pid
    assert cancel.headers.get("Authorization") == "Bearer " + env.token


def test_seed_readme_list_predictions(env):
    import replicate
    for prompt in ("one", "two", "three"):
        replicate.run("test/echo", input={"prompt": prompt})
    newest = list(reversed(list(env.predictions)))

    listing = replicate.predictions.list()
    # [<Prediction: 8b0ba5ab4d85>, <Prediction: 494900564e8c>]

    assert [p.id for p in listing] == newest[:2]
    assert [p.output for p in listing] == ["three", "two"]
    assert env.requests[-1].path == "/v1/predictions"


def test_seed_readme_load_output_files(env):
    url = env.https_url + "/files/out-0.png"
    _queue_model(env, "stability-ai", "stable-diffusion", _SD, _PROMPT, _URI_LIST)
    env.queue_response("POST", "/v1/predictions", 201, body=_prediction_answer(
        env, "stability-ai/stable-diffusion", _SD,
        {"prompt": "wavy colorful abstract patterns, cgsociety"}, "succeeded", output=[url]))
    opened = []

    class Image:  # PIL's Image, which is not ours
        @staticmethod
        def open(path):
            with open(path, "rb") as handle:
                opened.append((path, handle.read()))
            return opened[-1]

    existed = os.path.exists("/tmp/out.png")

    import replicate
    from urllib.request import urlretrieve

    model = replicate.models.get("stability-ai/stable-diffusion")
    version = model.versions.get("27b93a2413e7f36cd83da926f3656280b2931564ff050bf9575f1fdf9bcd7478")
    out = version.predict(prompt="wavy colorful abstract patterns, cgsociety")
    urlretrieve(out[0], "/tmp/out.png")
    background = Image.open("/tmp/out.png")

    try:
        assert out == [url]
        assert background == ("/tmp/out.png", tiny_png(0))
        assert env.requests_for("POST", "/v1/predictions")[0].json() == {
            "version": _SD, "input": {"prompt": "wavy colorful abstract patterns, cgsociety"}}
    finally:
        if not existed:
            os.remove("/tmp/out.png")
