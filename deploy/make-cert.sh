#!/bin/sh
# A self-signed TLS certificate, for trying the deployment out and for the replica test. A clinic's
# browsers need a certificate from a CA they trust (the clinic's own, or e.g. Let's Encrypt's certbot).
#   deploy/make-cert.sh DIR [NAME]   writes DIR/fullchain.pem and DIR/privkey.pem (0600) for NAME
#                                    (default localhost; 127.0.0.1 is always in the certificate too)
set -eu
dir=${1:?usage: make-cert.sh DIR [NAME]}
name=${2:-localhost}
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=$name" -addext "subjectAltName=DNS:$name,IP:127.0.0.1" \
    -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
echo "$dir/fullchain.pem $dir/privkey.pem"
