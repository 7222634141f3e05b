#!/bin/sh
# One shard of a sweep, as a batch job's container runs it (see docs/sweeps.md):
#
#   deploy/run-shard.sh SWEEP_FILE SHARDS OUT_DIR [ecs-sim sweep options...]
#
# runs shard I of SHARDS into OUT_DIR/shard-I, I being the index the batch system sets
# (JOB_COMPLETION_INDEX on Kubernetes, AWS_BATCH_JOB_ARRAY_INDEX on AWS Batch), resuming what an
# earlier attempt left there: that takes an OUT_DIR that outlives an attempt (a volume on
# Kubernetes; on AWS Batch each attempt starts with an empty file system, and the shard over).
# With RESULTS_URL set (e.g. s3://bucket/sweeps/az-loss), the shard's directory is then copied to
# RESULTS_URL/shard-I/ with the AWS CLI (the Dockerfile's with-aws-cli image).
#
# SIGTERM (a job stopped) reaches the sweep, which keeps the runs it finished and stops.
set -eu

if [ "$#" -lt 3 ]; then
  echo "usage: $0 SWEEP_FILE SHARDS OUT_DIR [ecs-sim sweep options...]" >&2
  exit 2
fi
sweep_file=$1
shards=$2
out_root=$3
shift 3

index=${JOB_COMPLETION_INDEX:-${AWS_BATCH_JOB_ARRAY_INDEX:-}}
if [ -z "$index" ]; then
  echo "$0: neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set: run it as an indexed or array job" >&2
  exit 2
fi
results_url=${RESULTS_URL:-}
# Checked before the sweep: finding out after hours of runs would lose them.
if [ -n "$results_url" ] && ! command -v aws >/dev/null 2>&1; then
  echo "$0: RESULTS_URL is set but the AWS CLI (aws) is not installed in the image: build it with --target with-aws-cli" >&2
  exit 2
fi

out="$out_root/shard-$index"
set -- node "$(dirname "$0")/../bin/ecs-sim.js" sweep "$sweep_file" --shard "$index/$shards" --out "$out" --resume "$@"
if [ -z "$results_url" ]; then
  # Node in the shell's place, so it gets the container's signals: a shell as PID 1 ignores SIGTERM.
  exec "$@"
fi
# The copy comes after the sweep, so the shell stays: it passes SIGTERM and SIGINT on.
"$@" &
sweep=$!
trap 'kill -TERM "$sweep" 2>/dev/null || true' TERM INT
status=0
wait "$sweep" || status=$?
# A trapped signal ends `wait` early: wait for the sweep itself to stop.
while kill -0 "$sweep" 2>/dev/null; do
  status=0
  wait "$sweep" || status=$?
done
if [ "$status" -ne 0 ]; then exit "$status"; fi
aws s3 cp --recursive "$out" "$results_url/shard-$index/"
