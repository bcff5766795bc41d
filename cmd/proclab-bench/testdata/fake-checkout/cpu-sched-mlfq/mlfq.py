# A stand-in for mlfq.py in proclab-bench's tests (run by sh): it fails.
echo "mlfq"
echo "mlfq.py: cannot run" >&2
exit 3
