"""The app's own routes, enumerated, so a route added later is covered by the security tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from iepgen.api.deps import admin_actor

PARAMETER = re.compile(r"{([a-z_]+)(?::[a-z]+)?}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    route: APIRoute

    @property
    def parameters(self) -> list[str]:
        return PARAMETER.findall(self.path)

    def url(self, values: dict[str, str]) -> str:
        """The path with each `{name}` filled from `values` (a KeyError names a new one)."""
        return PARAMETER.sub(lambda match: values[match.group(1)], self.path)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def needs(self, dependency: Callable[..., Any]) -> bool:
        """True when `dependency` is anywhere in the route's dependency tree."""
        return _calls(self.route.dependant, dependency)


def _calls(dependant: Dependant, dependency: Callable[..., Any]) -> bool:
    return dependant.call is dependency or any(
        _calls(sub, dependency) for sub in dependant.dependencies
    )


def operations(app: FastAPI, prefix: str = "/api/v1") -> list[Operation]:
    """Every (method, path) the app serves under `prefix`, HEAD and OPTIONS aside."""
    found: list[Operation] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = context.path
        if not isinstance(route, APIRoute) or path is None or not path.startswith(prefix):
            continue
        for method in sorted(context.methods or ()):
            if method not in ("HEAD", "OPTIONS"):
                found.append(Operation(method, path, route))
    return found


def admin_only(operation: Operation) -> bool:
    return operation.needs(admin_actor)
