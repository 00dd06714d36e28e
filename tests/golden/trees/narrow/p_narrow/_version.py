"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-narrow"
PACKAGE_NAME = "p_narrow"
LOG_ENV_VAR = "P_NARROW_LOG"
