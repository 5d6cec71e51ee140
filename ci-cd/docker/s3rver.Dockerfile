# S3 emulator for compose (the same s3rver the local stack runs), from a hash-locked npm ci.
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
FROM ${NODE_IMAGE}
WORKDIR /opt/s3rver
COPY ci-cd/images/s3rver/package.json ci-cd/images/s3rver/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error \
    && mkdir /data && chown 1000:1000 /data
COPY devstack/s3rver.js ./
USER 1000:1000
EXPOSE 9000
# s3rver.js (the same launcher the local stack uses): s3rver with the stack's generated key pair (AWS_ACCESS_KEY_ID/SECRET) in place of
# S3RVER/S3RVER. --no-vhost-buckets: in compose the Host is `s3`, which s3rver would take
# for a bucket name.
CMD ["node", "s3rver.js", "--address", "0.0.0.0", "--port", "9000", \
     "--directory", "/data", "--configure-bucket", "dread-media", "--no-vhost-buckets"]
