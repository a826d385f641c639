# Helpers shared by the bench/run_*.sh scripts (sourced by ci/bench, which
# sets BIN, RESULTS, QUICK and WORK).

# size QUICK_VALUE FULL_VALUE: the size for this run.
size() { if [[ $QUICK == 1 ]]; then echo "$1"; else echo "$2"; fi; }

# row NAME OURS UNIT PEER PEER_VALUE TARGET GROWTH NOTE: one table row.
# TARGET compares ours/peer (">=1.0", "<=0.02"), or ours itself when PEER_VALUE is "-".
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; echo "bench: $1: $2 $3 vs $4 $5"; }

# now: seconds since the epoch with nanoseconds; elapsed START: seconds since START.
now() { date +%s.%N; }
elapsed() { python3 -c "import sys,time; print(time.time() - float(sys.argv[1]))" "$1"; }
# rate COUNT SECONDS
rate() { python3 -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 1))" "$1" "$2"; }

free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }

wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2
  return 1
}

# serve_start KIND ARGS...: bench_serve as a coprocess; sets SERVE_PORT.
serve_start() {
  coproc SERVE { exec "$BIN/bench_serve" "$@"; }
  read -r _ SERVE_PORT <&"${SERVE[0]}"
}
# serve_ask LINE: the mock's answer to one command.
serve_ask() {
  echo "$1" >&"${SERVE[1]}"
  local answer
  read -r answer <&"${SERVE[0]}"
  echo "$answer"
}
serve_stop() {
  local pid=$SERVE_PID
  exec {SERVE[1]}>&-
  wait "$pid" || true
}

# rss_kb PID...: summed resident memory of the processes.
rss_kb() { local t=0; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $t; }
