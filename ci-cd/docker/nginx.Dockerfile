# The public entry point for compose: NGINX with the frontend and its npm vendor files.
FROM node:20-bookworm-slim AS vendor
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM nginx:1.27-alpine
COPY --from=vendor /build/node_modules /usr/share/dread/node_modules
COPY frontend /usr/share/dread/frontend
COPY ci-cd/nginx/nginx.conf /etc/nginx/nginx.conf
RUN mkdir -p /tmp/nginx && chown -R nginx:nginx /tmp/nginx
USER 101:101
EXPOSE 8080
