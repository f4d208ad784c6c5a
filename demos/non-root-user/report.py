# Writes a small report into /out, the folder the host mounts, named after the user that wrote it.
import os
import pathlib

uid = os.getuid()
target = pathlib.Path("/out") / f"report-{uid}.txt"
target.write_text("3 parts, 59 minutes\n")
print(f"{target} written as uid {uid}")
