"""What the round trip's oracle does where openapi-core 0.23 cannot check a request as it
comes (tests/_oracle_server.py, and the oracle's copy of a spec in _harness.py), and the
synthesiser's values for closed `allOf` members: each fallback still refuses what the spec
refuses, so an operation it lets through is checked, not waved on. The round trip of the
specs in specs/ (test_roundtrip.py) fails on every one of their operations without them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from ..._oracle import Answer, answer_of, oracle_server
from ._harness import RoundTrip, oracle_copy
from ._synth import Synth, Unsynthesisable

HERE = Path(__file__).resolve().parent
LIMITS_30 = HERE / "specs" / "oracle-limits-3.0.yaml"
LIMITS_31 = HERE / "specs" / "oracle-limits-3.1.yaml"


def _doc(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def oracle_31(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    copy = oracle_copy(_doc(LIMITS_31), tmp_path_factory.mktemp("o31") / "spec.json")
    with oracle_server(copy) as base, httpx.Client(base_url=base + "/v1") as client:
        yield client


@pytest.fixture(scope="module")
def oracle_30(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    copy = oracle_copy(_doc(LIMITS_30), tmp_path_factory.mktemp("o30") / "spec.json")
    with oracle_server(copy) as base, httpx.Client(base_url=base) as client:
        yield client


def _send(client: httpx.Client, method: str, url: str, **kwargs: Any) -> Answer:
    return answer_of(client.request(method, url, **kwargs).content)


# -- a JSON body of a vendor `+json` media type --------------------------------------------


@pytest.mark.parametrize("which", ["oracle_30", "oracle_31"])
def test_a_vendor_json_body_is_decoded_and_validated(
    which: str, request: pytest.FixtureRequest
) -> None:
    client: httpx.Client = request.getfixturevalue(which)
    media = {"Content-Type": "application/vnd.example.item+json"}
    good = _send(client, "POST", "/vendor", content=b'{"id": 7}', headers=media)
    assert good.decoded("body") == {"id": 7}
    wrong_type = _send(client, "POST", "/vendor", content=b'{"id": "seven"}', headers=media)
    assert not wrong_type.valid
    assert any("'seven' is not of type 'integer'" in e for e in wrong_type.errors)
    missing = _send(client, "POST", "/vendor", content=b"{}", headers=media)
    assert not missing.valid
    assert not _send(client, "POST", "/vendor", content=b"{not json", headers=media).valid


# -- an unknown format --------------------------------------------------------------------


def test_an_unknown_format_is_an_annotation_and_the_type_still_holds(
    oracle_31: httpx.Client,
) -> None:
    answer = _send(oracle_31, "PATCH", "/payload", json="a JSON text")
    assert answer.decoded("body") == "a JSON text"
    wrong = _send(oracle_31, "PATCH", "/payload", json=12)
    assert not wrong.valid
    assert any("12 is not of type 'string'" in e for e in wrong.errors)


# -- a header name with `_` ---------------------------------------------------------------


def test_header_names_with_underscores_reach_openapi_core(oracle_31: httpx.Client) -> None:
    answer = _send(oracle_31, "GET", "/inventory", headers={"api_key": "k", "trace_id": "t-1"})
    assert answer.decoded("header")["trace_id"] == "t-1"
    assert answer.header("api_key") == "k"
    # The same names written with `-` are other headers: the key and the parameter are missing.
    dashed = _send(oracle_31, "GET", "/inventory", headers={"api-key": "k", "trace-id": "t-1"})
    assert not dashed.valid
    assert any("Security not found" in e for e in dashed.errors)


# -- a query parameter whose `type` is a list ---------------------------------------------


def test_a_nullable_query_type_is_decoded_by_its_one_type(oracle_31: httpx.Client) -> None:
    when = "2024-05-01T12:30:00Z"
    answer = _send(oracle_31, "GET", "/optional", params=[("when", when), ("tags", 1), ("tags", 2)])
    assert answer.decoded("query") == {"when": "2024-05-01T12:30:00+00:00", "tags": [1, 2]}
    not_integers = _send(oracle_31, "GET", "/optional", params=[("when", when), ("tags", "x")])
    assert not not_integers.valid
    assert not _send(oracle_31, "GET", "/optional", params=[("tags", 1)]).valid  # `when` missing


def test_only_a_list_of_one_type_and_null_is_narrowed(tmp_path: Path) -> None:
    doc = _doc(LIMITS_31)
    params = doc["paths"]["/optional"]["get"]["parameters"]
    params.append({"name": "either", "in": "query", "schema": {"type": ["string", "integer"]}})
    copy = json.loads(oracle_copy(doc, tmp_path / "spec.json").read_text(encoding="utf-8"))
    narrowed = [p["schema"] for p in copy["paths"]["/optional"]["get"]["parameters"]]
    assert narrowed == [
        {"type": "string", "format": "date-time"},
        {"type": "array", "items": {"type": "integer"}},
        {"type": ["string", "integer"]},
    ]
    assert doc["paths"]["/optional"]["get"]["parameters"][0]["schema"]["type"] == [
        "string",
        "null",
    ]  # the spec itself is left as it is


# -- a read-only property with a default --------------------------------------------------


def test_a_read_only_default_is_not_filled_in_and_read_only_is_still_refused(
    oracle_30: httpx.Client,
) -> None:
    answer = _send(oracle_30, "POST", "/pets", json={"name": "Rex"})
    assert answer.decoded("body") == {"name": "Rex"}
    written = _send(oracle_30, "POST", "/pets", json={"name": "Rex", "id": 5})
    assert not written.valid
    assert any("read-only" in e for e in written.errors)


# -- cookie objects, read back from the raw header ----------------------------------------


@pytest.fixture(scope="module")
def limits_31(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    return RoundTrip(LIMITS_31, tmp_path_factory.mktemp("rt31"))


def _cookie_raw(header: str) -> dict[str, Any]:
    return {"headers": [["Cookie", header]]}


def test_cookies_are_read_back_by_the_style_table(limits_31: RoundTrip) -> None:
    [op] = [o for o in limits_31.api.all_operations if o.path == "/cookies"]
    sent = {
        "plain": "a b",
        "list": [1, 2],
        "spread": {"colour": "red", "shade": 3},
        "packed": {"r": 1, "g": 2},
    }
    header = "plain=a%20b; list=1; list=2; colour=red; shade=3; packed=r,1,g,2"
    limits_31.check_cookies(op, sent, _cookie_raw(header), "sync")
    with pytest.raises(AssertionError, match="the Cookie header holds"):
        # the object written non-exploded where the spec says exploded
        wrong = "plain=a%20b; list=1; list=2; spread=colour,red,shade,3; packed=r,1,g,2"
        limits_31.check_cookies(op, sent, _cookie_raw(wrong), "sync")
    with pytest.raises(AssertionError, match="not valid for its schema"):
        bad = {**sent, "list": ["x", "y"]}
        limits_31.check_cookies(
            op, bad, _cookie_raw(header.replace("=1; list=2", "=x; list=y")), "sync"
        )


# -- the synthesiser and closed `allOf` members -------------------------------------------


def test_an_allof_keeps_only_what_a_closed_member_declares() -> None:
    doc = _doc(LIMITS_30)
    synth = Synth(doc, 1)
    merged = synth.merged(doc["components"]["schemas"]["Extended"])
    assert set(merged["properties"]) == {"name", "size"}
    assert merged["additionalProperties"] is False
    value = synth.value({"$ref": "#/components/schemas/Extended"}, "response")
    assert set(value) == {"name", "size"}


def test_an_allof_requiring_what_a_closed_member_refuses_has_no_value() -> None:
    doc = _doc(LIMITS_30)
    schema = {
        "allOf": [
            {"$ref": "#/components/schemas/Closed"},
            {"type": "object", "required": ["extra"], "properties": {"extra": {"type": "string"}}},
        ]
    }
    with pytest.raises(Unsynthesisable, match="'extra'"):
        Synth(doc, 1).value(schema)


def test_a_required_write_only_property_is_in_a_31_answer_only() -> None:
    card = {
        "type": "object",
        "required": ["cvc"],
        "properties": {"cvc": {"type": "integer", "writeOnly": True}, "note": {"type": "string"}},
    }
    assert "cvc" in Synth(_doc(LIMITS_31), 1).value(card, "response")
    assert "cvc" not in Synth(_doc(LIMITS_30), 1).value(card, "response")
    optional = {**card, "required": []}
    assert "cvc" not in Synth(_doc(LIMITS_31), 1).value(optional, "response")


# -- path and query styles openapi-core does not decode, read back from the raw target ------


def test_undecoded_styles_are_read_back_by_the_style_table(limits_31: RoundTrip) -> None:
    [op] = [o for o in limits_31.api.all_operations if o.path.startswith("/styled/")]
    sent = {
        "dots": [3, 4],
        "pairs": {"r": 7, "name": "a,b"},
        "spaced": ["x", "z"],
        "point": {"x": 1, "y": 2},
    }
    target = "/v1/styled/.3,4/;r=7;name=a%2Cb?spaced=x%20z&x=1&y=2"
    limits_31.check_styled(op, sent, {"target": target}, "sync")
    for wrong in (
        "/v1/styled/.3.4/;r=7;name=a%2Cb?spaced=x%20z&x=1&y=2",  # label exploded
        "/v1/styled/.3,4/;pairs=r,7,name,a%2Cb?spaced=x%20z&x=1&y=2",  # not exploded
        "/v1/styled/.3,4/;r=7;name=a%2Cb?spaced=x,z&x=1&y=2",  # `form`, not spaced
        "/v1/styled/.3,4/;r=7;name=a%2Cb?spaced=x%20z&point=x,1,y,2",  # form, not exploded
    ):
        with pytest.raises(AssertionError, match="the request target"):
            limits_31.check_styled(op, sent, {"target": wrong}, "sync")
    with pytest.raises(AssertionError, match="not valid for its schema"):
        bad = {**sent, "dots": ["a", "b"]}
        limits_31.check_styled(op, bad, {"target": target.replace(".3,4", ".a,b")}, "sync")
