#!/usr/bin/env bash
# Runs the webhook locally over HTTPS on a sample, with no cluster and no AWS account:
# builds it, makes a throw-away certificate, starts `serve` with the sample policy and cluster objects,
# posts samples/admission-review.json
# and prints the decision with the JSON Patch decoded, then stops the server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
port=${PORT:-18443}
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== building" >&2
dotnet build "$root/src/SecretInjector" -c Release -v q -nologo >&2

echo "== making a self-signed serving certificate for 127.0.0.1" >&2
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

echo "== starting secret-injector serve on https://127.0.0.1:$port" >&2
dotnet "$root/src/SecretInjector/bin/Release/net10.0/secret-injector.dll" serve \
  --urls "https://127.0.0.1:$port" --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" \
  --policy "$root/samples/policy.yaml" --objects "$root/samples/cluster.yaml" --config "$root/samples/settings.yaml" \
  "$@" >"$work/webhook.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -sf --cacert "$work/tls.crt" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/webhook.log" >&2; exit 1; }
  sleep 0.5
done

echo "== POST /mutate samples/admission-review.json" >&2
curl -sS --cacert "$work/tls.crt" -H 'Content-Type: application/json' \
  --data @"$root/samples/admission-review.json" "https://127.0.0.1:$port/mutate" > "$work/response.json"
python3 - "$work/response.json" <<'PY'
import base64, json, sys
review = json.load(open(sys.argv[1]))
response = review["response"]
patch = response.pop("patch", None)
print(json.dumps(response, indent=2))
if patch:
    print("JSON Patch:")
    print(json.dumps(json.loads(base64.b64decode(patch)), indent=2))
PY

echo "== webhook log" >&2
cat "$work/webhook.log" >&2
