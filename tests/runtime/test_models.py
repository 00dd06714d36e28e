"""Models and enums: lenient by default, strict on request; response validation."""

from __future__ import annotations

import datetime

import pydantic
import pytest
from connector_clients._models import BaseModel, Enum, is_strict, validate_response

from .demo import Widget, WidgetCreate, WidgetStatus


class Level(int, Enum):
    LOW = 1
    HIGH = 2


class Plain(Enum):
    A = "a"


def test_models_accept_python_and_wire_names_and_dump_wire_names() -> None:
    by_name = WidgetCreate(name="w", display_name="W")
    by_alias = WidgetCreate.model_validate({"name": "w", "displayName": "W"})
    assert by_name == by_alias
    assert by_name.model_dump() == {"name": "w", "displayName": "W"}
    assert by_name.model_dump_json() == '{"name":"w","displayName":"W"}'


def test_unknown_fields_are_kept() -> None:
    widget = validate_response(Widget, {"id": "1", "name": "n", "color": "red"}, strict=False)
    assert widget.model_extra == {"color": "red"}
    assert widget.color == "red"  # type: ignore[attr-defined]
    assert widget.model_dump()["color"] == "red"


def test_unknown_fields_fail_in_strict_mode_naming_model_and_fields() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_response(Widget, {"id": "1", "name": "n", "zeta": 1, "alpha": 2}, strict=True)
    assert "Widget has no field(s) named alpha, zeta" in str(caught.value)


def test_unknown_enum_value_becomes_a_readable_pseudo_member() -> None:
    widget = validate_response(Widget, {"id": "1", "name": "n", "status": "paused"}, strict=False)
    status = widget.status
    assert isinstance(status, WidgetStatus)
    assert status == "paused"
    assert status.value == "paused"
    assert status.name == "paused"
    assert hash(status) == hash("paused")
    assert widget.model_dump(mode="json")["status"] == "paused"
    assert widget.model_dump_json() == '{"id":"1","name":"n","status":"paused","createdAt":null}'
    assert list(WidgetStatus) == [WidgetStatus.ACTIVE, WidgetStatus.ARCHIVED]


def test_unknown_enum_value_from_json_too() -> None:
    widget = Widget.model_validate_json('{"id":"1","name":"n","status":"paused"}')
    assert widget.status == "paused"


def test_known_enum_values_stay_members() -> None:
    widget = validate_response(Widget, {"id": "1", "name": "n", "status": "archived"}, strict=True)
    assert widget.status is WidgetStatus.ARCHIVED


def test_unknown_enum_value_fails_in_strict_mode() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_response(Widget, {"id": "1", "name": "n", "status": "paused"}, strict=True)
    assert caught.value.errors()[0]["loc"] == ("status",)


def test_enum_pseudo_members_need_the_mixin_type() -> None:
    assert Level(7) == 7
    assert isinstance(Level(7), Level)
    with pytest.raises(ValueError):
        Level("7")
    with pytest.raises(ValueError):
        Level(False)
    with pytest.raises(ValueError):
        WidgetStatus(3)
    unknown = Plain("zzz")
    assert isinstance(unknown, Plain)
    assert unknown.name == "zzz"


def test_strictness_is_scoped_to_one_validation() -> None:
    assert not is_strict()
    with pytest.raises(pydantic.ValidationError):
        validate_response(Widget, {"id": "1", "name": "n", "x": 1}, strict=True)
    assert not is_strict()
    assert WidgetStatus("later") == "later"


@pytest.mark.parametrize(
    ("cast_to", "data", "expected"),
    [
        (str, "text", "text"),
        (int, 3, 3),
        (float, 1.5, 1.5),
        (bool, True, True),
        (object, {"any": ["thing"]}, {"any": ["thing"]}),
        (type(None), None, None),
        (dict[str, int], {"a": 1}, {"a": 1}),
    ],
)
def test_validate_response_for_plain_types(cast_to: type, data: object, expected: object) -> None:
    assert validate_response(cast_to, data, strict=False) == expected


def test_validate_response_for_containers_of_models() -> None:
    items = validate_response(list[Widget], [{"id": "1", "name": "a"}], strict=False)
    assert items == [Widget(id="1", name="a")]
    by_key = validate_response(dict[str, Widget], {"k": {"id": "2", "name": "b"}}, strict=False)
    assert by_key["k"].id == "2"


def test_datetimes_are_parsed() -> None:
    widget = validate_response(
        Widget, {"id": "1", "name": "n", "createdAt": "2024-01-02T03:04:05Z"}, strict=False
    )
    assert widget.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def test_base_model_subclasses_can_be_built_directly() -> None:
    class Thing(BaseModel):
        value_x: int = pydantic.Field(alias="valueX")

    assert Thing.model_validate({"value_x": 1}).model_dump() == {"valueX": 1}
    assert Thing(valueX=2).value_x == 2
