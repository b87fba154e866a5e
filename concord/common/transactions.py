"""The services' transactions: one savepoint per operation, and what an operation may remember while it runs.

Every service runs in a transaction, and a request that calls one catches its refusal (a ValidationError) to show
the form again: the service must undo its own writes and leave the request's transaction usable, which a savepoint
does. A service that other services call as parts of one operation (intake opens a case, adds people, records an
incident) needs no savepoint of its own: a refusal inside goes up to the outermost service, whose savepoint undoes
the whole operation. So only the outermost service call sets one; each costs two round trips to the database.

While the outermost call runs, `operation_memo` holds answers worth giving once per operation (may this user edit
this case?), and is dropped when it ends: nothing is remembered from one operation to the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import transaction

F = TypeVar("F", bound=Callable[..., Any])
_state = threading.local()


def service(function: F) -> F:
    """Run `function` in a transaction: with a savepoint when it is the outermost service call, joined to the
    caller's otherwise. A service must not catch another service's refusal and carry on (it may re-raise it)."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        depth = getattr(_state, "depth", 0)
        with transaction.atomic(savepoint=depth == 0):
            if depth == 0:
                _state.memo = {}
            _state.depth = depth + 1
            try:
                return function(*args, **kwargs)
            finally:
                # Restored before the transaction ends: what runs on commit is not part of this operation.
                _state.depth = depth
                if depth == 0:
                    _state.memo = None

    return run  # type: ignore[return-value]


def operation_memo() -> dict[Any, Any] | None:
    """A dict that lives as long as the outermost service call now running; None outside one."""
    return getattr(_state, "memo", None)
