import sys

from textbook.cli import main

sys.exit(main())
