"""The fakes as a user of the package would test with them.

A small application (`summarize`, `asummarize`) reads Feather and AgentDrop through their
clients; it is tested here only through `FakeFeather` and `FakeAgentDrop` (the `fake_feather`
and `fake_agentdrop` fixtures of the package's pytest plugin), including error and retry
paths. This file is also type-checked (mypy --strict, pyright strict) by
`test_fake_runtime.py`, as a user's test suite would be.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import pytest
from connector_clients.agentdrop import Account as AgentDropAccount
from connector_clients.agentdrop import (
    AgentDropClient,
    AsyncAgentDropClient,
    ConnectionList,
    PendingIncomingInvite,
    RateLimitError,
)
from connector_clients.agentdrop.testing import FakeAgentDrop, ListConnectionsCall, NetworkFailure
from connector_clients.errors import APIConnectionError, APIStatusError, AuthenticationError
from connector_clients.feather import (
    AsyncFeatherClient,
    ConnectionResponse,
    FeatherClient,
    IntegrationKey,
)
from connector_clients.feather.testing import FakeFeather, SpecMismatch, StubRejected

# -- the application under test ------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    integrations: list[str]
    agentdrop_active: int
    invites_from: list[str]
    unavailable: list[str]


def summarize(feather: FeatherClient, agentdrop: AgentDropClient) -> Summary:
    """What the dashboard shows: Feather integrations, AgentDrop connections and invites.

    A vendor that fails (status error or no answer) is listed as unavailable."""
    unavailable: list[str] = []
    integrations: list[str] = []
    try:
        integrations = sorted({c.integration_key.value for c in feather.list_connections()})
    except (APIStatusError, APIConnectionError):
        unavailable.append("feather")
    active = 0
    invites: list[str] = []
    try:
        listing = agentdrop.list_connections(status="active")
        active = len(listing.connections)
        invites = [invite.from_.name for invite in listing.pending_incoming]
    except (APIStatusError, APIConnectionError):
        unavailable.append("agentdrop")
    return Summary(integrations, active, invites, unavailable)


async def asummarize(feather: AsyncFeatherClient, agentdrop: AsyncAgentDropClient) -> Summary:
    """`summarize`, with the async clients, both vendors asked at once."""
    results = await asyncio.gather(
        feather.list_connections(), agentdrop.list_connections(status="active"),
        return_exceptions=True,
    )  # fmt: skip
    connections, listing = results
    unavailable: list[str] = []
    integrations: list[str] = []
    if isinstance(connections, BaseException):
        unavailable.append("feather")
    else:
        integrations = sorted({c.integration_key.value for c in connections})
    if isinstance(listing, BaseException):
        unavailable.append("agentdrop")
        return Summary(integrations, 0, [], unavailable)
    invites = [invite.from_.name for invite in listing.pending_incoming]
    return Summary(integrations, len(listing.connections), invites, unavailable)


# -- test data ---------------------------------------------------------------------------------


def connection(key: IntegrationKey) -> ConnectionResponse:
    return ConnectionResponse.model_validate(
        {
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "organization_id": "3c90c3cc-0d44-4b50-8888-8dd25736052b",
            "integration_key": key.value,
            "nickname_slug": "team",
            "nickname": "Team",
            "vendor": "nango",
            "vendor_connection_id": None,
            "status": "active",
            "tools_status": "synced",
            "tools_synced_at": None,
            "status_reason": None,
            "connected_at": None,
            "last_refreshed_at": None,
            "last_used_at": None,
            "metadata": {},
            "created_at": "2024-05-01T10:00:00Z",
            "updated_at": "2024-05-01T10:00:00Z",
        }
    )


def invites_from(*names: str) -> ConnectionList:
    return ConnectionList(
        connections=[],
        pending_incoming=[
            PendingIncomingInvite.model_validate(
                {
                    "id": f"inv_{i}",
                    "from": AgentDropAccount(
                        id="7c9e2d1a-3b4f-4a5e-9d8c-6e7f0a1b2c3d",
                        name=name,
                        email="someone@example.com",
                        avatar_url=None,
                    ),
                    "message": None,
                    "created_at": "2026-03-28T09:00:00Z",
                }
            )
            for i, name in enumerate(names)
        ],
        pending_outgoing=[],
        pending_pairings_count=0,
    )


# -- by default: the specs' examples ------------------------------------------------------------


def test_without_stubs_the_fakes_answer_with_the_spec_examples(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    summary = summarize(fake_feather.client(), fake_agentdrop.client())

    # The spec examples: one Slack connection; one active connection and Jamie's invite.
    assert summary == Summary(["slack"], 1, ["Jamie"], [])
    assert fake_agentdrop.list_connections.calls == [ListConnectionsCall(status="active")]
    assert fake_feather.list_connections.call_count == 1


def test_stubbed_models_are_what_the_application_sees(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    fake_feather.list_connections.returns(
        [connection(IntegrationKey.NOTION), connection(IntegrationKey.CALCOM)]
    )
    fake_agentdrop.list_connections.returns(invites_from("Ana", "Bo"))

    summary = summarize(fake_feather.client(), fake_agentdrop.client())

    assert summary == Summary(["calcom", "notion"], 0, ["Ana", "Bo"], [])


# -- errors and retries ---------------------------------------------------------------------


def test_an_error_status_makes_the_vendor_unavailable(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    fake_feather.list_connections.fails(401)

    summary = summarize(fake_feather.client(), fake_agentdrop.client())

    assert summary.unavailable == ["feather"]
    assert summary.agentdrop_active == 1
    # 401 is not retried; the body is the spec's 401 example, in the vendor's envelope.
    assert fake_feather.list_connections.call_count == 1
    with pytest.raises(AuthenticationError) as caught:
        fake_feather.client().list_connections()
    assert caught.value.message == "Missing or invalid API key"
    assert caught.value.code == "unauthorized"


def test_retries_after_503_and_429_then_succeeds(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    stub = fake_agentdrop.list_connections
    stub.answers(
        stub.error(503),
        stub.error(429, headers={"Retry-After": "0"}),
        invites_from("Cy"),
    )

    summary = summarize(fake_feather.client(), fake_agentdrop.client())

    assert summary == Summary(["slack"], 0, ["Cy"], [])
    assert stub.call_count == 3  # two retries, each request checked and recorded
    assert stub.calls == [ListConnectionsCall(status="active")] * 3
    assert fake_agentdrop.sleeps[1] == 0.0  # the server's Retry-After won; nothing slept


def test_rate_limited_until_the_retries_run_out(fake_agentdrop: FakeAgentDrop) -> None:
    fake_agentdrop.list_connections.fails(429, {"error": {"code": "RATE", "message": "slow down"}})

    with pytest.raises(RateLimitError) as caught:
        fake_agentdrop.client(max_retries=1).list_connections()

    assert caught.value.retries_taken == 1
    assert caught.value.message == "slow down"
    assert fake_agentdrop.list_connections.call_count == 2


def test_network_failures_are_retried_and_then_reported(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    fake_feather.list_connections.network_error("connect")
    fake_agentdrop.list_connections.answers(NetworkFailure("read"), invites_from("Di"))

    summary = summarize(fake_feather.client(), fake_agentdrop.client())

    assert summary == Summary([], 0, ["Di"], ["feather"])
    assert fake_feather.list_connections.call_count == 3  # the first try and 2 retries
    assert fake_agentdrop.list_connections.call_count == 2


def test_async_clients_share_the_fakes(
    fake_feather: FakeFeather, fake_agentdrop: FakeAgentDrop
) -> None:
    stub = fake_agentdrop.list_connections
    stub.answers(stub.error(500), invites_from("Ed"))
    fake_feather.list_connections.fails(400)

    async def run() -> Summary:
        async with fake_feather.async_client() as feather, fake_agentdrop.async_client() as drop:
            return await asummarize(feather, drop)

    summary = asyncio.run(run())

    assert summary == Summary([], 0, ["Ed"], ["feather"])
    assert stub.calls == [ListConnectionsCall(status="active")] * 2


# -- stubs the vendor could not send, requests the spec does not allow -----------------------


def test_a_stub_that_breaks_the_response_schema_is_refused(fake_feather: FakeFeather) -> None:
    broken = connection(IntegrationKey.SLACK).model_copy(update={"nickname": 42})

    with pytest.raises(StubRejected, match=r"\$\[0\]\.nickname: expected string, got integer"):
        fake_feather.list_connections.returns([broken])
    with pytest.raises(StubRejected, match=r"\$\.error: expected string"):
        fake_feather.list_connections.fails(400, {"error": {"code": "x"}, "message": "m"})


def test_a_request_the_spec_does_not_allow_fails_the_test() -> None:
    fake = FakeAgentDrop()
    client = fake.client()

    with pytest.raises(SpecMismatch, match="query parameter 'page' is not in the spec"):
        client.list_connections(extra_query={"page": "2"})

    # Code that swallows every error still fails the test when the fake is verified.
    with contextlib.suppress(Exception):  # what careless application code does
        client.list_connections(extra_query={"page": "2"})
    with pytest.raises(SpecMismatch, match="2 request"):
        fake.verify()


def test_more_calls_than_stubbed_answers_fail(fake_agentdrop: FakeAgentDrop) -> None:
    fake_agentdrop.list_connections.answers(invites_from("Fa"))
    client = fake_agentdrop.client()
    client.list_connections()

    with pytest.raises(SpecMismatch, match="called 2 times, but answers\\(\\) gave 1"):
        client.list_connections()
    fake_agentdrop.list_connections.reset()
