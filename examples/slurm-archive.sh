#!/usr/bin/env bash
# Build an archive on a Slurm cluster: one array task per shard, no coordinator.
#
#   sbatch --array=0-15 examples/slurm-archive.sh /shared/archive /shared/books
#
# Every task runs the same command; `--shard slurm/16` takes the task's index from
# SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN, so --array=1-16 works too). Each edition
# lands in exactly one shard; a task that is requeued or run again skips the editions whose
# books are already up to date. The count after the slash must equal the array's size.
#SBATCH --job-name=paiban
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=paiban-%A_%a.log
set -euo pipefail
ARCHIVE=${1:?archive folder}
BOOKS=${2:?output folder}
SHARDS=${SHARDS:-16}
mkdir -p "$BOOKS/logs"
# One JSON line per edition and a summary on stdout: collected per task for the report.
paiban build "$ARCHIVE" -o "$BOOKS" \
  --shard "slurm/$SHARDS" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --log-format json > "$BOOKS/logs/shard-${SLURM_ARRAY_TASK_ID}.jsonl"
