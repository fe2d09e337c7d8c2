import sys

from kursk_data.cli import main

sys.exit(main())
