"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-demo"
PACKAGE_NAME = "p_demo"
LOG_ENV_VAR = "P_DEMO_LOG"
