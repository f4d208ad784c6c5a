"""The machining-time model behind an HTTP API: GET /predict?x=..&y=..&z=..&material=..&complexity=..&process=..

(The "region" comments mark the excerpt a slide shows.)
"""
from enum import Enum

import joblib
import pandas as pd
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


app = FastAPI(title="Machining time model", description="Predicts how long a metal part takes to machine.")
model = joblib.load("model.joblib")


# region predict
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
    return {"time_min": round(float(model.predict(row)[0]), 1)}
# endregion predict


@app.get("/health")
def health():
    return {"status": "ok"}
