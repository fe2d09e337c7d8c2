"""The package's version, in the bottom layer so every module may cite it.

The one place it is written: flit_core reads it from here for the wheel's metadata. A literal,
not a look-up of the installed metadata, which cost every command 0.04 s of importing
``importlib.metadata`` before it did anything.
"""

__version__ = "0.1.0"
