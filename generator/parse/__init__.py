"""Parse: a validated spec to the IR (`_ir.Api`).

Split along its seams: `_spec` (shared spec logic), `_schemas` (schema
preparation for the model generator), `_types` (schema to type node), `_security` (auth and
servers), `_operations`, `_selection` (which schemas become models), `_envelope` (error
envelope detection), `_diagnostics` (the strict/lenient policy) and `_build` (`build_api`).
"""

from ._build import GROUP_THRESHOLD, build_api
from ._diagnostics import Diagnostic, Diagnostics

__all__ = ["GROUP_THRESHOLD", "Diagnostic", "Diagnostics", "build_api"]
