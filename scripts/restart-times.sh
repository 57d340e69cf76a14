#!/usr/bin/env bash
# How long the embedded default takes to be ready again with ORDERS orders of state: after a clean stop (SIGTERM),
# after kill -9 while idle, and after kill -9 in the middle of a load of partner orders. Builds nothing: run `mvn -q package -DskipTests` first.
#   scripts/restart-times.sh [ORDERS (default 1000)] [FOLDER (default: a new temporary folder, removed at the end)]
# A folder given is kept (and may hold state from an earlier run). The orders are a partner's (Avro, straight to Kafka, one line each) produced by scoville-bench, then the
# service is stopped and started in the same folder; each start is timed from the process start to the first
# 200 of /health/ready (Kafka Streams RUNNING, every store restored). Prints one line per start.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${1:-1000}
GIVEN=${2:-}
DIR=${GIVEN:-$(mktemp -d /tmp/scoville-restart-XXXXXX)}
mkdir -p "$DIR"
HTTP_PORT=${HTTP_PORT:-17070} KAFKA_PORT=${KAFKA_PORT:-19892} REGISTRY_PORT=${REGISTRY_PORT:-18881}
export HTTP_PORT KAFKA_PORT REGISTRY_PORT DATA_DIR="$DIR" STATE_DIR="$DIR/state"
LOG="$DIR/service.log"
pid=""

start() {
  begin=$(date +%s.%N)
  java -jar api/target/scoville.jar >>"$LOG" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the service exited; see $LOG" >&2; exit 1; }
    sleep 0.2
  done
  printf '%-34s ready in %5.1f s\n' "$1" "$(echo "$(date +%s.%N) - $begin" | bc)"
}

stop() { kill -TERM "$pid"; wait "$pid" || true; }
# A folder named on the command line is kept; a temporary one is removed.
finish() { [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; [ -n "$GIVEN" ] || rm -rf "$DIR"; }
trap finish EXIT

echo "State folder $DIR, $ORDERS partner orders"
start "first start"
java -jar bench/target/scoville-bench.jar partner --target "http://127.0.0.1:$HTTP_PORT" --bootstrap "127.0.0.1:$KAFKA_PORT" \
  --registry "http://127.0.0.1:$REGISTRY_PORT" --warmup 0 --drain-timeout 20m -n "$ORDERS" --lines 1 --skus "${SKUS:-0}" --report "$DIR/partner.json" \
  | grep -E '^== partner|throughput|audit ' || true
stop
start "after a clean stop"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
start "after kill -9 (idle)"
# The worst case: killed in the middle of a load, every task mid-transaction (exactly-once then keeps no
# checkpoint, and the stores are wiped and restored from their changelogs).
java -jar bench/target/scoville-bench.jar partner --target "http://127.0.0.1:$HTTP_PORT" --bootstrap "127.0.0.1:$KAFKA_PORT" \
  --registry "http://127.0.0.1:$REGISTRY_PORT" --warmup 0 --drain-timeout 1s -n 200000 --lines 1 --skus "${SKUS:-0}" \
  --report "$DIR/partner-killed.json" >/dev/null 2>&1 &
load=$!
sleep 10
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true
start "after kill -9 (under load)"
stop
du -sh "$DIR" | awk '{print "State and logs on disk: " $1}'
