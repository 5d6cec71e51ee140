# Every service image, from this one file: SERVICE names the service, AREA its URL area.
# Build from the repository root so the shared kit is included, e.g.:
#   podman build --format docker -f ci-cd/docker/service.Dockerfile \
#     --build-arg SERVICE=course --build-arg AREA=courses -t dread-course .
# The base is pinned by digest; `make test-images` swaps in a local stand-in by build
# argument when no registry is reachable (ci-cd/images/README.md).
ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm@sha256:a36c24f9cbdf4fd0f52d67f0823eeac19c2028c637cecc392d97f980d4fec56b
FROM ${PYTHON_IMAGE}

# Everything up to the kit's dependencies is the same in every service image: one shared layer
# (SERVICE is declared after it, since a build argument changes every RUN that follows it).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    BIND_HOST=0.0.0.0 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/dread-metrics
RUN groupadd --system --gid 10001 dread \
    && useradd --system --uid 10001 --gid dread --home-dir /app --shell /usr/sbin/nologin dread
WORKDIR /app
# dependencies before sources (a code change rebuilds only the last layers), hash-locked
COPY libs/service-kit/requirements.lock /app/locks/service-kit.lock
RUN pip install --no-cache-dir --require-hashes --no-deps -r /app/locks/service-kit.lock

ARG SERVICE
ARG AREA
RUN test -n "$SERVICE" && test -n "$AREA" \
    || { echo "build with --build-arg SERVICE=<name> --build-arg AREA=<url area>" >&2; exit 1; }
# what this service adds to the kit (hash-locked too; a header only when it adds nothing)
COPY ${SERVICE}-service/requirements.lock /app/locks/${SERVICE}.lock
RUN pip install --no-cache-dir --require-hashes --no-deps -r /app/locks/${SERVICE}.lock

# the sources only (.dockerignore keeps tests and test helpers out); run from PYTHONPATH
COPY libs/service-kit/service_kit /app/libs/service-kit/service_kit
COPY ${SERVICE}-service/${SERVICE}_service /app/${SERVICE}-service/${SERVICE}_service
ENV PYTHONPATH=/app/libs/service-kit:/app/${SERVICE}-service \
    DREAD_SERVICE_PACKAGE=${SERVICE}_service \
    DREAD_HEALTH_PATH=/api/${AREA}/healthz
# video: the worker's scratch space (a disk volume is mounted here), owned by the service user
RUN if [ "$SERVICE" = video ]; then \
        mkdir -p /var/lib/dread/scratch && chown 10001:10001 /var/lib/dread/scratch; \
    fi

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + os.environ['DREAD_HEALTH_PATH'], timeout=2)"]
# exec: the shell is replaced, so the service itself is PID 1 and receives the stop signal
CMD ["sh", "-c", "exec python -m service_kit.serve \"$DREAD_SERVICE_PACKAGE\""]
