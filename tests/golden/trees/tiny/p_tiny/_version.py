"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-tiny"
PACKAGE_NAME = "p_tiny"
LOG_ENV_VAR = "P_TINY_LOG"
