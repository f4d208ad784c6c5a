import platform
from pathlib import Path

built_on = Path("/opt/greeter/built-on.txt").read_text().strip()
print(f"Hello from a container! Python {platform.python_version()}, image built on {built_on}.")
