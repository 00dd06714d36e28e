"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-root"
PACKAGE_NAME = "p_root"
LOG_ENV_VAR = "P_ROOT_LOG"
