"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-disc"
PACKAGE_NAME = "p_disc"
LOG_ENV_VAR = "P_DISC_LOG"
