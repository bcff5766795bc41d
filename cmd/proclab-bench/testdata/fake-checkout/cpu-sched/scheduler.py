# A stand-in for scheduler.py in proclab-bench's tests (run by sh).
echo "scheduler"
echo "args: $*"
