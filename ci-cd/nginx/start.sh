#!/bin/sh
# Entry point of the NGINX image: writes runtime.conf (what only the running container knows,
# included by nginx.{compose,aws}.conf), then runs the command (nginx ...).
#  - resolver: the container's own DNS server (Docker's 127.0.0.11, podman's aardvark-dns),
#    so NGINX resolves service names again and sees scaled or recreated replicas;
#  - $dread_media_origin: where browsers load media on AWS (the CSP's img-src, media-src and
#    connect-src): DREAD_MEDIA_ORIGIN (e.g. a CDN), else the bucket's S3 hosts from S3_BUCKET
#    and AWS_REGION (as devstack.nginx.aws_media_origin); empty in compose (same origin).
set -eu
out=${DREAD_NGINX_RUNTIME_CONF:-/var/cache/nginx/dread/runtime.conf}
resolv=${DREAD_RESOLV_CONF:-/etc/resolv.conf}

nameserver=
while read -r key value _; do
  if [ "$key" = nameserver ] && [ -n "$value" ]; then nameserver=$value; break; fi
done < "$resolv"
[ -n "$nameserver" ] || { echo "start.sh: no nameserver in $resolv" >&2; exit 1; }
case $nameserver in *:*) nameserver="[$nameserver]" ;; esac  # IPv6

origin=${DREAD_MEDIA_ORIGIN:-}
if [ -z "$origin" ] && [ -n "${S3_BUCKET:-}" ] && [ -n "${AWS_REGION:-}" ]; then
  origin="https://$S3_BUCKET.s3.$AWS_REGION.amazonaws.com"
  # boto3 presigns us-east-1 URLs for the global endpoint
  [ "$AWS_REGION" = us-east-1 ] && origin="$origin https://$S3_BUCKET.s3.amazonaws.com"
fi
# The value goes into the config: https:// hosts (and ports) only, nothing that could end it.
bad_origin() {
  echo "start.sh: DREAD_MEDIA_ORIGIN must be https://host[:port] sources, got '$1'" >&2
  exit 1
}
for source in $origin; do
  case $source in https://*) ;; *) bad_origin "$source" ;; esac
  case ${source#https://} in "" | *[!A-Za-z0-9.:-]*) bad_origin "$source" ;; esac
done

cat > "$out" <<CONF
# written by ci-cd/nginx/start.sh at container start
resolver $nameserver valid=10s ipv6=off;
resolver_timeout 2s;
map \$host \$dread_media_origin {
    default "$origin";
}
CONF
exec "$@"
