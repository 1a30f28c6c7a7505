"""factcheck: the Qt-free, SQL-free domain of the fact-checkers' annotator."""

__version__ = "0.1.0"
