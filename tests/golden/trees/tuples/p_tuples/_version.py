"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-tuples"
PACKAGE_NAME = "p_tuples"
LOG_ENV_VAR = "P_TUPLES_LOG"
