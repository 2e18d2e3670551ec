#!/usr/bin/env bash
# Runs every end-to-end benchmark in one go and prints a summary with the ratios:
#
#   1. `cargo bench -p alicloud-benches`: the SDK against a bare hyper request, one call at a
#      time and 64 at once, with the emulator in the same process; and the per-part breakdown.
#   2. An emulator binary on a free port, then the same call from this SDK (and the bare
#      baseline), the official Python SDK and the `aliyun-openapi-core-rust-sdk` crate, each
#      measured the same way: warm-up, N calls one after the other, N calls 64 at a time.
#
# Usage: benches/run.sh            (from anywhere; results in target/bench-results/)
# Environment: PY_CALLS (default 2000), RUST_CALLS (20000), PEER_CALLS (1000), LOAD_CALLS (100000),
#   BENCH_INSTALL_DEPS=1 to let the script apt-get OpenSSL headers the Rust peer needs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="target/bench-results"
mkdir -p "$out"
py_calls="${PY_CALLS:-2000}"
rust_calls="${RUST_CALLS:-20000}"
peer_calls="${PEER_CALLS:-1000}"
in_flight=64
key_id="bench-access-key"
key_secret="bench-secret-key"
emulator_pid=""

cleanup() {
    if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT INT TERM

say() { printf '\n== %s\n' "$*" >&2; }

# From a driver's output ("sequential CALLS_PER_SECOND CPU_US_PER_CALL", "in_flight_64 …"):
# the rate, or the client's CPU microseconds per call; "" when missing.
rate() { awk -v key="$2" '$1 == key { print $2 }' "$1" 2>/dev/null || true; }
cpu() { awk -v key="$2" '$1 == key { print $3 }' "$1" 2>/dev/null || true; }

# The median of a divan row, in microseconds.
divan_median_us() {
    awk -v name="$2" '
        index($0, "─ " name " ") {
            split($0, cols, "│"); split(cols[3], m, " ")
            scale = (m[2] == "ns") ? 0.001 : (m[2] == "ms") ? 1000 : (m[2] == "s") ? 1e6 : 1
            printf "%.2f\n", m[1] * scale; exit
        }' "$1"
}

# a / b with two decimals, or "n/a" when either is missing; n calls per `us` as calls/s.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }
per_second() { awk -v us="$1" -v n="$2" 'BEGIN { if (us == "") print ""; else printf "%.0f\n", n * 1e6 / us }'; }

say "machine"
{
    echo "cpus: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "rustc: $(rustc --version)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt" >&2

say "building (release)"
cargo build --release -p alicloud-ecs-emulator --bin alicloud-ecs-emulator >&2
cargo build --release -p alicloud-benches --example calls --example emulator_load >&2

say "cargo bench -p alicloud-benches"
cargo bench -p alicloud-benches 2>&1 | tee "$out/divan.txt" >&2

say "starting the emulator binary"
target/release/alicloud-ecs-emulator --listen 127.0.0.1:0 --speed 0 \
    --access-key "$key_id:$key_secret" >"$out/emulator.out" 2>"$out/emulator.err" &
emulator_pid=$!
endpoint=""
for _ in $(seq 100); do
    endpoint="$(awk '/^listening on / { print $3; exit }' "$out/emulator.out")"
    [[ -n "$endpoint" ]] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$out/emulator.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$endpoint" ]] || { echo "the emulator did not start" >&2; exit 1; }
echo "emulator at $endpoint (pid $emulator_pid)" >&2

say "this SDK and the bare baseline against the emulator binary"
for client in sdk bare; do
    target/release/examples/calls "$client" "$endpoint" "$key_id" "$key_secret" \
        "$rust_calls" "$in_flight" | tee "$out/$client.txt" >&2
done

say "emulator load: signed requests at $in_flight in flight, a stateful and generic operations"
load_calls="${LOAD_CALLS:-100000}"
: >"$out/load.txt"
for call in "DescribeTaskAttribute RegionId=cn-hangzhou TaskId=t-23ym6mvro" \
    "DescribeImages RegionId=cn-hangzhou" "DescribeInstances RegionId=cn-hangzhou" \
    "DescribeSecurityGroups RegionId=cn-hangzhou"; do
    # shellcheck disable=SC2086 # the action and its parameters are separate words
    target/release/examples/emulator_load "$endpoint" "$key_id" "$key_secret" \
        "$load_calls" "$in_flight" $call | tee -a "$out/load.txt" >&2
done

say "official Python SDK (alibabacloud-ecs20140526)"
python_note=""
venv="target/py-sdk"
if ! "$venv/bin/python" -c "import alibabacloud_ecs20140526" 2>/dev/null; then
    if command -v python3 >/dev/null; then
        python3 -m venv "$venv" >&2 &&
            "$venv/bin/pip" install --quiet "alibabacloud-ecs20140526==7.11.8" >&2 ||
            python_note="did not run: could not create $venv"
    else
        python_note="did not run: no python3"
    fi
fi
: >"$out/python.txt"
if [[ -z "$python_note" ]]; then
    "$venv/bin/python" benches/python/official_sdk_bench.py "$endpoint" "$key_id" "$key_secret" \
        "$py_calls" "$in_flight" | tee "$out/python.txt" >&2 ||
        python_note="did not run: the script failed (see above)"
fi

say "aliyun-openapi-core-rust-sdk 1.1.0"
peer_dir="benches/peers/aliyun-openapi-core"
peer_target="target/peers"
peer_note=""
patched_note=""
: >"$out/peer.txt"
: >"$out/peer-patched.txt"
if ! pkg-config --exists openssl 2>/dev/null; then
    if [[ "${BENCH_INSTALL_DEPS:-}" == 1 ]] && command -v apt-get >/dev/null; then
        apt-get install -y libssl-dev pkg-config >&2 || true
    fi
fi
if ! pkg-config --exists openssl 2>/dev/null; then
    peer_note="did not build: it needs OpenSSL headers (libssl-dev, pkg-config); set BENCH_INSTALL_DEPS=1 to install them"
    patched_note="$peer_note"
elif ! CARGO_TARGET_DIR="$peer_target" cargo build --release --locked \
    --manifest-path "$peer_dir/Cargo.toml" >&2; then
    peer_note="did not build (see the cargo output above)"
    patched_note="$peer_note"
else
    cp "$peer_target/release/aliyun-openapi-core-peer" "$peer_target/peer-published"
    if ! "$peer_target/peer-published" "$endpoint" "$key_id" "$key_secret" "$peer_calls" \
        "$in_flight" >"$out/peer.txt" 2>"$out/peer.err"; then
        peer_note="did not run: $(head -c 300 "$out/peer.err")"
    fi
    cat "$out/peer.txt" "$out/peer.err" >&2

    # The same crate with one change: `Timestamp` in whole seconds, as Alibaba documents it,
    # instead of nanoseconds. Built from a patched copy under target/.
    say "aliyun-openapi-core-rust-sdk 1.1.0, Timestamp patched to whole seconds"
    registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
    source="$(find "$registry" -maxdepth 2 -type d -name 'aliyun-openapi-core-rust-sdk-1.1.0' \
        2>/dev/null | head -n 1 || true)"
    work="$peer_target/patched"
    rpc="$work/vendor/aliyun-openapi-core-rust-sdk/src/client/rpc.rs"
    rm -rf "$work"
    mkdir -p "$work/vendor"
    if [[ -n "$source" ]]; then
        cp -R "$peer_dir/Cargo.toml" "$peer_dir/Cargo.lock" "$peer_dir/src" "$work/"
        cp -R "$source" "$work/vendor/aliyun-openapi-core-rust-sdk"
        sed -i 's/\.format(&Iso8601::DEFAULT)/.format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"))/' "$rpc"
        printf '\n[patch.crates-io]\naliyun-openapi-core-rust-sdk = { path = "vendor/aliyun-openapi-core-rust-sdk" }\n' \
            >>"$work/Cargo.toml"
    fi
    if [[ -z "$source" ]]; then
        patched_note="not measured: the crate's source is not under $registry"
    elif ! grep -q 'format_description!' "$rpc"; then
        patched_note="not measured: the patch did not apply"
    elif ! CARGO_TARGET_DIR="$peer_target" cargo build --release \
        --manifest-path "$work/Cargo.toml" >&2; then
        patched_note="did not build (see the cargo output above)"
    else
        cp "$peer_target/release/aliyun-openapi-core-peer" "$peer_target/peer-patched"
        if ! "$peer_target/peer-patched" "$endpoint" "$key_id" "$key_secret" "$peer_calls" \
            "$in_flight" >"$out/peer-patched.txt" 2>"$out/peer-patched.err"; then
            patched_note="did not run: $(head -c 300 "$out/peer-patched.err")"
        fi
        cat "$out/peer-patched.txt" "$out/peer-patched.err" >&2
    fi
fi

cleanup
emulator_pid=""
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt" >&2

# ---- summary ----
sdk_seq_us="$(divan_median_us "$out/divan.txt" sdk_sequential)"
bare_seq_us="$(divan_median_us "$out/divan.txt" bare_hyper_sequential)"
sdk_64_us="$(divan_median_us "$out/divan.txt" sdk_64_in_flight)"
sdk_64p_us="$(divan_median_us "$out/divan.txt" sdk_64_in_flight_pool_64)"
bare_64_us="$(divan_median_us "$out/divan.txt" bare_hyper_64_in_flight)"
sdk_seq="$(rate "$out/sdk.txt" sequential)"
sdk_64="$(rate "$out/sdk.txt" "in_flight_$in_flight")"
bare_seq="$(rate "$out/bare.txt" sequential)"
bare_64="$(rate "$out/bare.txt" "in_flight_$in_flight")"
py_seq="$(rate "$out/python.txt" sequential)"
py_64="$(rate "$out/python.txt" "in_flight_$in_flight")"
patched_seq="$(rate "$out/peer-patched.txt" sequential)"
patched_64="$(rate "$out/peer-patched.txt" "in_flight_$in_flight")"
show() { if [[ -n "$1" ]]; then printf '%.0f' "$1"; else printf 'n/a'; fi; }
# One table row for a driver's output file: rate and CPU, sequential and in flight; a
# driver that did not run shows its note once.
row() {
    local file="$1" note="${2:-}" key="in_flight_$in_flight"
    if [[ -n "$note" ]]; then
        printf '%s | – | – | –' "$(tr '|\n' '/ ' <<<"$note")"
        return
    fi
    printf '%s | %s | %s | %s' "$(show "$(rate "$file" sequential)")" \
        "$(show "$(cpu "$file" sequential)")" "$(show "$(rate "$file" "$key")")" \
        "$(show "$(cpu "$file" "$key")")"
}

{
    echo "## In-process emulator (divan medians)"
    echo
    echo "| benchmark | median | calls/s |"
    echo "|---|---|---|"
    echo "| sdk_sequential | ${sdk_seq_us} µs | $(per_second "$sdk_seq_us" 1) |"
    echo "| bare_hyper_sequential | ${bare_seq_us} µs | $(per_second "$bare_seq_us" 1) |"
    echo "| sdk_64_in_flight | ${sdk_64_us} µs | $(per_second "$sdk_64_us" 64) |"
    echo "| sdk_64_in_flight_pool_64 | ${sdk_64p_us} µs | $(per_second "$sdk_64p_us" 64) |"
    echo "| bare_hyper_64_in_flight | ${bare_64_us} µs | $(per_second "$bare_64_us" 64) |"
    echo
    echo "## Where the time goes (divan medians, benches/benches/parts.rs)"
    echo
    echo "| benchmark | median |"
    echo "|---|---|"
    for part in sdk_call_without_network bare_request_without_network parse_response_json \
        sign_v3_with_nonce nonce hyper_transport_get bare_hyper_get; do
        echo "| $part | $(divan_median_us "$out/divan.txt" "$part") µs |"
    done
    echo
    echo "## Emulator binary (calls/s)"
    echo
    echo "| client | sequential calls/s | client CPU µs/call | $in_flight in flight calls/s | client CPU µs/call |"
    echo "|---|---|---|---|---|"
    echo "| alicloud-ecs (this SDK) | $(row "$out/sdk.txt") |"
    echo "| bare hyper (sign + send) | $(row "$out/bare.txt") |"
    echo "| official Python SDK | $(row "$out/python.txt" "$python_note") |"
    echo "| aliyun-openapi-core-rust-sdk | $(row "$out/peer.txt" "$peer_note") |"
    echo "| aliyun-openapi-core-rust-sdk, Timestamp patched | $(row "$out/peer-patched.txt" "$patched_note") |"
    echo
    echo "## Emulator load ($in_flight in flight, bare signed client)"
    echo
    echo "| action | requests/s | p50 ms | p99 ms |"
    echo "|---|---|---|---|"
    awk '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$out/load.txt"
    echo
    echo "## Ratios"
    echo
    echo "| ratio | value | target |"
    echo "|---|---|---|"
    echo "| SDK / bare time per call, sequential, in-process | $(ratio "$sdk_seq_us" "$bare_seq_us")× | ≤ 1.10× |"
    echo "| SDK / bare time per call, sequential, emulator binary | $(ratio "$bare_seq" "$sdk_seq")× | ≤ 1.10× |"
    echo "| SDK / bare time per call, 64 in flight, in-process (default pool) | $(ratio "$sdk_64_us" "$bare_64_us")× | |"
    echo "| SDK / bare time per call, 64 in flight, in-process (pool of 64) | $(ratio "$sdk_64p_us" "$bare_64_us")× | |"
    echo "| SDK / bare time per call, 64 in flight, emulator binary | $(ratio "$bare_64" "$sdk_64")× | |"
    echo "| SDK / Python calls/s, sequential | $(ratio "$sdk_seq" "$py_seq")× | ≥ 20× |"
    echo "| SDK / Python calls/s, 64 in flight | $(ratio "$sdk_64" "$py_64")× | ≥ 20× |"
    echo "| bare / Python calls/s, sequential (the most any client could reach here) | $(ratio "$bare_seq" "$py_seq")× | |"
    echo "| Python / SDK client CPU per call, sequential | $(ratio "$(cpu "$out/python.txt" sequential)" "$(cpu "$out/sdk.txt" sequential)")× | |"
    echo "| SDK / aliyun-openapi-core (patched) calls/s, sequential | $(ratio "$sdk_seq" "$patched_seq")× | |"
    echo "| SDK / aliyun-openapi-core (patched) calls/s, 64 in flight | $(ratio "$sdk_64" "$patched_64")× | |"
} | tee "$out/summary.md"
