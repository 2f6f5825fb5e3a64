import sys

from editor.app import console_main

if __name__ == "__main__":
    sys.exit(console_main())
