"""Machining times in, a summary out: a small Flask app that needs NumPy."""
import numpy as np
from flask import Flask, request

app = Flask(__name__)


@app.get("/summary")
def summary():
    text = request.args.get("minutes", "")
    if not text:
        return {"error": "give the times, e.g. /summary?minutes=42,17,58"}, 400
    minutes = np.array(text.split(","), dtype=float)
    return {"parts": minutes.size, "mean": minutes.mean().round(1), "longest": minutes.max()}
