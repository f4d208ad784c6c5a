"""A page that counts its visits in Redis, which runs in a second container."""
import os

from flask import Flask
from redis import Redis

app = Flask(__name__)
# "redis" is the service name in compose.yaml; Compose's network resolves it to that container.
store = Redis(host=os.environ.get("REDIS_HOST", "localhost"), port=6379)


@app.get("/")
def index():
    visits = store.incr("visits")
    return f"Hello from Compose! This page has been seen {visits} time{'s' if visits != 1 else ''}.\n"


@app.get("/health")
def health():
    return "ok\n"
