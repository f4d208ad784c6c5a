# A stand-in for a long-running service: it works until it is told to stop, then closes up cleanly.
import signal
import sys
import time


def stop(signum, frame):
    print("got SIGTERM: finishing the last prediction, bye", flush=True)
    sys.exit(0)


# Process 1 in a container gets no default signal handling from the kernel: without this handler
# SIGTERM would do nothing, and docker stop would wait for its timeout.
signal.signal(signal.SIGTERM, stop)
print("serving predictions", flush=True)
while True:
    time.sleep(1)
