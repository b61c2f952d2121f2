"""The request rules of Alibaba Cloud ECS RunCommand (Cloud Assistant), native in Python.

The functions are the Rust library ``ecs-runcommand`` itself, and answer as its command line
``runcommand`` does: ``check`` a request, ``render`` what one instance runs, the
``next_fire_times`` of a Frequency, ``describe`` a Frequency in English or Chinese, ``verify``
a request's signature, and the table of error ``codes``. A :class:`Snapshot` of what the
service knows, passed as ``context`` to ``check`` and ``render``, applies the context rules. A rejection raises :class:`ApiError`; an argument of the wrong type ``TypeError``.
The Rust work runs without the GIL, so calls in threads overlap.
"""

from __future__ import annotations

__all__ = [
    "ApiError",
    "Snapshot",
    "check",
    "codes",
    "describe",
    "next_fire_times",
    "render",
    "verify",
    "__version__",
]


class ApiError(ValueError):
    """A rejection, as the API answers it.

    ``http_status`` (``int``), ``code`` (``"InvalidParam.Frequency"``), ``message`` (the
    code's documented message) and ``detail`` (what exactly is wrong: the parameter, the value,
    the offset, the limit). ``errors`` lists every fault, this one first, when the call asked
    for all of them (``check(..., all_faults=True)``); else it is empty.
    """

    def __init__(self, http_status, code, message, detail, errors=()):
        super().__init__(http_status, code, message, detail, list(errors))
        self.http_status = http_status
        self.code = code
        self.message = message
        self.detail = detail
        self.errors = list(errors)

    def __str__(self):
        return f"{self.code}: {self.detail}"

    def __repr__(self):
        return (
            f"ApiError(http_status={self.http_status!r}, code={self.code!r}, "
            f"message={self.message!r}, detail={self.detail!r}, errors={self.errors!r})"
        )

    def __reduce__(self):
        return (
            type(self),
            (self.http_status, self.code, self.message, self.detail, self.errors),
        )


# Defined after ApiError: the native module raises it by name.
from ._native import (  # noqa: E402
    Snapshot,
    __version__,
    check,
    codes,
    describe,
    next_fire_times,
    render,
    verify,
)
