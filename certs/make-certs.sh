#!/usr/bin/env bash
# Makes a private CA and a serving certificate for the secret-injector webhook.
#
# usage: certs/make-certs.sh [options] [OUT_DIR]
#
# Writes into OUT_DIR (default: certs/dev in the repository, git-ignored):
#   ca.key, ca.crt    the private CA (kept and reused on later runs)
#   tls.key, tls.crt  the serving certificate, signed by the CA
# and prints the webhook's caBundle (base64 of ca.crt, one line) on stdout;
# everything else goes to stderr, so `CA_BUNDLE=$(certs/make-certs.sh)` works.
#
# Idempotent: an existing CA is reused, and an existing serving certificate is
# kept while it chains to the CA, has the expected names and is valid for more
# than --renew-days. Rotating the serving certificate therefore never changes
# the caBundle. See docs/operations.md for rotating the CA itself.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

namespace=secret-injector
service=secret-injector
days=365
ca_days=3650
renew_days=30
force=false
new_ca=false
out_dir="$script_dir/dev"

usage() {
  cat <<EOF
usage: $(basename "$0") [options] [OUT_DIR]

Makes a self-signed CA and a serving certificate for the webhook Service and
writes ca.crt, ca.key, tls.crt and tls.key into OUT_DIR (default: certs/dev).
Prints the caBundle (base64 of ca.crt) on stdout.

options:
  -n, --namespace NAME   namespace of the webhook Service (default: $namespace)
  -s, --service NAME     name of the webhook Service (default: $service)
  -d, --days N           validity of the serving certificate in days (default: $days)
      --ca-days N        validity of a new CA in days (default: $ca_days)
      --renew-days N     re-issue the serving certificate when it expires
                         within N days (default: $renew_days)
  -f, --force            re-issue the serving certificate even if it is current
      --new-ca           make a new CA (and serving certificate); the caBundle changes
  -h, --help             show this help
EOF
}

fail() {
  echo "make-certs: error: $*" >&2
  exit 1
}

info() {
  echo "make-certs: $*" >&2
}

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || fail "$1 needs a value (see --help)"
}

positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--namespace) need_value "$@"; namespace=$2; shift 2 ;;
    -s|--service) need_value "$@"; service=$2; shift 2 ;;
    -d|--days) need_value "$@"; days=$2; shift 2 ;;
    --ca-days) need_value "$@"; ca_days=$2; shift 2 ;;
    --renew-days) need_value "$@"; renew_days=$2; shift 2 ;;
    -f|--force) force=true; shift ;;
    --new-ca) new_ca=true; force=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; positional+=("$@"); break ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done

[[ ${#positional[@]} -le 1 ]] || fail "expected at most one OUT_DIR, got: ${positional[*]}"
[[ ${#positional[@]} -eq 0 ]] || out_dir=${positional[0]}

# DNS-1123 labels: they become DNS names in the certificate.
label_re='^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'
[[ $namespace =~ $label_re ]] || fail "--namespace '$namespace' is not a DNS-1123 label"
[[ $service =~ $label_re ]] || fail "--service '$service' is not a DNS-1123 label"
for pair in "--days:$days" "--ca-days:$ca_days" "--renew-days:$renew_days"; do
  [[ ${pair#*:} =~ ^[1-9][0-9]{0,5}$ ]] || fail "${pair%%:*} '${pair#*:}' is not a positive number of days"
done
(( renew_days < days )) || fail "--renew-days ($renew_days) must be less than --days ($days)"

command -v openssl >/dev/null 2>&1 || fail "openssl not found on PATH; install OpenSSL 1.1.1 or later"

dns_names=(
  "$service"
  "$service.$namespace"
  "$service.$namespace.svc"
  "$service.$namespace.svc.cluster.local"
  localhost
)
ip_addresses=(127.0.0.1)

san="DNS:$(IFS=,; echo "${dns_names[*]}" | sed 's/,/,DNS:/g'),IP:$(IFS=,; echo "${ip_addresses[*]}" | sed 's/,/,IP:/g')"
# The same list as `openssl x509 -ext subjectAltName` prints it.
expected_san=$(echo "$san" | sed -e 's/,/, /g' -e 's/IP:/IP Address:/g')

mkdir -p "$out_dir" || fail "cannot create $out_dir"
out_dir=$(cd "$out_dir" && pwd)
umask 077
work=$(mktemp -d "$out_dir/.make-certs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- CA -------------------------------------------------------------------

ca_key="$out_dir/ca.key"
ca_crt="$out_dir/ca.crt"

if [[ -e $ca_key && ! -e $ca_crt ]] || [[ ! -e $ca_key && -e $ca_crt ]]; then
  fail "found only one of ca.key and ca.crt in $out_dir; restore the other, or pass --new-ca to replace both"
fi

if [[ $new_ca == false && -e $ca_key ]]; then
  openssl x509 -in "$ca_crt" -noout >/dev/null 2>&1 || fail "$ca_crt is not a PEM certificate"
  ca_pub=$(openssl x509 -in "$ca_crt" -noout -pubkey 2>/dev/null)
  key_pub=$(openssl pkey -in "$ca_key" -pubout 2>/dev/null) || fail "$ca_key is not a PEM private key"
  [[ $ca_pub == "$key_pub" ]] || fail "$ca_key does not belong to $ca_crt; pass --new-ca to replace both"
  openssl x509 -in "$ca_crt" -noout -checkend $(( days * 86400 )) >/dev/null ||
    info "warning: the CA expires before a new serving certificate would; plan a CA rotation (--new-ca)"
  info "reusing the CA in $ca_crt"
else
  openssl req -x509 -new -nodes \
    -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
    -keyout "$work/ca.key" -out "$work/ca.crt" \
    -days "$ca_days" -subj "/CN=$service-ca" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; fail "could not make the CA"; }
  mv -f "$work/ca.key" "$ca_key"
  mv -f "$work/ca.crt" "$ca_crt"
  chmod 600 "$ca_key"
  chmod 644 "$ca_crt"
  info "made a new CA in $ca_crt (valid $ca_days days)"
fi

# --- serving certificate --------------------------------------------------

tls_key="$out_dir/tls.key"
tls_crt="$out_dir/tls.crt"

serving_is_current() {
  [[ -e $tls_key && -e $tls_crt ]] || return 1
  openssl verify -CAfile "$ca_crt" "$tls_crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$tls_crt" -noout -checkend $(( renew_days * 86400 )) >/dev/null 2>&1 || return 1
  local actual
  actual=$(openssl x509 -in "$tls_crt" -noout -ext subjectAltName 2>/dev/null | sed -n '2p' | sed 's/^ *//')
  [[ $actual == "$expected_san" ]] || return 1
  [[ $(openssl x509 -in "$tls_crt" -noout -pubkey 2>/dev/null) == "$(openssl pkey -in "$tls_key" -pubout 2>/dev/null)" ]]
}

if [[ $force == false ]] && serving_is_current; then
  info "keeping the serving certificate in $tls_crt (current)"
else
  cat >"$work/serving.ext" <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
subjectAltName = $san
EOF
  openssl req -new -nodes \
    -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
    -keyout "$work/tls.key" -out "$work/tls.csr" \
    -subj "/CN=$service.$namespace.svc" \
    2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; fail "could not make the serving key"; }
  openssl x509 -req -in "$work/tls.csr" \
    -CA "$ca_crt" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "$days" -extfile "$work/serving.ext" -out "$work/tls.crt" \
    2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; fail "could not sign the serving certificate"; }
  mv -f "$work/tls.key" "$tls_key"
  mv -f "$work/tls.crt" "$tls_crt"
  chmod 600 "$tls_key"
  chmod 644 "$tls_crt"
  info "issued $tls_crt for ${dns_names[*]} ${ip_addresses[*]} (valid $days days)"
fi

info "caBundle (base64 of ca.crt) follows on stdout"
base64 <"$ca_crt" | tr -d '\n'
echo
