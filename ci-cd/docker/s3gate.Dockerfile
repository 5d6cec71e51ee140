# The presigned-URL verifier NGINX asks before serving the emulated bucket (compose only;
# on AWS, S3 verifies signatures itself).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 S3_GATE_HOST=0.0.0.0
RUN pip install --no-cache-dir botocore==1.40.50
WORKDIR /app
COPY devstack/__init__.py devstack/s3gate.py devstack/s3form.py /app/devstack/
USER 10001:10001
EXPOSE 9001
CMD ["python", "-m", "devstack.s3gate"]
