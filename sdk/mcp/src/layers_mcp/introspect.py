"""What a tool takes and returns, read off the SDK: a method's signature is the tool's input
schema, its return type the output schema. Nothing here is written per tool, so a parameter the
SDK gains shows up in the tool without anyone touching this package.

An SDK method is found by its dotted path on the client (``"projects.create"``,
``"whoami"``). Its parameters become the fields of a pydantic model under camelCase names (the
API's own spelling); the rules that turn the SDK's Python conventions into JSON Schema:

* a parameter without a default is required;
* ``X | NotGiven = NOT_GIVEN`` (a body field the SDK leaves out unless given) and
  ``X | None = None`` (a filter that is off unless given) are optional, with no default in the
  schema: left out, they are not passed, and the SDK's own "not given" applies. Only an explicit
  ``None`` *in the type* after that (``str | None | NotGiven``) accepts JSON ``null``, which on
  an update clears the field;
* any other default is the schema's default (it can be overridden per tool);
* ``idempotency_key`` marks a mutating method and becomes ``idempotencyKey``.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from layers import AsyncLayers, NotGiven, Page
from pydantic import MISSING, BaseModel, ConfigDict, Field, create_model
from pydantic.alias_generators import to_camel
from pydantic.json_schema import GenerateJsonSchema

IDEMPOTENCY_KEY = "idempotency_key"
_UNIONS = (Union, types.UnionType)

# The API's rule for Idempotency-Key: 1-255 visible ASCII characters.
_IDEMPOTENCY_KEY_FIELD = Field(
    MISSING,
    alias="idempotencyKey",
    pattern=r"^[\x21-\x7e]{1,255}$",
    description=(
        "Makes this call safe to repeat: the same key with the same arguments within 24 hours "
        "answers the first call's result instead of acting again (another body with the same "
        "key is IDEMPOTENCY_CONFLICT). Left out, a fresh key is minted for this call and "
        "reported in any error, so a failed call can be retried with it."
    ),
)


class _NoFieldTitles(GenerateJsonSchema):
    """Leaves out pydantic's per-field titles ("Projectid"): they repeat the property name."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def json_schema(model: type[BaseModel], *, mode: str = "validation") -> dict[str, Any]:
    """``model``'s JSON Schema under its camelCase names."""
    return model.model_json_schema(
        by_alias=True,
        mode=mode,  # type: ignore[arg-type]  # "validation" | "serialization"
        schema_generator=_NoFieldTitles,
    )


@dataclass(frozen=True)
class SdkMethod:
    """One SDK method, as a tool sees it."""

    path: str
    """Dotted path on a client: ``"projects.create"``."""
    arguments: type[BaseModel]
    """Validates a tool call's arguments (camelCase, nothing extra)."""
    result: type[BaseModel]
    """The model the method answers; a list method answers one ``Page`` of it."""
    mutating: bool
    """Takes an idempotency key (POST, PATCH, DELETE)."""
    paginated: bool
    """A list method: the tool answers one page and takes ``cursor`` for the next."""

    def call_arguments(self, arguments: BaseModel) -> dict[str, Any]:
        """The keyword arguments for the SDK method: every field that has a value."""
        values = {name: getattr(arguments, name) for name in type(arguments).model_fields}
        return {name: value for name, value in values.items() if value is not MISSING}


def sdk_method(
    path: str,
    *,
    descriptions: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> SdkMethod:
    """Introspect the SDK method at ``path``.

    ``descriptions`` documents parameters by their Python names (names the method lacks are
    ignored, so one table can serve every method); ``defaults`` replaces the SDK's default of a
    parameter for the tool (e.g. a shorter wait).
    """
    descriptions = descriptions or {}
    defaults = defaults or {}
    function = inspect.unwrap(_descriptor(path))
    hints = get_type_hints(function)
    parameters = list(inspect.signature(function).parameters.values())[1:]  # past ``self``
    unknown = set(defaults) - {parameter.name for parameter in parameters}
    if unknown:
        raise ValueError(f"{path} has no parameter {sorted(unknown)}")

    fields: dict[str, Any] = {}
    mutating = False
    for parameter in parameters:
        if parameter.name == IDEMPOTENCY_KEY:
            mutating = True
            fields[parameter.name] = (str | MISSING, _IDEMPOTENCY_KEY_FIELD)
            continue
        annotation, default = _field_type(hints[parameter.name], parameter.default)
        default = defaults.get(parameter.name, default)
        field = Field(
            default, alias=to_camel(parameter.name), description=descriptions.get(parameter.name)
        )
        fields[parameter.name] = (annotation, field)

    name = "".join(part.title().replace("_", "") for part in path.split("."))
    arguments = create_model(
        f"{name}Arguments",
        __config__=ConfigDict(extra="forbid", validate_by_alias=True, validate_by_name=False),
        **fields,
    )
    # An endpoint returns Operation[T], a Generator[..., T]; a list method, ListQuery[Item].
    returns = hints["return"]
    paginated = get_origin(returns) is not Generator
    result = get_args(returns)[-1]
    return SdkMethod(
        path=path,
        arguments=arguments,
        result=Page[result] if paginated else result,  # type: ignore[valid-type]
        mutating=mutating,
        paginated=paginated,
    )


def has_sdk_method(path: str) -> bool:
    """Whether the installed SDK has the method at ``path``."""
    try:
        _descriptor(path)
    except AttributeError:
        return False
    return True


def _descriptor(path: str) -> Any:
    """The method object at ``path``, found on the client class (no client needed).

    Resources hang off the client as properties annotated with their class
    (``projects -> Projects[Self]``), so the path is followed through those annotations.
    """
    owner: type = AsyncLayers
    *resources, method = path.split(".")
    for resource in resources:
        prop = inspect.getattr_static(owner, resource)
        owner = get_origin(get_type_hints(prop.fget)["return"])
    return inspect.getattr_static(owner, method)


def _field_type(annotation: Any, default: Any) -> tuple[Any, Any]:
    """The field's type and default for a parameter (see the module's rules)."""
    if default is inspect.Parameter.empty:
        return annotation, ...
    if isinstance(default, NotGiven) or default is None:
        dropped: tuple[Any, ...] = (NotGiven,) if isinstance(default, NotGiven) else (type(None),)
        arms = get_args(annotation) if get_origin(annotation) in _UNIONS else (annotation,)
        kept = tuple(arm for arm in arms if arm not in dropped)
        return Union[(*kept, MISSING)], MISSING  # noqa: UP007 - built from a tuple
    return annotation, default
