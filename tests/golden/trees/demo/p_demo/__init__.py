"""Typed Python client generated from demo.yaml.

Clients: Demo.
"""

from . import errors
from ._response import APIResponse
from ._types import NOT_GIVEN, NotGiven, RequestOptions
from ._version import __version__

__all__ = ["NOT_GIVEN", "APIResponse", "NotGiven", "RequestOptions", "__version__", "errors"]
