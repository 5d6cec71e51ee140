# The public entry point for containers: NGINX with the frontend and its vendor files.
# Its configs are rendered by `python -m devstack.nginx compose|aws` (`make iac`).
# Base images are pinned by digest; `make test-images` swaps in local stand-ins by build
# argument when no registry is reachable (ci-cd/images/README.md).
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
ARG NGINX_IMAGE=docker.io/library/nginx:1.27-alpine@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10

# npm ci of a lock with integrity hashes, holding only the vendor packages the pages load
FROM ${NODE_IMAGE} AS vendor
WORKDIR /build
COPY ci-cd/images/vendor/package.json ci-cd/images/vendor/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error

FROM ${NGINX_IMAGE}
# only the dist files the pages and the API docs use, not the packages around them
COPY --from=vendor /build/node_modules/bootstrap/dist /usr/share/dread/node_modules/bootstrap/dist
COPY --from=vendor /build/node_modules/hls.js/dist/hls.min.js /usr/share/dread/node_modules/hls.js/dist/
COPY --from=vendor /build/node_modules/swagger-ui-dist/swagger-ui.css \
     /build/node_modules/swagger-ui-dist/swagger-ui-bundle.js /usr/share/dread/node_modules/swagger-ui-dist/
RUN mkdir -p /var/cache/nginx/dread/nginx-tmp/body /var/cache/nginx/dread/nginx-tmp/proxy \
        /var/cache/nginx/dread/nginx-tmp/fastcgi /var/cache/nginx/dread/nginx-tmp/uwsgi \
        /var/cache/nginx/dread/nginx-tmp/scgi \
    && chown -R 101:101 /var/cache/nginx/dread
COPY ci-cd/nginx/nginx.compose.conf ci-cd/nginx/nginx.aws.conf /etc/dread/
# writes runtime.conf (the container's DNS resolver, the media origin) before NGINX starts
COPY ci-cd/nginx/start.sh /usr/local/bin/dread-nginx-start
COPY frontend /usr/share/dread/frontend
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
# compose (emulated bucket behind the signature gate); production overrides with nginx.aws.conf
ENTRYPOINT ["/usr/local/bin/dread-nginx-start"]
CMD ["nginx", "-c", "/etc/dread/nginx.compose.conf", "-g", "daemon off;"]
