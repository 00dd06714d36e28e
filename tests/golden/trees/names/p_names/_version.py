"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-names"
PACKAGE_NAME = "p_names"
LOG_ENV_VAR = "P_NAMES_LOG"
