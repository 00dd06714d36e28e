"""clientgen: typed Python client packages from hand-written OpenAPI specs.

The pipeline runs one way: load and validate (`_load`, `_validate`) -> intermediate
representation (`parse` builds `_ir.Api`) -> models (`_models`, through
datamodel-code-generator) -> templates (`_render`) -> format (`_format`, ruff) -> write
(`_output`). `_pipeline` strings the stages together; `cli` is the command line.
"""

__version__ = "0.1.0"
