"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "connector-clients"
PACKAGE_NAME = "connector_clients"
LOG_ENV_VAR = "CONNECTOR_CLIENTS_LOG"
