import sys

from kursk_data.cli import main

# Guarded: a worker process started by spawn imports this module again, and must not run it.
if __name__ == "__main__":
    sys.exit(main())
