# The public entry point for containers: NGINX with the frontend and its npm vendor files.
# Its configs are rendered by `python -m devstack.nginx compose|aws` (see `make nginx-conf`).
FROM node:20-bookworm-slim AS vendor
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM nginx:1.27-alpine
COPY --from=vendor /build/node_modules /usr/share/dread/node_modules
COPY frontend /usr/share/dread/frontend
COPY ci-cd/nginx/nginx.compose.conf ci-cd/nginx/nginx.aws.conf /etc/dread/
RUN mkdir -p /var/cache/nginx/dread/nginx-tmp/body /var/cache/nginx/dread/nginx-tmp/proxy \
        /var/cache/nginx/dread/nginx-tmp/fastcgi /var/cache/nginx/dread/nginx-tmp/uwsgi \
        /var/cache/nginx/dread/nginx-tmp/scgi \
    && chown -R 101:101 /var/cache/nginx/dread
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
# compose (emulated bucket behind the signature gate); production overrides with nginx.aws.conf
CMD ["nginx", "-c", "/etc/dread/nginx.compose.conf", "-g", "daemon off;"]
