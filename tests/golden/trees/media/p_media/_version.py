"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-media"
PACKAGE_NAME = "p_media"
LOG_ENV_VAR = "P_MEDIA_LOG"
