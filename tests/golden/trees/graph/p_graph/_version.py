"""The package's name and version."""

__version__ = "0.1.0"
DISTRIBUTION_NAME = "p-graph"
PACKAGE_NAME = "p_graph"
LOG_ENV_VAR = "P_GRAPH_LOG"
