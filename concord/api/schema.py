"""What the published schema promises besides each operation's success: the errors every operation may answer,
in the shapes DRF gives them. Schemathesis holds the API to it (concord/api/tests/test_schemathesis.py)."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A field's messages, or a nested serializer's own errors by field, or a list item's errors by index.
VALIDATION_ERROR = {"type": "object", "additionalProperties": {}}


def _error(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema}}}}


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    error, invalid = "#/components/schemas/Error", "#/components/schemas/ValidationError"
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            takes_input = bool(operation.get("requestBody")) or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            )
            if takes_input:
                responses.setdefault("400", _error("The request was refused: the messages say why, by field.", invalid))
            responses.setdefault("401", _error("Not signed in, or the token is unknown or revoked.", error))
            responses.setdefault("403", _error("The caller's role or token scope does not allow this.", error))
            responses.setdefault("404", _error("No such object among those the caller may see.", error))
            if operation.get("requestBody"):
                responses.setdefault("415", _error("The body's media type is not accepted.", error))
            responses.setdefault("429", _error("Too many requests; try again later.", error))
    return result
