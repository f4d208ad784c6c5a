"""The machining-time model as an API that records every prediction in Postgres.

Configuration comes from the environment (DB_HOST, DB_NAME, DB_USER); the password comes from the
file named by DB_PASSWORD_FILE, a Compose secret, so it never appears in `docker inspect`.
"""
import os
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import joblib
import pandas as pd
import pg8000.native
from fastapi import FastAPI, Query

from train import FEATURES


class Material(str, Enum):
    aluminum = "aluminum"
    copper = "copper"
    steel = "steel"


class Process(str, Enum):
    drilling = "drilling"
    milling = "milling"
    turning = "turning"


@contextmanager
def database():
    connection = pg8000.native.Connection(
        host=os.environ["DB_HOST"],
        database=os.environ["DB_NAME"],
        user=os.environ["DB_USER"],
        password=Path(os.environ["DB_PASSWORD_FILE"]).read_text().strip(),
    )
    try:
        yield connection
    finally:
        connection.close()


app = FastAPI(title="Machining time model", description="Predicts machining time and keeps a record of every prediction.")
model = joblib.load("model.joblib")
with database() as db:
    db.run("""CREATE TABLE IF NOT EXISTS predictions (
        id serial PRIMARY KEY, created_at timestamptz DEFAULT now(),
        x_cm real, y_cm real, z_cm real, material text, complexity int, process text, time_min real)""")


@app.get("/predict")
def predict(
    x: float = Query(gt=0, description="length in cm"),
    y: float = Query(gt=0, description="width in cm"),
    z: float = Query(gt=0, description="height in cm"),
    material: Material = Query(),
    complexity: int = Query(ge=1, le=10),
    process: Process = Query(),
):
    row = pd.DataFrame([[x, y, z, material.value, complexity, process.value]], columns=FEATURES)
    minutes = round(float(model.predict(row)[0]), 1)
    with database() as db:
        db.run("INSERT INTO predictions (x_cm, y_cm, z_cm, material, complexity, process, time_min)"
               " VALUES (:x, :y, :z, :material, :complexity, :process, :minutes)",
               x=x, y=y, z=z, material=material.value, complexity=complexity, process=process.value,
               minutes=minutes)
    return {"time_min": minutes}


@app.get("/predictions")
def predictions():
    with database() as db:
        [[stored]] = db.run("SELECT count(*) FROM predictions")
    return {"stored": stored}


@app.get("/health")
def health():
    return {"status": "ok"}
