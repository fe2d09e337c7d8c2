"""The package's version, in the bottom layer so every module may cite it.

The one place it is written: flit_core reads it from here for the wheel's metadata. A literal,
not a look-up of the installed metadata, so it is right in a source checkout too and no command
imports ``importlib.metadata`` for it.
"""

__version__ = "0.1.0"
