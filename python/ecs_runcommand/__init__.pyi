import datetime
from typing import Any, Iterable, Mapping, Sequence, Union

__version__: str

_Time = Union[datetime.datetime, str]

class ApiError(ValueError):
    http_status: int
    code: str
    message: str
    detail: str
    errors: list[ApiError]
    def __init__(
        self,
        http_status: int,
        code: str,
        message: str,
        detail: str,
        errors: Iterable[ApiError] = ...,
    ) -> None: ...

class Snapshot:
    def __init__(self, json: Union[str, dict[str, Any]]) -> None: ...

def check(
    request: Union[str, dict[str, Any]],
    *,
    now: _Time | None = None,
    all_faults: bool = False,
    context: Snapshot | None = None,
    fingerprint: bool = False,
) -> dict[str, Any]: ...
def next_fire_times(
    frequency: str,
    *,
    after: _Time,
    count: int = 5,
    zone: str = "UTC",
    timeout: int = 60,
    dst: str = "quartz",
) -> list[datetime.datetime]: ...
def render(
    request: Union[str, dict[str, Any]],
    builtins: dict[str, str | None],
    *,
    now: _Time | None = None,
    context: Snapshot | None = None,
) -> dict[str, Any]: ...
def describe(frequency: str, lang: str = "en") -> str: ...
def verify(
    method: str,
    path: str,
    query: Union[str, bytes],
    headers: Iterable[Sequence[str]],
    body: Union[str, bytes] = "",
    *,
    keys: Mapping[str, str],
    now: _Time | None = None,
    max_skew: int = 900,
) -> dict[str, str]: ...
def codes() -> list[dict[str, Any]]: ...
