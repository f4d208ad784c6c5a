"""Reads an API token from a mounted file instead of an environment variable."""
from pathlib import Path

token_file = Path("/run/secrets/api_token")
token = token_file.read_text().strip()
# Never print a secret, not even a part of it: say only that it arrived.
print(f"token loaded from {token_file}: {len(token)} characters")
