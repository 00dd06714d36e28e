"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-fakes"
PACKAGE_NAME = "p_fakes"
LOG_ENV_VAR = "P_FAKES_LOG"
