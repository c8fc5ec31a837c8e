"""Optimistic concurrency for IEPs: an ETag per version, and `If-Match` checked under the lock.

Two teachers (or a teacher and a regeneration) working from the same version must not
both win silently: a change that names the version it was built on is refused with 412
once the IEP has moved on, and changes nothing.
"""

from __future__ import annotations

from iepgen.errors import PreconditionFailed
from iepgen.models import IEP


def etag(version: int) -> str:
    """The strong entity tag of an IEP version, as sent in `ETag`."""
    return f'"v{version}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def matches(header: str, version: int) -> bool:
    """RFC 9110 If-Match: `*`, or any listed strong tag equal to this version's (W/ never)."""
    tags = _tags(header)
    return "*" in tags or etag(version) in tags


def check_if_match(iep: IEP, if_match: str | None) -> None:
    """PreconditionFailed unless `if_match` is absent or names the IEP's current version."""
    if if_match is None or matches(if_match, iep.version):
        return
    raise PreconditionFailed(
        f"This IEP has changed since you read it: it is now at version {iep.version} "
        f"(ETag {etag(iep.version)}). Nothing was saved; read it again (If-Match), then "
        "make your change on the current version."
    )
