"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-lio"
PACKAGE_NAME = "p_lio"
LOG_ENV_VAR = "P_LIO_LOG"
