# S3 emulator for compose (the same s3rver the local stack runs).
FROM node:20-bookworm-slim
WORKDIR /opt/s3rver
RUN npm install --omit=dev --no-audit --no-fund s3rver@3.7.1 \
    && mkdir /data && chown node:node /data
USER 1000:1000
EXPOSE 9000
CMD ["node", "node_modules/s3rver/bin/s3rver.js", "--address", "0.0.0.0", "--port", "9000", \
     "--directory", "/data", "--configure-bucket", "dread-media"]
