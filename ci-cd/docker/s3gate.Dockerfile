# The presigned-URL verifier NGINX asks before serving the emulated bucket (compose only;
# on AWS, S3 verifies signatures itself). botocore from a hash-locked requirements file.
ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm@sha256:a36c24f9cbdf4fd0f52d67f0823eeac19c2028c637cecc392d97f980d4fec56b
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 S3_GATE_HOST=0.0.0.0
WORKDIR /app
COPY ci-cd/images/s3gate.lock /app/locks/s3gate.lock
RUN pip install --no-cache-dir --require-hashes --no-deps -r /app/locks/s3gate.lock
COPY devstack/__init__.py devstack/s3form.py /app/devstack/
COPY devstack/s3gate/ /app/devstack/s3gate/
USER 10001:10001
EXPOSE 9001
CMD ["python", "-m", "devstack.s3gate"]
