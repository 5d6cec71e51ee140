"""The transcoding worker: job queue (`store_jobs`), probing, transcoding and the claim loop.

Run it with `python -m video_service.worker`. Importing this package loads nothing heavy, so
the API process (and the seed) can use `probe.ffmpeg_exe` without the worker's loop.
"""
