"""The installed package's version, in the bottom layer so every module may cite it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kursk-data")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
