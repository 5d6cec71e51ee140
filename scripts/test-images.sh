#!/usr/bin/env bash
# `make test-images`: build every image from the repo's Dockerfiles, bring the compose stack
# up on private ports and smoke-test it through NGINX, then tear everything down.
#
# Podman (rootful) is the engine; official base images are used when they can be pulled, and
# local stand-ins (ci-cd/images/standins.sh) when no registry is reachable. Ports: NGINX on
# DREAD_TEST_PORT_BASE+80 (default 21080), Prometheus on +90. Set DREAD_KEEP_STACK=1 to leave
# the stack running after the smoke test (for debugging; `podman-compose -p ... down -v`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
BASE_PORT=${DREAD_TEST_PORT_BASE:-21000}
HTTP_PORT=$((BASE_PORT + 80))
PROM_PORT=$((BASE_PORT + 90))
PROJECT=dread-images-$BASE_PORT
TAG=${DREAD_IMAGE_TAG:-local}
HOME_DIR=$ROOT/.dread/test-images-$BASE_PORT
ENV_FILE=$HOME_DIR/compose.env
START=$(date +%s)

say() { printf 'test-images [%3ss]: %s\n' "$(($(date +%s) - START))" "$*"; }

# --- the engine -------------------------------------------------------------------------
if ! command -v podman >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing podman (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      podman buildah debootstrap runc uidmap netavark aardvark-dns >/dev/null
  else
    echo "make test-images needs podman (and debootstrap when no registry is reachable)" >&2
    exit 1
  fi
fi
# Two quirks of hosts like ours (hybrid cgroups, no CAP_SYS_RESOURCE): runc, fixed ulimits.
# Written only when there is no containers.conf yet, or under CI; never silently over a user's.
CONF=/etc/containers/containers.conf
if [ "$(id -u)" = 0 ] && { [ ! -e "$CONF" ] || [ -n "${CI:-}" ]; }; then
  if ! grep -q 'written by DREAD' "$CONF" 2>/dev/null; then
    [ -e "$CONF" ] && cp "$CONF" "$CONF.before-dread"
    say "writing $CONF (runtime runc, fixed ulimits)${CI:+ because CI is set}"
    mkdir -p /etc/containers
    cat > "$CONF" <<'EOF'
# written by DREAD make test-images (scripts/test-images.sh)
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
EOF
  fi
fi
COMPOSE=("$VENV/bin/podman-compose" -p "$PROJECT" --env-file "$ENV_FILE" -f docker-compose.yml)

# --- base images: the pinned official one, else a local stand-in --------------------------
declare -A BASES=()
REGISTRY=down
detect_registry() {  # can the pinned official images be pulled here? (DREAD_STANDINS=1: no)
  local probe
  probe=$(default_arg ci-cd/docker/service.Dockerfile PYTHON_IMAGE)
  if podman image exists "$probe" || { [ "${DREAD_STANDINS:-0}" != 1 ] \
      && timeout 120 podman pull -q "$probe" >/dev/null 2>&1; }; then
    REGISTRY=up
  fi
  say "container registry: $REGISTRY"
}
base_image() {  # base_image KIND PINNED_REF -> the ref to build FROM
  if [ "$REGISTRY" = up ]; then
    podman image exists "$2" || podman pull -q "$2" >/dev/null
    echo "$2"
  else
    ci-cd/images/standins.sh "$1"
  fi
}
default_arg() {  # default_arg DOCKERFILE ARG -> the ARG's default in the Dockerfile
  sed -n "s/^ARG $2=//p" "$1" | head -1
}
resolve_bases() {
  detect_registry
  BASES[PYTHON_IMAGE]=$(base_image python "$(default_arg ci-cd/docker/service.Dockerfile PYTHON_IMAGE)")
  BASES[NODE_IMAGE]=$(base_image node "$(default_arg ci-cd/docker/nginx.Dockerfile NODE_IMAGE)")
  BASES[NGINX_IMAGE]=$(base_image nginx "$(default_arg ci-cd/docker/nginx.Dockerfile NGINX_IMAGE)")
  # compose's own images (DynamoDB Local, Prometheus): pulled by compose, or stand-ins
  if [ "$REGISTRY" = down ]; then
    ci-cd/images/standins.sh dynamodb prometheus >/dev/null
  fi
}

build() {  # build NAME DOCKERFILE [--build-arg K=V ...]
  local name=$1 dockerfile=$2 args=("${@:3}") arg
  for arg in PYTHON_IMAGE NODE_IMAGE NGINX_IMAGE; do
    grep -q "^ARG $arg=" "$dockerfile" && args+=(--build-arg "$arg=${BASES[$arg]}")
  done
  podman build --format docker --pull=never --layers -q "${args[@]}" \
    -t "localhost/dread/$name:$TAG" -f "$dockerfile" . >/dev/null
}

# --- teardown, always ---------------------------------------------------------------------
teardown() {
  local status=$?
  if [ "$status" != 0 ] && [ -f "$ENV_FILE" ]; then
    say "FAILED: the last log lines of each container"
    for id in $(podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT"); do
      echo "----- $(podman inspect -f '{{.Name}} ({{.State.Status}})' "$id")"
      podman logs --tail 25 "$id" 2>&1 | sed 's/^/    /'
    done
  fi
  if [ "${DREAD_KEEP_STACK:-0}" = 1 ]; then
    say "DREAD_KEEP_STACK=1: left running; stop with: ${COMPOSE[*]} down -v"
    exit "$status"
  fi
  if [ -f "$ENV_FILE" ]; then
    "${COMPOSE[@]}" down -v >/dev/null 2>&1 || true
  fi
  # whatever compose missed (a half-started stack): this project's containers, pod, volumes
  for id in $(podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT"); do
    podman rm -f "$id" >/dev/null 2>&1 || true
  done
  podman pod rm -f "pod_$PROJECT" >/dev/null 2>&1 || true
  for volume in $(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT"); do
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
  done
  rm -rf "$HOME_DIR"
  say "torn down (exit $status) in $(($(date +%s) - START)) s total"
  exit "$status"
}
trap teardown EXIT

# --- build --------------------------------------------------------------------------------
resolve_bases
say "bases: python=${BASES[PYTHON_IMAGE]} node=${BASES[NODE_IMAGE]} nginx=${BASES[NGINX_IMAGE]}"
# one Dockerfile for the seven services: SERVICE and its URL area (devstack/config.py)
for pair in auth:auth course:courses forum:forum profile:profiles progress:progress \
    video:videos watchlist:watchlist; do
  service=${pair%%:*}
  build "$service" ci-cd/docker/service.Dockerfile \
    --build-arg "SERVICE=$service" --build-arg "AREA=${pair#*:}"
  say "built $service"
done
build s3rver ci-cd/docker/s3rver.Dockerfile
build s3gate ci-cd/docker/s3gate.Dockerfile
build mail ci-cd/docker/mail.Dockerfile
build nginx ci-cd/docker/nginx.Dockerfile
say "built s3rver, s3gate, mail, nginx"

# --- up -----------------------------------------------------------------------------------
rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR"
{
  DREAD_HOME=$HOME_DIR "$VENV/bin/python" -m devstack compose-env
  echo "DREAD_HTTP_PORT=$HTTP_PORT"
  echo "DREAD_PROMETHEUS_PORT=$PROM_PORT"
  echo "DREAD_PUBLIC_URL=http://127.0.0.1:$HTTP_PORT"
  echo "DREAD_IMAGE_TAG=$TAG"
} > "$ENV_FILE"
chmod 600 "$ENV_FILE"
"${COMPOSE[@]}" down -v >/dev/null 2>&1 || true  # a leftover of an interrupted run
# Grafana has no Debian package, hence no stand-in: the smoke test runs everything else.
services=(dynamodb s3 s3-gate signing-keys mail auth auth-worker course forum forum-worker profile progress video
  video-worker watchlist nginx demo-accounts demo-courses prometheus)
"${COMPOSE[@]}" up -d --no-build "${services[@]}" > "$HOME_DIR/compose-up.log" 2>&1 \
  || { tail -30 "$HOME_DIR/compose-up.log"; exit 1; }
say "stack started (project $PROJECT, http://127.0.0.1:$HTTP_PORT)"

# --- smoke test through NGINX ---------------------------------------------------------------
"$VENV/bin/python" ci-cd/images/smoke.py --url "http://127.0.0.1:$HTTP_PORT" \
  --prometheus "http://127.0.0.1:$PROM_PORT" --mail-exec "podman exec ${PROJECT}_mail_1"
say "smoke test passed"
