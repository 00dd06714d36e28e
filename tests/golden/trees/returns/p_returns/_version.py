"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-returns"
PACKAGE_NAME = "p_returns"
LOG_ENV_VAR = "P_RETURNS_LOG"
