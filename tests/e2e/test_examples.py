"""The generated models against the examples of the specs, and models built by hand.

Every JSON example attached to a response must parse with the type the client
gives that response (the operation's return type for 2xx, the vendor's error
model otherwise) and serialise back to the same JSON.
"""

from __future__ import annotations

import datetime
import typing
from typing import Any

import pytest
from connector_clients._models import validate_response
from connector_clients.agentdrop import models as agentdrop_models
from connector_clients.aitronos import models as aitronos_models
from connector_clients.feather import models as feather_models
from pydantic import TypeAdapter

from .._servers import (
    RETURN_TYPES,
    VENDORS,
    ResponseExample,
    all_response_examples,
    example_for,
    normalise,
    operation_for,
    operations_of,
    response_examples,
)

EXAMPLES = all_response_examples()
UTC = datetime.UTC


def model_type(example: ResponseExample) -> Any:
    if example.is_success:
        return RETURN_TYPES[(example.vendor, example.operation_id)]
    return VENDORS[example.vendor].error_model


def dump(tp: Any, value: Any) -> Any:
    return TypeAdapter(tp).dump_python(value, mode="json", exclude_unset=True)


# -- the tables themselves ---------------------------------------------------------


def test_every_spec_has_examples() -> None:
    for vendor in VENDORS:
        examples = response_examples(vendor)
        assert any(example.is_success for example in examples), vendor
        assert any(not example.is_success for example in examples), vendor


def test_every_operation_has_a_return_type_in_the_table() -> None:
    in_specs = {
        (vendor, operation["operationId"])
        for vendor in VENDORS
        for _, _, operation in operations_of(vendor)
    }
    assert in_specs == set(RETURN_TYPES)


@pytest.mark.parametrize(("vendor", "operation_id"), sorted(RETURN_TYPES))
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_return_type_table_matches_the_client(vendor: str, operation_id: str, mode: str) -> None:
    """The table above is what the generated methods declare, sync and async alike."""
    operation = operation_for(vendor, operation_id)
    client_class = VENDORS[vendor].client_class(mode)
    hints = typing.get_type_hints(getattr(client_class, operation.method))
    assert hints["return"] == RETURN_TYPES[(vendor, operation_id)]


# -- every example -----------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_parses(example: ResponseExample) -> None:
    tp = model_type(example)
    parsed = TypeAdapter(tp).validate_python(example.value)
    if isinstance(example.value, list):
        assert isinstance(parsed, list)
        assert len(parsed) == len(example.value)
        item_type = typing.get_args(tp)[0]
        assert all(isinstance(item, item_type) for item in parsed)
    else:
        assert isinstance(parsed, tp)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_parses_in_strict_mode(example: ResponseExample) -> None:
    """The examples use only declared fields and enum values: strict clients accept them."""
    validate_response(model_type(example), example.value, strict=True)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_round_trips(example: ResponseExample) -> None:
    """Parsing and dumping (wire names, unset fields left out) gives the example back."""
    tp = model_type(example)
    parsed = TypeAdapter(tp).validate_python(example.value)
    assert normalise(dump(tp, parsed)) == normalise(example.value)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_round_trips_through_json_text(example: ResponseExample) -> None:
    tp = model_type(example)
    adapter = TypeAdapter(tp)
    parsed = adapter.validate_python(example.value)
    again = adapter.validate_json(adapter.dump_json(parsed, exclude_unset=True))
    assert again == parsed


# -- values of the examples, field by field ------------------------------------------


def test_aitronos_connected_connectors_values() -> None:
    value = example_for("aitronos", "listConnectedConnectors", "200")
    connectors = TypeAdapter(list[aitronos_models.ConnectedConnector]).validate_python(value)
    first, second = connectors
    assert first.connector_id == "pcon_abc123"
    assert first.connector_type == "atlassian"
    assert first.account_email == "user@example.com"
    assert first.is_active is True
    assert second.is_active is False
    assert first.last_sync_at == datetime.datetime(2025, 11, 14, 10, 30, tzinfo=UTC)
    assert first.created_at == datetime.datetime(2025, 11, 10, 8, 0, tzinfo=UTC)
    assert second.mcp_configuration_id == "mcp_abc123"


def test_aitronos_personal_connector_values() -> None:
    value = example_for("aitronos", "retrievePersonalConnector", "200")
    connector = aitronos_models.PersonalConnector.model_validate(value)
    assert connector.id == "pcon_github"
    assert connector.object is aitronos_models.PersonalConnectorObject.PERSONAL_CONNECTOR
    assert connector.connector_id == "github"
    assert connector.server_type == "http"
    assert connector.created_at == datetime.datetime(2025, 1, 1, tzinfo=UTC)
    assert connector.metadata is not None
    assert connector.metadata.auth_method == "oauth2"
    assert connector.metadata.supported_features == ["repositories", "issues", "pull_requests"]
    assert connector.metadata.configuration_schema is not None
    assert connector.metadata.configuration_schema["required"] == ["repository"]


def test_uri_fields_keep_the_server_value() -> None:
    """A `format: uri` field reads back as the string the server sent, unchanged."""
    value = example_for("aitronos", "retrievePersonalConnector", "200")
    connector = aitronos_models.PersonalConnector.model_validate(value)
    assert str(connector.icon_url) == value["iconUrl"]
    assert str(connector.server_url) == value["serverUrl"]  # "https://github-mcp.example.com"


def test_aitronos_rate_limit_error_values() -> None:
    value = example_for("aitronos", "listConnectedConnectors", "429")
    envelope = aitronos_models.ErrorEnvelope.model_validate(value)
    assert envelope.success is False
    assert envelope.error.code == "RATE_LIMIT_EXCEEDED"
    assert envelope.error.status == 429
    assert envelope.error.details is not None
    assert envelope.error.details.retry_after == 60
    assert envelope.error.details.reset_at == datetime.datetime(2025, 11, 13, 10, 31, tzinfo=UTC)


def test_aitronos_short_error_form_parses() -> None:
    """The retrieve page's `{"error": {type, message, code}}` fits the same envelope."""
    value = example_for("aitronos", "retrievePersonalConnector", "404")
    envelope = aitronos_models.ErrorEnvelope.model_validate(value)
    assert envelope.success is None
    assert envelope.error.code == "connector_not_found"
    assert envelope.error.type == "not_found_error"
    assert envelope.error.trace_id is None


def test_feather_connection_values() -> None:
    value = example_for("feather", "listConnections", "200")
    (connection,) = TypeAdapter(list[feather_models.ConnectionResponse]).validate_python(value)
    assert connection.id == "3c90c3cc-0d44-4b50-8888-8dd25736052a"  # ids stay strings, as sent
    assert connection.integration_key is feather_models.IntegrationKey.SLACK
    assert connection.metadata == {}
    assert connection.tools is not None
    (tool,) = connection.tools
    assert tool.connection_id == connection.id
    assert tool.is_enabled is True
    assert tool.default_count == 123
    assert tool.stale_field_paths == ["<string>"]
    assert tool.input_defaults == {}


def test_agentdrop_connection_list_values() -> None:
    value = example_for("agentdrop", "listConnections", "200")
    listing = agentdrop_models.ConnectionList.model_validate(value)
    (connection,) = listing.connections
    assert connection.other_account.name == "Alex"
    assert connection.other_account.email == "[email\u00a0protected]"
    assert str(connection.other_account.avatar_url) == "https://api.agent-drop.com/avatars/alex.png"
    assert connection.pairing_count == 2
    (incoming,) = listing.pending_incoming
    assert incoming.from_.name == "Jamie"
    assert incoming.from_.avatar_url is None
    (outgoing,) = listing.pending_outgoing
    assert outgoing.message is None
    assert outgoing.to_email == "[email\u00a0protected]"
    assert listing.pending_pairings_count == 1


# -- models built by hand ----------------------------------------------------------

PERSONAL_CONNECTOR_REQUIRED = {
    "id": "pcon_x",
    "object": "personal_connector",
    "name": "X",
    "type": "official",
    "status": "active",
}


def test_models_accept_python_names() -> None:
    connector = aitronos_models.PersonalConnector.model_validate(
        {
            **PERSONAL_CONNECTOR_REQUIRED,
            "connector_id": "x",
            "icon_url": "https://example.com/x.png",
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-02T00:00:00Z",
        }
    )
    assert connector.connector_id == "x"
    assert str(connector.icon_url) == "https://example.com/x.png"


def test_models_accept_wire_names() -> None:
    connector = aitronos_models.PersonalConnector.model_validate(
        {
            **PERSONAL_CONNECTOR_REQUIRED,
            "connectorId": "x",
            "iconUrl": "https://example.com/x.png",
            "createdAt": "2025-01-01T00:00:00Z",
            "updatedAt": "2025-01-02T00:00:00Z",
        }
    )
    assert connector.connector_id == "x"
    assert str(connector.icon_url) == "https://example.com/x.png"


def test_models_built_with_keywords_serialise_to_wire_names() -> None:
    by_name = aitronos_models.PersonalConnector(
        id="pcon_x",
        object=aitronos_models.PersonalConnectorObject.PERSONAL_CONNECTOR,
        name="X",
        type="official",
        status="active",
        connector_id="x",
        icon_url="https://example.com/x.png",
        created_at=datetime.datetime(2025, 1, 1, tzinfo=UTC),
        updated_at=datetime.datetime(2025, 1, 2, tzinfo=UTC),
    )
    wire_names: dict[str, Any] = {
        **PERSONAL_CONNECTOR_REQUIRED,
        "connectorId": "x",
        "iconUrl": "https://example.com/x.png",
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-02T00:00:00Z",
    }
    by_alias = aitronos_models.PersonalConnector(**wire_names)
    assert by_name == by_alias
    wire = by_name.model_dump(mode="json", exclude_unset=True)
    assert wire == {
        **PERSONAL_CONNECTOR_REQUIRED,
        "connectorId": "x",
        "iconUrl": "https://example.com/x.png",
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-02T00:00:00Z",
    }
    assert "connector_id" not in wire
    assert "icon_url" not in by_name.model_dump_json()


def test_nested_aliases_serialise_to_wire_names() -> None:
    metadata = aitronos_models.PersonalConnectorMetadata(
        supported_features=["issues"], auth_method="oauth2"
    )
    assert metadata.model_dump(mode="json", exclude_unset=True) == {
        "supportedFeatures": ["issues"],
        "authMethod": "oauth2",
    }


ACCOUNT = {
    "id": "9e8d7c6b-5a4f-3e2d-1c0b-a9f8e7d6c5b4",
    "name": "Jamie",
    "email": "jamie@example.com",
    "avatar_url": None,
}


def test_agentdrop_from_is_from_underscore() -> None:
    wire = {"id": "inv_1", "from": ACCOUNT, "message": "hi", "created_at": "2026-03-28T09:00:00Z"}
    invite = agentdrop_models.PendingIncomingInvite.model_validate(wire)
    assert invite.from_.name == "Jamie"
    assert invite.from_.id == ACCOUNT["id"]
    assert invite.model_dump(mode="json", exclude_unset=True) == wire

    built = agentdrop_models.PendingIncomingInvite(
        id="inv_1",
        from_=agentdrop_models.Account.model_validate(ACCOUNT),
        message="hi",
        created_at=datetime.datetime(2026, 3, 28, 9, tzinfo=UTC),
    )
    dumped = built.model_dump(mode="json")
    assert "from" in dumped
    assert "from_" not in dumped
    assert built == invite


def test_enum_default_of_input_arg_config() -> None:
    config = feather_models.InputArgConfig.model_validate({"value": [1, "two", None]})
    assert config.type is feather_models.InputArgType.DEFAULT
    assert config.value == [1, "two", None]
    assert config.model_dump(mode="json", exclude_unset=True) == {"value": [1, "two", None]}
