"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-pathrefs"
PACKAGE_NAME = "p_pathrefs"
LOG_ENV_VAR = "P_PATHREFS_LOG"
