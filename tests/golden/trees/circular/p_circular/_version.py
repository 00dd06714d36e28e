"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-circular"
PACKAGE_NAME = "p_circular"
LOG_ENV_VAR = "P_CIRCULAR_LOG"
