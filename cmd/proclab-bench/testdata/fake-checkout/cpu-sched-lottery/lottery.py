# A stand-in for lottery.py in proclab-bench's tests (run by sh).
echo "lottery"
echo "args: $*"
