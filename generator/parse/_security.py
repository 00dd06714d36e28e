"""Auth and servers: the security schemes the client can send, each operation's
requirements, and base URLs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from .._ir import SecurityScheme
from ._diagnostics import Diagnostics, Parts, Unsupported
from ._spec import deref, first_server


def security_schemes(
    doc: dict[str, Any], diagnostics: Diagnostics, server: str = ""
) -> dict[str, SecurityScheme]:
    """The schemes of `components.securitySchemes` the client supports, by name; a relative
    OAuth2 tokenUrl is resolved against `server`."""
    found: dict[str, SecurityScheme] = {}
    defined = (doc.get("components") or {}).get("securitySchemes") or {}
    for key, raw in defined.items():
        try:
            scheme, scheme_parts = deref(doc, raw, ["components", "securitySchemes", key])
        except Unsupported as exc:
            diagnostics.unsupported(exc)
            continue
        kind = scheme.get("type") if isinstance(scheme, dict) else None
        if kind == "apiKey":
            location = scheme.get("in")
            if location not in ("header", "query", "cookie") or not scheme.get("name"):
                diagnostics.problem(
                    scheme_parts,
                    "an apiKey scheme needs `in` (header, query or cookie) and `name`",
                )
                continue
            found[key] = SecurityScheme(key, "api_key", str(scheme["name"]), location)
        elif kind == "http":
            name = str(scheme.get("scheme", "")).lower()
            if name not in ("bearer", "basic"):
                diagnostics.problem(
                    [*scheme_parts, "scheme"],
                    f"HTTP auth scheme {name!r} is not supported (bearer or basic)",
                )
                continue
            found[key] = SecurityScheme(key, "http", scheme=name)
        elif kind == "oauth2" and _flows(scheme).get("clientCredentials") is not None:
            oauth2 = _client_credentials(key, scheme, scheme_parts, server, diagnostics)
            if oauth2 is not None:
                found[key] = oauth2
        elif kind in ("oauth2", "openIdConnect"):
            # The client is handed a token obtained elsewhere and sends it as a bearer token.
            found[key] = SecurityScheme(key, "http", scheme="bearer")
        else:
            diagnostics.problem(scheme_parts, f"security scheme type {kind!r} is not supported")
    return found


def _flows(scheme: dict[str, Any]) -> dict[str, Any]:
    flows = scheme.get("flows")
    return flows if isinstance(flows, dict) else {}


def _client_credentials(
    key: str, scheme: dict[str, Any], parts: Parts, server: str, diagnostics: Diagnostics
) -> SecurityScheme | None:
    """An oauth2 scheme with a clientCredentials flow: its token URL and scopes."""
    flow = _flows(scheme)["clientCredentials"]
    flow_parts = [*parts, "flows", "clientCredentials"]
    token_url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    if not isinstance(token_url, str) or not token_url.strip():
        diagnostics.problem(
            flow_parts,
            "a clientCredentials flow needs a `tokenUrl` string",
            "give the URL of the token endpoint",
        )
        return None
    scopes = flow.get("scopes", {})
    if not isinstance(scopes, dict):
        diagnostics.problem(
            [*flow_parts, "scopes"], "`scopes` must map scope names to descriptions"
        )
        return None
    relative = not urlsplit(token_url).scheme
    resolved = urljoin(server, token_url) if relative and server else token_url
    return SecurityScheme(
        key,
        "oauth2",
        scheme="bearer",
        token_url=resolved,
        token_ref=token_url if relative else None,
        scopes=tuple(str(name) for name in scopes),
    )


def required_scopes(raw: Any, known: dict[str, SecurityScheme]) -> tuple[str, ...]:
    """The scopes the first requirement naming an oauth2 client-credentials scheme lists
    for it (the shape check and the validator have refused anything but a list of strings)."""
    for requirement in raw if isinstance(raw, list) else []:
        if not isinstance(requirement, dict):
            continue
        for name, scopes in requirement.items():
            scheme = known.get(name)
            if scheme is not None and scheme.kind == "oauth2" and isinstance(scopes, list):
                return tuple(str(scope) for scope in scopes)
    return ()


def requirements(
    raw: Any, parts: Parts, known: dict[str, SecurityScheme], diagnostics: Diagnostics
) -> tuple[tuple[str, ...], ...] | None:
    """Alternatives of groups of scheme names; an empty group last when auth is optional."""
    if not isinstance(raw, list):
        diagnostics.problem(parts, "`security` must be a list of requirement objects")
        return None
    groups: list[tuple[str, ...]] = []
    optional = False
    for i, requirement in enumerate(raw):
        if not isinstance(requirement, dict):
            diagnostics.problem([*parts, i], "a security requirement must be an object")
            return None
        if not requirement:
            optional = True
            continue
        missing = [name for name in requirement if name not in known]
        if missing:
            diagnostics.problem(
                [*parts, i, missing[0]],
                f"security requirement names scheme {missing[0]!r}, which components.securitySchemes does not define",
                "define the scheme under components.securitySchemes or fix the name",
            )
            continue
        groups.append(tuple(requirement))
    if optional:
        groups.append(())
    return tuple(groups)


def server_url(servers: Any, parts: Parts, diagnostics: Diagnostics) -> str | None:
    """The URL of the first server, variables set to their defaults."""
    server = first_server(servers)
    if server is None:
        return None
    if server.url is None:
        diagnostics.problem([*parts, 0], "a server needs a `url` string")
        return None
    if server.undefined:
        url = servers[0]["url"]
        diagnostics.problem(
            [*parts, 0, "url"],
            f"server URL {url!r} uses variable {{{server.undefined[0]}}}, which `variables` does not define with a default",
            "add it under the server's `variables` with a `default`",
        )
        return None
    return server.url
