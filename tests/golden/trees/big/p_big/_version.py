"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-big"
PACKAGE_NAME = "p_big"
LOG_ENV_VAR = "P_BIG_LOG"
