# Compose only: a real SMTP server (aiosmtpd) that keeps every message the stack sends in a
# Maildir on a volume, as `make up` does locally; on AWS the auth worker sends through SES.
ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm@sha256:a36c24f9cbdf4fd0f52d67f0823eeac19c2028c637cecc392d97f980d4fec56b
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY ci-cd/images/mail.lock /app/locks/mail.lock
RUN pip install --no-cache-dir --require-hashes --no-deps -r /app/locks/mail.lock
# the volume starts as a copy of this folder, owned by the server's user; the Maildir itself
# (inbox/ with tmp/ new/ cur/) is created by the server at its first start
RUN mkdir -p /var/lib/dread/mail && chown 10001:10001 /var/lib/dread/mail
USER 10001:10001
EXPOSE 2525
# -n: stay the user above (aiosmtpd would otherwise switch to "nobody", which needs root)
CMD ["python", "-m", "aiosmtpd", "-n", "-l", "0.0.0.0:2525", "-c", "aiosmtpd.handlers.Mailbox", "/var/lib/dread/mail/inbox"]
