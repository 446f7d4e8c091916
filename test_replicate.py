"""Tests for replicate.py, run against a fake of the Replicate HTTP API served on loopback.

How this file is organised, top to bottom:

1. The fake API, `FakeReplicate`: a threaded HTTP/1.1 server on 127.0.0.1 that behaves like
   api.replicate.com closely enough to test a client against it: predictions whose state
   follows the clock, `Prefer: wait`, `Cancel-After`, server-sent event streams, multipart
   uploads, trainings, deployments, models, collections, hardware, account, the webhook secret,
   and a CDN-like file host under /files/. Tests steer it through attributes and
   `queue_response`, and inspect what it received through `requests`.
2. Raw-socket servers (`RawServer` and its factories) for failures that http.server cannot
   produce: a reset mid-body, a short body, silence, a proxy's HTML error page, a server that
   drops idle keep-alive connections.
3. Pytest fixtures: `fake`, `client`, `env`, `raw_server`.
4. Self-tests of the fake (`test_fake_*`). They use only urllib, http.client and socket, so
   the fake can be trusted before replicate.py is tested against it.
5. Tests of replicate.py.

Run everything with `python3 -m pytest -q test_replicate.py`; the fake alone with `-k fake`.
Standard library and pytest only; Python 3.8+.
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import socket
import sys
import subprocess
import shutil
import struct
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections import OrderedDict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# --- Constants and small helpers ---

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


# --- Models: what each fake model does with its input ---
#
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


# --- Jobs: predictions and trainings, whose state is computed from the clock ---


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


# --- Requests as recorded, and responses queued by tests ---


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
            return job.json(self.url, time.time())

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
            return job.json(self.url, now)

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
            request = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:  # a client that gave up during the handshake
            return
        super().finish_request(request, client_address)


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
        with self.fake._changed:
            jobs = list(self.fake.predictions.values())
        self.send_page([self.fake.job_json(job) for job in reversed(jobs)])

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

    url ("http://127.0.0.1:PORT"), port, connections (accepted count), requests (RawRequest
    read through RawConnection.read_request), close(); usable as a context manager."""

    def __init__(self, on_connection):
        self.on_connection = on_connection
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
        self.url = "http://127.0.0.1:%d" % self.port
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


def reset_mid_body_server(declared_length=1000, sent_length=100, content_type="application/json"):
    """(1) Answers headers with Content-Length `declared_length`, sends `sent_length` body
    bytes, then resets the connection (RST)."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(200, _json_prefix(sent_length), {"Content-Type": content_type},
                                 content_length=declared_length)
        time.sleep(0.05)  # let the bytes arrive before the RST overtakes them
        connection.reset()
    return RawServer(on_connection)


def short_body_server(declared_length=1000, sent_length=100, content_type="application/json"):
    """(2) Like reset_mid_body_server, but ends with a clean close (FIN)."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(200, _json_prefix(sent_length), {"Content-Type": content_type},
                                 content_length=declared_length)
        connection.close()
    return RawServer(on_connection)


def silent_server(read_request=True):
    """(3) Accepts (and reads the request, unless read_request is False) but never answers;
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
    """(4) A proxy in trouble: every request gets `status` with an HTML body (keep-alive)."""
    def on_connection(connection):
        while connection.read_request() is not None:
            response_headers = {"Server": "nginx", "Content-Type": "text/html"}
            response_headers.update(headers or {})
            connection.send_response(status, body, response_headers)
    return RawServer(on_connection)


def close_after_response_server(status=200, body=b"{}", content_type="application/json"):
    """(5) Answers one request per connection with a response that says nothing about closing
    (so the client keeps the connection for reuse), then closes it: the next request on that
    connection finds it stale."""
    def on_connection(connection):
        if connection.read_request() is None:
            return
        connection.send_response(status, body, {"Content-Type": content_type})
        connection.close()
    return RawServer(on_connection)


def counting_server(respond=None):
    """(6) Serves every request, keep-alive, and counts connections (`.connections`) and
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
    return RawServer(on_connection)


# --- Fixtures ---


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


# --- Tests of replicate.py: the module, helpers and webhooks (no server needed) ---

HERE = os.path.dirname(os.path.abspath(__file__))


# --- The module itself: public names, import cost, standard library only ---

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


def test_lone_file_imports_without_site_packages(tmp_path):
    shutil.copy(os.path.join(HERE, "replicate.py"), str(tmp_path))
    done = subprocess.run([sys.executable, "-I", "-S", "-c",
                           "import sys; sys.path.insert(0, '.'); import replicate; "
                           "print(replicate.__version__)"],
                          cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    assert done.returncode == 0, done.stdout.decode()


def test_module_imports_nothing_outside_the_standard_library():
    import ast
    tree = ast.parse(open(os.path.join(HERE, "replicate.py")).read())
    stdlib = {"__future__", "os", "sys", "time", "_thread", "json", "urllib", "http", "ssl",
              "email", "mimetypes", "base64", "hashlib", "hmac", "binascii", "asyncio",
              "functools", "typing", "re", "random", "select", "socket", "uuid", "logging",
              "argparse", "pathlib"}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module.split(".")[0])
    assert found <= stdlib, found - stdlib


# --- Model references, durations, waits ---

VERSION_ID = "a" * 64


@pytest.mark.parametrize("ref, expected", [
    ("owner/name", ("owner", "name", None)),
    ("owner/name:" + VERSION_ID, ("owner", "name", VERSION_ID)),
    (VERSION_ID, (None, None, VERSION_ID)),
    ("my-org/my.model_2", ("my-org", "my.model_2", None)),
])
def test_parse_ref_accepts_the_documented_forms(ref, expected):
    import replicate
    assert replicate._parse_ref(ref) == expected


@pytest.mark.parametrize("ref", [
    "", "owner", "owner/", "/name", "owner/name/extra", "owner/name:short", "owner/name:" + "g" * 64,
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
    (7.5, "7.5s"),
])
def test_cancel_after_takes_seconds_or_api_durations(value, header):
    import replicate
    assert replicate._parse_duration(value) == header


@pytest.mark.parametrize("value", ["4s", 1, "soon", "5x", "m5", "", True, [5]])
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
    assert replicate._retry_delay(1, "3600") == replicate._MAX_BACKOFF
    for attempt in range(1, 12):  # garbage falls back to capped, jittered backoff
        delay = replicate._retry_delay(attempt, "garbage")
        assert 0 < delay <= replicate._MAX_BACKOFF


def test_progress_is_parsed_from_the_last_tqdm_line():
    import replicate
    logs = "loading\n 10%|#         | 1/10 [00:01<00:09]\n 40%|████      | 4/10 [00:02<00:03,  2.00it/s]\nsaving"
    progress = replicate._parse_progress(logs)
    assert (progress.percentage, progress.current, progress.total) == (40, 4, 10)
    assert replicate._parse_progress("no bars here") is None
    assert replicate._parse_progress(None) is None
    prediction = replicate.Prediction({"id": "p", "logs": logs})
    assert prediction.progress == (40, 4, 10)


# --- Resources keep every field ---

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


# --- Webhooks ---

WEBHOOK_KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
WEBHOOK_SECRET = "whsec_" + WEBHOOK_KEY


def _signed(body, webhook_id="msg_1", timestamp=None, key=WEBHOOK_KEY):
    import hashlib
    import hmac
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    content = ("%s.%s." % (webhook_id, timestamp)).encode() + body
    signature = base64.b64encode(hmac.new(base64.b64decode(key), content, hashlib.sha256).digest()).decode()
    return {"webhook-id": webhook_id, "webhook-timestamp": timestamp, "webhook-signature": "v1," + signature}


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
    assert isinstance(error.value, ValueError)


def test_webhook_missing_body_or_bad_secret_is_refused():
    import replicate
    headers = _signed(b"{}")
    with pytest.raises(replicate.MissingWebhookBodyError):
        replicate.webhooks.validate(headers=headers, body=b"", secret=WEBHOOK_SECRET)
    for secret in (None, "no-prefix", "whsec_!!!not base64!!!"):
        with pytest.raises(replicate.InvalidSecretKeyError):
            replicate.webhooks.validate(headers=headers, body=b"{}", secret=secret)
    with pytest.raises(replicate.MissingWebhookHeaderError):
        replicate.webhooks.validate(headers=None, body=b"{}", secret=WEBHOOK_SECRET)


def test_webhook_validate_takes_a_request_object():
    import replicate
    body = b'{"id": "p1"}'

    class Request:
        headers = _signed(body)
        content = body

    assert replicate.webhooks.validate(Request(), secret=WEBHOOK_SECRET)


# --- FileOutput refuses what it must never open ---

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
    assert open(path, "rb").read() == payload
    assert calls[-1] == (len(payload), len(payload))
    assert str(output) == uri
    with pytest.raises(TypeError):
        os.fspath(output)


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
