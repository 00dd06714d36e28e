"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-wire"
PACKAGE_NAME = "p_wire"
LOG_ENV_VAR = "P_WIRE_LOG"
