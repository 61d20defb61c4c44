#!/usr/bin/env bash
# The order-service example's flow with nothing but curl, grep and sed, against a running
# `hookbench serve`: make an inbox, send a webhook to it, wait until it arrived, check it; then
# have Hookbench fire a signed event at the inbox and check that too. Exits non-zero on any miss.
#
#   HOOKBENCH_URL=http://127.0.0.1:7600 HOOKBENCH_TOKEN=... examples/curl-flow.sh
#
# (`hookbench serve` prints both; the token is read from the environment and handed to curl on
# stdin, so it never appears on a command line.)
set -euo pipefail

: "${HOOKBENCH_URL:?set HOOKBENCH_URL to the control URL hookbench serve printed, e.g. http://127.0.0.1:7600}"
: "${HOOKBENCH_TOKEN:?set HOOKBENCH_TOKEN to the control token hookbench serve printed}"

fail() {
  echo "curl-flow: $*" >&2
  exit 1
}

# api METHOD PATH [JSON]: calls the control API, prints the answer's body, fails on an HTTP error.
api() {
  local method=$1 path=$2 data=${3-}
  local args=(--silent --show-error --request "$method" --config - --write-out '\n%{http_code}')
  if [ -n "$data" ]; then args+=(--header 'content-type: application/json' --data "$data"); fi
  local answer status
  answer=$(curl "${args[@]}" "$HOOKBENCH_URL$path" <<<"header = \"Authorization: Bearer $HOOKBENCH_TOKEN\"")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  [ "$status" -lt 400 ] || fail "$method $path answered $status: $answer"
  printf '%s' "$answer"
}

# field NAME: the first string value of "NAME" in the JSON on stdin (enough for these answers).
field() {
  grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | sed 's/^"[^"]*":"\(.*\)"$/\1/'
}

# expect WHAT TEXT NEEDLE: fails unless TEXT contains NEEDLE.
expect() {
  case "$2" in *"$3"*) echo "ok: $1" ;; *) fail "$1: expected to find $3 in: $2" ;; esac
}

inbox=$(api POST /api/inboxes '{"name":"curl flow"}')
inbox_id=$(field id <<<"$inbox")
inbox_url=$(field url <<<"$inbox")
slug=$(field slug <<<"$inbox")
[ -n "$inbox_id" ] && [ -n "$inbox_url" ] || fail "no inbox id or url in: $inbox"
trap 'api DELETE "/api/inboxes/$inbox_id" >/dev/null || true' EXIT
echo "inbox: $inbox_url"

# 1. The "app" sends its webhook (here: curl itself).
curl --silent --show-error --output /dev/null --header 'content-type: application/json' \
  --data '{"type":"order.created","data":{"id":"ord_1","email":"ada@example.com"}}' "$inbox_url/webhooks/orders"

# Long-poll until one capture exists; `after=` (empty) counts those that arrived before the call.
waited=$(api GET "/api/inboxes/$inbox_id/requests/wait?count=1&timeoutMs=10000&after=")
expect 'the wait did not time out' "$waited" '"timedOut":false'
expect 'the webhook arrived at its path' "$waited" "\"path\":\"/in/$slug/webhooks/orders\""
expect 'with its JSON body' "$waited" '"json":{"type":"order.created"'
first_capture=$(field id <<<"$waited")

# 2. Hookbench fires a signed event at a hook pointing to the inbox (a generic hook gets a
#    whsec_ secret and signs with Standard Webhooks); wait for the capture after the first.
hook=$(api POST /api/hooks "{\"url\":\"$inbox_url/fired\",\"provider\":\"generic\",\"retry\":{\"preset\":\"none\"}}")
hook_id=$(field id <<<"$hook")
trap 'api DELETE "/api/hooks/$hook_id" >/dev/null || true; api DELETE "/api/inboxes/$inbox_id" >/dev/null || true' EXIT
fired=$(api POST /api/events "{\"provider\":\"generic\",\"type\":\"ping\",\"hookIds\":[\"$hook_id\"]}")
expect 'the event was fired' "$fired" '"deliveries":[{'
waited=$(api GET "/api/inboxes/$inbox_id/requests/wait?count=1&timeoutMs=10000&after=$first_capture")
expect 'the fired event arrived' "$waited" "\"path\":\"/in/$slug/fired\""
expect 'signed with Standard Webhooks' "$waited" '"webhook-signature","v1,'

echo 'curl-flow: all checks passed'
