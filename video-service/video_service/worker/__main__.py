"""`python -m video_service.worker`: run the transcoding worker until SIGTERM/SIGINT."""

import sys

from .loop import main

sys.exit(main())
