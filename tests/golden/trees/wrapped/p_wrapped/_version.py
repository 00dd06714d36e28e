"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-wrapped"
PACKAGE_NAME = "p_wrapped"
LOG_ENV_VAR = "P_WRAPPED_LOG"
