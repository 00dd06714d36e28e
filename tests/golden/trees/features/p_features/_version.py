"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-features"
PACKAGE_NAME = "p_features"
LOG_ENV_VAR = "P_FEATURES_LOG"
