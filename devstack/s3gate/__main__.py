"""`python -m devstack.s3gate`: run the gate."""

import sys

from . import main

sys.exit(main())
