#!/bin/sh
# post-sample.sh URL SECRET: posts the sample incoming_event webhook (testdata/incoming_event.json)
# to a running webhookbot, as LiveChat would, and prints the HTTP status.
#
#   LIVECHAT_WEBHOOK_SECRET=s3cret LIVECHAT_ACCOUNT_ID=... LIVECHAT_PAT=... go run ./examples/webhookbot &
#   examples/webhookbot/post-sample.sh http://127.0.0.1:8080/webhook s3cret
set -eu
url=${1:?usage: post-sample.sh URL SECRET}
secret=${2:?usage: post-sample.sh URL SECRET}
dir=$(dirname "$0")
sed "s/\"SECRET\"/\"$secret\"/" "$dir/testdata/incoming_event.json" |
	curl -sS -o /dev/null -w 'HTTP %{http_code}\n' -X POST -H 'Content-Type: application/json' --data-binary @- "$url"
